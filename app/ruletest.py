"""`kiyaku rules test [DIR]`: run every rule's own examples (positive and negative)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kiyaku.analyzer.model import SEVERITY_RANK
from kiyaku.analyzer.engine.document import applies
from kiyaku.analyzer.engine.rulepack import Rule, RuleSet, load_ruleset


@dataclass
class RuleResult:
    rule: str
    path: str
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class RuleTestReport:
    results: list[RuleResult]

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def render(self) -> str:
        lines = []
        for r in self.results:
            lines.append(f"{'PASS' if r.ok else 'FAIL'}  {r.rule}  ({r.passed} examples passed)")
            lines.extend(f"      - {f}" for f in r.failures)
        failed = sum(not r.ok for r in self.results)
        examples = sum(r.passed for r in self.results)
        lines.append(f"{len(self.results)} rules, {len(self.results) - failed} passed, {failed} failed; {examples} examples passed")
        if not self.results:
            lines.append("no rules found")
        return "\n".join(lines) + "\n"


def _word_found(word: str, spans: list[str]) -> bool:
    return any(word in s or s in word for s in spans)


def check_rule(rule: Rule, ruleset: RuleSet) -> RuleResult:
    """Run one rule's examples; every failure is described in one line."""
    from kiyaku.analyzer.engine import find_in_text

    result = RuleResult(rule.id, rule.path)
    examples = rule.examples or {}
    if not examples.get("no_match"):
        result.failures.append("no negative example (examples.no_match): every rule needs one, with its why")
    for ex in examples.get("match", []):
        text = ex["text"]
        found = find_in_text(text, ruleset)
        if rule.type == "absence":
            if rule.id in found.present:
                result.failures.append(f"absence not detected (the provision was found) in: {text}")
            elif not applies(rule, found.applicable):
                result.failures.append(f"absence not detected (applies_if not met) in: {text}")
            else:
                result.passed += 1
            continue
        hits = [h for h in found.hits if h.rule == rule.id]
        if not hits:
            result.failures.append(f"no match: {text}")
            continue
        words = [text[s:e] for h in hits for s, e in h.words]
        problems = [f"words {w!r} not among matched {words}" for w in ex.get("words", []) if not _word_found(w, words)]
        severity = max((h.severity for h in hits), key=SEVERITY_RANK.__getitem__)
        if ex.get("severity") and ex["severity"] != severity:
            problems.append(f"severity {severity}, expected {ex['severity']}")
        for key in ("recipients", "data"):
            got = [v for h in hits for v in getattr(h, key)]
            missing = [v for v in ex.get(key, []) if v not in got]
            if missing:
                problems.append(f"{key} {missing} not extracted (got {got})")
        if problems:
            result.failures.append(f"{'; '.join(problems)}: {text}")
        else:
            result.passed += 1
    for ex in examples.get("no_match", []):
        text = ex["text"]
        found = find_in_text(text, ruleset)
        if rule.type == "absence":
            bad = rule.id not in found.present and applies(rule, found.applicable)
        else:
            bad = any(h.rule == rule.id for h in found.hits)
        if bad:
            result.failures.append(f"unexpected match ({ex['why']}): {text}")
        else:
            result.passed += 1
    return result


def run_rule_tests(dir: str | None = None, extra: list[str] = ()) -> RuleTestReport:  # `dir`: the CLI's argument name
    """Every rule's examples: the bundled packs plus ``extra`` directories, or only those in ``dir`` (and ``extra``)."""
    ruleset = load_ruleset(list(extra)) if dir is None else load_ruleset([dir, *extra], bundled=False)
    return RuleTestReport([check_rule(rule, ruleset) for rule in ruleset.rules])
