"""The engine on the seed's situations: every finding the physician listed, at article, paragraph and item."""
from __future__ import annotations

import textwrap

import pytest

from kiyaku.analyzer.engine import find, find_in_text
from kiyaku.analyzer.structure import parse

pytestmark = pytest.mark.nlp

PORTAL = textwrap.dedent(
    """\
    行政手続ポータル利用規約

    第1条（目的）
    この規約は、当庁が運営する行政手続ポータル（以下「本システム」という。）の利用に関し必要な事項を定めるものとする。
    第2条（定義）
    この規約において「システム利用者」とは、本システムに利用者登録をした者をいう。
    第3条（情報の管理）
    システム利用者は、本システムの利用に伴って取得した世帯、所得、薬剤及び健診に関する情報を、自己の責任において管理するものとする。
    ２　当庁は、前項の情報の管理について、一切の責任を負わない。
    第4条（開示請求）
    システム利用者は、本システムを通じて、次に掲げる事項を行うことができる。
    一　地方公共団体情報システム機構に対し、住民票コードの開示請求をすること。
    二　開示先を内閣総理大臣として、前号の住民票コードの開示請求をすること。
    三　本システムの画面において、自己の登録内容を確認すること。
    四　社会保険診療報酬支払基金に対し、健康保険の被保険者番号の開示請求をすること。
    五　開示先を内閣総理大臣として、前号の被保険者番号の開示請求をすること。
    第5条（健康保険証利用登録）
    システム利用者は、健康保険証利用登録をするときは、社会保険診療報酬支払基金に対し、登録の有無及び登録情報の開示請求をするものとする。
    第6条（外部事業者への開示）
    当庁は、外部事業者の求めに応じ、当該外部事業者へシステム利用者の登録状況を開示することができる。
    第7条（個人情報の保護）
    当庁は、法令に基づく場合を除き、システム利用者の同意なく個人情報を第三者に提供しない。
    第8条（利用の制限）
    当庁は、本システムの保守を行うときは、あらかじめシステム利用者に通知した上で、本システムの運用を停止することができる。
    ２　当庁は、本システムへのアクセスが著しく集中した場合には、本システムの利用を制限することができるものとする。
    第9条（免責）
    当庁は、本システムを安定して運用するよう努めるものとする。
    ２　当庁は、本システムの利用及び利用できないことによりシステム利用者又は第三者が被った損害について、一切の責任を負わないものとする。
    ３　当庁は、通信回線の障害、マルウェアの感染等により生じた被害について、一切の責任を負わないものとする。
    第10条（規約の改正）
    この規約は、システム利用者が本システムを利用する場合に適用する。
    ２　当庁は、必要があると認めるときは、システム利用者に対し事前に通知を行うことなく、本利用規約の改正を行うことができる。
    ３　当庁は、改正を行ったときは本システム上に公表し、公表後にシステム利用者が本システムを利用したときは、改正後の利用規約に同意したものとみなす。
    第11条（登録の削除）
    システム利用者は、いつでも利用者登録を削除することができる。
    第12条（問い合わせ）
    本システムに関するお問い合わせは、当庁の窓口で受け付ける。
    """
)


@pytest.fixture(scope="module")
def portal(ginza, ruleset):
    document = parse(PORTAL)
    return document, find(document, ruleset)


def places(findings, category):
    return {(f.article, f.paragraph, f.item) for f in findings if f.category == category}


def get(findings, category, article, paragraph=1, item=None):
    for f in findings:
        if (f.category, f.article, f.paragraph, f.item) == (category, article, paragraph, item):
            return f
    raise AssertionError(f"no {category} finding at {article} {paragraph} {item}: {[(f.category, f.place().label()) for f in findings]}")


def test_every_point_of_the_physician_is_found(portal):
    document, findings = portal
    assert {("第3条", 1, None), ("第3条", 2, None), ("第9条", 2, None), ("第9条", 3, None)} <= places(findings, "liability_waiver")
    assert {("第4条", 1, 1), ("第4条", 1, 2), ("第4条", 1, 4), ("第4条", 1, 5), ("第5条", 1, None),
            ("第6条", 1, None)} <= places(findings, "disclosure")
    assert ("第8条", 2, None) in places(findings, "usage_limit")
    assert {("第10条", 2, None), ("第10条", 3, None)} <= places(findings, "unilateral_amendment")
    missing = [f for f in findings if f.category == "missing_provision"]
    assert "missing.data-after-withdrawal" in {f.rule for f in missing}
    assert all(f.article is None and (f.start, f.end, f.text) == (0, 0, "") for f in missing)


def test_traps_are_not_flagged(portal):
    _, findings = portal
    disclosure = places(findings, "disclosure")
    assert ("第4条", 1, 3) not in disclosure  # the user sees their own data
    assert ("第7条", 1, None) not in disclosure  # a promise not to provide
    assert ("第11条", 1, None) not in places(findings, "usage_limit")  # the user deletes at will
    assert ("第9条", 1, None) not in places(findings, "liability_waiver")
    assert ("第10条", 1, None) not in places(findings, "unilateral_amendment")
    assert "missing.contact-point" not in {f.rule for f in findings}


def test_recipients_and_data(portal):
    _, findings = portal
    first = get(findings, "disclosure", "第4条", 1, 1)
    assert first.recipients == ["地方公共団体情報システム機構"] and first.data == ["住民票コード"]
    assert get(findings, "disclosure", "第4条", 1, 2).recipients == ["内閣総理大臣"]
    fifth = get(findings, "disclosure", "第4条", 1, 5)
    assert fifth.recipients == ["内閣総理大臣"] and fifth.data == ["被保険者番号"]
    sixth = get(findings, "disclosure", "第6条")
    assert sixth.recipients == ["外部事業者"] and "登録状況" in sixth.data
    assert "社会保険診療報酬支払基金" in get(findings, "disclosure", "第5条").recipients


def test_severities(portal):
    _, findings = portal
    assert get(findings, "liability_waiver", "第9条", 2).severity == "high"
    assert get(findings, "unilateral_amendment", "第10条", 2).severity == "high"
    assert get(findings, "usage_limit", "第8条", 1).severity == "low"  # maintenance with advance notice


def test_offsets_quote_the_clause_and_the_words(portal):
    document, findings = portal
    for f in findings:
        assert f.text == document.text[f.start:f.end]
        for s, e in f.words:
            assert f.start <= s < e <= f.end
    waiver = get(findings, "liability_waiver", "第9条", 3)
    assert waiver.text.startswith("３　当庁は、通信回線の障害") or waiver.text.startswith("当庁は、通信回線の障害")
    assert any("責任を負わない" in document.text[s:e] for s, e in waiver.words)


def test_thorough_mode_gives_identical_findings(portal, ruleset):
    document, findings = portal
    assert [f.to_dict() for f in find(document, ruleset, thorough=True)] == [f.to_dict() for f in findings]


def test_output_is_deterministic(portal, ruleset):
    document, findings = portal
    assert [f.to_dict() for f in find(parse(PORTAL), ruleset)] == [f.to_dict() for f in findings]


def hits(text, ruleset):
    return find_in_text(text, ruleset).hits


def test_carve_out_lowers_and_salvage_clause_raises(ruleset, ginza):
    plain = "当社は、本サービスの利用により生じた損害について、一切の責任を負いません。"
    carve = plain + "ただし、当社の故意又は重大な過失による場合は、この限りではありません。"
    salvage = "当社は、法令上許される限り、本サービスの利用により生じた損害について一切の責任を負いません。"
    assert {h.severity for h in hits(plain, ruleset)} == {"high"}
    carved = [h for h in hits(carve, ruleset) if h.rule == "liability.total-exemption"]
    assert carved and carved[0].severity == "medium" and carved[0].reasons
    raised = [h for h in hits(salvage, ruleset) if h.rule == "liability.total-exemption"]
    assert raised[0].severity == "high" and any("第8条第3項" in r for r in raised[0].reasons)


def test_promises_not_to_disclose_are_not_risks(ruleset, ginza):
    for text in ("当社は、お客様の個人情報を第三者に提供しません。",
                 "当社は、利用者の診療情報を外部の事業者に開示することはありません。",
                 "当社は、法令に基づく場合を除き、本人の同意なく個人データを第三者に提供いたしません。"):
        assert not [h for h in hits(text, ruleset) if h.rule.startswith("disclosure.")], text


def test_change_following_civil_code_548_4_is_low(ruleset, ginza):
    text = ("当社は、民法第548条の4の規定により、本規約を変更することができます。"
            "変更するときは、その内容及び効力発生日を、効力発生日の1か月前までに本サイトに掲示して周知します。")
    found = [h for h in hits(text, ruleset) if h.rule == "amendment.change-terms"]
    assert [h.severity for h in found] == ["low"]


def test_a_list_of_recipients_in_items(ruleset, ginza):
    document = parse(textwrap.dedent("""\
        第1条（目的）
        本規約は、本アプリの利用条件を定めます。
        第2条（情報の提供）
        当社は、利用者の健康情報を、次に掲げる者に提供することがあります。
        一　提携する医療機関
        二　業務委託先
        第3条（変更）
        当社は、本規約を変更することがあります。
        第4条（窓口）
        お問い合わせは当社窓口までお願いします。
        """))
    found = [f for f in find(document, ruleset) if f.category == "disclosure"]
    assert len(found) == 1
    assert found[0].recipients == ["医療機関", "業務委託先"]
    assert found[0].data == ["健康情報"]


def test_long_lines_do_not_break_the_tokenizer(ruleset, ginza):
    text = ("当社は、" + "本サービスの利用に関して、" * 3000 + "一切の責任を負いません。")
    assert len(text.encode("utf-8")) > 49_000
    assert hits(text, ruleset)
