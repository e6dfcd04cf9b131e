"""Risk delta between two analysed versions, matched through the article alignment (no GiNZA)."""
from __future__ import annotations

import json

import pytest

from kiyaku.analyzer.errors import UsageError
from kiyaku.reports.compare.diff import diff
from kiyaku.reports.render.diff import render_diff
from kiyaku.reports.compare.worddiff import changed_words, word_diff, words
from diff_support import (
    AMEND_SOFT,
    DISCLOSE_WIDER,
    SEND_CLAUSE,
    SUSPEND_CLAUSE,
    V1,
    V1_FINDINGS,
    V2_INSERTED,
    V4_MOVED,
    V5_REVISED,
    WAIVER_CLAUSE,
    WAIVER_REWORDED,
    analysis,
    clause,
    missing,
    rows,
)


def v1(**kw):
    return analysis(V1, path="v1.txt", findings=V1_FINDINGS, **kw)


def test_identical_versions_report_nothing():
    result = diff(v1(), analysis(V1, path="copy.txt", findings=V1_FINDINGS))
    assert (result.added, result.removed, result.changed) == ([], [], [])
    assert result.worst_new_severity() is None
    assert len(result.kept) == len(V1_FINDINGS)
    assert {status for _, _, status in rows(result)} == {"unchanged"}
    assert result.to_dict()["summary"] == {"added": 0, "removed": 0, "changed": 0, "escalated": 0, "moved": 0,
                                           "max_added_severity": None, "max_new_severity": None}


def test_risks_that_only_moved_with_a_renumbering_are_not_new():
    new = analysis(V2_INSERTED, path="v2.txt", findings=[
        clause("決済代行会社に提供", "disclosure", "medium", recipients=["決済代行会社"], data=["氏名", "メールアドレス"]),
        clause("第3条又は第2条", "usage_limit", "high"),
        clause(WAIVER_CLAUSE, "liability_waiver", "high"),
        clause("いつでも本規約を変更", "unilateral_amendment", "high", reasons=["事前の通知なく変更できるとしているため"]),
        clause("同意したものとみなします", "unilateral_amendment", "high", rule="test.deemed-consent"),
        clause(SEND_CLAUSE, "disclosure", "high", recipients=["広告配信事業者"], data=["端末情報", "閲覧履歴"]),
    ])
    result = diff(v1(), new)
    assert [(a.finding.article, a.finding.category) for a in result.added] == [("第4条", "disclosure")]
    assert result.removed == [] and result.changed == []
    moved = {(o.article, n.article, n.category) for o, n in result.moved}
    assert ("第5条", "第6条", "liability_waiver") in moved
    assert ("第4条", "第5条", "usage_limit") in moved
    assert result.to_dict()["summary"]["moved"] == len(result.moved) == 4
    assert result.worst_new_severity() == "high"


def test_reworded_same_risk_is_not_new_and_a_softened_amendment_is_lower():
    new = analysis(V5_REVISED, path="v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium",
               recipients=["決済代行会社", "保険代理店"], data=["氏名", "メールアドレス"]),
        clause(SUSPEND_CLAUSE[:20], "usage_limit", "high"),
        clause(WAIVER_REWORDED, "liability_waiver", "high"),
        clause(AMEND_SOFT, "unilateral_amendment", "low", reasons=["効力発生日を定めて事前に周知する手続を定めているため"]),
    ])
    result = diff(v1(), new)
    # The waiver was reworded: the same risk, kept.
    assert ("第5条", "第5条", "liability_waiver") in {(o.article, n.article, n.category) for o, n in result.kept}
    # The disclosure gained a named recipient: reported as added, saying which one is new.
    assert [(a.finding.article, a.finding.paragraph, a.new_recipients, a.new_data) for a in result.added] == [
        ("第3条", 2, ["保険代理店"], [])
    ]
    assert result.added[0].to_dict()["new_recipients"] == ["保険代理店"]
    # The amendment clause is rewritten in place: the same clause, lower. Its deemed-consent paragraph is
    # gone: that clause's risk is removed (risks are matched clause by clause).
    assert [(c.before.article, c.after.article, c.direction) for c in result.changed] == [("第6条", "第6条", "lower")]
    assert "効力発生日" in result.changed[0].reason
    assert [(f.article, f.paragraph, f.rule) for f in result.removed] == [("第6条", 2, "test.deemed-consent")]
    assert result.worst_new_severity() == "medium"  # the disclosure; a lowered risk never counts


def test_escalated_risk_is_changed_higher_and_counts_for_the_gate():
    old = analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "medium")])
    new = analysis(V1.replace(WAIVER_CLAUSE, WAIVER_CLAUSE.replace("について", "について、その原因を問わず")),
                   findings=[clause("その原因を問わず", "liability_waiver", "high", reasons=["原因を問わない全部免除のため"])])
    result = diff(old, new)
    assert result.added == [] and result.removed == []
    [change] = result.changed
    assert (change.direction, change.before.severity, change.after.severity) == ("higher", "medium", "high")
    assert change.reason == "原因を問わない全部免除のため"
    assert result.worst_new_severity() == "high"
    # A CI job reading the summary sees the escalation as new risk too.
    summary = result.to_dict()["summary"]
    assert (summary["added"], summary["escalated"], summary["max_added_severity"], summary["max_new_severity"]) == (
        1, 1, "high", "high")
    assert result.fails("high") and not result.fails("none")


def test_deleted_article_removes_its_risk_in_the_old_numbering():
    new = analysis(V4_MOVED.replace("２　" + WAIVER_CLAUSE + "\n", ""), findings=[])
    result = diff(analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")]), new)
    assert [(f.article, f.category) for f in result.removed] == [("第5条", "liability_waiver")]
    assert result.to_dict()["risks"]["removed"][0]["article"] == "第5条"


def test_moved_clause_keeps_its_risk():
    old = analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")])
    new = analysis(V4_MOVED, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")])
    result = diff(old, new)
    assert (result.added, result.removed, result.changed) == ([], [], [])
    [(before, after)] = result.moved
    assert (before.article, before.paragraph, after.article, after.paragraph) == ("第5条", 1, "第4条", 2)


def test_clause_moved_to_an_unaligned_article_is_matched_by_its_words():
    # The waiver moves into the privacy article (not aligned with old 第5条), word for word.
    moved = V1.replace(f"第5条（免責）\n{WAIVER_CLAUSE}\n\n", "").replace(
        "第6条（規約の変更）", "第5条（規約の変更）").replace(
        DISCLOSE_WIDER.replace("及び提携する保険代理店", "") + "\n", DISCLOSE_WIDER.replace("及び提携する保険代理店", "") + f"\n３　{WAIVER_CLAUSE}\n")
    assert moved.count(WAIVER_CLAUSE) == 1 and "３　" + WAIVER_CLAUSE in moved
    result = diff(analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")]),
                  analysis(moved, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high")]))
    assert (result.added, result.removed) == ([], [])
    assert [(o.article, n.article, n.paragraph) for o, n in result.moved] == [("第5条", "第3条", 3)]


def test_missing_provisions_match_by_rule_and_never_flip_without_a_passage():
    # Rules these analyses' rule packs do not hold: no passage can be shown, so an absence appearing or
    # going away is no change of the terms (the same text, analysed twice).
    old = analysis(V1, findings=[missing(), missing("test.missing.contact")])
    new = analysis(V1, findings=[missing(severity="high"), missing("test.missing.venue")])
    result = diff(old, new)
    assert result.removed == [] and result.added == []
    assert [(c.before.rule, c.direction) for c in result.changed] == [("test.missing.data-after-exit", "higher")]


def test_other_rule_packs_are_a_usage_error():
    with pytest.raises(UsageError, match="rule packs"):
        diff(v1(), analysis(V1, findings=V1_FINDINGS, rules_version="other@2"))


def test_generic_recipient_rewording_is_not_a_new_recipient():
    old = analysis(V1.replace("決済代行会社に提供", "第三者に提供"), findings=[
        clause("第三者に提供", "disclosure", "medium", recipients=["第三者"], data=["氏名"])])
    new = analysis(V1.replace("決済代行会社に提供", "外部の事業者に提供"), findings=[
        clause("外部の事業者に提供", "disclosure", "medium", recipients=["外部の事業者"], data=["氏名"])])
    result = diff(old, new)
    assert result.added == [] and len(result.kept) == 1


def test_json_is_the_contract_and_deterministic():
    new = analysis(V5_REVISED, path="v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium", recipients=["決済代行会社", "保険代理店"]),
        clause(AMEND_SOFT, "unilateral_amendment", "low"),
    ])
    out = render_diff(diff(v1(), new), "json")
    assert out == render_diff(diff(v1(), new), "json")
    data = json.loads(out)
    assert data["schema"] == "kiyaku/diff@1"
    assert data["old"] == {"path": "v1.txt", "sha256": v1().source.sha256}
    assert set(data) == {"schema", "old", "new", "articles", "risks", "summary"}
    assert set(data["risks"]) == {"added", "removed", "changed", "moved"}
    assert {"old", "new", "status", "similarity", "edited"} == set(data["articles"][0])  # edited: our extension
    assert data["summary"]["added"] == len(data["risks"]["added"]) == 1
    assert data["summary"]["max_added_severity"] == "medium"
    change = data["risks"]["changed"][0]
    assert change["before"]["article"] == "第6条" and change["after"]["severity"] == "low"
    assert change["direction"] == "lower"
    assert "保険代理店" in out  # ensure_ascii=False


def test_word_diff_marks_the_inserted_words():
    old = "当社は、利用者の氏名を提携医療機関に提供します。"
    new = "当社は、利用者の氏名を提携医療機関及び生命保険会社に提供します。"
    deleted, inserted = changed_words(word_diff(old, new, old_base=100, new_base=200))
    assert deleted == []
    assert ["".join(new[s - 200 : e - 200]) for s, e in inserted] == ["及び生命保険会社"]
    assert "個人情報" in [w.surface for w in words("当社は個人情報を第三者に提供しません。")]


def test_word_diff_ignores_width_only_changes():
    ops = word_diff("第１２条に定める", "第12条に定める")
    assert {op.op for op in ops} == {"equal"}


def test_text_markdown_and_html_show_new_risks_first_with_changed_words():
    new = analysis(V5_REVISED, path="v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium", recipients=["決済代行会社", "保険代理店"]),
        clause(WAIVER_REWORDED, "liability_waiver", "high"),
        clause(AMEND_SOFT, "unilateral_amendment", "low"),
    ])
    result = diff(analysis(V1, path="v1.txt", findings=V1_FINDINGS), new)
    text = render_diff(result, "text")
    assert text.index("新たなリスク・重大度が上がったリスク") < text.index("重大度が下がったリスク")
    assert "{+及び提携する保険代理店+}" in text
    assert "新たな提供先：保険代理店" in text
    md = render_diff(result, "md")
    assert "**及び提携する保険代理店**" in md
    table = md[md.index("### 条文の対応"):]
    assert "| 第5条 | 第5条 | 変更 |" in table and "| 第1条 |" not in table  # only changed rows
    page = render_diff(result, "html")
    assert "<ins>" in page and "<del>" in page and "及び提携する保険代理店" in page
    assert page.count('class="side"') == sum(1 for r in result.articles if r.status == "modified")


def test_html_escapes_all_text():
    hostile = V1.replace("一切の責任を負いません。", "一切の責任を負いません<script>alert(1)</script>。")
    result = diff(analysis(V1, path="a<b>.txt"),
                  analysis(hostile, path="x&y.txt", findings=[clause("<script>", "liability_waiver", "high")]))
    assert [r.status for r in result.articles].count("modified") == 1 and len(result.added) == 1
    page = render_diff(result, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "a&lt;b&gt;.txt" in page and "x&amp;y.txt" in page


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError):
        render_diff(diff(v1(), v1()), "pdf")


def test_risk_delta_of_the_gold_annotations_matches_the_gold_diff():
    # Both versions of the medical-app corpus with their gold findings (no engine): the delta must be
    # exactly the corpus's gold_diff.yaml (a renumbered, a moved and a reworded risk are not new).
    from importlib.resources import files

    import yaml
    from render_support import gold_analysis

    gold = yaml.safe_load((files("kiyaku.corpora") / "medical-app" / "gold_diff.yaml").read_text(encoding="utf-8"))
    result = diff(gold_analysis("medical-app", "v2023.txt", "gold-v2023.yaml"),
                  gold_analysis("medical-app", "v2024.txt", "gold-v2024.yaml"))
    assert [{"article": a.finding.article, "category": a.finding.category} for a in result.added] == gold["risks_added"]
    assert [{"article": f.article, "category": f.category} for f in result.removed] == gold["risks_removed"]
    assert [{"article": c.after.article, "category": c.after.category, "direction": c.direction}
            for c in result.changed] == gold["risks_changed"]
    assert result.added[0].new_recipients == ["生命保険会社"]
