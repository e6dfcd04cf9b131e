"""Word's automatic numbering, rendered as the text a reader sees ("第1条", "(1)", "①", "イ").

Word stores "第%1条" in ``numbering.xml`` and counts paragraphs at display time, so the numbers are not
in the document's text at all. :class:`Numbering` resolves a paragraph's ``numPr`` (direct or from its
style) through ``w:num`` → ``w:abstractNum`` → ``w:lvl`` (``start``, ``numFmt``, ``lvlText``, ``isLgl``,
``lvlRestart``, ``suff``), keeps the counters and formats them.

Counters live per abstract list, as in Word: two ``w:num`` that share an ``abstractNum`` continue one
another unless a ``w:lvlOverride/w:startOverride`` restarts them.
"""
from __future__ import annotations

from lxml import etree

from kiyaku.analyzer.structure.numbering import roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W


def _val(el, default=None):
    if el is None:
        return default
    return el.get(_W + "val", default)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Level:
    def __init__(self, lvl) -> None:
        self.start = _int(_val(lvl.find(_W + "start")), 0) if lvl is not None else 0
        self.fmt = _val(lvl.find(_W + "numFmt"), "decimal") if lvl is not None else "decimal"
        text = lvl.find(_W + "lvlText") if lvl is not None else None
        self.text = _val(text, "") if text is not None else None
        self.legal = lvl is not None and lvl.find(_W + "isLgl") is not None and _val(lvl.find(_W + "isLgl"), "1") not in ("0", "false")
        restart = lvl.find(_W + "lvlRestart") if lvl is not None else None
        self.restart = _int(_val(restart), -1) if restart is not None else None  # None: after any higher level
        self.suffix = _val(lvl.find(_W + "suff"), "tab") if lvl is not None else "tab"
        self.style = _val(lvl.find(_W + "pStyle")) if lvl is not None else None


class Numbering:
    """Resolves and counts list numbers for the paragraphs of one document, in reading order."""

    def __init__(self, numbering_xml: bytes | None, styles: "Styles") -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_link: dict[str, str] = {}  # numStyleLink: the list is defined by a numbering style
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if not numbering_xml:
            return
        root = etree.fromstring(numbering_xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        for abstract in root.iter(_W + "abstractNum"):
            aid = abstract.get(_W + "abstractNumId")
            self.abstract[aid] = {_int(lvl.get(_W + "ilvl"), 0): Level(lvl) for lvl in abstract.iter(_W + "lvl")}
            link = abstract.find(_W + "numStyleLink")
            if link is not None:
                self.abstract_link[aid] = _val(link)
        for num in root.iter(_W + "num"):
            overrides: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.iter(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[ilvl] = _int(_val(start), 0)
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = Level(lvl)
            self.nums[num.get(_W + "numId")] = (_val(num.find(_W + "abstractNumId")), overrides, levels)

    def label(self, ppr, style_id: str | None) -> str:
        """The number text for a paragraph (with its separator), or "" when it is not numbered."""
        num_id, ilvl = self._num_pr(ppr, style_id)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides, override_levels = self.nums[num_id]
        levels = self._levels(abstract_id)
        if levels is None:
            return ""
        if ilvl is None:
            ilvl = next((i for i, lvl in levels.items() if style_id and lvl.style == style_id), 0)
        levels = {**levels, **override_levels}
        level = levels.get(ilvl)
        if level is None or level.text is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for i, start in overrides.items():
                counters[i] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [i for i in counters if i > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        text = level.text
        for i in range(9):
            if f"%{i + 1}" in text:
                lvl_i = levels.get(i) or Level(None)
                value = counters.get(i, lvl_i.start)
                fmt = "decimal" if level.legal else lvl_i.fmt
                text = text.replace(f"%{i + 1}", format_number(value, fmt))
        if level.fmt == "bullet":
            text = "・" if not text or any("\ue000" <= c <= "\uf8ff" for c in text) else text
        if not text:
            return ""
        return text + {"tab": "\t", "space": " ", "nothing": ""}.get(level.suffix, "\t")

    def _levels(self, abstract_id: str) -> dict[int, Level] | None:
        link = self.abstract_link.get(abstract_id)
        if link:  # follow the numbering style to the list that really defines the levels
            num_id, _ = self.styles.num_pr(link)
            if num_id in self.nums and self.nums[num_id][0] != abstract_id:
                return self.abstract.get(self.nums[num_id][0])
        return self.abstract.get(abstract_id)

    def _num_pr(self, ppr, style_id: str | None) -> tuple[str | None, int | None]:
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr.find(_W + "numId"))
            ilvl = num_pr.find(_W + "ilvl")
            if num_id is not None:
                style_ilvl = self.styles.num_pr(style_id)[1] if style_id else None
                return num_id, _int(_val(ilvl), 0) if ilvl is not None else style_ilvl
        if style_id:
            return self.styles.num_pr(style_id)
        return None, None


class Styles:
    """Paragraph styles: the numbering and outline level they carry, following ``basedOn``."""

    def __init__(self, styles_xml: bytes | None) -> None:
        self.styles: dict[str, object] = {}
        self.default: str | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        for style in root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            self.styles[sid] = style
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true"):
                self.default = sid

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style.find(_W + "basedOn"))

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        for style in self._chain(style_id):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                ilvl = num_pr.find(_W + "ilvl")
                return _val(num_pr.find(_W + "numId")), (_int(_val(ilvl), 0) if ilvl is not None else None)
        return None, None

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level from the style's outline level or its name (heading 1, Title)."""
        for style in self._chain(style_id or self.default):
            outline = style.find(f"{_W}pPr/{_W}outlineLvl")
            if outline is not None:
                level = _int(_val(outline), 9)
                return level + 1 if level < 9 else None
            name = (_val(style.find(_W + "name")) or "").strip().lower()
            if name.startswith("heading ") and name[8:].isdigit():
                return int(name[8:])
            if name == "title":
                return 1
        return None


# ---- number formats -------------------------------------------------------------------------------

_KANJI_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "〇壱弐参四伍六七八九"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"
_TEN_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's ``numFmt`` (decimal, decimalFullWidth, japaneseCounting, iroha, …)."""
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return _counting(n, "〇一二三四五六七八九", "十百千")
    if fmt == "japaneseLegal":
        return _counting(n, _LEGAL_DIGITS, "拾百阡")
    if fmt in ("japaneseDigitalTenThousand", "ideographDigital", "taiwaneseDigital", "koreanDigital"):
        return "".join(_KANJI_DIGITS[int(d)] for d in str(n))
    if fmt in ("aiueoFullWidth", "aiueo"):
        return _cycle(n, _AIUEO, half=fmt == "aiueo")
    if fmt in ("irohaFullWidth", "iroha"):
        return _cycle(n, _IROHA, half=fmt == "iroha")
    if fmt in ("ideographTraditional",):
        return _cycle(n, _TEN_STEMS)
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _cycle(n, _ZODIAC)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        if 1 <= n <= 20:
            return chr(0x2460 + n - 1)
        if 21 <= n <= 35:
            return chr(0x3251 + n - 21)
        if 36 <= n <= 50:
            return chr(0x32B1 + n - 36)
        return str(n)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3280 + n - 1)
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word repeats: y, z, aa, bb
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        numeral = roman(n)
        return numeral.lower() if fmt == "lowerRoman" else numeral
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _counting(n: int, digits: str, units: str) -> str:
    """一, 十, 十二, 二十一, 百五: the way Japanese writes numbers in words (up to 9999)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for unit_index, unit in ((3, units[2]), (2, units[1]), (1, units[0])):
        d = (n // 10**unit_index) % 10
        if d:
            out += ("" if d == 1 else digits[d]) + unit
    if n % 10:
        out += digits[n % 10]
    return out


def _cycle(n: int, letters: str, half: bool = False) -> str:
    if n <= 0:
        return str(n)
    ch = letters[(n - 1) % len(letters)]
    if half:
        import unicodedata

        # half-width katakana are the compatibility forms of the full-width ones: no table of our own
        return {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}.get(ch, ch)
    return ch

