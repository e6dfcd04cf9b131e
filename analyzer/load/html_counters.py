"""Numbers a page draws with CSS counters (``h3::before { content: "第" counter(art) "条" }``), written into
the text: a reader of the page sees 「第3条」, so the article must be 第3条 here too.

Only what terms pages use is read: the page's own ``<style>`` rules with ``counter-reset``,
``counter-increment`` and a ``::before`` / ``::after`` ``content`` of strings and ``counter()`` /
``counters()``; counters are document-wide (no nested scopes). Selectors are matched with soupsieve,
BeautifulSoup's own selector engine; a rule it cannot match is skipped.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from kiyaku.analyzer.load.docx_numbering import format_number
from kiyaku.analyzer.load.limits import TextBudget

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECL = re.compile(r"([a-z-]+)\s*:([^;]+)")  # the value is stripped by the caller
_PSEUDO = re.compile(r"::?(before|after)\s*$")
_CONTENT_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|counters?\(\s*([\w-]+)\s*(?:,[^)]*)?\))""")
_STYLE_ARG = re.compile(r"counters?\(\s*[\w-]+\s*,\s*(?:\"[^\"]*\"\s*,\s*)?([\w-]+)\s*\)")


def apply_counters(soup: BeautifulSoup, budget: TextBudget | None = None) -> None:
    """Insert the text of counter-generated content into the elements that show it.

    What is inserted is counted against ``budget`` as it is written: a ``content`` string of 100,000
    characters on every list item of a 350 KB page would write out hundreds of millions.
    """
    css = "\n".join(style.get_text() for style in soup.find_all("style"))
    if "counter(" not in css and "counters(" not in css:
        return
    resets, increments, generated = _rules(_COMMENT.sub("", css))
    if not generated:
        return
    actions: dict[int, list] = {}

    def select(selector: str) -> list[Tag]:
        try:
            return soup.select(selector)
        except Exception:  # soupsieve refuses selectors it does not support: the rule is skipped
            return []

    for order, (kind, selector, payload) in enumerate(
        [("reset", s, p) for s, p in resets] + [("increment", s, p) for s, p in increments]
        + [("content", s, p) for s, p in generated]
    ):
        for tag in select(selector):
            actions.setdefault(id(tag), []).append((kind, payload))
    counters: dict[str, int] = {}
    for tag in list(soup.find_all(True)):
        todo = actions.get(id(tag))
        if not todo:
            continue
        for kind, payload in todo:  # CSS order: reset, then increment, then the pseudo-elements
            if kind == "reset":
                for name, value in payload:
                    counters[name] = value
            elif kind == "increment":
                for name, step in payload:
                    counters[name] = counters.get(name, 0) + step
        for kind, (where, parts) in ((k, p) for k, p in todo if k == "content"):
            text = "".join(_part(part, counters) for part in parts)
            if budget is not None:
                budget.spend(text)
            if not text.strip():
                continue
            if where == "before":
                tag.insert(0, NavigableString(text))
            else:
                tag.append(NavigableString(text))


# CSS list-style-type names → the same styles in Word's terms, which format_number writes out.
_STYLES = {
    "cjk-ideographic": "japaneseCounting", "japanese-informal": "japaneseCounting", "japanese-formal": "japaneseLegal",
    "cjk-decimal": "ideographDigital", "decimal-leading-zero": "decimalZero", "upper-roman": "upperRoman",
    "lower-roman": "lowerRoman", "upper-alpha": "upperLetter", "upper-latin": "upperLetter",
    "lower-alpha": "lowerLetter", "lower-latin": "lowerLetter", "katakana": "aiueoFullWidth",
    "katakana-iroha": "irohaFullWidth", "circled-decimal": "decimalEnclosedCircle",
}


def _part(part, counters: dict[str, int]) -> str:
    if isinstance(part, str):
        return part
    name, style = part
    return format_number(counters.get(name, 0), _STYLES.get(style or "", "decimal"))


def _counter_list(value: str, default: int) -> list[tuple[str, int]]:
    tokens = value.split()
    out = []
    for i, token in enumerate(tokens):
        if re.fullmatch(r"-?\d+", token) or token == "none":
            continue
        step = default
        if i + 1 < len(tokens) and re.fullmatch(r"-?\d+", tokens[i + 1]):
            step = int(tokens[i + 1])
        out.append((token, step))
    return out


def _rules(css: str):
    resets, increments, generated = [], [], []
    for match in _RULE.finditer(css):
        selectors = [s.strip() for s in match.group(1).split(",") if s.strip()]
        decls = {name.strip(): value.strip() for name, value in _DECL.findall(match.group(2))}
        for selector in selectors:
            if selector.startswith("@"):
                continue
            pseudo = _PSEUDO.search(selector)
            base = _PSEUDO.sub("", selector).strip() if pseudo else selector
            if not base:
                continue
            if "counter-reset" in decls and not pseudo:
                resets.append((base, _counter_list(decls["counter-reset"], 0)))
            if "counter-increment" in decls:  # on the element, or on its ::before (the same element)
                increments.append((base, _counter_list(decls["counter-increment"], 1)))
            if pseudo and "content" in decls and "counter" in decls["content"]:
                parts = _content(decls["content"])
                if parts:
                    generated.append((base, (pseudo.group(1), parts)))
    return resets, increments, generated


def _content(value: str) -> list:
    """``"第" counter(art) "条"`` → ["第", ("art", None), "条"]; [] when it holds anything else."""
    parts: list = []
    pos = 0
    value = value.replace("!important", "").strip()
    while pos < len(value):
        m = _CONTENT_PART.match(value, pos)
        if not m:
            return [] if value[pos:].strip() else parts
        if m.group(3):
            style = _STYLE_ARG.match(m.group(0).strip())
            parts.append((m.group(3), style.group(1) if style else None))
        else:
            raw = m.group(1) if m.group(1) is not None else m.group(2)
            parts.append(re.sub(r"\\([0-9a-fA-F]{1,6})\s?", _unescape, raw))
        pos = m.end()
    return parts


def _unescape(match: re.Match) -> str:
    """A CSS escape (\\3000 ) as its character; one that names no character is the replacement character."""
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
