"""The main text of an HTML page, laid out in lines the way a browser shows it.

What is kept: the page's ``<main>`` (or its one big ``<article>``, or the body), without navigation,
page header and footer, sidebars, scripts, styles, forms' controls and hidden elements. Block elements
(p, div, li, tr, dt, dd, h1-h6, …) end lines and ``<br>`` breaks one; whitespace inside a block collapses
as in a browser (a line break between two Japanese characters disappears, elsewhere it becomes a space).

Lists keep their numbers as text, because article and item numbers often live only in the markup:
``<ol>`` items are written "1. ", "a. ", "i. " (honouring ``type``, ``start``, ``reversed`` and
``<li value>``), an ``<ol>`` inside another list "(1)". ``<ul>`` items get "・", the Japanese bullet.
No marker is added when the item already starts with its own number (「第１条」, 「(1)」, 「①」) or a
bullet, or when the list's style says ``list-style: none``.
Numbers drawn by CSS counters (``::before { content: "第" counter(a) "条" }``) are written in as well
(``load_html_counters``). Headings (``<h1>``-``<h6>``, ``role="heading"``) get lines of their own and are recorded as
``(start, end, level)`` spans of the output text.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load.html_counters import apply_counters
from kiyaku.analyzer.load.limits import MAX_TEXT_CHARS, TextBudget
from kiyaku.analyzer.structure.numbering import join_lines, roman

_DROP = {
    "script", "style", "noscript", "template", "nav", "aside", "button", "select", "input", "textarea",
    "option", "iframe", "svg", "canvas", "object", "embed", "audio", "video", "map", "dialog", "head",
    "title", "meta", "link", "label",
}
# Page chrome: dropped unless it holds the bulk of the text (some sites put the whole page in a <form>
# or a <header>) or sits inside the article (an article's own header carries its title).
_CHROME = {"header", "footer", "form"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BREADCRUMB = re.compile(r"breadcrumb|パンくず", re.I)
_CHROME_NAMES = re.compile(
    r"^(?:g?nav|global-?nav|navbar|navigation|menu|breadcrumbs?|topic-?path|pan(?:kuzu)?|sidebar|side|"
    r"site-?header|site-?footer|page-?top|pagetop|skip(?:-?link)?|cookie.*|share|sns)$",
    re.I,
)
_BLOCK = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "hr",
    "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
    "ul", "legend", "form", "hgroup", "menu",
}
_CELLS = {"td", "th"}
_HEADING = {f"h{n}": n for n in range(1, 7)}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NO_MARKER_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*none", re.I)
# An item that already carries its number or bullet: 第１条, 1., １．, (1), （一）, ①, 一、, イ　, ・
_OWN_MARKER = re.compile(
    r"^\s*(?:第[0-9０-９一二三四五六七八九十百千]+[条章節項号]|[0-9０-９]+(?:[.．、)）]|\s|　)"
    r"|[(（][0-9０-９一二三四五六七八九十a-zA-Zａ-ｚア-ンｱ-ﾝ]+[)）]|[\u2460-\u24ff\u2776-\u2793\u3251-\u325f]"
    r"|[一二三四五六七八九十]+[、．.\s　]|[ア-ンｱ-ﾝ][.．、\s　]|[・●○■□◆◇※\-*•])"
)
_WS = "[ \t\n\r\f]"
_WS_RUN = re.compile(_WS + "+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def looks_like_html(text: str) -> bool:
    """Markup, whatever the file is called: a doctype or <html> up front, or tags that shape the lines."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    if head.startswith(("<!doctype html", "<html", "<body", "<head")):
        return True
    tags = len(re.findall(r"</?(?:p|br|li|ol|ul|div|h[1-6]|table|tr|td|dl|dt|dd|span|a|body|section)\b[^>]*>", text, re.I))
    if tags < 3:
        return False
    lines = sum(1 for line in text.splitlines() if line.strip())
    return tags >= 0.3 * lines  # markdown with a stray <br> stays markdown


def extract(text: str, name: str = "<html>", *, select: str | None = None,
            remove: tuple[str, ...] = ()) -> tuple[str, list[tuple[int, int, int]]]:
    """``(text, headings)`` of the page's main content.

    ``select`` (CSS) names the terms' container instead of the guess (<main>, the big <article>);
    ``remove`` (CSS, several) drops elements inside it. Both as in Open Terms Archive's declarations.
    """
    try:
        return _extract(text, name, select, remove)
    except RecursionError:
        raise InputError(name, "HTML nested too deeply to read") from None


def _extract(text: str, name: str, select: str | None, remove: tuple[str, ...]) -> tuple[str, list[tuple[int, int, int]]]:
    soup = BeautifulSoup(text, "lxml")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    # before the <style> elements go with the chrome; the page's own text counts against the budget too
    apply_counters(soup, TextBudget(name, MAX_TEXT_CHARS - len(text)))
    root = soup.body or soup
    for css in remove:
        for tag in _select(root, css, name, "--remove"):
            tag.decompose()
    if select:
        chosen = _select(root, select, name, "--select")
        if not chosen:
            raise InputError(name, f"--select {select!r} matches nothing in the page")
        # Several matches are read in document order, as one container; nested matches count once.
        root = soup.new_tag("div")
        ids = {id(tag) for tag in chosen}
        for tag in chosen:
            if not any(id(parent) in ids for parent in tag.parents):
                root.append(tag.extract())
        _drop_chrome(root)
    else:
        _drop_chrome(root)
        root = _main(root)
    writer = _Writer()
    writer.walk(root, depth=0)
    return writer.result()


def _select(root: Tag, css: str, name: str, option: str) -> list[Tag]:
    from soupsieve import SelectorSyntaxError

    try:
        return root.select(css)
    except SelectorSyntaxError:
        raise InputError(name, f"{option}: not a CSS selector: {css!r}") from None


def _drop_chrome(root: Tag) -> None:
    total = max(1, _text_len(root))
    doomed = []
    stack = [(child, False) for child in root.children if isinstance(child, Tag)]
    while stack:  # top-down, without descending into what goes: linear however deep the page
        tag, in_article = stack.pop()
        if tag.name in _DROP or _hidden(tag):
            doomed.append(tag)
            continue
        if _is_chrome(tag) and (tag.name == "form" or not in_article) and _text_len(tag) < 0.5 * total:
            doomed.append(tag)
            continue
        inside = in_article or tag.name in ("article", "main")
        stack.extend((child, inside) for child in tag.children if isinstance(child, Tag))
    for tag in doomed:
        tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME or (tag.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if _BREADCRUMB.search(tag.get("itemtype") or "") or _BREADCRUMB.search(tag.get("aria-label") or ""):
        return True  # a breadcrumb trail (schema.org / data-vocabulary markup, or labelled for screen readers)
    if tag.name in ("ol", "ul") and any(_BREADCRUMB.search(li.get("itemtype") or "") for li in tag.find_all("li", recursive=False)):
        return True
    names = [tag.get("id") or ""] + list(tag.get("class") or [])
    return any(_CHROME_NAMES.match(name) for name in names if name)


def _hidden(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    return (
        tag.has_attr("hidden")
        or (tag.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(tag.get("style") or ""))
    )


def _main(root: Tag) -> Tag:
    """Prefer <main> (or role=main), then an <article>, holding most of the text (chrome already gone)."""
    total = _text_len(root)
    for candidate in root.find_all("main") + root.find_all(attrs={"role": "main"}):
        if _text_len(candidate) >= 0.8 * total:  # a page may mark only part of its text as main
            return candidate
    articles = root.find_all("article")
    if articles:
        best = max(articles, key=_text_len)
        if _text_len(best) >= 0.5 * total:
            return best
    return root


# Pages often lay out their articles as <dl><dt>title</dt><dd>text</dd>…; such a <dt> is a heading, below
# any <h1>–<h6> of the page. A glossary's <dt> (a defined word whose <dd> is one short sentence) is not.
_DT_LEVEL = 7


def _titles_a_section(dt: Tag) -> bool:
    dd = dt.find_next_sibling()
    if dd is None or dd.name != "dd":
        return False
    title = re.sub(r"\s+", "", dt.get_text())
    body = re.sub(r"\s+", "", dd.get_text())
    return 0 < len(title) <= 60 and "。" not in title.rstrip("。") and (
        len(body) >= 120 or body.count("。") >= 2 or dd.find(["ol", "ul", "p", "dl", "table"]) is not None
    )


def _text_len(tag: Tag) -> int:
    return len(re.sub(r"\s+", "", tag.get_text()))


class _Writer:
    """Walks the tree and writes lines; a line is gathered raw and collapsed when it ends."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.headings: list[tuple[int, int]] = []  # (line index, level)
        self.raw: list[str] = []
        self.marker = ""  # a list item's number, waiting for the item's first line

    def walk(self, node: Tag, depth: int) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self.raw.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            self.element(child, depth)

    def element(self, tag: Tag, depth: int) -> None:
        name = tag.name
        level = _HEADING.get(name)
        if name == "dt" and _titles_a_section(tag):
            level = _DT_LEVEL
        if level is None and (tag.get("role") or "").lower() == "heading":
            level = int(tag.get("aria-level") or 2) if str(tag.get("aria-level") or "2").isdigit() else 2
        if name == "br":
            self.end_line(keep_empty=True)
        elif name == "pre":
            self.end_line()
            for line in tag.get_text().strip("\n").split("\n"):
                self.lines.append(line.rstrip())
        elif name in ("ol", "ul", "menu"):
            self.end_line()
            self.list_items(tag, depth)
            self.end_line()
        elif name == "tr":
            self.end_line()
            cells = [c for c in tag.find_all(_CELLS, recursive=False)]
            for i, cell in enumerate(cells):
                if i:
                    self.raw.append(" ")
                self.walk(cell, depth)
            self.end_line()
        elif level is not None:
            self.end_line()
            self.walk(tag, depth)
            self.end_line(heading=level)
        elif name in _BLOCK or name in _CELLS:
            self.end_line()
            self.walk(tag, depth)
            self.end_line()
        else:
            self.walk(tag, depth)

    def list_items(self, tag: Tag, depth: int) -> None:
        ordered = tag.name == "ol"
        items = [li for li in tag.find_all("li", recursive=False)]
        no_marker = bool(_NO_MARKER_STYLE.search(tag.get("style") or ""))
        kind = (tag.get("type") or "1") if ordered else ""
        reverse = ordered and tag.has_attr("reversed")
        start = _int(tag.get("start"), len(items) if reverse else 1)
        number = start
        for child in tag.children:
            if not isinstance(child, Tag) or child.name != "li":
                # a list written straight into a list, or text between items: a browser shows it, so do we
                if isinstance(child, Tag):
                    self.element(child, depth + 1)
                elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                    self.raw.append(str(child))
                continue
            li = child
            number = _int(li.get("value"), number)
            self.end_line()
            text = li.get_text()
            if not (no_marker or _NO_MARKER_STYLE.search(li.get("style") or "") or _OWN_MARKER.match(text)):
                if ordered:
                    label = _ordinal(number, kind)
                    self.marker = f"({label})" if depth else f"{label}. "
                else:
                    self.marker = "・"
            self.walk(li, depth + 1)
            self.end_line()
            self.marker = ""  # an empty item shows nothing
            number += -1 if reverse else 1

    def end_line(self, keep_empty: bool = False, heading: int | None = None) -> None:
        line = _collapse("".join(self.raw))
        self.raw = []
        if line:
            line, self.marker = self.marker + line, ""  # the item's number goes on its first line
            if heading is not None:
                self.headings.append((len(self.lines), heading))
            self.lines.append(line)
        elif keep_empty and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self) -> tuple[str, list[tuple[int, int, int]]]:
        self.end_line()
        return join_lines(self.lines, self.headings)


def _collapse(raw: str) -> str:
    """Browser whitespace: runs become one space, or nothing when a line break sits between wide characters."""

    def replace(match: re.Match) -> str:
        before = raw[match.start() - 1] if match.start() else ""
        after = raw[match.end()] if match.end() < len(raw) else ""
        if ("\n" in match.group() or "\r" in match.group()) and _wide(before) and _wide(after):
            return ""
        return " "

    return _WS_RUN.sub(replace, raw).strip(" ")


def _wide(ch: str) -> bool:
    return bool(ch) and (
        "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
    )


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _ordinal(n: int, kind: str) -> str:
    if kind in ("a", "A") and n > 0:
        out = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            out = chr(ord("a") + rem) + out
        return out if kind == "a" else out.upper()
    if kind in ("i", "I") and 0 < n < 4000:
        out = roman(n)
        return out if kind == "I" else out.lower()
    return str(n)

