"""An article cut into units (paragraph texts and items) and sentences, and the rule conditions read on them."""
from __future__ import annotations

from dataclasses import dataclass, field

from kiyaku.analyzer import nlp
from kiyaku.analyzer.model import Document, Node
from kiyaku.analyzer.engine.matchers import Compiled, Matches
from kiyaku.analyzer.engine.rulepack import Condition, Rule


@dataclass
class Unit:
    """A paragraph's own text or one item: the span sentences are cut from (article-relative)."""

    start: int
    end: int
    kind: str  # body | paragraph | item
    group: int  # the paragraph it belongs to
    items: list[int] = field(default_factory=list)  # for a paragraph: its item units


@dataclass
class Sentence:
    start: int
    end: int
    unit: int
    doc: object
    matches: Matches
    proviso: bool  # begins with ただし／但し
    inert: bool = False  # a definition or a listed condition: no clause of its own (see _inert)


# A definition (「X」とは、…をいう) and an item that only states a condition or a prohibited act
# (「…した場合」「…する行為」) grant or take away nothing by themselves: the sentence that lists them does.
_DEFINITION_END = ("いう", "言う", "指す", "意味")
_CONDITION_END = ("場合", "とき", "時", "行為", "際")


def _inert(doc, is_item: bool) -> bool:
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    if not words:
        return True
    lemmas = [t.lemma_ for t in words]
    if "とは" in lemmas or any(a == "と" and b == "は" for a, b in zip(lemmas, lemmas[1:])):
        if any(lem in _DEFINITION_END for lem in lemmas[-4:]):
            return True
    # a definition item without とは: 「登録患者　…の共有に同意し、…登録された患者をいう」
    if is_item and lemmas[-2:] == ["を", "いう"]:
        return True
    return is_item and lemmas[-1] in _CONDITION_END



def article_units(document: Document, art: Node) -> list[Unit]:
    """The article's paragraphs (their own text, items cut out) and items, relative to the article."""
    body_start = max(art.heading_end or art.start, art.start)
    units: list[Unit] = []
    paragraphs = [c for c in art.children if c.kind == "paragraph"]
    if not paragraphs:
        return [Unit(body_start - art.start, art.end - art.start, "body", 0)]
    for group, para in enumerate(paragraphs):
        items = [c for c in para.children if c.kind == "item"]
        para_unit = Unit(0, 0, "paragraph", group)
        cursor = max(para.start, body_start)
        pieces = []
        for item in items:
            pieces.append((cursor, item.start))
            cursor = item.end
        pieces.append((cursor, para.end))
        first = True
        for s, e in pieces:
            if e > s:
                if first:
                    para_unit.start, para_unit.end = s - art.start, e - art.start
                    units.append(para_unit)
                    first = False
                else:
                    units.append(Unit(s - art.start, e - art.start, "paragraph", group))
        for item in items:
            para_unit.items.append(len(units))
            units.append(Unit(max(item.start, body_start) - art.start, item.end - art.start, "item", group))
    return units


def text_units(text: str) -> list[Unit]:
    """Units for a bare text (rule examples): each line a paragraph."""
    units, pos = [], 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        units.append(Unit(pos, pos + len(line), "paragraph", i))
        pos += len(line)
    return units or [Unit(0, 0, "paragraph", 0)]


# ------------------------------------------------------------------------------------------ engine


def sentences_of(text: str, units: list[Unit], comp: Compiled) -> list[Sentence]:
    out = []
    for ui, unit in enumerate(units):
        for s, e in nlp.split_sentences(text, unit.start, unit.end):
            doc = nlp.tokenize(text[s:e])
            proviso = len(doc) > 0 and doc[0].norm_ == "但し"
            inert = _inert(doc, unit.kind == "item")
            out.append(Sentence(s, e, ui, doc, comp.run(doc), proviso, inert))
    return out


def _scope(sentences: list[Sentence], i: int, scope: str) -> list[Sentence]:
    if scope == "sentence":
        return [sentences[i]]
    if scope == "clause":
        out = [sentences[i]]
        j = i + 1
        while j < len(sentences) and sentences[j].unit == sentences[i].unit and sentences[j].proviso:
            out.append(sentences[j])
            j += 1
        return out
    if scope == "unit":
        return [s for s in sentences if s.unit == sentences[i].unit]
    return sentences


def holds(key: str, sentences: list[Sentence], i: int, cond: Condition) -> bool:
    """The condition matches within its scope of sentence ``i``, and so do its ``with`` parts, not its ``without``."""
    return any(key in s.matches for s in _scope(sentences, i, cond.scope)) and _parts_hold(key, sentences, i, cond)


def _parts_hold(key: str, sentences: list[Sentence], i: int, cond: Condition) -> bool:
    return all(holds(f"{key}w{k}", sentences, i, sub) for k, sub in enumerate(cond.also)) and not any(
        holds(f"{key}n{k}", sentences, i, sub) for k, sub in enumerate(cond.but_not)
    )


def evaluate(rule: Rule, sentences: list[Sentence], i: int) -> tuple[list[tuple[int, int]], str, list[str]] | None:
    """Anchors, severity and reasons of ``rule`` on sentence ``i``; None when it does not hit."""
    sent = sentences[i]
    if sent.inert and rule.type != "absence":
        return None
    anchors = sent.matches.get(rule.id + "|a")
    if not anchors:
        return None
    for k, cond in enumerate(rule.unless):
        if cond.at_anchor and _parts_hold(f"{rule.id}|u{k}", sentences, i, cond):
            following = {s for s, _ in sent.matches.get(f"{rule.id}|u{k}", [])}
            anchors = [a for a in anchors if a[1] not in following]
    if not anchors:
        return None
    for k, cond in enumerate(rule.requires):
        if not holds(f"{rule.id}|r{k}", sentences, i, cond):
            return None
    for k, cond in enumerate(rule.unless):
        if not cond.at_anchor and holds(f"{rule.id}|u{k}", sentences, i, cond):
            return None
    severity, reasons = rule.severity, []
    for k, cond in enumerate(rule.adjust):
        if holds(f"{rule.id}|j{k}", sentences, i, cond) and cond.severity:
            severity = cond.severity
            reasons.append(cond.why)
    return _merge_spans(anchors), severity, reasons


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out

