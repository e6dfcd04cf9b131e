"""STRUCTURE: split a document's text into its tree — title, 目次, 前文, 章/節, 条 (or numbered headings),
項, 号, 附則, 別表 — with exact character spans.

The top-level parts tile the text (no gap, no overlap), so every offset has a place. The work is
line-based and linear: each line is read once for the heading it may start (``headings``), the
document is then judged numbered by 第N条 ("article"), by numbered or marked-up headings ("heading") or
by nothing ("none"), and each article's body is split into paragraphs and items (``paragraphs``).

Labels of unnumbered headings (markdown ``## 定義`` or HTML ``<h2>定義</h2>`` with no number) are their
titles, which is how a Japanese reader names such a section (「『定義』の項」); numbered ones use the
number as written (``1``, ``2.3``). Where each chapter numbers its articles from 1 again, an article's
label carries its chapter (``第2章第1条``), so that every label names one place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kiyaku.analyzer.structure.headings import (
    SPACE,
    HeadingMatch,
    NumberedHeading,
    is_toc_marker,
    looks_like_title,
    match_numbered,
    match_structural,
    strip_decoration,
    strip_leaders,
    title_line,
    toc_key,
)
from kiyaku.analyzer.model import ARTICLE_KINDS, Document, Node
from kiyaku.analyzer.structure.numbering import read_bullet, read_mark
from kiyaku.analyzer.structure.paragraphs import split_body
from kiyaku.analyzer.structure.parts import SIGNATURE, closing_kind, find_parts, part_title

_LINE_END = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INDENT = SPACE + "\ufeff"
_SENTENCE_END = "。｡」）)』】．.!?！？"  # ｡: the half-width full stop of some pages
_NOT_A_TITLE = re.compile(
    r"^(?:制定|改定|改訂|最終|更新|施行|発効|作成|公表|\d{4}\s*年|令和|平成|昭和|[0-9０-９]{4}[/\-.年])"
)


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line
    at: int  # offset of its first non-space character (== end when blank)
    end: int  # offset where its content ends (before the line break)
    text: str  # text[at:end] without trailing spaces


@dataclass(slots=True)
class _Block:
    """A top-level or division part as found, before spans are fixed: where it starts and what it is."""

    kind: str
    line: int
    start: int
    label: str | None = None
    title: str | None = None
    body_at: int | None = None  # absolute offset where body text starts on the heading line


def _split_lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        content = chunk.rstrip(_LINE_END)
        end = pos + len(content)
        i = pos
        while i < end and text[i] in _INDENT:
            i += 1
        lines.append(_Line(pos, i, end, text[i:end].rstrip(_INDENT)))
        pos += len(chunk)
    return lines


def parse(text: str, headings: list[tuple[int, int, int]] | None = None) -> Document:
    """The document tree of ``text``. ``headings``: (start, end, level) spans the loader found marked up."""
    if not text:
        return Document(text, [], None, "none")
    lines = _split_lines(text)
    structural = [match_structural(ln.text) if ln.text else None for ln in lines]
    hints = _hint_levels([ln.start for ln in lines], lines, headings or [])
    in_toc, _ = _find_tocs(lines, structural)
    heads = _article_headings(lines, structural, in_toc)
    if heads:
        cuts = find_parts(lines, structural, in_toc, heads, hints)
    else:  # numbered headings: only what trails the last of them can be a part
        title_idx = _find_title(lines, structural, hints, in_toc)
        blocks = [b for b in _numbered_headings(lines, structural, hints, in_toc, title_idx) if b.kind == "article"]
        cuts = find_parts(
            lines,
            structural,
            in_toc,
            [],
            hints,
            last=blocks[-1].line if blocks else None,
            restarts=_restarted_headings(lines, blocks, in_toc),
        )
    if not cuts:
        doc = _parse_part(text, headings)
        _number_repeated_labels(doc)
        return doc
    bounds = [0] + [lines[i].start for i, _ in cuts] + [len(text)]
    first = _parse_part(text[: bounds[1]], _shifted(headings, 0, bounds[1]))
    parts = list(first.parts)
    for (_, title), start, end in zip(cuts, bounds[1:], bounds[2:]):
        sub = _parse_part(text[start:end], _shifted(headings, start, end), title_first=True)
        parts.append(_graft(sub, title, start))
    doc = Document(text, parts, first.title, first.numbered_by, appended=list(bounds[1:-1]))
    _number_repeated_labels(doc)
    return doc


def _number_repeated_labels(doc: Document) -> None:
    """A label that is still used twice (a misnumbered 第4条 twice, two sections with the same title)
    names its later units by their rank: 「第4条（2つ目）」, so every label names one place."""
    seen: dict[str, int] = {}
    for unit in doc.articles():
        count = seen.get(unit.label, 0) + 1
        seen[unit.label] = count
        if count > 1:
            unit.label = f"{unit.label}（{count}つ目）"


def _restarted_headings(lines: list[_Line], blocks: list[_Block], in_toc) -> list[tuple[int, int]]:
    """(previous heading, line) for each line numbered 1 in the style of the document's headings that comes
    after them and was not taken for one: where an appended document starts its own numbering."""
    if len(blocks) < 2:
        return []
    first = match_numbered(lines[blocks[0].line].text)
    if first is None:
        return _named_between_titles(lines, blocks, in_toc)
    taken = [b.line for b in blocks]
    out = []
    for i in range(taken[0] + 1, len(lines)):
        if not lines[i].text or in_toc[i] or i in taken:
            continue
        nh = match_numbered(lines[i].text)
        if nh is not None and nh.style == first.style and nh.key == (1,):
            out.append((max(t for t in taken if t < i), i))
    return out


def _named_between_titles(lines: list[_Line], blocks: list[_Block], in_toc) -> list[tuple[int, int]]:
    """(heading, next heading) around a line that names a document (「…会員規約」, not marked up as the
    titled headings are) followed by a sentence of its own: where an appended document starts, its sections
    titled again (a title of the first document comes again after it)."""
    out = []
    for k, (a, b) in enumerate(zip(blocks, blocks[1:])):
        if not {x.label for x in blocks[: k + 1]} & {x.label for x in blocks[k + 1:]}:
            continue
        for i in range(a.line + 1, b.line):
            name = part_title(lines[i].text) if lines[i].text and not in_toc[i] else None
            if name is None or not _NAMES_A_DOCUMENT.search(name):
                continue
            j = _next_text_line(lines, i)
            if j < b.line and lines[j].text.endswith(("。", "｡")):
                out.append((a.line, b.line))
                break
    return out


def _shifted(headings, start: int, end: int) -> list[tuple[int, int, int]]:
    out = []
    for span in headings or []:
        try:
            s, e, level = int(span[0]), int(span[1]), int(span[2])
        except (TypeError, ValueError, IndexError):
            continue
        if start <= s < end:
            out.append((s - start, min(e, end) - start, level))
    return out


def _graft(sub: Document, title: str, offset: int) -> Node:
    """One appended part as a division labelled by its title; its units carry the title (「家族カード特約第3条」)."""
    for part in sub.parts:
        for node in part.walk():
            node.start += offset
            node.end += offset
            if node.heading_end is not None:
                node.heading_end += offset
    head = sub.parts[0]
    rest = sub.parts[1:] if head.kind == "title" else sub.parts
    head_end = head.end if head.kind == "title" else head.start
    units = [n for p in rest for n in p.walk() if n.kind in ARTICLE_KINDS]
    if all(u.kind == "preamble" for u in units) and all(p.kind in ARTICLE_KINDS or p.kind == "toc" for p in rest):
        # nothing numbered inside: the part is one unit, named by its title
        start = sub.parts[0].start
        end = sub.parts[-1].end
        children = [c for p in rest for c in p.children if c.kind == "paragraph"]
        return Node("appendix", start, end, label=title, title=title, heading_end=head_end, children=children)
    for unit in units:
        unit.label = f"{title}{unit.label}"
    return Node(
        "chapter", sub.parts[0].start, sub.parts[-1].end, label=title, title=title, heading_end=head_end, children=rest
    )


def _parse_part(
    text: str, headings: list[tuple[int, int, int]] | None = None, *, title_first: bool = False
) -> Document:
    if not text:
        return Document(text, [], None, "none")
    lines = _split_lines(text)
    starts = [ln.start for ln in lines]
    structural = [match_structural(ln.text) if ln.text else None for ln in lines]
    hints = _hint_levels(starts, lines, headings or [])
    in_toc, tocs = _find_tocs(lines, structural)
    if title_first:
        title_idx = next(i for i, ln in enumerate(lines) if ln.text)
        structural[title_idx] = None
    else:
        title_idx = _find_title(lines, structural, hints, in_toc)

    # 第N条 inside 附則 or 別表 (施行期日 and the like) do not make the document numbered by articles
    tail = next(
        (
            i
            for i, h in enumerate(structural)
            if h is not None and not in_toc[i] and h.kind in ("supplementary", "appendix")
        ),
        len(lines),
    )
    articles = [i for i in _article_headings(lines, structural, in_toc) if i < tail]
    _mark_numbered_sections(lines, structural, in_toc, set(articles), title_idx)
    numbered_by = "article"
    heading_blocks: list[_Block] = []
    if not articles:
        heading_blocks = _numbered_headings(lines, structural, hints, in_toc, title_idx)
        numbered_by = "heading" if heading_blocks else "none"

    blocks = _collect_blocks(text, lines, structural, in_toc, tocs, title_idx, set(articles), heading_blocks)
    parts = _build_tree(text, lines, starts, blocks)
    if not any(n.kind == "paragraph" and n.number > 1 for part in parts for n in part.walk()):
        # Not one paragraph in the document is numbered: its authors break paragraphs by lines instead.
        parts = _build_tree(text, lines, starts, blocks, by_lines=True)
    _name_restarted_articles(parts)
    _units_for_division_text(text, lines, starts, parts)
    title = None
    title_idx = next((b.line for b in blocks if b.kind == "title"), None)  # the found one, or 【…】 above 第1条
    if title_idx is not None:
        title = strip_decoration(lines[title_idx].text)[0].strip(SPACE + "*【】[]") or None
    return Document(text, parts, title, numbered_by)


# --- hints ------------------------------------------------------------------------------------------


def _hint_levels(starts: list[int], lines: list[_Line], headings) -> dict[int, int]:
    """Line index → heading level, for the headings the container marked up."""
    out: dict[int, int] = {}
    for span in headings:
        try:
            s, e, level = int(span[0]), int(span[1]), int(span[2])
        except (TypeError, ValueError, IndexError):
            continue
        if not (0 <= s < e) or not starts:
            continue
        i = bisect.bisect_right(starts, s) - 1
        # the first non-blank line that the span touches
        while 0 <= i < len(lines) and not lines[i].text and lines[i].start < e:
            i += 1
        if 0 <= i < len(lines) and lines[i].start < e:
            out.setdefault(i, level)
    return out


# --- table of contents ------------------------------------------------------------------------------


def _is_entry(s: str) -> bool:
    s = strip_leaders(s)
    return 0 < len(s) <= 60 and "。" not in s


def _find_tocs(lines: list[_Line], structural) -> tuple[list[bool], list[tuple[int, int]]]:
    """目次 blocks: after a 目次 line, or a run of body-less headings that all come again later."""
    n = len(lines)
    in_toc = [False] * n
    tocs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if lines[i].text and is_toc_marker(lines[i].text):
            end = _toc_end_after_marker(lines, i)
            if end > i + 1:
                _mark_toc(in_toc, tocs, i, end)
                i = end
                continue
        i += 1
    _find_unmarked_tocs(lines, structural, in_toc, tocs)
    _find_numbered_tocs(lines, structural, in_toc, tocs)
    tocs.sort()
    return in_toc, tocs


def _listed_again(key: str, seen: dict[str, str], chapter: str) -> bool:
    """``key`` was listed before — the text proper starts again — unless it is an article listed before
    under another chapter, in a document whose chapters each number their articles from 1."""
    if key not in seen:
        return False
    return not (key.startswith("article:") and chapter and seen[key] and seen[key] != chapter)


def _toc_end_after_marker(lines: list[_Line], marker: int) -> int:
    seen: dict[str, str] = {}  # key → the chapter entry it was listed under
    chapter = ""
    last_entry = None
    j = marker + 1
    n = len(lines)
    while j < n:
        s = lines[j].text
        if not s:
            j += 1
            continue
        if _is_entry(s):
            key = toc_key(s)
            if _listed_again(key, seen, chapter):
                return _back_over_title(lines, j, last_entry)
            if key.startswith("chapter:"):
                chapter = key
            seen[key] = chapter
            last_entry = j
            j += 1
            continue
        # body text: the TOC ended before it, or before the heading line just above it
        if last_entry is None:
            return marker + 1
        if last_entry == j - 1 or _restarts(lines[last_entry].text, seen):
            return _back_over_title(lines, last_entry, None) if last_entry > marker + 1 else last_entry
        return j
    return n


def _restarts(entry: str, seen: set[str]) -> bool:
    """An article entry numbered no higher than one listed before it starts the real text again."""
    h = match_structural(entry)
    if h is None or h.kind != "article" or h.number is None:
        return False
    numbers = [int(k.split("第")[1].split("条")[0]) for k in seen if k.startswith("article:第")]
    return len(numbers) <= 1 or h.number < max(numbers)


def _back_over_title(lines: list[_Line], j: int, floor: int | None) -> int:
    """Move ``j`` up over a （目的） line that belongs to the heading at ``j``."""
    if j - 1 > (floor if floor is not None else -1) and title_line(lines[j - 1].text):
        return j - 1
    return j


def _find_unmarked_tocs(lines: list[_Line], structural, in_toc: list[bool], tocs: list) -> None:
    """A list of 第N条（…） lines with no bodies, followed later by the same headings with bodies."""
    n = len(lines)
    later: dict[str, list[int]] = {}
    keyed: dict[int, str] = {}
    for i in range(len(lines)):
        h = structural[i]
        if h is not None and not in_toc[i]:
            key = f"{h.kind}:{h.label}"
            keyed[i] = key
            later.setdefault(key, []).append(i)
    i = 0
    while i < n:
        h = structural[i]
        if h is None or in_toc[i] or h.body_at is not None or h.kind not in ("article", "chapter"):
            i += 1
            continue
        run: list[int] = []
        seen: dict[str, str] = {}
        chapter = ""
        j = i
        while j < n:
            s = lines[j].text
            if not s or title_line(s):
                j += 1
                continue
            hj = structural[j]
            if hj is None or in_toc[j] or hj.body_at is not None or _listed_again(keyed[j], seen, chapter):
                break
            if not _bodiless(lines, structural, j):
                break
            if hj.kind == "chapter":
                chapter = keyed[j]
            seen[keyed[j]] = chapter
            run.append(j)
            j += 1
        arts = [k for k in run if structural[k].kind == "article"]
        if len(arts) >= 2:
            last = run[-1]
            again = sum(1 for k in arts if later[keyed[k]][-1] > last)
            if again * 2 >= len(arts):
                end = last + 1
                while end < n and not lines[end].text:
                    end += 1
                _mark_toc(in_toc, tocs, run[0], end)
                i = end
                continue
        i = max(j, i + 1)


def _mark_toc(in_toc: list[bool], tocs: list, start: int, end: int) -> None:
    tocs.append((start, end))
    for k in range(start, end):
        in_toc[k] = True


def _find_numbered_tocs(lines: list[_Line], structural, in_toc: list[bool], tocs: list) -> None:
    """An unmarked list of numbered titles (「1. はじめに」 … 「16. お問い合わせ」, a printed page's 目次)
    counting 1, 2, 3 … with no text between them, whose every line comes again later in the document
    (where each heads its text): a 目次, not the first clauses of the 前文."""
    n = len(lines)
    i = 0
    while i < n:
        run: list[int] = []
        j = i
        while j < n and not in_toc[j] and structural[j] is None:
            if not lines[j].text:
                j += 1
                continue
            nh = match_numbered(lines[j].text)
            if (
                nh is None
                or nh.style not in _TOC_STYLES
                or nh.body_at is not None
                or nh.title is None
                or len(nh.key) != 1
                or nh.key[0] != len(run) + 1
            ):
                break
            run.append(j)
            j += 1
        if len(run) >= 3 and _headed_again(lines, run, j):
            end = run[-1] + 1
            _mark_toc(in_toc, tocs, run[0], end)
            i = end
            continue
        i = max(j, i + 1)


_TOC_STYLES = ("dot", "dai", "bracket", "article_en", "upper_roman")  # section numbers; (1) numbers items


def _headed_again(lines: list[_Line], run: list[int], after: int) -> bool:
    """Every line of ``run`` comes again after ``after``, in the same order, each with text under it
    before the next (headings of sections, not a list repeated word for word)."""
    at = after
    for k in run:
        at = next((m for m in range(at, len(lines)) if lines[m].text == lines[k].text), None)
        if at is None:
            return False
        body = next((m for m in range(at + 1, len(lines)) if lines[m].text), None)
        if body is None and k != run[-1] or body is not None and any(lines[body].text == lines[r].text for r in run):
            return False
        at += 1
    return True


def _bodiless(lines: list[_Line], structural, i: int) -> bool:
    """The heading at ``i`` is followed (after blanks) by another heading, not by its text."""
    j = i + 1
    while j < len(lines) and not lines[j].text:
        j += 1
    return j < len(lines) and (structural[j] is not None or title_line(lines[j].text) is not None)


# --- title ------------------------------------------------------------------------------------------


def _find_title(lines: list[_Line], structural, hints: dict[int, int], in_toc: list[bool]) -> int | None:
    for i, ln in enumerate(lines):
        if not ln.text:
            continue
        if in_toc[i] or structural[i] is not None or title_line(ln.text):
            return None
        s, _, level = strip_decoration(ln.text)
        s = s.strip(SPACE + "*")
        if not s or len(s) > 80 or "。" in s or ("、" in s and len(s) > 20) or _NOT_A_TITLE.match(s):
            return None
        nh = match_numbered(ln.text)
        if nh is not None and ((not level and i not in hints) or _numbered_on(lines, i, nh)):
            return None  # 「## 1. サービスの利用」 followed by 「## 2. …」 is the first section, not the title
        if read_mark(s) is not None and not level and i not in hints:
            return None
        if not _NAMES_A_DOCUMENT.search(s) and _marked_like_a_later_heading(lines, i, hints) \
                and _followed_by_body(lines, i):
            return None  # 「■…について」 with its text, marked as the sections after it are: the first section
        return i
    return None


_NAMES_A_DOCUMENT = re.compile(
    r"(?:規約|規定|規程|細則|特約|約款|条項|ポリシー|方針|ガイドライン|契約|ルール|利用条件|ご案内|お知らせ|注意事項|ご注意)$"
)


def _marked_like_a_later_heading(lines: list[_Line], i: int, hints: dict[int, int]) -> bool:
    """A later line is marked up at the same heading level, or starts with the same bullet (■, ◆, …)."""
    first = lines[i].text
    if i in hints:
        return any(hints.get(j) == hints[i] for j in range(i + 1, len(lines)))
    if first[0] not in _BULLETS:
        return False
    return any(ln.text.startswith(first[0]) and looks_like_title(ln.text[1:]) for ln in lines[i + 1:])


def _numbered_on(lines: list[_Line], i: int, nh: NumberedHeading) -> bool:
    """A later line carries the next number in the same style as the heading at ``i``."""
    for ln in lines[i + 1 :]:
        if ln.text:
            other = match_numbered(ln.text)
            if other is not None and other.style == nh.style and other.key[:1] == (nh.key[0] + 1,):
                return True
    return False


# --- article headings (第N条) ------------------------------------------------------------------------


def _article_headings(lines: list[_Line], structural, in_toc: list[bool]) -> list[int]:
    """Lines that head an article. A heading with its body on the same line and no bracketed title is
    accepted only where a heading can stand: after a finished sentence, a blank, another heading, or
    with the next expected number (a cross-reference put at a line start by a hard wrap is none of these)."""
    out = []
    last_number = 0
    prev_text = ""
    prev_structural = True
    for i, ln in enumerate(lines):
        if not ln.text:
            prev_text, prev_structural = "", True
            continue
        h = structural[i]
        if h is not None and h.kind == "article" and not in_toc[i]:
            strong = h.bracketed or h.body_at is None
            after_break = (
                prev_structural
                or not prev_text
                or prev_text.endswith(tuple(_SENTENCE_END))
                or title_line(prev_text) is not None
            )
            if strong or after_break or h.number == last_number + 1:
                out.append(i)
                last_number = h.number or last_number
                prev_text, prev_structural = ln.text, True
                continue
        prev_text, prev_structural = ln.text, h is not None
    return out


def _mark_numbered_sections(
    lines: list[_Line], structural, in_toc: list[bool], articles: set[int], title_idx: int | None
) -> None:
    """「第１　総則」 right above a 第N条 heading, in a document numbered by articles: a section written without
    the word 節 (the articles that follow belong to it), not text of the article before it."""
    if not articles:
        return
    for i, ln in enumerate(lines):
        if not ln.text or in_toc[i] or i == title_idx or structural[i] is not None:
            continue
        nh = match_numbered(ln.text)
        if nh is None or nh.style != "dai" or nh.body_at is not None or not nh.title:
            continue
        if _next_text_line(lines, i) in articles:
            structural[i] = HeadingMatch("section", f"第{nh.label}", nh.key[0], nh.title, None)


# --- numbered headings (documents without 第N条) ----------------------------------------------------

_PRIMARY = ("dai", "bracket", "article_en", "dot", "bare", "upper_roman")
_MINOR = ("paren", "rparen")


def _numbered_headings(
    lines: list[_Line], structural, hints: dict[int, int], in_toc: list[bool], title_idx: int | None
) -> list[_Block]:
    strong = _strong_headings(lines, structural, hints, in_toc, title_idx)
    if strong:
        return strong
    cands: dict[str, list[tuple[int, NumberedHeading]]] = {}
    loose: dict[str, list[tuple[int, NumberedHeading]]] = {}
    for i, ln in enumerate(lines):
        if not ln.text or in_toc[i] or i == title_idx or structural[i] is not None:
            continue
        nh = match_numbered(ln.text)
        if nh is None:
            continue
        loose.setdefault(nh.style, []).append((i, nh))
        if nh.body_at is None:
            cands.setdefault(nh.style, []).append((i, nh))
    for styles, pool, minimum in ((_PRIMARY, cands, 2), (_MINOR, cands, 2), (_PRIMARY, loose, 3), (_MINOR, loose, 3)):
        best = None
        for style in styles:
            accepted, rejected = _in_sequence(lines, pool.get(style, []))
            score = len(accepted) - rejected
            if len(accepted) < minimum or score <= 0 or not _shaped_like_headings(lines, accepted, pool is cands):
                continue
            if best is None or score > best[0]:
                best = (score, style, accepted)
        if best is not None:
            accepted = best[2]
            # (1)… lists that start again at (1) inside sections titled 【…】 / ■… / bare lines are items of
            # those sections; one run of (1) lines is taken for the sections (the titles then group them)
            taken = {i for i, _ in accepted}
            restarted = any(nh.key == (1,) and i not in taken for i, nh in loose.get(best[1], []))
            if best[1] in _MINOR and restarted:
                titled = _marked_titles(lines, structural, in_toc, title_idx, lists=True)
                if len(titled) < 2:
                    titled = _bare_titles(lines, structural, in_toc, title_idx, lists=True)
                if len(titled) >= 2 and titled[0][0] < accepted[0][0]:
                    return _heading_levels(lines, titled)
            chapters: list[_Block] = []
            if pool is cands:
                accepted = _with_subsections(accepted, cands.get("dotted", []))
                chapters = _chapters_above(lines, cands, best[1], {i for i, _ in accepted})
            return sorted(chapters + [_numbered_block(lines, i, nh) for i, nh in accepted], key=lambda b: b.line)
    dotted = cands.get("dotted", [])
    accepted, rejected = _in_sequence(lines, dotted)
    if len(accepted) >= 2 and len(accepted) > rejected:
        return [_numbered_block(lines, i, nh) for i, nh in accepted]
    marked = _marked_titles(lines, structural, in_toc, title_idx)
    if len(marked) < 2:
        marked = _bare_titles(lines, structural, in_toc, title_idx)
    return _heading_levels(lines, marked)


def _chapters_above(lines: list[_Line], cands, chosen: str, heads: set[int]) -> list[_Block]:
    """Headings of another numbering style, each right above one of the chosen headings (「Ⅰ　総則」 over
    「1. 目的」): the chapters that group them."""
    for style in _PRIMARY:
        if style == chosen:
            continue
        found, _ = _in_sequence(lines, cands.get(style, []))
        if len(found) < 2:
            continue
        if all(_next_text_line(lines, i) in heads for i, _ in found):
            return [_Block("chapter", i, lines[i].start, lines[i].text[:40], nh.title) for i, nh in found]
    return []


def _next_text_line(lines: list[_Line], i: int) -> int:
    j = i + 1
    while j < len(lines) and not lines[j].text:
        j += 1
    return j


def _in_sequence(lines: list[_Line], cands: list[tuple[int, NumberedHeading]]):
    """Headings whose numbers go up (1, 2, 3, skipping at most one); a run that restarts at 1 after a
    heading is a list of items, and its members are not taken for headings even where they fit."""
    accepted: list[tuple[int, NumberedHeading]] = []
    rejected = 0
    last: tuple[int, ...] = ()
    list_last = 0
    for i, nh in cands:
        key = nh.key
        if not accepted:
            ok = key[0] <= 3
        elif len(key) == 1 and len(last) == 1:
            ok = last[0] < key[0] <= last[0] + 2
            if ok and list_last and key[0] == list_last + 1:
                ok = _followed_by_body(lines, i)  # an item of the list, unless a body follows it
        else:
            ok = key > last and key[0] <= last[0] + 2
        if ok:
            accepted.append((i, nh))
            last = key
            list_last = 0
        elif key[-1] == 1 or key[-1] == list_last + 1:
            list_last = key[-1]  # a list of items: expected, not held against the style
        else:
            rejected += 1
    return accepted, rejected


_LEAD_IN = ("次の", "以下の", "下記", "掲げる", "次に")


def _shaped_like_headings(lines: list[_Line], accepted, titled: bool) -> bool:
    """Headings have text between them; a run of marked lines one after another is a list of items.
    Untitled numbered sentences count as sections only when no sentence leads into them as a list."""
    if titled:
        with_body = sum(1 for i, _ in accepted if _followed_by_body(lines, i, sub_headings=True))
        return with_body * 2 >= len(accepted)
    j = accepted[0][0] - 1
    while j >= 0 and not lines[j].text:
        j -= 1
    if j < 0:
        return True
    lead = lines[j].text
    return not (lead.endswith((":", "：")) or any(w in lead for w in _LEAD_IN))


def _followed_by_body(lines: list[_Line], i: int, sub_headings: bool = False) -> bool:
    """The next non-blank line is text, not another mark (with ``sub_headings``: or a 1.1 heading)."""
    j = i + 1
    while j < len(lines) and not lines[j].text:
        j += 1
    if j >= len(lines):
        return False
    nh = match_numbered(lines[j].text)
    if sub_headings and nh is not None and nh.style == "dotted":
        return True
    return read_mark(lines[j].text) is None and nh is None


def _with_subsections(main, dotted):
    """Add 1.1-style headings under the main ones: 1. then 1.1, 1.2 are all articles."""
    if not dotted:
        return main
    out = []
    majors = {i: nh.key[0] for i, nh in main}
    merged = sorted(main + dotted, key=lambda x: x[0])
    current = None
    last_sub: tuple[int, ...] = ()
    for i, nh in merged:
        if i in majors and nh.style != "dotted":
            current = majors[i]
            last_sub = ()
            out.append((i, nh))
        elif current is not None and nh.key[0] == current and nh.key > last_sub:
            last_sub = nh.key
            out.append((i, nh))
    return out


def _numbered_block(lines: list[_Line], i: int, nh: NumberedHeading) -> _Block:
    ln = lines[i]
    body_at = ln.at + nh.body_at if nh.body_at is not None else None
    return _Block("article", i, ln.start, nh.label, nh.title, body_at)


_FULL_DATE = re.compile(
    r"年[ \t\u3000]*[0-9０-９]{1,2}[ \t\u3000]*月[ \t\u3000]*[0-9０-９]{1,2}[ \t\u3000]*日|[0-9]{4}[/.-][0-9]{1,2}[/.-][0-9]{1,2}"
)


def _strong_headings(
    lines: list[_Line], structural, hints: dict[int, int], in_toc: list[bool], title_idx: int | None
) -> list[_Block]:
    """Headings marked up as such (markdown #'s, HTML/DOCX heading hints): numbered or not."""
    found = []  # (line, level, NumberedHeading | None, text)
    for i, ln in enumerate(lines):
        if not ln.text or in_toc[i] or i == title_idx or structural[i] is not None:
            continue
        rest, _, level = strip_decoration(ln.text)
        level = hints.get(i, level)
        if not level:
            continue
        text = rest.strip(SPACE + "*")
        if not text or (closing_kind(text) == "end" and _FULL_DATE.search(text)):
            continue  # 「2019年4月15日発効」 marked up as a heading is a date, not a section
        found.append((i, level, match_numbered(ln.text), text))
    return _heading_levels(lines, found)


def _heading_levels(lines: list[_Line], found) -> list[_Block]:
    """Articles from (line, level, NumberedHeading | None, text) headings; shallower levels are chapters."""
    if len(found) < 2:
        return []
    # A level used once is no level of sections (the page's one <h1> title, under a breadcrumb).
    levels = sorted(lv for lv in {f[1] for f in found} if sum(1 for f in found if f[1] == lv) >= 2)
    if not levels:
        return []
    chosen = levels[0]
    for level in levels:  # the shallowest level whose headings are mostly numbered, if any
        at = [f for f in found if f[1] == level]
        if sum(1 for f in at if f[2] is not None) * 2 > len(at):
            chosen = level
            break
    first = min(f[0] for f in found if f[1] == chosen)
    blocks = []
    heading_lines = {f[0] for f in found}
    last_major = 0
    for i, level, nh, text in found:
        if level < chosen and i < first and sum(1 for f in found if f[1] == level) == 1:
            continue  # the document's title above its sections: it stays in the 前文
        if level < chosen and nh is not None and len(nh.key) == 1 and last_major and nh.key[0] == last_major + 1:
            level = chosen  # 15, then 「16」 marked up one level higher, then 17: the page's slip, one sequence
        if level == chosen and nh is not None:
            last_major = nh.key[0]
        if level < chosen and _next_text_line(lines, i) in heading_lines | {len(lines)}:
            blocks.append(_Block("chapter", i, lines[i].start, text[:40], text))
        elif level < chosen:  # a shallower heading with text of its own: that text is a unit too
            label = nh.label if nh is not None else text[:40]
            blocks.append(_Block("article", i, lines[i].start, label, (nh.title if nh is not None else text) or None))
        elif level == chosen:
            if nh is not None:
                blocks.append(_Block("article", i, lines[i].start, nh.label, nh.title or None))
            else:
                label = text[:40]
                blocks.append(_Block("article", i, lines[i].start, label, text))
        elif nh is not None and nh.style == "dotted":
            blocks.append(_Block("article", i, lines[i].start, nh.label, nh.title))
    return blocks


_BULLETS = "■□◆◇●◎▼▶►◼♦"
_TITLE_BRACKETS = {"【": "】", "＜": "＞", "<": ">", "〈": "〉", "《": "》", "［": "］", "[": "]", "〔": "〕"}


def _marked_titles(lines: list[_Line], structural, in_toc: list[bool], title_idx: int | None, lists: bool = False):
    """Unnumbered headings set off by brackets or a bullet (【禁止事項】, ＜退会＞, ■ 退会): used when nothing
    else marks sections. Each must be followed by text, or it is an entry of a list (with ``lists``: a
    bracketed title may open with a numbered list, 〈注意事項〉 then (1)…)."""
    found = []
    for i, ln in enumerate(lines):
        if not ln.text or in_toc[i] or i == title_idx or structural[i] is not None:
            continue
        s = ln.text
        if s[0] in _TITLE_BRACKETS and s.endswith(_TITLE_BRACKETS[s[0]]) and s.count(s[0]) == 1:
            text = s[1:-1].strip(SPACE)
        elif s[0] in _BULLETS:
            text = s[1:].strip(SPACE)
        else:
            continue
        if not found and _opens_title_block(lines, i):
            continue  # 【キャンペーン名】 then 応募規約 on the first lines: the document's title, not a section
        opens = _followed_by_body(lines, i) or (lists and s[0] in _TITLE_BRACKETS and _opens_a_list(lines, i))
        if text and looks_like_title(text) and opens and match_numbered(text) is None:
            found.append((i, s[0], None, text))
    # The mark of the first title is the sections' mark; titles marked otherwise (【通知する情報】 under ■ titles)
    # head parts of a section, unless the first mark is used once only.
    top = found[0][1] if found else None
    if sum(1 for f in found if f[1] == top) < 2:
        top = None
    return [(i, 9 if top is None or mark == top else 10, nh, text)
            for i, mark, nh, text in found]


def _opens_title_block(lines: list[_Line], i: int) -> bool:
    """Line ``i`` is the document's first line and the next one is a short title too, not a sentence."""
    if any(ln.text for ln in lines[:i]):
        return False
    j = _next_text_line(lines, i)
    return j < len(lines) and looks_like_title(lines[j].text) and len(lines[j].text) <= _BARE_TITLE_MAX \
        and read_mark(lines[j].text) is None and read_bullet(lines[j].text) is None


def _opens_a_list(lines: list[_Line], i: int) -> bool:
    """The next non-blank line starts with a number mark ((1), 1., ①): the title's section opens with a list."""
    j = _next_text_line(lines, i)
    return j < len(lines) and read_mark(lines[j].text) is not None


_BARE_TITLE_MAX = 30
_NOT_BARE_TITLE_END = ("は", "が", "を", "の", "も", "や", "、", "，", ":", "：")


def _bare_titles(lines: list[_Line], structural, in_toc: list[bool], title_idx: int | None, lists: bool = False):
    """Section titles written as bare lines (「ご利用にあたって」 then its text), in a document that marks
    nothing else: a short line without a sentence end, after a finished sentence (or the title), and
    followed by a sentence. Two at least, or it is one line of text."""
    found = []
    previous = ""
    for i, ln in enumerate(lines):
        s = ln.text
        if not s:
            continue
        candidate = (
            not in_toc[i]
            and i != title_idx
            and structural[i] is None
            and 2 <= len(s) <= _BARE_TITLE_MAX
            and "。" not in s
            and not s.endswith(_NOT_BARE_TITLE_END)
            and s[0] not in "（(※*＊"  # a parenthetical note or a remark is no section title
            and (
                not previous
                or previous.endswith(tuple(_SENTENCE_END))
                or i - 1 == title_idx
                or (i > 0 and not lines[i - 1].text)
            )
            and read_mark(s) is None
            and read_bullet(s) is None
            and match_numbered(s) is None
            and closing_kind(s) is None
            and "http" not in s
        )
        if candidate:
            j = _next_text_line(lines, i)
            if j < len(lines) and ((lines[j].text.endswith(("。", "｡")) and match_numbered(lines[j].text) is None)
                                   or (lists and _opens_a_list(lines, i))):
                found.append((i, 9, None, s.strip(SPACE)))
        previous = s
    return found if len(found) >= 2 else []


# --- blocks and the tree ----------------------------------------------------------------------------


def _collect_blocks(
    text, lines, structural, in_toc, tocs, title_idx, article_lines: set[int], heading_blocks: list[_Block]
) -> list[_Block]:
    blocks: list[_Block] = []
    if title_idx is not None:
        blocks.append(_Block("title", title_idx, lines[title_idx].start))
    for a, _ in tocs:
        blocks.append(_Block("toc", a, lines[a].start, "目次"))
    by_line = {b.line: b for b in heading_blocks}
    state = None  # None | "supplementary" | "appendix"
    for i, ln in enumerate(lines):
        if not ln.text or in_toc[i] or i == title_idx:
            continue
        h: HeadingMatch | None = structural[i]
        if h is not None and h.kind == "appendix":
            state = "appendix"
            blocks.append(_heading_block(lines, i, h))
            continue
        if h is not None and h.kind == "supplementary":
            if state != "supplementary":
                blocks.append(_heading_block(lines, i, h))
            state = "supplementary"
            continue
        if state is not None:
            continue
        if h is not None and h.kind in ("chapter", "section"):
            blocks.append(_heading_block(lines, i, h))
        elif i in article_lines:
            blocks.append(_heading_block(lines, i, h))
        elif i in by_line:
            b = by_line[i]
            if b.kind == "article":
                _take_title_line(lines, b, in_toc, title_idx)
            blocks.append(b)
    blocks.sort(key=lambda b: (b.start, b.line))
    _closing_lines(lines, blocks)
    _add_preamble(lines, blocks, in_toc, title_idx)
    blocks.sort(key=lambda b: (b.start, b.line))
    if blocks:
        blocks[0].start = 0
    return blocks


def _closing_lines(lines: list[_Line], blocks: list[_Block]) -> None:
    """Closing lines after the last article (「以上」, dates, a signature) are the document's 附則, not text
    of that article: they join a 附則 that follows, or form one."""
    k = len(blocks) - 1
    while k >= 0 and blocks[k].kind in ("supplementary", "appendix"):
        k -= 1
    if k < 0 or blocks[k].kind != "article":
        return
    stop = blocks[k + 1].line if k + 1 < len(blocks) else len(lines)
    run: list[int] = []
    j = stop - 1
    links = 0  # 「以前の規約」 after the date: a link or two of the page's, closed with it
    while j > blocks[k].line:
        if lines[j].text:
            kind = closing_kind(lines[j].text)
            if kind is None and not run and links < 2 and _page_link(lines[j].text):
                links += 1
                j -= 1
                continue
            if kind is None:
                break
            run.append(j)
        j -= 1
    while run and closing_kind(lines[run[-1]].text) != "end" and not SIGNATURE.search(lines[run[-1]].text):
        run.pop()
    if not any(closing_kind(lines[i].text) == "end" for i in run):
        return
    first = run[-1]
    if k + 1 < len(blocks) and blocks[k + 1].kind == "supplementary":
        blocks[k + 1].start, blocks[k + 1].line, blocks[k + 1].body_at = lines[first].start, first, None
    else:
        blocks.insert(k + 1, _Block("supplementary", first, lines[first].start, "附則"))


def _page_link(s: str) -> bool:
    """A short line with no sentence in it and no list mark: a link's text left at the end of a page."""
    return len(s) <= 20 and not s.endswith(tuple(_SENTENCE_END)) and "、" not in s and read_mark(s) is None \
        and read_bullet(s) is None


def _heading_block(lines: list[_Line], i: int, h: HeadingMatch) -> _Block:
    ln = lines[i]
    body_at = ln.at + h.body_at if h.body_at is not None else None
    b = _Block(h.kind, i, ln.start, h.label, h.title, body_at)
    if h.kind == "article":
        _take_title_line(lines, b, None, None)
    return b


def _take_title_line(lines: list[_Line], b: _Block, in_toc, title_idx) -> None:
    """（目的） on the line just above the heading is the article's title; the article starts there."""
    j = b.line - 1
    if j < 0 or (in_toc is not None and in_toc[j]) or j == title_idx:
        return
    t = title_line(lines[j].text)
    if t is not None and match_structural(lines[j].text) is None:
        if b.title is None:
            b.title = t
        b.start = lines[j].start


def _add_preamble(lines: list[_Line], blocks: list[_Block], in_toc, title_idx) -> None:
    """前文: text before the first chapter or article other than the title and the 目次."""
    first_main = next((b for b in blocks if b.kind not in ("title", "toc")), None)
    limit = first_main.start if first_main else None
    for i, ln in enumerate(lines):
        if limit is not None and ln.start >= limit:
            return
        if not ln.text or in_toc[i] or i == title_idx:
            continue
        if limit is not None and _only_titles(lines[i:], in_toc[i:], limit):
            # 【…規約】 or an <h2> repeating the title above the first article: title, not 前文
            if title_idx is None:
                blocks.append(_Block("title", i, ln.start))
            return
        blocks.append(_Block("preamble", i, ln.start, "前文"))
        return


_RE_DATED = re.compile(r"[0-9０-９]|[元一二三四五六七八九十]年")


def _only_titles(lines: list[_Line], in_toc: list[bool], limit: int) -> bool:
    """Every line before ``limit`` is a short line that says no sentence (a subtitle, the title again)."""
    for ln, toc in zip(lines, in_toc):
        if ln.start >= limit:
            return True
        text = strip_decoration(ln.text)[0].strip(SPACE + "*【】[]＜＞<>〈〉《》")
        if (
            ln.text
            and not toc
            and (
                len(text) > 60
                or any(c in text for c in "。．!?！？")
                or not looks_like_title(text)
                or _RE_DATED.search(text)
            )
        ):  # 「2019年12月10日制定」 is 前文, not title
            return False
    return True


def _build_tree(
    text: str, lines: list[_Line], starts: list[int], blocks: list[_Block], *, by_lines: bool = False
) -> list[Node]:
    n = len(text)
    if not blocks:  # blank text: one part so that the parts still tile it
        return [Node("preamble", 0, n, label="前文", heading_end=n)]
    parts: list[Node] = []
    chapter: Node | None = None
    section: Node | None = None
    for k, b in enumerate(blocks):
        end = blocks[k + 1].start if k + 1 < len(blocks) else n
        node = _make_node(text, lines, starts, b, end, by_lines)
        if b.kind == "chapter" or (b.kind == "section" and chapter is None):
            node.kind = "chapter"
            parts.append(node)
            chapter, section = node, None
        elif b.kind == "section":
            chapter.children.append(node)
            chapter.end = end
            section = node
        elif b.kind == "article" and chapter is not None:
            (section or chapter).children.append(node)
            if section is not None:
                section.end = end
            chapter.end = end
        else:
            parts.append(node)
            chapter = section = None
    return parts


def _units_for_division_text(text: str, lines: list[_Line], starts: list[int], parts: list[Node]) -> None:
    """Text of a 章 or 節 of its own, between its heading and its first article (「本章は…に適用します。」), is a
    unit labelled by the division (第1章), so that every character of the document is in some unit."""
    for part in parts:
        for node in list(part.walk()):
            if node.kind not in ("chapter", "section"):
                continue
            body = node.heading_end if node.heading_end is not None else node.start
            stop = node.children[0].start if node.children else node.end
            if body < stop and text[body:stop].strip():
                unit = Node(
                    "article",
                    body,
                    stop,
                    label=node.label,
                    title=node.title,
                    heading_end=body,
                    children=_paragraphs(text, lines, starts, body, stop, False),
                )
                node.children.insert(0, unit)


def _name_restarted_articles(parts: list[Node]) -> None:
    """Where each chapter numbers its articles afresh (第1章 第1条…, 第2章 第1条…), a reader cites them
    with the chapter, 「第2章第1条」: every article inside a chapter gets its chapter's label in front,
    so that each label names one place. A single repeated number (a misnumbering) changes nothing."""
    chapters = [p for p in parts if p.kind == "chapter"]
    seen: set[str] = set()
    restarts = False
    for chapter in chapters:
        labels = [n.label for n in chapter.walk() if n.kind == "article"]
        if labels and labels[0] == "第1条" and "第1条" in seen:
            restarts = True
        seen.update(labels)
    if not restarts:
        return
    for chapter in chapters:
        for node in chapter.walk():
            if node.kind == "article":
                node.label = f"{chapter.label}{node.label}"


def _body_start(text: str, lines: list[_Line], starts: list[int], b: _Block, end: int) -> int:
    if b.body_at is not None:
        return min(b.body_at, end)
    k = b.line + 1
    while k < len(lines) and lines[k].start < end:
        if lines[k].text:
            return lines[k].at
        k += 1
    return end


def _make_node(text: str, lines: list[_Line], starts: list[int], b: _Block, end: int, by_lines: bool) -> Node:
    if b.kind in ("title", "toc"):
        return Node(b.kind, b.start, end, label=b.label)
    if b.kind == "preamble":
        body = lines[b.line].at if lines[b.line].start >= b.start else b.start
        body = max(b.start, min(body, end))
        return Node(
            "preamble",
            b.start,
            end,
            label="前文",
            heading_end=body,
            children=_paragraphs(text, lines, starts, body, end, by_lines),
        )
    body = max(b.start, _body_start(text, lines, starts, b, end))
    if b.kind in ("chapter", "section"):
        return Node(b.kind, b.start, end, label=b.label, title=b.title, heading_end=body)
    # 附則 and 別表 are read as one block even then: their lines are dates and table rows, not paragraphs.
    by_lines = by_lines and b.kind == "article"
    return Node(
        b.kind,
        b.start,
        end,
        label=b.label,
        title=b.title,
        heading_end=body,
        children=_paragraphs(text, lines, starts, body, end, by_lines),
    )


def _paragraphs(text: str, lines: list[_Line], starts: list[int], body: int, end: int, by_lines: bool) -> list[Node]:
    if body >= end:
        return []
    first = bisect.bisect_right(starts, body) - 1
    view = _LineView(lines)
    return split_body(text, starts, view, first, body, end, by_lines=by_lines)


class _LineView:
    """``split_body`` reads (offset, text) per line; this adapts the line list without copying it."""

    __slots__ = ("_lines",)

    def __init__(self, lines: list[_Line]):
        self._lines = lines

    def __getitem__(self, k: int) -> tuple[int, str]:
        ln = self._lines[k]
        return ln.at, ln.text

    def __len__(self) -> int:
        return len(self._lines)


__all__ = ["parse"]
