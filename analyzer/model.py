"""The data that flows through the pipeline: Source → Document → Finding → Analysis.

Every span is a pair of character offsets into ``Source.text`` (the decoded or extracted text),
so a report can quote and highlight the exact words. ``to_dict`` methods produce the JSON, whose
shapes are the repository's own schemas (``analyzer/schemas/``); categories are data (``rules/categories.yaml``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

from kiyaku.analyzer import categories

ANALYSIS_SCHEMA = "kiyaku/analysis@1"
SEVERITIES = ("low", "medium", "high")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES, start=1)}

# Node kinds. Top-level parts tile the text; article-like ones are listed as "articles".
ARTICLE_KINDS = ("preamble", "article", "supplementary", "appendix")
TOP_KINDS = ("title", "toc", "preamble", "chapter", "article", "supplementary", "appendix")


@dataclass
class Source:
    """A document as read: its text (decoded or extracted) and where it came from."""

    path: str
    text: str
    encoding: str  # utf-8, utf-8-sig, cp932, euc-jp, utf-16, … ; for pdf/docx the container ("pdf", "docx")
    format: str  # text | markdown | html | pdf | docx
    sha256: str  # of the raw bytes
    # Headings the container marked up (HTML <h1-6>, DOCX heading styles): (start, end, level) in ``text``.
    # Plain text carries none; the structure parser finds those by itself.
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    title: str | None = None  # the title its metadata gives (YAML front matter), which the text then lacks
    # A fetched page: the URL as given, where the redirects ended, and when (ISO 8601 UTC).
    url: str | None = None
    final_url: str | None = None
    fetched_at: str | None = None

    def to_dict(self) -> dict:
        out = {"path": self.path, "sha256": self.sha256, "encoding": self.encoding, "chars": len(self.text)}
        if self.url:
            out.update(url=self.url, final_url=self.final_url, fetched_at=self.fetched_at)
        return out


@dataclass
class Node:
    """One part of the document tree.

    kind: title | toc | preamble | chapter | section | article | supplementary | appendix
          | paragraph | item | subitem
    label: normalised label of article-like parts and divisions: 第3条, 第12条の2, 前文, 附則, 別表1,
           第2章, or for documents without 第N条 the heading's own number (1, 2.3).
    number: for paragraphs, items and sub-items: 1-based number (一, 1, (1), ①, イ are all 1).
    heading_end: offset where the heading (number + title) stops and the body starts.
    """

    kind: str
    start: int
    end: int
    label: str | None = None
    number: int | None = None
    title: str | None = None
    heading_end: int | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def _child_index(node: Node, kind: str) -> tuple[list[int], list[Node]]:
    cached = node.__dict__.get("_index_" + kind)
    if cached is None:
        children = [c for c in node.children if c.kind == kind]
        cached = node.__dict__["_index_" + kind] = ([c.start for c in children], children)
    return cached


def _containing(index: tuple[list[int], list[Node]], offset: int) -> Node | None:
    """The node whose span holds ``offset``, among siblings in reading order (they do not overlap)."""
    starts, nodes = index
    k = bisect.bisect_right(starts, offset)
    if k and nodes[k - 1].start <= offset < nodes[k - 1].end:
        return nodes[k - 1]
    return next((n for n in nodes[:k] if n.start <= offset < n.end), None)  # a gap: rare, and exact




@dataclass
class Place:
    """Where an offset lies, as a Japanese reader names it: 第23条第2項第1号."""

    article: str | None
    paragraph: int | None
    item: int | None

    def label(self) -> str:
        """The compact key (第3条第2項第1号, 16第1項) that tests and evaluation listings compare."""
        if self.article is None:
            return "（規定なし）"
        return self.article + self._subdivision()

    def readable(self) -> str:
        """The place as a report prints it. 第N条 labels (and 前文, 附則, 別表N) take 第M項第K号 directly;
        a numbered heading is written with its full stop (16.; 3.3 stays whole) and any other label (a
        title, 会員規約1) is set off by a space, so no number runs into the next: 「16. 第1項」, never
        「16第1項」 or 「33」 for 3.3 第3項."""
        if self.article is None:
            return "（規定なし）"
        label, rest = self.article, self._subdivision()
        if _JOINED_LABEL.search(label):
            return label + rest
        if _HEADING_NUMBER.search(label):
            label += "."
        return f"{label} {rest}" if rest else label

    def _subdivision(self) -> str:
        out = ""
        if self.paragraph is not None:
            out += f"第{self.paragraph}項"
        if self.item is not None:
            out += f"第{self.item}号"
        return out


# Labels that 第M項 follows directly, as in statutes: 第3条, 第12条の2, 第2章第1条, 会員規約第1条, 前文, 附則, 別表1.
_JOINED_LABEL = re.compile(r"(?:第\d+条(?:の\d+)*|前文|附則|別表\d*|別紙\d*)$")
# A label that ends in a heading's own number (16, 会員規約1): written with its full stop. 3.3 needs none.
_HEADING_NUMBER = re.compile(r"(?:^|[^0-9.．])[0-9]+$")


@dataclass
class Document:
    """The structure of one text. ``parts`` are the top-level nodes; they tile ``[0, len(text))``."""

    text: str
    parts: list[Node]
    title: str | None = None
    numbered_by: str = "article"  # "article" (第N条) | "heading" (numbered headings) | "none"
    # Where each document appended after the first begins (a rider or shop rules restarting at 第1条), in order;
    # empty for a single document. Document-scoped adjustments read one such part at a time.
    appended: list[int] = field(default_factory=list)

    def part_of(self, offset: int) -> int:
        """0 for the first document, k for the k-th appended one."""
        return bisect.bisect_right(self.appended, offset)

    def articles(self) -> list[Node]:
        """Article-like nodes in reading order (前文 only when it holds more than the title)."""
        out = []
        for part in self.parts:
            for node in part.walk():
                if node.kind in ARTICLE_KINDS:
                    out.append(node)
        return out

    def locate(self, offset: int) -> Place:
        """The article, paragraph and item that contain ``offset``.

        Found by bisection over an index built on first use (the tree is final by then): one finding
        per article of a 200,000-article document must not cost a walk over all of them.
        """
        art = _containing(self._article_index(), offset)
        if art is None:
            return Place(None, None, None)
        para = _containing(_child_index(art, "paragraph"), offset)
        if para is None:
            return Place(art.label, None, None)
        item = _containing(_child_index(para, "item"), offset)
        return Place(art.label, para.number, item.number if item is not None else None)

    def _article_index(self) -> tuple[list[int], list[Node]]:
        cached = self.__dict__.get("_articles_index")
        if cached is None:
            nodes = self.articles()
            cached = self.__dict__["_articles_index"] = ([n.start for n in nodes], nodes)
        return cached

    def article_count(self) -> int:
        """Units a reader counts as articles: all but the 前文."""
        return sum(1 for unit in self.articles() if unit.kind != "preamble")

    def articles_dict(self) -> list[dict]:
        """The contract's ``articles`` list."""
        out = []
        for art in self.articles():
            paragraphs = []
            for para in art.children:
                if para.kind != "paragraph":
                    continue
                items = [
                    {"number": it.number, "start": it.start, "end": it.end}
                    for it in para.children
                    if it.kind == "item"
                ]
                paragraphs.append({"number": para.number, "start": para.start, "end": para.end, "items": items})
            out.append(
                {"label": art.label, "title": art.title, "start": art.start, "end": art.end, "paragraphs": paragraphs}
            )
        return out


@dataclass
class Finding:
    """One flagged clause: which rule fired, on which words, what it means."""

    rule: str
    category: str
    severity: str
    article: str | None
    paragraph: int | None
    item: int | None
    start: int
    end: int
    text: str
    explanation: str
    refs: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    words: list[tuple[int, int]] = field(default_factory=list)  # the matched words, as spans
    title: str = ""  # the rule's short name, for bullets and tables
    reasons: list[str] = field(default_factory=list)  # why the severity was raised or lowered

    def place(self) -> Place:
        return Place(self.article, self.paragraph, self.item)

    @property
    def document_level(self) -> bool:
        """About the document as a whole (its category says so: a missing protection), not a place in it."""
        return categories.is_document_level(self.category)

    def sort_key(self) -> tuple:
        return (self.start if self.article is not None else 1 << 60, self.end, self.category, self.rule)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "explanation": self.explanation,
            "refs": list(self.refs),
            "recipients": list(self.recipients),
            "data": list(self.data),
            "title": self.title,
            "words": [list(w) for w in self.words],
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Finding:
        return cls(
            rule=d["rule"],
            category=d["category"],
            severity=d["severity"],
            article=d.get("article"),
            paragraph=d.get("paragraph"),
            item=d.get("item"),
            start=d["start"],
            end=d["end"],
            text=d["text"],
            explanation=d.get("explanation", ""),
            refs=list(d.get("refs", [])),
            recipients=list(d.get("recipients", [])),
            data=list(d.get("data", [])),
            words=[tuple(w) for w in d.get("words", [])],
            title=d.get("title", ""),
            reasons=list(d.get("reasons", [])),
        )


@dataclass
class Analysis:
    """A document, its structure and its findings."""

    source: Source
    document: Document
    findings: list[Finding] = field(default_factory=list)
    rules_version: str = ""

    def to_dict(self) -> dict:
        return {
            "schema": ANALYSIS_SCHEMA,
            "source": self.source.to_dict(),
            "rules_version": self.rules_version,
            "title": self.document.title,
            "articles": self.document.articles_dict(),
            "findings": [f.to_dict() for f in self.findings],
        }
