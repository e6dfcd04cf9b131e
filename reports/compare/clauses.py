"""Clause alignment between two versions: paragraphs and items paired inside aligned articles, and clause
text found anywhere in the other version.

A clause is an item, the lead of a paragraph (its text before its items), or the body of an article with
no paragraphs. Clauses are compared on normalised text (see ``kiyaku.reports.compare.align.normalise``, with the clause's
own number mark, markup and URLs dropped, so ⑩ → ⑪ or a markdown link becoming plain text is no change). A new clause is paired, in this order, with

1. the old clause of the same text in the aligned article, in reading order (difflib on the texts);
2. an old clause of the same text anywhere in the old version (it moved: another article, a new markup);
3. the most similar old clause of the aligned article (an edited clause), best pairs first; a clause
   rewritten in place (same paragraph and item number) needs less likeness than one that changed places;
4. a nearly identical old clause anywhere (moved and lightly edited).

A clause left over is new unless its text *survives*: it is found, as a run of text, inside the old
version (a paragraph split in two, headings added by a new markup). The same holds the other way round.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from kiyaku.analyzer.model import Document, Node
from kiyaku.reports.compare.align import ArticlePair, bigrams, dice, normalise

SAME_ARTICLE = 0.5  # Dice on bigrams: an edited clause of an aligned article
REWRITTEN = 0.25  # …or, with the same number, one rewritten in place
ELSEWHERE = 0.8  # …of a clause that moved to another article
MIN_KEY = 6  # characters of normalised text: shorter clauses (「以上」) never pair by text alone
MIN_SURVIVE = 12  # characters: shorter clauses are not looked for inside the other version

# Markup that a re-marked-up version adds or drops around the same words: markdown links and emphasis,
# HTML tags, bare URLs.
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_URL = re.compile(r"https?://[^\s)）」>\]]+")
_TAG = re.compile(r"<[^>\n]{1,200}>")
_DECOR = re.compile(r"[*_#>|`\[\]()（）]")


def clause_text(raw: str) -> str:
    """A clause's words for comparison: its number mark, markup and URLs dropped, then ``normalise``d."""
    text = _MARK.sub("", raw, count=1)
    text = _TAG.sub("", _MD_LINK.sub(r"\1", text))
    return _DECOR.sub("", normalise(_URL.sub("", text)))


# A clause's own number mark at its start: ２, (3), ⑩, 三, イ, 1. — dropped before comparing.
_MARK = re.compile(r"^\s*(?:[(（]?[0-9０-９]+[)）.．、]?|[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛]|[(（]?[一二三四五六七八九十]+[)）、]?"
                   r"|[(（]?[イロハニホヘトチリヌ][)）]?)\s*")


@dataclass(eq=False)
class Clause:
    """One clause of one version: where it is, how a reader names it and its text as compared."""

    index: int  # reading order on its side
    article: Node | None
    start: int
    end: int
    paragraph: int | None
    item: int | None
    norm: str

    @property
    def label(self) -> tuple:
        return (self.article.label if self.article else None, self.paragraph, self.item)

    @cached_property
    def grams(self):
        return bigrams(self.norm)


def clauses_of(document: Document) -> list[Clause]:
    """Every clause of ``document`` in reading order."""
    text = document.text
    spans: list[tuple[Node, int, int, int | None, int | None]] = []
    for art in document.articles():
        body = max(art.heading_end or art.start, art.start)
        paragraphs = [c for c in art.children if c.kind == "paragraph"]
        if not paragraphs:
            spans.append((art, body, art.end, None, None))
            continue
        for para in paragraphs:
            items = [c for c in para.children if c.kind == "item"]
            lead_end = items[0].start if items else para.end
            spans.append((art, max(para.start, body), lead_end, para.number, None))
            spans += [(art, it.start, it.end, para.number, it.number) for it in items]
    out = []
    for art, start, end, paragraph, item in spans:
        norm = clause_text(text[start:end])
        if norm:
            out.append(Clause(len(out), art, start, end, paragraph, item, norm))
    return out


@dataclass
class ClausePair:
    old: Clause
    new: Clause
    how: str  # same: in aligned articles; moved: elsewhere; survives: the text is inside the other version

    @property
    def same_text(self) -> bool:
        return self.how == "survives" or self.old.norm == self.new.norm


class ClauseMap:
    """The clause alignment of two versions, and where each offset's clause is."""

    def __init__(self, old_doc: Document, new_doc: Document, rows: list[ArticlePair]):
        self.old, self.new = clauses_of(old_doc), clauses_of(new_doc)
        self._old_starts = [c.start for c in self.old]
        self._new_starts = [c.start for c in self.new]
        aligned = {(r.old.node.start, r.new.node.start) for r in rows if r.old is not None and r.new is not None}
        self.of_new: dict[int, ClausePair] = {}
        self.of_old: dict[int, ClausePair] = {}
        self._pair(aligned)
        self._old_concat, self._old_offsets = _concat(self.old)
        self._new_concat, self._new_offsets = _concat(self.new)
        self._survivors()

    # -- lookups -----------------------------------------------------------------------------------

    def clause_at(self, side: str, offset: int) -> Clause | None:
        clauses, starts = (self.old, self._old_starts) if side == "old" else (self.new, self._new_starts)
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and clauses[k].start <= offset < clauses[k].end:
            return clauses[k]
        # In a heading or between clauses: the next clause of the same article.
        if k + 1 < len(clauses):
            return clauses[k + 1]
        return None

    def text_in(self, side: str, norm: str) -> bool:
        """Whether normalised ``norm`` is found as a run of text in that version."""
        return bool(norm) and norm in (self._old_concat if side == "old" else self._new_concat)

    def old_clauses_inside(self, norm: str) -> list[Clause]:
        """Old clauses whose whole text lies inside ``norm`` (pieces merged into a new clause)."""
        return [c for c in self.old if len(c.norm) >= MIN_SURVIVE and c.norm in norm]

    # -- pairing -----------------------------------------------------------------------------------

    def _link(self, i: int, j: int, how: str) -> None:
        pair = ClausePair(self.old[i], self.new[j], how)
        self.of_old[i] = pair
        self.of_new[j] = pair

    def _pair(self, aligned: set[tuple[int, int]]) -> None:
        def in_aligned(o: Clause, n: Clause) -> bool:
            return o.article is not None and n.article is not None and (o.article.start, n.article.start) in aligned

        by_article_old: dict[int, list[int]] = {}
        by_article_new: dict[int, list[int]] = {}
        for c in self.old:
            by_article_old.setdefault(c.article.start, []).append(c.index)
        for c in self.new:
            by_article_new.setdefault(c.article.start, []).append(c.index)

        # 1. Same text, in order, inside each aligned pair of articles.
        for a_old, a_new in sorted(aligned):
            olds = [i for i in by_article_old.get(a_old, []) if i not in self.of_old]
            news = [j for j in by_article_new.get(a_new, []) if j not in self.of_new]
            matcher = difflib.SequenceMatcher(None, [self.old[i].norm for i in olds],
                                              [self.new[j].norm for j in news], autojunk=False)
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    self._link(olds[block.a + k], news[block.b + k], "same")

        # 2. Same text anywhere.
        free: dict[str, list[int]] = {}
        for c in self.old:
            if c.index not in self.of_old and len(c.norm) >= MIN_KEY:
                free.setdefault(c.norm, []).append(c.index)
        for n in self.new:
            if n.index in self.of_new or not free.get(n.norm):
                continue
            i = free[n.norm].pop(0)
            self._link(i, n.index, "same" if in_aligned(self.old[i], n) else "moved")

        # 3. Similar clauses of aligned articles, best pairs first (ties: the same number, then order).
        candidates = []
        for a_old, a_new in aligned:
            olds = [i for i in by_article_old.get(a_old, []) if i not in self.of_old]
            news = [j for j in by_article_new.get(a_new, []) if j not in self.of_new]
            for i in olds:
                for j in news:
                    o, n = self.old[i], self.new[j]
                    same_number = (o.paragraph, o.item) == (n.paragraph, n.item)
                    threshold = REWRITTEN if same_number else SAME_ARTICLE
                    if not _may_reach(o.norm, n.norm, threshold):
                        continue
                    score = dice(o.grams, n.grams)
                    if score >= threshold:
                        candidates.append((-score, not same_number, abs(i - j), i, j))
        self._greedy(candidates, "same")

        # 4. Nearly the same clause anywhere.
        rest_old = [c for c in self.old if c.index not in self.of_old and len(c.norm) >= MIN_KEY]
        rest_new = [c for c in self.new if c.index not in self.of_new and len(c.norm) >= MIN_KEY]
        candidates = []
        for o in rest_old:
            for n in rest_new:
                if _may_reach(o.norm, n.norm, ELSEWHERE):
                    score = dice(o.grams, n.grams)
                    if score >= ELSEWHERE:
                        candidates.append((-score, False, abs(o.index - n.index), o.index, n.index))
        self._greedy(candidates, None, in_aligned)

    def _greedy(self, candidates: list, how: str | None, in_aligned=None) -> None:
        for *_, i, j in sorted(candidates):
            if i in self.of_old or j in self.of_new:
                continue
            kind = how or ("same" if in_aligned(self.old[i], self.new[j]) else "moved")
            self._link(i, j, kind)

    def _survivors(self) -> None:
        """Unpaired clauses whose text is found inside the other version pair with the clause holding it."""
        for n in self.new:
            if n.index in self.of_new or len(n.norm) < MIN_SURVIVE:
                continue
            at = self._old_concat.find(n.norm)
            if at >= 0:
                i = bisect.bisect_right(self._old_offsets, at) - 1
                self.of_new[n.index] = ClausePair(self.old[i], n, "survives")
        for o in self.old:
            if o.index in self.of_old or len(o.norm) < MIN_SURVIVE:
                continue
            at = self._new_concat.find(o.norm)
            if at >= 0:
                j = bisect.bisect_right(self._new_offsets, at) - 1
                self.of_old[o.index] = ClausePair(o, self.new[j], "survives")


def _concat(clauses: list[Clause]) -> tuple[str, list[int]]:
    offsets, pos = [], 0
    for c in clauses:
        offsets.append(pos)
        pos += len(c.norm)
    return "".join(c.norm for c in clauses), offsets


def _may_reach(a: str, b: str, threshold: float) -> bool:
    """Dice on bigrams cannot exceed 2·min/(sum) of the two lengths: skip pairs that cannot reach it."""
    la, lb = max(len(a) - 1, 1), max(len(b) - 1, 1)
    return 2 * min(la, lb) / (la + lb) >= threshold
