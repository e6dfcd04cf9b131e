"""SARIF 2.1.0 output: valid against the official schema, regions on the right words, stable fingerprints."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kiyaku.reports.compare.diff import diff
from kiyaku.reports.render.diff import render_diff
from kiyaku.reports.render.sarif import LineIndex, fingerprint, to_sarif
from diff_support import (
    AMEND_SOFT,
    SEND_CLAUSE,
    V1,
    V1_FINDINGS,
    V2_INSERTED,
    V5_REVISED,
    WAIVER_CLAUSE,
    analysis,
    clause,
    missing,
)

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    return jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def revised_diff():
    old = analysis(V1, path="terms/v1.txt", findings=V1_FINDINGS + [missing()])
    new = analysis(V5_REVISED, path="terms/新規約 v5.txt", findings=[
        clause("決済代行会社及び提携する保険代理店", "disclosure", "medium",
               recipients=["決済代行会社", "保険代理店"], data=["氏名"], title="個人情報の第三者提供"),
        clause("一切責任を負わない", "liability_waiver", "high"),
        clause(AMEND_SOFT, "unilateral_amendment", "low"),
        clause("事前に通知することなく", "usage_limit", "high"),
        missing(severity="high"),
        missing("test.missing.contact", severity="low"),  # no passage of V1 is gone: not a new risk
    ])
    return diff(old, new)


def test_sarif_validates_against_the_official_schema(validator):
    log = json.loads(render_diff(revised_diff(), "sarif"))
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0"


def test_invalid_sarif_is_caught_by_the_schema(validator):
    # The shipped schema really checks: a level outside the enum or a column of 0 is refused.
    log = to_sarif(revised_diff())
    log["runs"][0]["results"][0]["level"] = "high"
    assert list(validator.iter_errors(log))
    log = to_sarif(revised_diff())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert list(validator.iter_errors(log))


def test_results_are_the_added_and_escalated_risks_with_rules():
    result = revised_diff()
    run = to_sarif(result)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "kiyaku" and driver["version"]
    got = sorted((r["ruleId"], r["level"], r["properties"]["change"]) for r in run["results"])
    assert got == sorted([
        ("test.disclosure", "warning", "added"),             # a new recipient
        ("test.missing.data-after-exit", "error", "escalated"),  # medium → high
    ])
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == sorted(rule_ids) and set(rule_ids) == {r[0] for r in got}
    for res in run["results"]:
        rule = driver["rules"][res["ruleIndex"]]
        assert rule["id"] == res["ruleId"]
        assert {"shortDescription", "fullDescription", "help"} <= set(rule)
        assert rule["properties"]["category"] in ("disclosure", "missing_provision")
        assert rule["properties"]["severity"] in ("low", "medium", "high")
    disclosure = next(r for r in run["results"] if r["ruleId"] == "test.disclosure")
    assert disclosure["message"]["text"].startswith("第3条第2項：")
    assert "保険代理店" in disclosure["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_regions_point_at_the_clause_in_the_new_text():
    result = revised_diff()
    run = to_sarif(result)["runs"][0]
    lines = result.new.source.text.split("\n")
    located = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    assert located
    for res in located:
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "terms/%E6%96%B0%E8%A6%8F%E7%B4%84%20v5.txt"
        region = loc["region"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        clause_text = line[region["startColumn"] - 1 : region["endColumn"] - 1]
        assert clause_text == region["snippet"]["text"]
        text = result.new.source.text
        assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == clause_text
        assert clause_text.startswith("２　当社は、本サービスの提供に必要な範囲で")
    # Missing provisions have no place in the text: no region.
    missing_results = [r for r in run["results"] if r["ruleId"].startswith("test.missing")]
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in missing_results)


def test_line_index_counts_code_points_and_both_newline_kinds():
    text = "第1条（目的）\r\n本規約は😀テストです。\n２　当社は"
    idx = LineIndex(text)
    start = text.index("テスト")
    assert idx.region(start, start + 3) == {
        "startLine": 2, "startColumn": 6, "endLine": 2, "endColumn": 9, "charOffset": start, "charLength": 3,
    }
    two_lines = idx.region(text.index("です"), text.index("当社") + 2)
    assert (two_lines["startLine"], two_lines["endLine"], two_lines["endColumn"]) == (2, 3, 5)


def test_fingerprints_survive_renumbering_and_differ_between_clauses():
    old = analysis(V1, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high"),
                                 clause("前条又は第2条", "usage_limit", "high")])
    new = analysis(V2_INSERTED, findings=[clause(WAIVER_CLAUSE, "liability_waiver", "high"),
                                          clause("第3条又は第2条", "usage_limit", "high"),
                                          clause(SEND_CLAUSE, "disclosure", "high")])
    (o_waiver, o_suspend), (n_waiver, n_suspend, n_send) = old.findings, new.findings
    assert (o_waiver.article, n_waiver.article) == ("第5条", "第6条")
    assert fingerprint(o_waiver) == fingerprint(n_waiver)
    assert fingerprint(o_suspend) == fingerprint(n_suspend)  # only a cross-reference was renumbered
    assert len({fingerprint(n_waiver), fingerprint(n_suspend), fingerprint(n_send)}) == 3
    [res] = to_sarif(diff(old, new))["runs"][0]["results"]
    assert res["partialFingerprints"] == {"kiyakuRisk/v1": fingerprint(n_send)}


def test_identical_versions_give_an_empty_valid_log(validator):
    log = to_sarif(diff(analysis(V1, findings=V1_FINDINGS), analysis(V1, findings=V1_FINDINGS)))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    assert list(validator.iter_errors(log)) == []
