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
from kiyaku.analyzer.structure.numbering import ascii_digits, read_bullet, read_mark

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
# No sentence starts with a particle, a closing bracket or a small kana: such a line is the rest of the one
# before, broken by a hard wrap (「…時点」「をもって…」).
_CONTINUES = tuple("をにがへのや、，。）」』ぁぃぅぇぉっゃゅょゎー")
_KATAKANA = re.compile(r"[\u30a1-\u30fa]")
_GLUED_DOT = re.compile(r"([0-9０-９]{1,3})[.．](?=[0-9０-９])")  # 「3.3か月…」: paragraph 3, whose text starts 3か月
_EXPLANATION_LINES = 3  # unmarked lines an entry of a list may carry before the next entry
_LEAD = re.compile(r"(?:以下|次|下記)の|[:：]\s*$")  # a line that introduces a list, not a word on an entry


def _build(text: str, line_starts: list[int], line_texts: list[tuple[int, str]], first: int,
           body_start: int, end: int, *, by_lines: bool) -> list[Node]:
    return _Reader(text, line_starts, line_texts, end, by_lines).read(first, body_start)


class _Reader:
    """Reads a body line by line into a :class:`_Builder` (state: the paragraphs' style, the line before)."""

    def __init__(self, text, line_starts, line_texts, end: int, by_lines: bool):
        self.text, self.line_starts, self.line_texts = text, line_starts, line_texts
        self.end, self.by_lines = end, by_lines
        self.b = _Builder(end)
        self.paragraph_style: str | None = None
        # entries of the current item run that ended a sentence, and those that did not
        self.entries_ended = self.entries_open = 0
        self.ended = False  # the line before the current one ended a sentence

    def read(self, first: int, body_start: int) -> list[Node]:
        b, text, line_texts, line_starts = self.b, self.text, self.line_texts, self.line_starts
        b.paragraph(body_start, 1)
        # The body's first line may itself carry a mark: 1 / １． (a numbered first paragraph), an item or a bullet.
        off0, first_text = line_texts[first]
        previous = text[body_start : off0 + len(first_text)]
        at_line_start = body_start == off0
        indent0 = off0 - line_starts[first] if at_line_start else 0
        mark = read_mark(previous) if body_start >= off0 else None
        glued = False  # the line before was a mark alone (「(1)」 then its text on the next line)
        if mark is not None:
            style, number = mark.readings[0]
            if number == 1 and style in FIRST_PARAGRAPH_STYLES:
                self.paragraph_style = style
            elif _reading(mark, None, 1):
                b.item(body_start, _reading(mark, None, 1), 1, indent0)
            glued = mark.text_at >= len(previous)
        elif at_line_start and (bullet := read_bullet(first_text)) is not None and self.bullet_later(first + 1, bullet[0]):
            self.item(body_start, "bullet" + bullet[0], 1, indent0)  # a run right under the heading: 第1号 on
        # Lines indented deeper than the body's first line continue an item; they never open a paragraph.
        indent = max(1, indent0) if at_line_start else 1
        k = first + 1
        n = len(line_starts)
        while k < n and line_starts[k] < self.end:
            off, s = line_texts[k]
            start = line_starts[k]
            k += 1
            if not s:
                continue
            previous_line, previous = previous, s
            ended = self.ended = _SENTENCE_END.search(previous_line) is not None
            mark = read_mark(s)
            bullet = read_bullet(s) if mark is None else None
            if glued and mark is None and bullet is None:
                glued = False
                continue  # the text of the mark on the line before
            glued = mark is not None and mark.text_at >= len(s)
            para = b.paragraphs[-1]
            if bullet is not None and self.bullet(
                bullet[0], start, off - start, ended or previous_line.endswith((":", "：")), k
            ):
                continue
            if mark is None:
                if (self.paragraph_style == "dot" and (m := _GLUED_DOT.match(s))
                        and int(ascii_digits(m.group(1))) == para.number + 1):
                    b.paragraph(start, para.number + 1)
                    continue
            elif b.item_style and _reading(mark, b.item_style, b.item_last + 1) and not self.next_paragraph(
                mark, s, off - start, previous_line
            ):
                self.item(start, b.item_style, b.item_last + 1, off - start)
                continue
            elif b.sub_style and _reading(mark, b.sub_style, b.sub_last + 1):
                b.subitem(start, b.sub_style, b.sub_last + 1)
                continue
            elif (style := _paragraph_reading(mark, para.number + 1, self.paragraph_style)) is not None:
                self.paragraph_style = style
                self.paragraph(start, para.number + 1)
                continue
            elif b.item_style and (style := _reading(mark, None, 1)) and style != b.item_style:
                b.subitem(start, style, 1)
                continue
            elif (style := _reading(mark, None, 1)) is not None and style != "maru":
                self.item(start, style, 1, off - start)
                continue
            # An item ends without 。, so after items a whole sentence on its own line opens the next paragraph.
            after_item = bool(para.children) and not _WRAPPED.search(previous_line) and _SENTENCE_END.search(s)
            if self.by_lines and (ended or after_item) and off - start <= indent:
                if para.children and self.goes_on(s, previous_line, ended, k):
                    continue
                self.paragraph(start, para.number + 1)
        return b.paragraphs

    @property
    def run_sentences(self) -> bool:
        """The current item run's entries are sentences (most of those so far ended with 。)."""
        return self.entries_ended > self.entries_open

    def paragraph(self, start: int, number: int) -> None:
        self.b.paragraph(start, number)
        self.entries_ended = self.entries_open = 0

    def item(self, start: int, style: str, number: int, indent: int) -> None:
        if number == 1:
            self.entries_ended = self.entries_open = 0
        elif self.ended:
            self.entries_ended += 1
        else:
            self.entries_open += 1
        self.b.item(start, style, number, indent)

    def next_paragraph(self, mark, s: str, indent: int, previous_line: str) -> bool:
        """A mark that carries both the next item's and the next paragraph's number, where paragraphs and
        items are numbered alike (1. … 1. …): the paragraph when it is set out less deep than the items, or
        when it is a whole sentence after a list of phrases (「…場合」 entries, then 「7. 当社は…。」)."""
        style, b = self.paragraph_style, self.b
        if not (style and _paragraph_reading(mark, b.paragraphs[-1].number + 1, style)):
            return False
        if indent < b.item_indent:
            return True
        return (style == b.item_style and not self.run_sentences and _SENTENCE_END.search(s) is not None
                and _SENTENCE_END.search(previous_line) is None)

    def goes_on(self, s: str, previous_line: str, ended: bool, k: int) -> bool:
        """An unmarked line after an item that would open the next paragraph belongs to the item instead:
        the rest of a wrapped line (it starts with a particle, or with the katakana of a word broken in two;
        or the entries are sentences and the line before did not end one), or an explanation after which the
        list goes on (the next entry of the run, or a sub-list of the item, follows)."""
        if not ended and (s.startswith(_CONTINUES) or self.run_sentences
                          or (_KATAKANA.match(s) and _KATAKANA.match(previous_line[-1:]))):
            return True
        if _LEAD.search(s):
            return False
        return self.list_goes_on(k, sublist=ended)

    def list_goes_on(self, k: int, sublist: bool) -> bool:
        """The next entry of the current run (or, with ``sublist``, the first of a sub-list) follows from
        line ``k`` on, after at most a few more unmarked lines none of which introduces a list."""
        b = self.b
        unmarked = 0
        while k < len(self.line_starts) and self.line_starts[k] < self.end:
            off, s = self.line_texts[k]
            k += 1
            if not s:
                continue
            mark = read_mark(s)
            if mark is None:
                bullet = read_bullet(s)
                if bullet is None:
                    unmarked += 1
                    if unmarked > _EXPLANATION_LINES or _LEAD.search(s):
                        return False
                    continue
                indent = off - self.line_starts[k - 1]
                return b.item_style == "bullet" + bullet[0] and indent <= b.item_indent
            if _reading(mark, b.item_style, b.item_last + 1):
                return True
            style = _reading(mark, None, 1)
            return sublist and style is not None and style != b.item_style and b.sub_style is None
        return False

    def bullet(self, char: str, start: int, indent: int, after_sentence: bool, k: int) -> bool:
        """Place a bulleted line: the next entry of a bullet run, the first sub-item of a numbered item, or
        the first entry of a new run — but only after a finished sentence or a colon, or when another bullet
        follows, since a hard wrap can put 「・」 of 「氏名・住所」 at a line start. True when placed."""
        b = self.b
        style = "bullet" + char
        if b.item_style == style and indent <= b.item_indent:
            self.item(start, style, b.item_last + 1, indent)
        elif b.sub_style == style:
            b.subitem(start, style, b.sub_last + 1)
        elif b.item_style is not None and b.sub_style is None:
            b.subitem(start, style, 1)  # bullets under a numbered item (or indented under a bullet)
        elif b.item_style is None and (after_sentence or _next_bullet(self.line_texts, k, self.end, self.line_starts, char)):
            self.item(start, style, 1, indent)
        else:
            return False
        return True


    def bullet_later(self, k: int, char: str) -> bool:
        """Another bullet of the kind ``char`` starts a line of the body from line ``k`` on (a lone bullet is
        no list; the first entry of a run may wrap onto lines of its own)."""
        while k < len(self.line_starts) and self.line_starts[k] < self.end:
            _, s = self.line_texts[k]
            k += 1
            if s and (bullet := read_bullet(s)) is not None and bullet[0] == char:
                return True
        return False


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
