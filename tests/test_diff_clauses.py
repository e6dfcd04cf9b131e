"""Clause-by-clause risk delta: each defect the real histories showed, on documents written for the test.

Findings are placed by hand on the line that holds a phrase (``diff_support.clause``), except for the
absences, which use the bundled rule packs (the tokenizer only, no GiNZA).
"""
from __future__ import annotations

import hashlib

from kiyaku.analyzer.engine import absence_finding
from kiyaku.analyzer.load import load_bytes
from kiyaku.analyzer.model import Analysis
from kiyaku.analyzer.engine.rulepack import load_ruleset
from kiyaku.analyzer.structure import parse
from kiyaku.reports.compare.diff import diff
from kiyaku.reports.render.diff import render_diff
from diff_support import analysis, clause

HEAD = "さくら市民ポータル 利用規約\n\n"


def terms(*articles: str) -> str:
    return HEAD + "".join(f"{a}\n\n" for a in articles)


def places(findings) -> list[tuple]:
    return [(f.article, f.paragraph, f.item, f.category) for f in findings]


# -- 1. a paragraph inserted next to a same-category risk ---------------------------------------------

LIMIT_BUSY = "市は、本システムへのアクセスが著しく集中した場合には、本システムの利用を制限することができるものとする。"
LIMIT_ANY = "市は、システム利用者に事前に通知することなく、市の判断により、いつでも本システムの利用を停止することができるものとする。"
ART19 = ("第19条（利用の制限）\n市は、本システムの保守のため、本システムの運用を一時停止することがある。\n"
         "２　前項の停止は、本ポータル上で事前に告知する。\n"
         "３　市は、停止による損害について、市に故意又は重大な過失がある場合を除き、責任を負わない。\n"
         f"４　{LIMIT_BUSY}")
ART20 = "第20条（準拠法）\n本規約は、日本法に準拠する。"


def test_a_paragraph_inserted_after_an_unchanged_same_category_risk_is_added_not_an_escalation():
    # Shaped like the seed's portal terms: 第19条第4項 limits use under load (medium); a new 第19条第5項
    # lets the city stop anyone's use at will (high). The old 4項 is untouched.
    old = analysis(terms(ART19, ART20), findings=[clause(LIMIT_BUSY, "usage_limit", "medium")])
    new = analysis(terms(f"{ART19}\n５　{LIMIT_ANY}", ART20), findings=[
        clause(LIMIT_BUSY, "usage_limit", "medium"), clause(LIMIT_ANY, "usage_limit", "high")])
    result = diff(old, new)
    assert places(a.finding for a in result.added) == [("第19条", 5, None, "usage_limit")]
    assert result.changed == [] and result.removed == [] and result.moved == []
    assert [(o.paragraph, n.paragraph) for o, n in result.kept] == [(4, 4)]
    assert result.fails("high")
    assert result.to_dict()["summary"]["max_new_severity"] == "high"


def test_a_paragraph_of_the_same_severity_is_not_absorbed_by_its_neighbour():
    # The old matcher joined a new finding to its article's risk of the same category and dropped it
    # when it was not more severe. A new clause is a new risk, whatever else the article holds.
    old = analysis(terms(ART19, ART20), findings=[clause(LIMIT_BUSY, "usage_limit", "medium")])
    extra = "市は、通信回線の障害が生じた場合には、本システムの利用を制限することができるものとする。"
    new = analysis(terms(f"{ART19}\n５　{extra}", ART20), findings=[
        clause(LIMIT_BUSY, "usage_limit", "medium"), clause(extra, "usage_limit", "medium")])
    result = diff(old, new)
    assert places(a.finding for a in result.added) == [("第19条", 5, None, "usage_limit")]
    assert result.fails("medium") and not result.fails("high")


def test_a_paragraph_inserted_before_a_risk_renumbers_it_without_changing_it():
    # The new 第19条第2項 pushes the old 2–4項 down: the old 4項 risk is the same clause, now 5項.
    inserted = ART19.replace("２　前項の停止は", "２　市は、停止の予定をあらかじめ周知する。\n３　前項の停止は").replace(
        "３　市は、停止", "４　市は、停止").replace(f"４　{LIMIT_BUSY}", f"５　{LIMIT_BUSY}")
    old = analysis(terms(ART19, ART20), findings=[clause(LIMIT_BUSY, "usage_limit", "medium")])
    new = analysis(terms(inserted, ART20), findings=[clause(LIMIT_BUSY, "usage_limit", "medium")])
    result = diff(old, new)
    assert result.added == [] and result.changed == []
    assert [(o.paragraph, n.paragraph) for o, n in result.moved] == [(4, 5)]


# -- 2. an item added to a list of exemptions ----------------------------------------------------------

EXEMPTIONS = [
    "天災地変その他の不可抗力により生じた損害",
    "利用者の端末の設定の誤りにより生じた損害",
    "第三者による不正アクセスにより生じた損害（市に故意又は重大な過失がある場合を除く。）",
]
NEW_EXEMPTION = "本システムの停止、中断又は変更により生じた一切の損害"
MARKS = "一二三四五"


def exemption_article(items: list[str]) -> str:
    lines = "\n".join(f"{MARKS[k]}　{text}" for k, text in enumerate(items))
    return f"第23条（免責）\n市は、次の各号に掲げる損害について、責任を負わない。\n{lines}"


def test_an_item_added_to_a_list_of_exemptions_is_added_and_fails_the_gate():
    old = analysis(terms(ART19, exemption_article(EXEMPTIONS)),
                   findings=[clause(e, "liability_waiver", "medium") for e in EXEMPTIONS])
    new = analysis(terms(ART19, exemption_article(EXEMPTIONS + [NEW_EXEMPTION])),
                   findings=[clause(e, "liability_waiver", "medium") for e in EXEMPTIONS]
                   + [clause(NEW_EXEMPTION, "liability_waiver", "high")])
    result = diff(old, new)
    assert places(a.finding for a in result.added) == [("第23条", 1, 4, "liability_waiver")]
    assert result.changed == [] and result.removed == []
    assert len(result.kept) == 3
    assert result.fails("high")
    summary = result.to_dict()["summary"]
    assert (summary["added"], summary["max_added_severity"]) == (1, "high")


def test_an_item_inserted_in_the_middle_of_the_list_renumbers_the_rest_as_moved():
    items = EXEMPTIONS[:1] + [NEW_EXEMPTION] + EXEMPTIONS[1:]
    old = analysis(terms(exemption_article(EXEMPTIONS)), findings=[clause(e, "liability_waiver", "medium") for e in EXEMPTIONS])
    new = analysis(terms(exemption_article(items)), findings=[clause(e, "liability_waiver", "medium") for e in items])
    result = diff(old, new)
    assert places(a.finding for a in result.added) == [("第23条", 1, 2, "liability_waiver")]
    assert sorted((o.item, n.item) for o, n in result.moved) == [(2, 3), (3, 4)]


# -- 3. clauses moved between articles -----------------------------------------------------------------

SHARE = "市は、利用者の氏名及び住所を、委託先の事業者に提供することがある。"
DELETE = "市は、利用者が長期間ログインしない場合には、事前に通知することなく利用者の登録を抹消することができる。"


def test_clauses_moved_into_a_list_in_another_article_are_moved_not_removed_and_added():
    old = analysis(terms(
        "第8条（個人情報）\n市は、個人情報を適切に管理する。\n２　" + SHARE,
        "第12条（登録の抹消）\n利用者は、いつでも登録を抹消できる。\n２　" + DELETE,
        "第15条（その他）\n市は、次の各号に定めることができる。\n一　本規約に定めのない事項の細目",
    ), findings=[clause(SHARE, "disclosure", "medium", recipients=["委託先"], data=["氏名", "住所"]),
                 clause(DELETE, "usage_limit", "medium")])
    new = analysis(terms(
        "第8条（個人情報）\n市は、個人情報を適切に管理する。",
        "第12条（登録の抹消）\n利用者は、いつでも登録を抹消できる。",
        f"第15条（その他）\n市は、次の各号に定めることができる。\n一　本規約に定めのない事項の細目\n二　{SHARE}\n三　{DELETE}",
    ), findings=[clause(SHARE, "disclosure", "medium", recipients=["委託先"], data=["氏名", "住所"]),
                 clause(DELETE, "usage_limit", "medium")])
    result = diff(old, new)
    assert result.added == [] and result.removed == [] and result.changed == []
    assert sorted(((o.article, o.paragraph), (n.article, n.item)) for o, n in result.moved) == [
        (("第12条", 2), ("第15条", 3)), (("第8条", 2), ("第15条", 2))]
    assert not result.fails("low")
    # The member notice does not announce the moved clauses as deleted (it did, as good news).
    from kiyaku.reports.render.notice import render_notice

    notice = render_notice(new, since=old, fmt="md")
    assert "【削除】" not in notice and "リスクに関わる定めの変更はありません。" in notice


# -- 4. the same text in three markups -------------------------------------------------------------------

WAIVER = "当社は、本サービスの利用により生じた損害について、一切の責任を負いません。"
SUSPEND = "当社は、利用者が本規約に違反した場合、事前の通知なく利用を停止できます。"
CHANGE = "当社は、本規約を随時変更できるものとし、変更後の規約は掲示した時点で効力を生じます。"
BODIES = [("目的", "本規約は、本サービスの利用条件を定めます。"), ("利用停止", SUSPEND), ("免責", WAIVER), ("規約の変更", CHANGE)]


def plain() -> bytes:
    return ("ことば図書館 利用規約\n\n" + "".join(
        f"第{k}条（{title}）\n{body}\n\n" for k, (title, body) in enumerate(BODIES, 1))).encode("utf-8")


def markdown() -> bytes:
    front = '---\nlayout: post\ntitle: "ことば図書館 利用規約"\ndate: "2024-04-01"\n---\n\n'
    return (front + "# ことば図書館 利用規約\n\n" + "".join(
        f"## 第{k}条（{title}）\n\n{body}\n\n" for k, (title, body) in enumerate(BODIES, 1))).encode("utf-8")


def html() -> bytes:
    parts = "".join(f"<h2>第{k}条（{title}）</h2>\n<p>{body}</p>\n" for k, (title, body) in enumerate(BODIES, 1))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>規約</title></head><body>"
            f"<h1>ことば図書館 利用規約</h1>\n{parts}</body></html>").encode("utf-8")


def loaded(data: bytes, name: str, findings) -> Analysis:
    source = load_bytes(data, name)
    result = Analysis(source=source, document=parse(source.text, headings=source.headings), rules_version="test-rules@1")
    result.findings = [f(result) for f in findings]
    return result


def test_the_same_text_in_three_markups_gives_no_risk_delta():
    findings = [clause(SUSPEND, "usage_limit", "medium"), clause(WAIVER, "liability_waiver", "high"),
                clause(CHANGE, "unilateral_amendment", "high")]
    versions = [loaded(plain(), "terms.txt", findings), loaded(markdown(), "terms.md", findings),
                loaded(html(), "terms.html", findings)]
    for old in versions:
        for new in versions:
            result = diff(old, new)
            assert (result.added, result.removed, result.changed) == ([], [], []), (old.source.path, new.source.path)
            assert not result.fails("low")


def test_a_markup_change_that_loses_a_finding_does_not_report_it_as_new_or_removed():
    # The analysis of the HTML version flags one more clause than the text version (another parse, the
    # same words): the terms did not change, so neither direction is a new or removed risk.
    old = loaded(plain(), "terms.txt", [clause(WAIVER, "liability_waiver", "high")])
    new = loaded(html(), "terms.html", [clause(WAIVER, "liability_waiver", "high"), clause(SUSPEND, "usage_limit", "medium")])
    forward, backward = diff(old, new), diff(new, old)
    assert (forward.added, forward.removed, backward.added, backward.removed) == ([], [], [], [])
    assert [f.category for f in forward.unflagged_new] == ["usage_limit"]


# -- 5. an absence that must not flip --------------------------------------------------------------------

CONTACT = "本規約に関するお問い合わせは、市民課の窓口までご連絡ください。"


def real_rules_analysis(text: str, findings, ruleset) -> Analysis:
    source_bytes = text.encode("utf-8")
    source = load_bytes(source_bytes, "terms.txt")
    assert source.sha256 == hashlib.sha256(source_bytes).hexdigest()
    result = Analysis(source=source, document=parse(source.text), rules_version=ruleset.version)
    result.findings = list(findings)
    return result


ARTICLES = [ART19, exemption_article(EXEMPTIONS), ART20]


def test_an_absence_whose_passage_survives_outside_the_articles_is_not_new():
    ruleset = load_ruleset([])
    missing = absence_finding(ruleset.by_id("missing.contact-point"))
    # The contact point moved from an article into a closing note after the last article.
    old = real_rules_analysis(terms(*ARTICLES[:2], "第21条（問い合わせ）\n" + CONTACT, ARTICLES[2]), [], ruleset)
    new = real_rules_analysis(terms(*ARTICLES) + "以上\n\n" + CONTACT + "\n", [missing], ruleset)
    result = diff(old, new)
    assert result.added == [] and not result.fails("low")
    assert [f.rule for f in result.unflagged_new] == ["missing.contact-point"]


def test_an_absence_is_new_when_its_passage_is_gone_and_the_report_shows_that_passage():
    ruleset = load_ruleset([])
    missing = absence_finding(ruleset.by_id("missing.contact-point"))
    old = real_rules_analysis(terms(*ARTICLES[:2], "第21条（問い合わせ）\n" + CONTACT, ARTICLES[2]), [], ruleset)
    new = real_rules_analysis(terms(*ARTICLES), [missing], ruleset)
    result = diff(old, new)
    [added] = result.added
    assert added.finding.rule == "missing.contact-point"
    assert added.satisfied_by["article"] == "第21条" and "お問い合わせ" in added.satisfied_by["text"]
    assert result.fails("low") and not result.fails("medium")
    assert "第21条" in render_diff(result, "text") and "お問い合わせ" in render_diff(result, "text")


def test_an_absence_after_an_unrelated_edit_does_not_flip():
    # The old analysis found no passage either (another reading of the same terms): no change.
    ruleset = load_ruleset([])
    missing = absence_finding(ruleset.by_id("missing.contact-point"))
    old = real_rules_analysis(terms(*ARTICLES), [], ruleset)
    new = real_rules_analysis(terms(*ARTICLES).replace("日本法", "日本国の法令"), [missing], ruleset)
    assert diff(old, new).added == [] and diff(new, old).removed == []


def test_a_case_added_to_a_list_whose_lead_carries_the_risk_is_added_at_the_new_item():
    # 「次の各号のいずれかに該当した場合、資格を失う」: the lead carries the risk, the items are its cases.
    lead = "利用者が次の各号のいずれかに該当した場合、市は事前に通知することなく利用者の資格を取り消すことができる。"
    cases = ["本規約に違反した場合", "登録事項に虚偽があった場合"]
    added_case = "一年以上本システムを利用しなかった場合"

    def article(items):
        return f"第16条（資格の取消し）\n{lead}\n" + "\n".join(f"（{k}）{t}" for k, t in enumerate(items, 1))

    old = analysis(terms(ART19, article(cases)), findings=[clause(lead, "usage_limit", "medium")])
    new = analysis(terms(ART19, article(cases + [added_case])), findings=[clause(lead, "usage_limit", "medium")])
    result = diff(old, new)
    [added] = result.added
    assert (added.finding.article, added.finding.paragraph, added.finding.item) == ("第16条", 1, 3)
    assert added.finding.severity == "medium" and added_case in added.finding.text
    assert result.fails("medium")
    # The same list with one case reworded in place widens nothing.
    reworded = analysis(terms(ART19, article([cases[0], "登録事項に虚偽の記載があった場合"])),
                        findings=[clause(lead, "usage_limit", "medium")])
    assert diff(old, reworded).added == []
