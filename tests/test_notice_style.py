"""The notice in the seed's style on documents of every shape: its title, its actor, its places, its groups."""

from __future__ import annotations

import pytest

from render_support import hand_analysis
from kiyaku.reports.render.notice import render_notice


def bullets(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("○")]


def test_title_from_front_matter_never_the_rule_line_or_the_path():
    text = (
        '---\nlayout: post\ntitle: "さくらポイント会員規約"\ndate: "2020-01-01"\n---\n\n'
        "第1条（免責）\n当社は、本サービスに関して一切の責任を負いません。\n"
    )
    a = hand_analysis(
        text,
        [("当社は、本サービスに関して一切の責任を負いません。", "liability_waiver", "high", [])],
        path="/home/someone/downloads/sakura-terms.md",
    )
    md = render_notice(a)
    assert md.startswith("# さくらポイント会員規約の留意点（会員向けお知らせ案）\n")
    assert "---の" not in md and "sakura-terms" not in md and "/home/" not in md


def test_a_document_without_a_title_is_this_document_not_its_file_name():
    text = "第1条（免責）\n当社は、本サービスに関して一切の責任を負いません。\n"
    a = hand_analysis(
        text,
        [("当社は、本サービスに関して一切の責任を負いません。", "liability_waiver", "high", [])],
        path="kiyaku_terms_v3.txt",
    )
    md = render_notice(a)
    assert "kiyaku_terms_v3" not in md and md.startswith("# この利用規約の留意点")


def test_the_operator_is_named_where_the_terms_say_tousha():
    text = (
        "みどり薬局アプリ利用規約\n\n第1条（目的）\n本規約は、株式会社みどり薬局（以下「当社」といいます。）が提供するアプリの利用条件を定めます。\n\n"
        "第2条（停止）\n当社は、当社の判断により、事前の通知なく本サービスを停止することができます。\n"
    )
    a = hand_analysis(
        text,
        [("当社は、当社の判断により、事前の通知なく本サービスを停止することができます。", "usage_limit", "medium", [])],
    )
    assert bullets(render_notice(a)) == [
        "○株式会社みどり薬局は、同社の判断により、事前の通知なく本サービスを停止することができます。（第2条）"
    ]


def test_items_under_one_lead_are_one_bullet_with_kanji_places():
    text = (
        "規約\n\n第5条（停止）\n当社は、会員が次の各号のいずれかに該当する場合、利用を停止できる。\n"
        "一　料金を支払わない場合\n二　他人になりすました場合\n三　その他当社が不適当と認めた場合\n"
    )
    a = hand_analysis(
        text,
        [
            ("料金を支払わない場合", "usage_limit", "medium", []),
            ("他人になりすました場合", "usage_limit", "medium", []),
            ("その他当社が不適当と認めた場合", "usage_limit", "medium", []),
        ],
    )
    assert bullets(render_notice(a)) == [
        "○当社は、会員が次の各号のいずれかに該当する場合、利用を停止できる：料金を支払わない場合、"
        "他人になりすました場合、その他当社が不適当と認めた場合。（第5条一、二、三）"
    ]


def test_places_read_well_for_numbered_and_titled_sections():
    text = (
        "サービス規約\n\n1. 総則\n本規約はサービスの利用条件を定めます。\n\n2. 免責\n当社は、本サービスに関して一切の責任を負いません。\n"
        "当社は、データの消失について責任を負いません。\n\n3. 変更\n当社は、本規約を変更できます。\n"
    )
    a = hand_analysis(
        text,
        [
            ("当社は、データの消失について責任を負いません。", "liability_waiver", "high", []),
            ("当社は、本規約を変更できます。", "unilateral_amendment", "medium", []),
        ],
    )
    refs = [b[b.rindex("（") + 1 : -1] for b in bullets(render_notice(a))]
    assert refs == ["2 第2項", "3"]


def test_docx_is_a4_japanese_with_east_asian_fonts_title_and_creation_time():
    import io
    import re
    import zipfile
    from datetime import datetime, timedelta

    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    text = "さくら会員規約\n\n第1条（免責）\n当社は、本サービスに関して一切の責任を負いません。\n"
    a = hand_analysis(text, [("当社は、本サービスに関して一切の責任を負いません。", "liability_waiver", "high", [])],
                      path="/srv/uploads/sakura_v3.txt")
    before = datetime.utcnow().replace(microsecond=0) - timedelta(seconds=1)
    data = render_notice(a, fmt="docx")
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (abs(section.page_width - Mm(210)) < Mm(1), abs(section.page_height - Mm(297)) < Mm(1)) == (True, True)
    assert abs(section.top_margin - Mm(35)) < Mm(0.1) and abs(section.left_margin - Mm(30)) < Mm(0.1)
    props = doc.core_properties
    assert props.title == "さくら会員規約の留意点（会員向けお知らせ案）" and props.language == "ja-JP"
    assert before <= props.created.replace(tzinfo=None) <= datetime.utcnow() + timedelta(seconds=1)
    normal = doc.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "游明朝"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "游ゴシック"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8") + z.read("docProps/core.xml").decode("utf-8")
    assert re.search(r'<a:minorFont>.*?<a:ea typeface="游明朝"', theme, re.S)
    assert re.search(r'<a:majorFont>.*?<a:ea typeface="游ゴシック"', theme, re.S)
    assert "sakura_v3" not in body and "/srv/" not in body  # no file names


def test_a_finding_inside_a_hard_wrapped_sentence_is_quoted_whole():
    text = ("規約\n\n第1条（停止）\n当社は、利用者が料金を支払わない場合、\n事前の通知なく本サービスを停止できます。\n\n"
            "第2条（目的）\n本規約は目的を定めます。\n")
    a = hand_analysis(text, [("事前の通知なく本サービスを停止できます。", "usage_limit", "medium", [])])
    assert bullets(render_notice(a)) == [
        "○当社は、利用者が料金を支払わない場合、事前の通知なく本サービスを停止できます。（第1条）"]


@pytest.mark.nlp
def test_since_never_announces_a_moved_clause_as_removed(ginza):
    from kiyaku.analyzer.pipeline import analyze_source
    from render_support import make_source

    waiver = "当社は、本サービスの利用により利用者に生じた損害について、一切の責任を負いません。"
    old = f"規約\n\n第1条（目的）\n本規約は利用条件を定めます。\n\n第2条（免責）\n{waiver}\n\n第3条（連絡）\n連絡は電子メールで行います。\n"
    new = (f"規約\n\n第1条（目的）\n本規約は利用条件を定めます。\n\n第2条（連絡）\n連絡は電子メールで行います。\n\n"
           f"第3条（免責）\n{waiver}\n")
    before = analyze_source(make_source(old, "v1.txt"), cache=False)
    after = analyze_source(make_source(new, "v2.txt"), cache=False)
    assert any(f.article == "第3条" for f in after.findings)
    md = render_notice(after, since=before)
    changes = md[md.index("## 前回の版からの変更"):md.index("（抜粋要約）")]
    assert "【削除】" not in changes and "【新たな定め】" not in changes
    assert "リスクに関わる定めの変更はありません。" in changes
