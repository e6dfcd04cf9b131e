"""The rule engine's front: Document + RuleSet → Findings, one per place and category.

Per article, the work is a pure function of (article text, its units, the rule set) —
``find_in_article`` — with offsets relative to the article, so it can be cached by content. Each
sentence is tokenised (cheap) and matched lexically; only sentences where a rule that reads the parse
has a candidate are parsed (``thorough=True`` parses them all). A sentence's decision depends only on
its own tokens and parse, so both modes give identical findings.
"""
from __future__ import annotations

from kiyaku.analyzer.cache import ArticleCache, cache_key
from kiyaku.analyzer.engine.article import find_in_article
from kiyaku.analyzer.engine.matchers import compiled
from kiyaku.analyzer.engine.hits import ArticleResult, Hit, checked_result
from kiyaku.analyzer.engine.rulepack import Rule, RuleSet
from kiyaku.analyzer.engine.sentences import (
    article_units,
    document_adjusted,
    evaluate,
    sentences_of,
    text_units,
    windows,
)
from kiyaku.analyzer.model import SEVERITY_RANK, Document, Finding


def is_terms_document(document: Document) -> bool:
    """Enough structure and text to expect the usual protections (guards the absence rules)."""
    articles = [a for a in document.articles() if a.kind == "article"]
    return len(articles) >= 3 and len(document.text.strip()) >= 300


def _stronger(a: Finding, b: Finding) -> bool:
    return (SEVERITY_RANK[a.severity], -a.start, a.rule) > (SEVERITY_RANK[b.severity], -b.start, b.rule)


def _finding(rule: Rule, hit: Hit, shift: int, document: Document) -> Finding:
    start, end = hit.start + shift, hit.end + shift
    place = document.locate(start)
    return Finding(
        rule=rule.id, category=rule.category, severity=hit.severity,
        article=place.article, paragraph=place.paragraph, item=place.item,
        start=start, end=end, text=document.text[start:end], explanation=rule.explanation,
        refs=list(rule.refs), recipients=list(hit.recipients), data=list(hit.data),
        words=[(s + shift, e + shift) for s, e in hit.words], title=rule.title, reasons=list(hit.reasons),
    )


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (category, article, paragraph, item): the strongest, recipients and data merged.

    Findings without a place (missing provisions) are kept one per rule: each names a different protection.
    """
    best: dict[tuple, Finding] = {}
    extra: dict[tuple, tuple[list[str], list[str]]] = {}
    for f in findings:
        key = (f.category, f.article, f.paragraph, f.item, f.rule if f.article is None else "")
        recipients, data = extra.setdefault(key, ([], []))
        for r in f.recipients:
            if r not in recipients:
                recipients.append(r)
        for d in f.data:
            if d not in data:
                data.append(d)
        if key not in best or _stronger(f, best[key]):
            best[key] = f
    out = []
    for key, f in best.items():
        f.recipients, f.data = extra[key]
        out.append(f)
    return sorted(out, key=Finding.sort_key)


def applies(rule: Rule, applicable: set[str] | list[str]) -> bool:
    """An absence rule fires only where each of its `applies_if` conditions holds somewhere (``"rule|k"`` keys)."""
    return all(f"{rule.id}|{k}" in applicable for k in range(len(rule.applies_if)))


def find(document: Document, ruleset: RuleSet, *, thorough: bool = False, cache: bool = True) -> list[Finding]:
    """Every risky clause of ``document`` under ``ruleset``, sorted, one per place and category."""
    findings: list[Finding] = []
    present: set[str] = set()
    applicable: set[str] = set()
    keys: dict[int, set[str]] = {}  # per part of the document: its document-scoped adjustments that hold somewhere
    store = ArticleCache(enabled=cache)
    rule_ids = {rule.id for rule in ruleset.rules}
    for art in document.articles():
        for shift, text, units in windows(document.text[art.start:art.end], article_units(document, art)):
            # The result is a pure function of the article's text, its units and the rule packs.
            key = cache_key(f"{text}\0{[(u.start, u.end, u.kind, u.group, u.items) for u in units]}", ruleset.version)
            cached = store.get(key)
            result = checked_result(cached, rule_ids, len(text)) if cached is not None else None
            if result is None:  # a miss, or an entry of the wrong shape: analysed again, and rewritten
                result = find_in_article(text, units, ruleset, thorough=thorough)
                store.put(key, result.to_dict())
            present.update(result.present)
            applicable.update(result.applicable)
            keys.setdefault(document.part_of(art.start), set()).update(result.document)
            for hit in result.hits:
                findings.append(_finding(ruleset.by_id(hit.rule), hit, art.start + shift, document))
    # A clause restoring liability speaks for its own terms: in member terms with shop rules appended, it limits
    # the exemptions of the part it is in, not those of the other part.
    for f in findings:
        part_keys = keys.get(document.part_of(f.start), set())
        f.severity, f.reasons = document_adjusted(ruleset.by_id(f.rule), f.severity, f.reasons, part_keys)
    if is_terms_document(document):
        for rule in ruleset.rules:
            if rule.type == "absence" and rule.id not in present and applies(rule, applicable):
                findings.append(absence_finding(rule))
    return dedupe(findings)


def provision_passage(document: Document, ruleset: RuleSet, rule_id: str) -> tuple[int, int] | None:
    """The first sentence that satisfies the absence rule ``rule_id`` (document offsets), or None.

    The diff shows it: a missing provision is new only when the passage that provided it is gone."""
    rule = ruleset.by_id(rule_id)
    comp = compiled(ruleset)
    for art in document.articles():
        text = document.text[art.start:art.end]
        sentences = sentences_of(text, article_units(document, art), comp)
        for i, sent in enumerate(sentences):
            if evaluate(rule, sentences, i) is not None:
                return art.start + sent.start, art.start + sent.end
    return None


def absence_finding(rule: Rule) -> Finding:
    return Finding(rule=rule.id, category=rule.category, severity=rule.severity, article=None, paragraph=None,
                   item=None, start=0, end=0, text="", explanation=rule.explanation, refs=list(rule.refs),
                   title=rule.title)


def find_in_text(text: str, ruleset: RuleSet, *, thorough: bool = False) -> ArticleResult:
    """Rule hits in a bare text (no document structure): each line a paragraph. Used by rule examples."""
    result = find_in_article(text, text_units(text), ruleset, thorough=thorough)
    keys = set(result.document)
    for hit in result.hits:
        hit.severity, hit.reasons = document_adjusted(ruleset.by_id(hit.rule), hit.severity, hit.reasons, keys)
    return result
