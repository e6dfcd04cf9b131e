"""Every rule's own examples (what `kiyaku rules test` runs), and the runner's own failures."""
from __future__ import annotations

import textwrap

import pytest

from kiyaku.analyzer.engine.rulepack import load_ruleset
from kiyaku.ruletest import check_rule, run_rule_tests

pytestmark = pytest.mark.nlp

RULES = load_ruleset().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule, ruleset, ginza):
    result = check_rule(rule, ruleset)
    assert result.ok, "\n".join(result.failures)
    assert rule.examples["no_match"], "every rule needs a negative example"


def test_rules_test_command_reports_every_rule(ginza):
    report = run_rule_tests(None)
    assert report.ok
    text = report.render()
    assert f"{len(RULES)} rules, {len(RULES)} passed, 0 failed" in text


def test_rule_without_negative_example_fails(tmp_path, ginza):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "r.yaml").write_text(textwrap.dedent("""\
        id: mine.no-refund
        category: liability_waiver
        severity: medium
        title: 返金しない
        explanation: 支払った料金は返金されないとする条項です。
        refs: []
        patterns: [[{LEMMA: 返金}, {MACRO: predicate-negated}]]
        examples:
          match: [{text: 当社は、受領した料金を返金しません。}]
          no_match: []
        """), "utf-8")
    report = run_rule_tests(str(tmp_path))
    assert not report.ok
    assert "no negative example" in report.render()
    assert [r.rule for r in report.results] == ["mine.no-refund"]


def test_a_wrong_example_fails(tmp_path, ginza):
    (tmp_path / "r.yaml").write_text(textwrap.dedent("""\
        id: mine.no-refund
        category: liability_waiver
        severity: medium
        title: 返金しない
        explanation: 支払った料金は返金されないとする条項です。
        refs: []
        patterns: [[{LEMMA: 返金}, {MACRO: predicate-negated}]]
        examples:
          match: [{text: 当社は、受領した料金を返金します。}]
          no_match: [{text: 当社は、受領した料金を返金しません。, why: wrong on purpose}]
        """), "utf-8")
    report = run_rule_tests(str(tmp_path))
    assert not report.ok
    rendered = report.render()
    assert "no match" in rendered and "unexpected match" in rendered
