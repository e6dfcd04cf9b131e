"""The text layer of a PDF, read with pdfplumber, as the lines a reader sees.

Page by page in order; characters are grouped into lines by their baseline. Running headers and footers
(what a tagged PDF marks as Artifact; the same line at the top or bottom of most pages) and bare page
numbers ("- 3 -", "3/12", "３") are dropped. In a tagged PDF (a browser's "Save as PDF") only the
article is kept when there is one, as the HTML loader keeps it, and a table row is one line.
Lines the typesetter wrapped are joined back:
a line that reaches the right edge of the text block continues on the next one unless that one is
indented, set apart by paragraph spacing, or starts a new part (第N条, ２, (1), 一, ①, イ, a bullet, a
larger heading; not 「第8条の規定により」 carried over from a line that stops mid-sentence); a line
indented only as far as the text after a mark (「２　当社は…」 wrapped under 「当社」, a hanging indent)
still continues, and a heading too long for one line is joined to its second line.
Japanese joins with nothing in between; a Latin word broken with a hyphen loses the hyphen; Latin words keep a space.
Lines set larger than the body text are recorded as headings (largest size = level 1).
Kangxi radicals that some PDF producers emit for ordinary kanji (⽇ for 日) are mapped back.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load.limits import MAX_INFLATED, MAX_TEXT_CHARS, inflate, too_much_inflated, too_much_text

_PAGE_NUMBER = re.compile(
    r"^(?:[-－–—‐―\s]*[0-9０-９ivxlcIVXLC]+[-－–—‐―\s]*|[0-9０-９]+\s*[/／]\s*[0-9０-９]+"
    r"|(?:p\.?|page|ページ|頁)\s*[0-9０-９]+(?:\s*[/／]\s*[0-9０-９]+)?|[0-9０-９]+\s*(?:ページ|頁)"
    r"|[(（][0-9０-９]+[)）])$",
    re.I,
)
_NEW_PART = re.compile(
    r"^(?:第[0-9０-９一二三四五六七八九十百千]+[条章節款編]|附\s*則|別[表紙記]|[0-9０-９]+(?:[\s　.．、)）]|$)"
    r"|[(（][0-9０-９一二三四五六七八九十a-zA-Zａ-ｚア-ンイロハ]+[)）]|[\u2460-\u24ff\u2776-\u2793\u3251-\u325f]"
    r"|[一二三四五六七八九十]+[\s　、．.]|[イロハニホヘトチリヌルヲ][\s　]|[・●○■□◆◇※•]|以\s*上$)"
)
# 「第8条の規定により…」 wrapped to the start of a line: a reference, not a heading (that is followed by a
# space, a bracketed title or nothing), when the line before stops mid-sentence
_REFERENCE = re.compile(r"^第[0-9０-９一二三四五六七八九十百千]+[条章節款編](?:の[0-9０-９一二三四五六七八九十]+)?[^\s　(（0-9０-９]")
_SENTENCE_END = re.compile(r"[。．.」）)]$")
_CID = re.compile(r"\(cid:\d+\)")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:)\]]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[]")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    page: int
    whole: bool = False  # a table row: never joined to the lines around it


def extract(data: bytes, name: str) -> tuple[str, list[tuple[int, int, int]]]:
    """``(text, headings)`` of a PDF's text layer; InputError when there is none to read."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns on every odd font
    page_chars: list[list[dict]] = []
    try:
        with _bounded(name), pdfplumber.open(io.BytesIO(data)) as pdf:
            sizes = [(page.width, page.height) for page in pdf.pages]
            for page in pdf.pages:
                page_chars.append([c for c in page.chars if _is_content(c)])
                page.flush_cache()
            roles = _content_roles(pdf)
    except InputError:
        raise
    except Exception as err:  # pdfminer raises anything from PSEOF to KeyError on a broken file
        if err.args and isinstance(err.args[0], InputError):  # a limit, wrapped by pdfplumber
            raise err.args[0] from None
        reason = _reason(err)
        raise InputError(name, f"not a readable PDF: {reason}") from None
    page_chars = _article_only(page_chars, roles)
    pages = [_page_lines(chars, number, roles) for number, chars in enumerate(page_chars)]
    lines = [line for page in pages for line in page]
    if not any(line.text.strip() for line in lines):
        raise InputError(name, "no text layer (scanned PDF?)")
    cids = sum(len(_CID.findall(line.text)) for line in lines)
    if cids > 0.2 * sum(len(line.text) for line in lines) / 8:
        raise InputError(name, "the PDF's fonts do not map to characters (no ToUnicode); cannot extract text")
    pages = _drop_running_lines(pages, sizes)
    return _assemble([line for page in pages for line in page])


# A page holds a few thousand characters; each costs pdfplumber about a kilobyte while the page is read.
MAX_PAGE_CHARS = 200_000


@contextmanager
def _bounded(name: str):
    """pdfminer, bounded while this document is read: its Flate streams inflate in steps and stop at
    ``MAX_INFLATED`` for the whole document (``zlib.decompress`` would write a 1 GB bomb out first), and a
    page stops at ``MAX_PAGE_CHARS`` characters, the document at ``MAX_TEXT_CHARS``, as they are drawn.

    pdfminer offers no hook for either, so its module's ``zlib`` and pdfplumber's page device are swapped
    for bounded ones for the duration (one document at a time per process: workers are processes).
    """
    import pdfminer.pdftypes
    import pdfplumber.page

    inflated = 0
    drawn = 0

    class BoundedZlib:
        error = zlib.error
        decompressobj = staticmethod(zlib.decompressobj)

        @staticmethod
        def decompress(data, *args):
            nonlocal inflated
            out = inflate(data, MAX_INFLATED - inflated)
            if out is None:
                raise too_much_inflated(name, "a compressed stream")
            inflated += len(out)
            return out

    base = pdfplumber.page.PDFPageAggregatorWithMarkedContent

    class BoundedDevice(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.chars = 0

        def render_char(self, *args, **kwargs):
            nonlocal drawn
            self.chars += 1
            drawn += 1
            if self.chars > MAX_PAGE_CHARS:
                raise InputError(name, f"a page draws more than {MAX_PAGE_CHARS:,} characters (a content bomb?)")
            if drawn > MAX_TEXT_CHARS:
                raise too_much_text(name)
            return super().render_char(*args, **kwargs)

    saved = pdfminer.pdftypes.zlib, pdfplumber.page.PDFPageAggregatorWithMarkedContent
    pdfminer.pdftypes.zlib = BoundedZlib
    pdfplumber.page.PDFPageAggregatorWithMarkedContent = BoundedDevice
    try:
        yield
    finally:
        pdfminer.pdftypes.zlib, pdfplumber.page.PDFPageAggregatorWithMarkedContent = saved


def _reason(err: Exception) -> str:
    if type(err).__name__ == "PdfminerException" and err.args and isinstance(err.args[0], Exception):
        err = err.args[0]  # pdfplumber wraps pdfminer's own error
    kind = type(err).__name__
    if "Password" in kind or "Encrypt" in kind or "encrypt" in str(err).lower():
        return "encrypted"
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{kind}: {text}"[:160] if text else kind


def _is_content(char: dict) -> bool:
    """A drawn character of the text: not an Artifact (what a tagged PDF marks as page furniture: the
    browser's or the word processor's running header and footer, page numbers), not rotated."""
    return bool(char.get("text")) and char.get("tag") != "Artifact" and char.get("upright", True)


@dataclass(frozen=True)
class _Role:
    """Where a piece of marked content sits in a tagged PDF's structure tree."""

    in_article: bool  # inside an ``Art`` element
    row: int | None  # the table row (``TR``) holding it, by object id
    cell: int | None  # the table cell (``TD``/``TH``) holding it, by object id


def _content_roles(pdf) -> dict[tuple[int, int], _Role]:
    """``(page index, marked-content id)`` → its role, read from the structure tree's parent tree (which
    maps each page's marked content to its structure element, with the right page even for an element
    that runs across a page break). Empty for an untagged PDF.

    A browser that prints a page tags its HTML ``<article>`` as ``Art``, the site's header, menus and
    footer around it as other elements, and a table's rows and cells as ``TR`` and ``TD``."""
    from pdfminer.data_structures import NumberTree
    from pdfminer.pdftypes import resolve1

    try:
        root = resolve1(pdf.doc.catalog.get("StructTreeRoot"))
        parents = dict(NumberTree(resolve1(root["ParentTree"])).values) if root and "ParentTree" in root else {}
    except Exception:  # a broken structure tree does not make the text unreadable
        return {}
    roles_map = resolve1(root.get("RoleMap")) or {} if parents else {}
    chains: dict[int, list[tuple[int, str]]] = {}

    def chain(ref) -> list[tuple[int, str]]:
        """``(object id, type)`` of an element and its ancestors, nearest first."""
        out, seen = [], set()
        while ref is not None and getattr(ref, "objid", None) not in seen:
            objid = getattr(ref, "objid", None)
            if objid in chains:
                return out + chains[objid]
            seen.add(objid)
            element = resolve1(ref)
            if not isinstance(element, dict) or "S" not in element:
                break
            kind = getattr(element["S"], "name", "")
            kind = getattr(roles_map.get(kind), "name", kind)
            out.append((objid, kind))
            ref = element.get("P")
        return out

    roles: dict[tuple[int, int], _Role] = {}
    for index, page in enumerate(pdf.pages):
        key = page.page_obj.attrs.get("StructParents")
        marked = resolve1(parents.get(key)) if key is not None else None
        if not isinstance(marked, list):
            continue
        for mcid, ref in enumerate(marked):
            found = chain(ref)
            if found and getattr(ref, "objid", None) is not None:
                chains[ref.objid] = found
            kinds = dict((kind, objid) for objid, kind in reversed(found))  # the nearest of each kind wins
            cell = kinds.get("TD", kinds.get("TH"))
            roles[(index, mcid)] = _Role("Art" in kinds, kinds.get("TR"), cell)
    return roles


def _article_only(page_chars: list[list[dict]], roles: dict[tuple[int, int], _Role]) -> list[list[dict]]:
    """Only the text inside the tagged article, when there is one and it holds most of the text: a
    browser prints the site's menus and footer around the terms, which the HTML loader leaves out too."""
    inside = [[c for c in chars if _role(roles, n, c).in_article] for n, chars in enumerate(page_chars)]
    if sum(map(len, inside)) >= 0.5 * sum(map(len, page_chars)):
        return inside
    return page_chars


_NO_ROLE = _Role(False, None, None)


def _role(roles: dict[tuple[int, int], _Role], page: int, char: dict) -> _Role:
    mcid = char.get("mcid")
    return roles.get((page, mcid), _NO_ROLE) if mcid is not None else _NO_ROLE


def _page_lines(page_chars: list[dict], number: int, roles: dict[tuple[int, int], _Role]) -> list[_Line]:
    """A page's lines, top to bottom: its characters grouped by baseline, each line read left to right;
    a tagged table's row is one line, its cells in order, separated by spaces (as the HTML loader
    writes a row), each cell's own wrapped lines joined first."""
    rows: dict[int, dict[int, list[dict]]] = {}
    loose = []
    for char in page_chars:
        role = _role(roles, number, char)
        if role.row is not None:
            rows.setdefault(role.row, {}).setdefault(role.cell or 0, []).append(char)
        else:
            loose.append(char)
    out = [line for group in _by_baseline(loose) if (line := _make_line(group, number))]
    for cells in rows.values():
        ordered = sorted(cells.values(), key=lambda cs: min(float(c["x0"]) for c in cs))
        texts = []
        for cell in ordered:
            text = ""
            for group in _by_baseline(cell):
                text = _join(text, _chars_to_text(group).strip()) if text else _chars_to_text(group).strip()
            texts.append(text)
        line = _make_line([c for cell in ordered for c in cell], number)
        if line:
            line.text = _fix_radicals(" ".join(t for t in texts if t))
            line.whole = True
            out.append(line)
    return sorted(out, key=lambda ln: ln.top)


def _by_baseline(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines by baseline (the glyph origin), each read left to right.

    Not by the glyph box: a browser sets the digits of 「第1条」 in a Latin font whose box sits a few
    points lower than the kanji around it, and grouping by box tops split such a heading into
    「第条（…）」 and a stray line 「1」."""
    entries = sorted(((_baseline(c), float(c["x0"]), c) for c in chars), key=lambda t: (t[0], t[1]))
    groups: list[list[tuple[float, float, dict]]] = []
    for entry in entries:
        size = float(entry[2].get("size") or 10)
        if groups and abs(entry[0] - groups[-1][0][0]) <= 0.3 * size:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return [[c for _, _, c in sorted(group, key=lambda t: t[1])] for group in groups]


def _make_line(chars: list[dict], number: int) -> _Line | None:
    text = _chars_to_text(chars).strip(" \t")
    ink = [c for c in chars if not c["text"].isspace()]
    if not text.strip() or not ink:
        return None
    size = statistics.median(float(c.get("size") or 0) for c in ink)
    x0 = min(float(c["x0"]) for c in ink)  # an indent drawn as a full-width space still indents
    x1 = max(float(c["x1"]) for c in ink)
    top = min(float(c["top"]) for c in ink)
    return _Line(_fix_radicals(text), x0, x1, top, size, number)


def _baseline(char: dict) -> float:
    """The y of the glyph's origin, in the page's top-down coordinates (``top`` is measured from ``y1``)."""
    return float(char["top"]) + float(char["y1"]) - float(char["matrix"][5])


def _chars_to_text(chars: list[dict]) -> str:
    """Join characters; a gap becomes a space only where a reader would see one (never inside Japanese)."""
    out = []
    previous = None
    for ch in chars:
        text = ch["text"]
        if previous is not None and not text.isspace() and not previous["text"].isspace():
            gap = float(ch["x0"]) - float(previous["x1"])
            size = float(ch.get("size") or 10)
            wide = _wide(previous["text"][-1]) or _wide(text[0])
            if gap > (0.9 if wide else 0.2) * size:
                out.append(" ")
        if text.isspace():
            if out and out[-1] != " " and text != "\u3000":
                out.append(" ")
            elif text == "\u3000":
                out.append("\u3000")
        else:
            out.append(text)
        previous = ch
    return "".join(out)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _fix_radicals(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) if "\u2f00" <= c <= "\u2fdf" else c for c in text)


def _drop_running_lines(pages: list[list[_Line]], sizes) -> list[list[_Line]]:
    """Running heads, running feet and page numbers: lines at a page's edge that repeat or are bare numbers."""
    def key(line: _Line) -> tuple:
        # same words (page numbers aside), same place, same size: a title that repeats the running
        # head's words sits elsewhere and larger, and stays
        words = re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", line.text))
        return words, round(line.top / 4), round(line.size)

    edges = []
    for page in pages:
        ordered = sorted(page, key=lambda ln: ln.top)
        edges.append(ordered[:2] + ordered[-2:] if len(ordered) > 4 else ordered)
    counts = Counter(k for edge in edges for k in {key(ln) for ln in edge})
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for page, edge, (_, height) in zip(pages, edges, sizes):
        margin = [ln for ln in edge if ln.top < 0.15 * height or ln.top > 0.85 * height] if height else edge
        drop = {id(ln) for ln in margin if key(ln) in repeated or _PAGE_NUMBER.match(ln.text.strip())}
        if len(page) == 1:
            drop = {id(ln) for ln in page if _PAGE_NUMBER.match(ln.text.strip())}
        out.append([ln for ln in page if id(ln) not in drop])
    return out


def _assemble(lines: list[_Line]) -> tuple[str, list[tuple[int, int, int]]]:
    if not lines:
        return "", []
    body_size = Counter(round(ln.size, 1) for ln in lines for _ in range(max(1, len(ln.text)))).most_common(1)[0][0]
    heading_sizes = sorted({round(ln.size, 1) for ln in lines if ln.size >= 1.15 * body_size}, reverse=True)
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    left = {p: min(ln.x0 for ln in ls) for p, ls in by_page.items()}
    right = _right_edges(by_page, left, body_size)

    pitch = _line_pitch(lines, body_size)

    out_lines: list[str] = []
    headings: list[tuple[int, int]] = []  # (line index, level)
    continues = continues_heading = False
    hanging: float | None = None  # where the wrapped lines of the current marked part start, if indented
    previous: _Line | None = None
    for line in lines:
        heading = _is_heading(line, body_size)
        size = line.size or body_size
        indented = line.x0 > left[line.page] + 0.5 * size
        new_part = bool(_NEW_PART.match(line.text)) and not (
            _REFERENCE.match(line.text) and previous is not None and not _SENTENCE_END.search(previous.text)
        )
        same_page = previous is not None and previous.page == line.page
        # a paragraph set apart by space (a web page's <p>, a word processor's spacing after): not a wrap
        spaced = same_page and line.top - previous.top > 1.4 * max(pitch, size)
        if hanging is None and same_page and _NEW_PART.match(previous.text) \
                and 0.5 * size < line.x0 - previous.x0 <= 5 * size:
            hanging = line.x0  # 「２　当社は…」 wrapped under its text, not under its mark: a hanging indent
        hung = hanging is not None and abs(line.x0 - hanging) < 0.5 * size
        # a heading too long for one line wraps onto a second line set the same
        heading_wraps = heading and continues_heading and same_page and round(line.size, 1) == round(previous.size, 1)
        if heading_wraps or (continues and not heading and (not indented or hung) and not new_part and not spaced):
            out_lines[-1] = _join(out_lines[-1], line.text)
        else:
            if heading:
                headings.append((len(out_lines), heading_sizes.index(round(line.size, 1)) + 1))
            out_lines.append(line.text)
            hanging = None
        reaches_edge = line.x1 >= right[line.page] - 1.5 * size
        continues = not heading and not line.whole and reaches_edge
        continues_heading = heading and reaches_edge
        previous = line
    starts = []
    offset = 0
    for text in out_lines:
        starts.append(offset)
        offset += len(text) + 1
    spans = [(starts[i], starts[i] + len(out_lines[i]), level) for i, level in headings]
    return "\n".join(out_lines), spans


def _right_edges(by_page: dict[int, list[_Line]], left: dict[int, float], body_size: float) -> dict[int, float]:
    """The right edge of each page's text block: its widest body line, but never short of the block
    width most pages share (measured from each page's own left edge, as mirrored margins shift both),
    so that a page holding only short lines (a heading at the foot of a page, the last page's date)
    does not take its longest line for a full one that runs on."""
    widest: dict[int, float] = {}
    counts: dict[int, int] = {}
    for p, ls in by_page.items():
        body = [ln for ln in ls if not _is_heading(ln, body_size) and not ln.whole] or ls  # a table may be wider
        widest[p] = max(ln.x1 for ln in body)
        counts[p] = len(body)
    full = [p for p in widest if counts[p] >= 3] or list(widest)
    usual = statistics.median(widest[p] - left[p] for p in full)
    return {p: max(x, left[p] + usual) for p, x in widest.items()}


def _line_pitch(lines: list[_Line], body_size: float) -> float:
    """The usual distance from one body line to the next on a page (the leading)."""
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and round(a.size, 1) == round(b.size, 1) == body_size and b.top > a.top
    ]
    return statistics.median(steps) if steps else 1.2 * body_size


def _is_heading(line: _Line, body_size: float) -> bool:
    return line.size >= 1.15 * body_size and len(line.text) <= 60


def _join(before: str, after: str) -> str:
    if re.search(r"[A-Za-z]-$", before) and re.match(r"[a-z]", after):
        return before[:-1] + after
    if _LATIN_END.search(before) and _LATIN_START.match(after):
        return before + " " + after
    return before + after
