"""The rule-pack format: schema, YAML errors with file and line, macros, versions. No GiNZA here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiyaku.analyzer.errors import RulePackError
from kiyaku.analyzer.engine.rulepack import NOT_RULES, bundled_dir, load_ruleset

# A user's own rule pack, as `--rules DIR` would load it.
GOOD = (Path(__file__).parent / "data" / "user-rule.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "mine/rule.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_bundled_packs_load_and_cover_every_category():
    rs = load_ruleset()
    categories = {r.category for r in rs.rules}
    assert {"liability_waiver", "disclosure", "unilateral_amendment", "usage_limit", "missing_provision"} <= categories
    assert all(r.id.split(".")[0] and r.title and r.explanation and r.path.endswith(".yaml") for r in rs.rules)
    assert len({r.id for r in rs.rules}) == len(rs.rules)


def test_every_bundled_file_validates_against_the_schema():
    schema = json.loads((bundled_dir() / "schema.json").read_text("utf-8"))
    files = [p for p in bundled_dir().rglob("*.yaml") if p.name not in NOT_RULES]
    assert files
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), schema)


def test_version_is_stable_and_changes_with_the_packs(tmp_path):
    assert load_ruleset().version == load_ruleset().version
    write(tmp_path, GOOD)
    with_mine = load_ruleset([str(tmp_path)])
    assert with_mine.version != load_ruleset().version
    assert "mine.no-refund" in {r.id for r in with_mine.rules}


def test_macros_are_spliced_in(tmp_path):
    write(tmp_path, GOOD)
    rule = load_ruleset([str(tmp_path)]).by_id("mine.no-refund")
    assert all("MACRO" not in tok for pattern in rule.patterns for tok in pattern)
    assert rule.patterns[0][0] == {"LEMMA": "返金"}
    assert len(rule.patterns[0]) > 1


def test_yaml_error_names_file_and_line(tmp_path):
    path = write(tmp_path, GOOD.replace("severity: medium", "severity: [medium"))
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)])
    assert str(path) in str(err.value)
    assert err.value.line is not None and err.value.line >= 3


def test_schema_error_points_at_the_offending_key(tmp_path):
    path = write(tmp_path, GOOD.replace("severity: medium", "severity: severe"))
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)])
    assert err.value.line == 3
    assert str(path) in str(err.value) and "severity" in str(err.value)


def test_unknown_token_key_is_rejected_with_its_line(tmp_path):
    write(tmp_path, GOOD.replace("{LEMMA: 返金}", "{LEMA: 返金}"))
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)])
    assert err.value.line == 8


def test_unknown_macro_is_rejected(tmp_path):
    write(tmp_path, GOOD.replace("predicate-negated", "no-such-macro"))
    with pytest.raises(RulePackError, match="no-such-macro"):
        load_ruleset([str(tmp_path)])


def test_duplicate_id_is_rejected(tmp_path):
    write(tmp_path, GOOD, "a/one.yaml")
    write(tmp_path, GOOD, "b/two.yaml")
    with pytest.raises(RulePackError, match="already used"):
        load_ruleset([str(tmp_path)])


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(RulePackError):
        load_ruleset([str(tmp_path / "nope")])


def test_unless_without_why_is_rejected(tmp_path):
    text = GOOD.replace("examples:", "unless:\n  - {patterns: [[{LEMMA: 全額}]]}\nexamples:")
    write(tmp_path, text)
    with pytest.raises(RulePackError) as err:
        load_ruleset([str(tmp_path)])
    assert "why" in str(err.value)


def test_rule_folders_are_named_like_their_id_prefixes_and_categories_are_known():
    """rules/liability/*.yaml hold liability.* rules, and every bundled rule's category is in categories.yaml."""
    from kiyaku.analyzer import categories

    rs = load_ruleset()
    for rule in rs.rules:
        assert Path(rule.path).parent.name == rule.id.split(".")[0], rule.path
        assert rule.category in categories.ids(), (rule.id, rule.category)
    assert {r.category for r in rs.rules} == set(categories.ids())  # every category has rules


def test_categories_file_is_well_formed():
    from kiyaku.analyzer import categories

    cats = categories.categories()
    assert len({c.id for c in cats}) == len(cats) == len({c.label for c in cats})
    assert all(re.fullmatch(r"[a-z][a-z_]*", c.id) and c.label and re.fullmatch(r"#[0-9a-f]{6}", c.colour) for c in cats)
    assert [c.id for c in cats if c.document_level] == ["missing_provision"]
    # a document-level category names no topic: the notice lists those findings as missing protections
    assert all(c.topic is None for c in cats if c.document_level)
    assert all(c.topic for c in cats if not c.document_level)
    assert categories.label("made_up_category") == "made_up_category" and not categories.is_document_level("made_up_category")
