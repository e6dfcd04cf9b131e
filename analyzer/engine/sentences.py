"""An article cut into units (paragraph texts and items) and sentences, and the rule conditions read on them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiyaku.analyzer import nlp
from kiyaku.analyzer.model import SEVERITY_RANK, Document, Node
from kiyaku.analyzer.engine.matchers import Compiled, Matches
from kiyaku.analyzer.engine.rulepack import Condition, Rule, vocabulary


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
    kind: str = "paragraph"  # the kind of its unit: body | paragraph | item
    group: int = 0  # the paragraph its unit belongs to


def _inert(doc, is_item: bool) -> bool:
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    if not words:
        return True
    lemmas = [t.lemma_ for t in words]
    if "とは" in lemmas or any(a == "と" and b == "は" for a, b in zip(lemmas, lemmas[1:])):
        if any(lem in vocabulary("definition-ends") for lem in lemmas[-4:]):
            return True
    # a definition item without とは: 「登録患者　…の共有に同意し、…登録された患者をいう」
    if is_item and lemmas[-2:] == ["を", "いう"]:
        return True
    return is_item and lemmas[-1] in vocabulary("condition-ends")


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


# An item mark at the start of a line of a bare text: （1） / (1) / ① / 一　 / ・ / a.
_ITEM_MARK = re.compile(r"[ 　]*(?:[（(][0-9０-９]{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}[ 　]|[・･]|[a-zａ-ｚ][.．])")


def text_units(text: str) -> list[Unit]:
    """Units for a bare text (rule examples): each line a paragraph, or an item of the paragraph above it
    when it begins with an item mark."""
    units, pos, group = [], 0, -1
    for line in text.splitlines(keepends=True):
        if group >= 0 and _ITEM_MARK.match(line):
            lead = next(u for u in units if u.group == group and u.kind == "paragraph")
            lead.items.append(len(units))
            units.append(Unit(pos, pos + len(line), "item", group))
        else:
            group += 1
            units.append(Unit(pos, pos + len(line), "paragraph", group))
        pos += len(line)
    return units or [Unit(0, 0, "paragraph", 0)]


# An article longer than this is analysed in windows of whole paragraphs and items of at most this many
# characters: a condition scoped to the article then reads its window. Real articles are far shorter
# (a few thousand characters at most); a broken or hostile document whose whole text is one "article"
# keeps its memory bounded (every sentence of a window is held at once) and its time linear.
WINDOW_CHARS = 50_000


def windows(text: str, units: list[Unit]):
    """``(shift, text, units)`` to analyse: the article whole, or windows of its units when it is long."""
    if len(text) <= WINDOW_CHARS:
        yield 0, text, units
        return
    units = _split_long_units(text, units)
    lo = 0
    while lo < len(units):
        hi = lo + 1
        while hi < len(units) and units[hi].end - units[lo].start <= WINDOW_CHARS:
            hi += 1
        shift = units[lo].start
        window = [
            Unit(u.start - shift, u.end - shift, u.kind, u.group, [i - lo for i in u.items if lo <= i < hi])
            for u in units[lo:hi]
        ]
        yield shift, text[shift:units[hi - 1].end], window
        lo = hi


def _split_long_units(text: str, units: list[Unit]) -> list[Unit]:
    """Units longer than a window cut into pieces of at most ``WINDOW_CHARS`` (at a line end or 。 when
    there is one in the second half of the piece): a 5 MB line is one paragraph. A paragraph's items
    stay with its first piece."""
    out: list[Unit] = []
    first: dict[int, int] = {}
    for i, unit in enumerate(units):
        first[i] = len(out)
        start = unit.start
        while True:
            end = min(unit.end, start + WINDOW_CHARS)
            if end < unit.end:
                cut = max(text.rfind("\n", start, end), text.rfind("。", start, end)) + 1
                end = cut if cut > start + WINDOW_CHARS // 2 else end
            out.append(Unit(start, end, unit.kind, unit.group, list(unit.items) if start == unit.start else []))
            if end >= unit.end:
                break
            start = end
    for unit in out:
        unit.items = [first[j] for j in unit.items]
    return out


# ------------------------------------------------------------------------------------------ engine


class Sentences(list):
    """An article's sentences in order, indexed by unit, with the units where each key matches.

    A condition scoped to the unit or the article asks, for every sentence, whether any sentence of its
    scope matches: answered from an index built once per key, so a long article costs linear time, not
    the square of its number of sentences.
    """

    def __init__(self, sentences: list[Sentence]):
        super().__init__(sentences)
        self._by_unit: dict[int, list[int]] = {}
        for i, sent in enumerate(sentences):
            self._by_unit.setdefault(sent.unit, []).append(i)
        self._units_with: dict[str, set[int]] = {}
        self._by_group: dict[int, list[Sentence]] = {}
        for sent in sentences:
            self._by_group.setdefault(sent.group, []).append(sent)
        self._groups_with: dict[tuple[str, str], set[int]] = {}

    def in_unit(self, unit: int) -> list[int]:
        """Indices of the sentences of ``unit``."""
        return self._by_unit.get(unit, [])

    def in_group(self, group: int) -> list[Sentence]:
        """The sentences of paragraph ``group`` (its own text and its items)."""
        return self._by_group.get(group, [])

    def groups_with(self, key: str, kind: str) -> set[int]:
        """The paragraphs where a unit of ``kind`` has a sentence matching ``key``."""
        found = self._groups_with.get((key, kind))
        if found is None:
            found = self._groups_with[(key, kind)] = {s.group for s in self if s.kind == kind and key in s.matches}
        return found

    def units_with(self, key: str) -> set[int]:
        found = self._units_with.get(key)
        if found is None:
            found = self._units_with[key] = {s.unit for s in self if key in s.matches}
        return found


def sentences_of(text: str, units: list[Unit], comp: Compiled) -> Sentences:
    out = []
    for ui, unit in enumerate(units):
        for s, e in nlp.split_sentences(text, unit.start, unit.end):
            doc = nlp.tokenize(text[s:e])
            proviso = len(doc) > 0 and doc[0].norm_ == "但し"
            inert = _inert(doc, unit.kind == "item")
            out.append(Sentence(s, e, ui, doc, comp.run(doc), proviso, inert, unit.kind, unit.group))
    return Sentences(out)


def _in_scope(key: str, sentences: Sentences, i: int, scope: str) -> bool:
    """Does ``key`` match within ``scope`` (sentence, clause, unit, lead, items or article) of sentence ``i``?"""
    if scope == "sentence":
        return key in sentences[i].matches
    if scope == "clause":  # the sentence and the provisos (ただし…) that follow it in its unit
        j = i
        while j < len(sentences) and (j == i or (sentences[j].unit == sentences[i].unit and sentences[j].proviso)):
            if key in sentences[j].matches:
                return True
            j += 1
        return False
    if scope == "unit":
        return sentences[i].unit in sentences.units_with(key)
    if scope == "lead":  # an item read with the paragraph text that lists it
        return any(key in s.matches for s in lead_of(sentences, i))
    if scope == "items":  # a paragraph read with the items it lists
        sent = sentences[i]
        return sent.kind != "item" and sent.group in sentences.groups_with(key, "item")
    return bool(sentences.units_with(key))


def lead_of(sentences: Sentences, i: int) -> list[Sentence]:
    """For a sentence in an item: the text of its paragraph before it, which lists the items
    (「次の場合を除き、第三者に提供しません。」); none for other sentences."""
    sent = sentences[i]
    if sent.kind != "item":
        return []
    return [s for s in sentences.in_group(sent.group) if s.kind == "paragraph" and s.start < sent.start]


def holds(key: str, sentences: Sentences, i: int, cond: Condition) -> bool:
    """The condition matches within its scope of sentence ``i``, and so do its ``with`` parts, not its ``without``."""
    return _in_scope(key, sentences, i, cond.scope) and _parts_hold(key, sentences, i, cond)


def _parts_hold(key: str, sentences: Sentences, i: int, cond: Condition) -> bool:
    return all(holds(f"{key}w{k}", sentences, i, sub) for k, sub in enumerate(cond.also)) and not any(
        holds(f"{key}n{k}", sentences, i, sub) for k, sub in enumerate(cond.but_not)
    )


def evaluate(rule: Rule, sentences: Sentences, i: int) -> tuple[list[tuple[int, int]], str, list[str]] | None:
    """Anchors, severity and reasons of ``rule`` on sentence ``i``; None when it does not hit."""
    sent = sentences[i]
    # A listed condition (「…する場合」) is a clause of its own to a rule that reads it with its lead.
    if sent.inert and rule.type != "absence" and not rule.reads_lead:
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
        if cond.scope == "document":
            continue  # read over the whole document afterwards: see document_adjusted
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



def document_keys(rules, sentences: Sentences) -> list[str]:
    """Keys of the document-scoped adjustments that hold somewhere in these sentences (one article)."""
    return sorted(
        f"{rule.id}|j{k}" for rule in rules for k, cond in enumerate(rule.adjust)
        if cond.scope == "document" and any(holds(f"{rule.id}|j{k}", sentences, i, cond) for i in range(len(sentences)))
    )


def document_adjusted(rule: Rule, severity: str, reasons: list[str], keys: set[str]) -> tuple[str, list[str]]:
    """A hit's severity after the rule's document-scoped adjustments that hold anywhere in the document.

    They come after the article's own and only ever lower: a clause elsewhere that limits every exemption
    (「本規約の他の条項にかかわらず、…完全に免責する規定は適用しない」) limits this one too. A reason the clause
    gave for a higher severity (「原因を問わず免責するとしており、無効とされうる」) no longer holds then, and is dropped."""
    for k, cond in enumerate(rule.adjust):
        if (cond.scope == "document" and cond.severity and f"{rule.id}|j{k}" in keys
                and SEVERITY_RANK[cond.severity] < SEVERITY_RANK[severity]):
            raised = {c.why for c in rule.adjust if c.severity and SEVERITY_RANK[c.severity] > SEVERITY_RANK[cond.severity]}
            severity, reasons = cond.severity, [*(r for r in reasons if r not in raised), cond.why]
    return severity, reasons
