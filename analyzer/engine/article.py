"""One article against the rule set: a pure function of its text, its units and the rules (cached by content)."""
from __future__ import annotations

from kiyaku.analyzer import nlp
from kiyaku.analyzer.engine.disclosure import (
    extract_data,
    extract_recipients,
    fill_from_lead,
    item_hits,
    listed_recipients,
    recipients_need_parse,
)
from kiyaku.analyzer.engine.hits import ArticleResult, Hit
from kiyaku.analyzer.engine.matchers import compiled
from kiyaku.analyzer.engine.rulepack import Rule, RuleSet
from kiyaku.analyzer.engine.sentences import Unit, document_keys, evaluate, holds, lead_of, sentences_of


def find_in_article(text: str, units: list[Unit], ruleset: RuleSet, *, thorough: bool = False) -> ArticleResult:
    """Every rule hit in one article (offsets relative to ``text``) and the absence rules it satisfies."""
    comp = compiled(ruleset)
    sentences = sentences_of(text, units, comp)
    pending: list[tuple[Rule, int, tuple]] = []
    present: list[str] = []
    for rule in ruleset.rules:
        for i in range(len(sentences)):
            result = evaluate(rule, sentences, i)
            if result is None:
                continue
            if rule.type == "absence":
                present.append(rule.id)
                break
            pending.append((rule, i, result))
    # The parser is the one expensive step: fast mode parses a sentence only when a dependency pattern
    # decides the hit or the recipient extraction would read the parse (a noun before に that no word
    # list settles). Either way a rule sees the same parse as in thorough mode, so findings are identical.
    if thorough:
        wanted = list(range(len(sentences)))
    else:
        wanted = sorted({i for rule, i, _ in pending if rule.dependency or (
            "recipients" in rule.extract and recipients_need_parse(sentences[i].doc))})
    parses = dict(zip(wanted, nlp.parse(text[sentences[i].start:sentences[i].end] for i in wanted))) if wanted else {}
    hits = []
    for rule, i, (anchors, severity, reasons) in pending:
        sent = sentences[i]
        parsed = parses.get(i) if rule.needs_parse else None
        if rule.dependency:
            found = {parsed.vocab.strings[m] for m, _ in comp.dependency(parsed)}
            if rule.id not in found:
                continue
        doc = sent.doc
        words = [(sent.start + doc[s].idx, sent.start + doc[e - 1].idx + len(doc[e - 1])) for s, e in anchors]
        hit = Hit(rule.id, sent.start, sent.end, severity, words, reasons)
        if "data" in rule.extract:
            hit.data = extract_data(doc)
        if rule.reads_lead:
            fill_from_lead(hit, doc, parsed, anchors, [s.doc for s in lead_of(sentences, i)], rule.extract)
            hits.append(hit)
            continue
        if "recipients" in rule.extract:
            hit.recipients = extract_recipients(doc, parsed, anchors)
            listed = listed_recipients(text, units, sentences, i, hit.recipients)
            per_item = item_hits(hit, listed, sentences, rule, i)
            if per_item:
                # 「次に掲げる者に、当該各号に定める情報を提供する。一 保険者 被保険者番号…」: each item is a
                # disclosure of its own, as a reader lists them (第23条第1項第1号・第2号).
                hits.extend(per_item)
                continue
            hit.recipients += [recipient for _, recipient, _ in listed]
        hits.append(hit)
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    # "rule|k": the k-th `applies_if` condition of an absence rule holds in this article (the document needs all)
    applicable = sorted(
        f"{rule.id}|{k}" for rule in ruleset.rules if rule.type == "absence"
        for k, cond in enumerate(rule.applies_if)
        if any(holds(f"{rule.id}|p{k}", sentences, i, cond) for i in range(len(sentences)))
    )
    return ArticleResult(hits, sorted(set(present)), applicable, document_keys(ruleset.rules, sentences))

