"""The member notice: seed-style article references, bullets from the findings, changes first, md/html/docx."""
from __future__ import annotations

import io
import re

import pytest

from render_support import gold_analysis, hand_analysis
from kiyaku.reports.render.notice import article_refs, kanji_number, render_notice


@pytest.fixture(scope="module")
def portal():
    return gold_analysis()


@pytest.fixture(scope="module")
def versions():
    return (gold_analysis("medical-app", "v2023.txt", "gold-v2023.yaml"),
            gold_analysis("medical-app", "v2024.txt", "gold-v2024.yaml"))


def named_articles(text: str) -> set[int]:
    """Article numbers a reader finds in the notice: 第3条, 第6、7条, 第6〜10条."""
    out: set[int] = set()
    for m in re.finditer(r"第(\d+)〜(\d+)条", text):
        out.update(range(int(m.group(1)), int(m.group(2)) + 1))
    for m in re.finditer(r"第([\d、]+)条", text):
        out.update(int(n) for n in m.group(1).split("、"))
    return out


def refs(analysis, **where) -> str:
    order = {a.label: i for i, a in enumerate(analysis.document.articles())}
    chosen = [f for f in analysis.findings if all(getattr(f, k) in v for k, v in where.items())]
    return article_refs(chosen, order)


def test_kanji_numbers():
    assert [kanji_number(n) for n in (1, 5, 10, 12, 20, 37)] == ["一", "五", "十", "十二", "二十", "三十七"]


def test_references_in_the_seed_style(portal):
    assert refs(portal, article=["第23条"], paragraph=[2, 3]) == "第23条 2、3"
    assert refs(portal, article=["第19条"], paragraph=[4]) == "第19条4"
    assert refs(portal, article=["第4条"], item=[1, 2]) == "第4条一、二"
    assert refs(portal, article=["第4条"], item=[5, 6, 7]) == "第4条五、六、七"
    assert refs(portal, article=["第14条"]) == "第14条"
    # the same kind over five consecutive articles reads as a range
    assert refs(portal, article=["第6条", "第7条", "第8条", "第9条", "第10条"]) == "第6〜10条"
    assert refs(portal, article=["第7条", "第8条"]) == "第7、8条"
    assert refs(portal, article=["第14条", "第18条"]) == "第14、18条"
    assert refs(portal, article=["第4条", "第23条"], item=[1, 2, None], paragraph=[1, 2]) == "第4条一、二及び第23条2"


def test_notice_names_every_flagged_article_and_the_missing_provision(portal):
    md = render_notice(portal)
    assert md.startswith("# くらしの窓口ポータル利用規約の留意点（会員向けお知らせ案）\n")
    bullets = [line for line in md.splitlines() if line.startswith("○")]
    assert bullets and all(b.endswith("）") or b.endswith("。") for b in bullets)
    flagged = {int(f.article[1:-1]) for f in portal.findings if f.article}
    assert flagged <= named_articles(md)
    assert "についての規定はありません。" in md
    assert md.index("（抜粋要約）") < md.index("規定されていない事項")
    # the operator named where the terms say 当庁; the clause's own words; items grouped under their lead
    assert "○行政デジタル推進庁は、本システムへのアクセスが著しく集中した場合" in md
    assert "当庁" not in md.split("（抜粋要約）")[1]
    assert "（提供先：内閣総理大臣／情報：住民票コード、" in md
    assert "（第4条一、二、五、六、七）" in md
    # neighbouring paragraphs of one kind are one bullet, the actor named once
    assert re.search(r"○行政デジタル推進庁は、[^○]+。また、[^○]+（第24条 2、3）", md)
    # no file name or path anywhere
    assert "corpora" not in md and "terms.txt" not in md


def test_notice_bullet_wording_comes_from_the_findings():
    text = "ポイント規約\n\n第1条（免責）\n当社は、本サービスに関して一切の責任を負いません。\n\n第2条（提供）\n当社は、会員の購買履歴を提携先に提供します。\n"
    a = hand_analysis(text, [("当社は、本サービスに関して一切の責任を負いません。", "liability_waiver", "high", ["一切の責任を負いません"]),
                             ("当社は、会員の購買履歴を提携先に提供します。", "disclosure", "high", ["提供します"])])
    a.findings[1].recipients, a.findings[1].data = ["提携先"], ["購買履歴"]
    a.findings[0].explanation = "事業者が損害について一切責任を負わないとする条項です。詳しくは…"
    md = render_notice(a)
    assert "○当社は、本サービスに関して一切の責任を負いません。（第1条）" in md
    assert "○当社は、会員の購買履歴を提携先に提供します。（提供先：提携先／情報：購買履歴）（第2条）" in md
    assert "規定はありません" not in md  # nothing is missing in this document


def test_changes_since_the_previous_version_come_first(versions):
    old, new = versions
    md = render_notice(new, since=old)
    assert md.index("## 前回の版からの変更") < md.index("（抜粋要約）")
    changes = md[md.index("## 前回の版からの変更"):md.index("（抜粋要約）")]
    assert "生命保険会社" in changes  # the recipient v2024 adds in 第8条第2項
    assert re.search(r"【(新たな定め|変更|削除)】", changes)
    assert old.source.path not in md and new.source.path not in md


def test_html_notice_is_escaped_and_self_contained():
    text = "規約\n\n第1条（免責）\n当社は<script>alert(1)</script>一切の責任を負いません。\n"
    a = hand_analysis(text, [("当社は<script>alert(1)</script>一切の責任を負いません。", "liability_waiver", "high",
                              ["<script>alert(1)</script>"])])
    out = render_notice(a, fmt="html")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert not re.search(r"https?://|<link|src=", out)
    assert "（第1条）" in out


def test_docx_notice_opens_in_word(portal):
    import docx

    data = render_notice(portal, fmt="docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    doc = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "くらしの窓口ポータル利用規約の留意点（会員向けお知らせ案）"
    assert doc.paragraphs[0].style.name.startswith("Heading")
    assert any(p.startswith("○") and p.endswith("（第24条 2、3）") for p in paragraphs)
    assert doc.core_properties.title == paragraphs[0]


def test_unknown_format_is_a_usage_error(portal):
    from kiyaku.analyzer.errors import UsageError

    with pytest.raises(UsageError):
        render_notice(portal, fmt="pdf")


def test_document_without_findings_gets_a_short_notice():
    a = hand_analysis("規約\n\n第1条（目的）\n本規約は目的を定める。\n", [])
    md = render_notice(a)
    assert "特に不利になりうる定めは見当たりませんでした" in md
    assert "○" not in md
