"""Split an article's body into paragraphs (項), items (号) and sub-items (細分) by the marks that start lines.

A mark is accepted only where it is plausible in sequence: a paragraph mark must carry the next paragraph
number (２ after the unnumbered first paragraph), an item run starts at 1 (一, (1), ①, 1.) and goes on
1, 2, 3; a run of another style inside an item is its sub-items (イ ロ ハ, ア イ ウ, (a), (i)). Bulleted
lines (・, -, ●) are items too, numbered by position as a reader counts them (a deeper bullet is a
sub-item). Anything else — a line broken by a hard wrap, 「1年以内に」 — continues the current paragraph
or item.
"""
from __future__ import annotations

import re

from kiyaku.analyzer.model import Node
from kiyaku.analyzer.structure.numbering import read_bullet, read_mark

# Styles that can number paragraphs; the first paragraph is written 1 / １ / 1. only in these.
PARAGRAPH_STYLES = frozenset({"bare", "dot", "paren", "maru", "circled"})
FIRST_PARAGRAPH_STYLES = frozenset({"bare", "dot", "maru"})


def _reading(mark, style: str | None, number: int) -> str | None:
    """The style under which ``mark`` carries ``number`` (restricted to ``style`` when given)."""
    for s, n in mark.readings:
        if n == number and (style is None or s == style):
            return s
    return None


class _Builder:
    def __init__(self, end: int):
        self.end = end
        self.paragraphs: list[Node] = []
        self.item_style: str | None = None
        self.item_last = 0
        self.sub_style: str | None = None
        self.sub_last = 0
        self.item_indent = 0  # indentation of the item run's lines: a deeper bullet is a sub-item

    def paragraph(self, start: int, number: int) -> None:
        if self.paragraphs:
            self._close_paragraph(start)
        self.paragraphs.append(Node("paragraph", start, self.end, number=number))
        self.item_style, self.item_last = None, 0
        self.sub_style, self.sub_last = None, 0

    def item(self, start: int, style: str, number: int, indent: int = 0) -> None:
        para = self.paragraphs[-1]
        if para.children:
            self._close_item(para.children[-1], start)
        para.children.append(Node("item", start, self.end, number=number))
        self.item_style, self.item_last, self.item_indent = style, number, indent
        self.sub_style, self.sub_last = None, 0

    def subitem(self, start: int, style: str, number: int) -> None:
        item = self.paragraphs[-1].children[-1]
        if item.children:
            item.children[-1].end = start
        item.children.append(Node("subitem", start, self.end, number=number))
        self.sub_style, self.sub_last = style, number

    def _close_item(self, item: Node, at: int) -> None:
        item.end = at
        if item.children:
            item.children[-1].end = at

    def _close_paragraph(self, at: int) -> None:
        para = self.paragraphs[-1]
        para.end = at
        if para.children:
            self._close_item(para.children[-1], at)


def split_body(text: str, line_starts: list[int], line_texts: list[tuple[int, str]], first: int,
               body_start: int, end: int, *, by_lines: bool = False) -> list[Node]:
    """Paragraph nodes tiling ``[body_start, end)``.

    ``line_texts[k]`` is (offset of the line's text after indentation, that text) for line ``k``;
    ``first`` is the index of the line that holds ``body_start``. ``by_lines``: the document numbers no
    paragraph (web pages, apps), so a reader counts each line after a finished sentence as the next one.
    """
    if body_start >= end:
        return []
    return _build(text, line_starts, line_texts, first, body_start, end, by_lines=by_lines)


_SENTENCE_END = re.compile(r"[。．][」』）)]*\s*$")
_WRAPPED = re.compile(r"[、，,]\s*$")  # a line broken after a comma goes on


def _build(text: str, line_starts: list[int], line_texts: list[tuple[int, str]], first: int,
           body_start: int, end: int, *, by_lines: bool) -> list[Node]:
    b = _Builder(end)
    b.paragraph(body_start, 1)
    # The body's first line may itself carry a mark: 1 / １． (a numbered first paragraph) or an item.
    off0, first_text = line_texts[first]
    mark = read_mark(text[body_start : off0 + len(first_text)]) if body_start >= off0 else None
    paragraph_style: str | None = None
    if mark is not None:
        style, number = mark.readings[0]
        if number == 1 and style in FIRST_PARAGRAPH_STYLES:
            paragraph_style = style
        elif _reading(mark, None, 1):
            b.item(body_start, _reading(mark, None, 1), 1, off0 - line_starts[first] if body_start == off0 else 0)
    elif body_start == off0 and (bullet := read_bullet(first_text)) is not None and _next_bullet(
        line_texts, first + 1, end, line_starts, bullet[0]
    ):  # a bullet run right under the heading: its first entry is 第1号 like the others
        b.item(body_start, "bullet" + bullet[0], 1, off0 - line_starts[first])
    # Lines indented deeper than the body's first line continue an item; they never open a paragraph.
    indent = max(1, off0 - line_starts[first]) if body_start == off0 else 1
    previous = text[body_start : off0 + len(first_text)]
    k = first + 1
    n = len(line_starts)
    while k < n and line_starts[k] < end:
        off, s = line_texts[k]
        start = line_starts[k]
        k += 1
        if not s:
            continue
        previous_line, previous = previous, s
        ended = _SENTENCE_END.search(previous_line) is not None
        mark = read_mark(s)
        para = b.paragraphs[-1]
        if mark is None and (bullet := read_bullet(s)) is not None:
            if _bullet_item(b, bullet[0], start, off - start, ended or previous_line.endswith((":", "：")),
                            _next_bullet(line_texts, k, end, line_starts, bullet[0])):
                continue
        if mark is None:
            pass
        elif b.item_style and _reading(mark, b.item_style, b.item_last + 1) and not (
            paragraph_style and off - start < b.item_indent
            and _paragraph_reading(mark, para.number + 1, paragraph_style)
        ):  # (where paragraphs are numbered in the items' style, one set out less deep is the next paragraph)
            b.item(start, b.item_style, b.item_last + 1, off - start)
            continue
        elif b.sub_style and _reading(mark, b.sub_style, b.sub_last + 1):
            b.subitem(start, b.sub_style, b.sub_last + 1)
            continue
        elif (style := _paragraph_reading(mark, para.number + 1, paragraph_style)) is not None:
            paragraph_style = style
            b.paragraph(start, para.number + 1)
            continue
        elif b.item_style and (style := _reading(mark, None, 1)) and style != b.item_style:
            b.subitem(start, style, 1)
            continue
        elif (style := _reading(mark, None, 1)) is not None and style != "maru":
            b.item(start, style, 1, off - start)
            continue
        # An item ends without 。, so after items a whole sentence on its own line opens the next paragraph.
        after_item = bool(para.children) and not _WRAPPED.search(previous_line) and _SENTENCE_END.search(s)
        if by_lines and (ended or after_item) and off - start <= indent:
            b.paragraph(start, para.number + 1)
    return b.paragraphs


def _bullet_item(b: _Builder, char: str, start: int, indent: int, after_sentence: bool, run: bool) -> bool:
    """Place a bulleted line: the next entry of a bullet run, the first sub-item of a numbered item, or
    the first entry of a new run — but only after a finished sentence or a colon, or when another bullet
    follows, since a hard wrap can put 「・」 of 「氏名・住所」 at a line start. True when placed."""
    style = "bullet" + char
    if b.item_style == style and indent <= b.item_indent:
        b.item(start, style, b.item_last + 1, indent)
    elif b.sub_style == style:
        b.subitem(start, style, b.sub_last + 1)
    elif b.item_style is not None and b.sub_style is None:
        b.subitem(start, style, 1)  # bullets under a numbered item (or indented under a bullet)
    elif b.item_style is None and (after_sentence or run):
        b.item(start, style, 1, indent)
    else:
        return False
    return True


def _next_bullet(line_texts, k: int, end: int, line_starts: list[int], char: str) -> bool:
    """The next non-blank line (from index ``k``) inside the body is a bullet of the same kind."""
    while k < len(line_starts) and line_starts[k] < end:
        _, s = line_texts[k]
        if s:
            bullet = read_bullet(s)
            return bullet is not None and bullet[0] == char
        k += 1
    return False


def _paragraph_reading(mark, number: int, style: str | None) -> str | None:
    for s, n in mark.readings:
        if n == number and s in PARAGRAPH_STYLES and (style is None or s == style):
            return s
    return None
