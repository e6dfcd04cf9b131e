"""Numerals and numbering marks of Japanese legal-style text.

Two jobs: turn any numeral a terms document uses (12, １２, 十二, 百二十三, ⑫) into an int, and read the mark at
the start of a line (２ / （２） / ○２ / ② / 一 / (1) / 1. / 1) / イ / ア / (a) / (i)) into its possible
interpretations. A mark is ambiguous on its own — イ is 1 in イロハ order and 2 in アイウ order, (i) is the
ninth letter or roman one — so :func:`read_mark` returns every reading and the caller decides by sequence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_KANJI_DIGIT = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壱": 1, "弐": 2, "参": 3,
}
_KANJI_UNIT = {"十": 10, "百": 100, "千": 1000}
KANJI_NUMERAL_CHARS = "".join(_KANJI_DIGIT) + "".join(_KANJI_UNIT)

# Circled numbers ①–⑳, ㉑–㉟, ㊱–㊿; parenthesised ⑴–⒇; full stop ⒈–⒛.
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})
_CIRCLED.update({chr(0x32B1 + i): i + 36 for i in range(15)})
_PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}
_DOT_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}

IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def kanji_to_int(s: str) -> int | None:
    """十二 → 12, 百二十三 → 123, 二〇 → 20; None when ``s`` is not a kanji numeral."""
    if not s or any(c not in _KANJI_DIGIT and c not in _KANJI_UNIT for c in s):
        return None
    if all(c in _KANJI_DIGIT for c in s):  # positional: 二〇二四
        value = 0
        for c in s:
            value = value * 10 + _KANJI_DIGIT[c]
        return value
    total = current = 0
    for c in s:
        if c in _KANJI_DIGIT:
            current = current * 10 + _KANJI_DIGIT[c]
        else:
            total += (current or 1) * _KANJI_UNIT[c]
            current = 0
    return total + current


def to_int(s: str) -> int | None:
    """ASCII, full-width or kanji numeral → int; None if it is none of those."""
    s = s.strip().translate(FULLWIDTH_DIGITS)
    if s.isascii() and s.isdigit():
        return int(s)
    return kanji_to_int(s)


def roman_to_int(s: str) -> int | None:
    """Lower or upper roman numerals up to l (50); None otherwise."""
    s = s.lower()
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total if total > 0 else None


def ascii_digits(s: str) -> str:
    return s.translate(FULLWIDTH_DIGITS)


@dataclass(frozen=True, slots=True)
class Mark:
    """A numbering mark at the start of a line.

    readings: possible (style, number) pairs, most likely first. Styles: ``bare`` (２ / 2), ``dot`` (1. / １．),
    ``paren`` ((1) / （１） / ⑴), ``rparen`` (1) / １）), ``circled`` (①), ``maru`` (○２), ``kanji`` (一),
    ``kparen`` (（一）), ``iroha`` / ``aiueo`` (イ / ア, also in brackets with a ``_paren`` suffix),
    ``alpha`` / ``roman`` (a. / i.), ``alpha_paren`` / ``roman_paren`` ((a) / (i)) and ``square`` ([1] / ［１］,
    an item like (1), never a paragraph).
    length: characters the mark takes; ``text_at``: offset (relative) where the text after it starts.
    """

    readings: tuple[tuple[str, int], ...]
    length: int
    text_at: int


_SPACE = " \t\u3000\u00a0"
# After a bare number these start a quantity, not a sentence: 1年, 3ヶ月, 10日, 2名, 1,000円, 2つ.
_QUANTITY_FOLLOWERS = set(
    "年月日時分秒円％%歳個件回名人ヶカヵケ箇か所条項号章節編款割倍週枚台部社点位番階度期代冊通種類等以未超"
    "営桁文行泊杯着足箱錠食問席段級周親世"
    "万億千百十,，.．:：/／-－~〜～・×x+＋"
)

_OPEN = "(（"
_CLOSE = ")）"

_RE_DIGITS = re.compile(r"[0-9０-９]{1,3}")
_RE_KANJI = re.compile(r"[一二三四五六七八九十百]{1,4}")
_RE_LATIN = re.compile(r"[a-zA-Z]{1,4}")


def _is_hiragana(c: str) -> bool:
    return "\u3041" <= c <= "\u309f"


def _after(s: str, i: int) -> int:
    """Offset of the first non-space character at or after ``i``."""
    n = len(s)
    while i < n and s[i] in _SPACE:
        i += 1
    return i


def _followed_by_text(s: str, i: int) -> bool:
    """True when position ``i`` (just after a mark) is a space, or text that can start a sentence."""
    if i >= len(s):
        return True
    if s.startswith(_REFERENCE_WORDS, i):
        return False  # 「(1)から(3)まで」「①及び②」: a reference that a hard wrap put at the line start
    return s[i] in _SPACE or not (s[i] in ")）]］" or s[i].isdigit())


# What follows a number written directly after it in a reference, never at the start of an item's text.
_REFERENCE_WORDS = (
    "から", "まで", "及び", "又は", "並びに", "若しくは", "ないし", "乃至", "の", "に", "を", "は", "が", "と", "で",
    "へ", "、", "，", "・", "〜", "～", "－", "-",
)


def read_mark(s: str) -> Mark | None:
    """Read the numbering mark at the start of ``s`` (a line with its indentation already removed)."""
    if not s:
        return None
    c = s[0]
    n = len(s)
    # ① ⑴ ⒈
    for table, style in ((_CIRCLED, "circled"), (_PAREN_DIGIT, "paren"), (_DOT_DIGIT, "dot")):
        if c in table:
            return Mark(((style, table[c]),), 1, _after(s, 1)) if _followed_by_text(s, 1) else None
    # (1) （１） (一) (a) (i) (イ) (ア)
    if c in _OPEN:
        j = s.find(")", 1, 7)
        k = s.find("）", 1, 7)
        close = min(x for x in (j, k, 99) if x >= 0)
        if close == 99:
            return None
        inner = s[1:close].strip(_SPACE)
        end = close + 1
        if not _followed_by_text(s, end):
            return None
        readings = _inner_readings(inner)
        if not readings:
            return None
        return Mark(tuple(readings), end, _after(s, end))
    # [1] ［１］: square brackets number items as round ones do
    if c in "[［":
        m = _RE_DIGITS.match(s, 1)
        if m and m.end() < n and s[m.end()] in "]］" and _followed_by_text(s, m.end() + 1):
            return Mark((("square", int(ascii_digits(m.group()))),), m.end() + 1, _after(s, m.end() + 1))
        return None
    # ○２ 〇2 (paragraph marks in some statutes-like texts)
    if c in "○〇" and n > 1 and s[1] in "0123456789０１２３４５６７８９":
        m = _RE_DIGITS.match(s, 1)
        if m and _followed_by_text(s, m.end()):
            return Mark((("maru", int(ascii_digits(m.group()))),), m.end(), _after(s, m.end()))
        return None
    # 1. 1.2 1) 2 ２当社は
    m = _RE_DIGITS.match(s)
    if m:
        number = int(ascii_digits(m.group()))
        end = m.end()
        nxt = s[end] if end < n else ""
        if nxt in ".．" and (end + 1 >= n or not s[end + 1].isdigit()):
            if end + 1 < n and s[end + 1] in ".．":  # 1.. leaders
                return None
            return Mark((("dot", number),), end + 1, _after(s, end + 1))
        if nxt in ")）":
            return Mark((("rparen", number),), end + 1, _after(s, end + 1))
        if nxt == "" or nxt in _SPACE:
            return Mark((("bare", number),), end, _after(s, end))
        if nxt in _QUANTITY_FOLLOWERS or nxt.isdigit() or _is_hiragana(nxt) or nxt.isascii():
            return None
        return Mark((("bare", number),), end, end)  # 2当社は
    # 一　利用者は / 一、
    m = _RE_KANJI.match(s)
    if m and m.end() < n and s[m.end()] in _SPACE + "、，.．":
        number = kanji_to_int(m.group())
        if number:
            end = m.end() + (0 if s[m.end()] in _SPACE else 1)
            return Mark((("kanji", number),), end, _after(s, end))
        return None
    # イ　… / ア　… (also half-width ｱ)
    kana = _fold(c)
    if kana in IROHA or kana in AIUEO:
        if n > 1 and s[1] in _SPACE + "．.、":
            end = 1 if s[1] in _SPACE else 2
            return Mark(tuple(_kana_readings(kana, "")), end, _after(s, end))
        return None
    # ⅰ ⅱ Ⅲ: one character that holds a roman numeral
    if c in _ROMAN_CHARS:
        end = 2 if n > 1 and s[1] in ".．)）" else 1
        if end == n or s[end] in _SPACE or end == 2:
            return Mark(tuple(_latin_readings(unicodedata.normalize("NFKC", c), "")), end, _after(s, end))
        return None
    # a. b. i. ii. (also full-width ａ．)
    m = _RE_LATIN.match(_fold(s[:5]))
    if m and m.end() < n and s[m.end()] in ".)．）" and (
        m.end() + 1 >= n or s[m.end() + 1] in _SPACE or not s[m.end() + 1].isascii()
    ):
        readings = _latin_readings(m.group(), "")
        if readings:
            end = m.end() + 1
            return Mark(tuple(readings), end, _after(s, end))
    return None


_ROMAN_CHARS = "".join(chr(c) for c in range(0x2160, 0x216C)) + "".join(chr(c) for c in range(0x2170, 0x217C))


def _fold(s: str) -> str:
    """Half-width katakana and full-width Latin letters as their ordinary forms, one character for one
    (so that offsets in ``s`` hold)."""
    out = []
    for ch in s:
        if "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a" or "\uff66" <= ch <= "\uff9d":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


# Unnumbered list bullets: markdown's - * + (a space must follow) and the Japanese ・ ● ○ ■ ◆ and kin,
# with the hyphen ‐ that sets out sub-lists (「‐‐‐」 is a rule line, not a bullet).
_BULLETS = "・･•●◦‣○◯▪■□◆◇"
_DASH_BULLETS = "‐"
_ASCII_BULLETS = "-*+"


def read_bullet(s: str) -> tuple[str, int] | None:
    """The bullet at the start of ``s`` and the offset of the text after it, or None.

    A reader counts bulleted entries as numbered ones (the third bullet is 第3号), so the caller numbers
    them by position. 「○２」 is a paragraph mark, read by :func:`read_mark` instead; 「※」 is a note.
    """
    if len(s) < 2:
        return None
    c = s[0]
    if c in _ASCII_BULLETS:
        if s[1] not in _SPACE or s.startswith(("**", "--", "++")):
            return None
    elif c in _DASH_BULLETS:
        if s[1] in _DASH_BULLETS or s[1].isdigit():
            return None
    elif c not in _BULLETS or (c in "○◯" and s[1] in "0123456789０１２３４５６７８９"):
        return None
    at = _after(s, 1)
    if at >= len(s) or _PAGE_NUMBER_REST.match(s, at):
        return None  # 「- 3 -」: a page number carried over from a printed copy
    return c, at


_PAGE_NUMBER_REST = re.compile(r"[0-9０-９]+[ \t\u3000]*(?:[-－][ \t\u3000]*)?$")


def _inner_readings(inner: str) -> list[tuple[str, int]]:
    if not inner:
        return []
    d = ascii_digits(inner)
    if d.isascii() and d.isdigit() and len(d) <= 3:
        return [("paren", int(d))]
    if all(ch in "一二三四五六七八九十百" for ch in inner) and len(inner) <= 4:
        k = kanji_to_int(inner)
        return [("kparen", k)] if k else []
    inner = _fold(inner) if inner[0] not in _ROMAN_CHARS else unicodedata.normalize("NFKC", inner)
    if len(inner) == 1 and (inner in IROHA or inner in AIUEO):
        return _kana_readings(inner, "_paren")
    if inner.isascii() and inner.isalpha() and len(inner) <= 4:
        return _latin_readings(inner, "_paren")
    return []


def _kana_readings(c: str, suffix: str) -> list[tuple[str, int]]:
    out = []
    if c in IROHA:
        out.append(("iroha" + suffix, IROHA.index(c) + 1))
    if c in AIUEO:
        out.append(("aiueo" + suffix, AIUEO.index(c) + 1))
    return out


def _latin_readings(word: str, suffix: str) -> list[tuple[str, int]]:
    out = []
    roman = roman_to_int(word)
    if roman:
        out.append(("roman" + suffix, roman))
    if len(word) == 1:
        out.append(("alpha" + suffix, ord(word.lower()) - ord("a") + 1))
    return out


# -- writing numbers out (the loaders render list numbering of HTML and DOCX as text) ----------------


def roman(n: int) -> str:
    """Upper-case Roman numerals: 4 → IV."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def join_lines(lines: list[str], headings: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text of ``lines`` (trailing blank lines dropped) and the spans of the heading lines.

    ``headings`` are (line index, level); the spans are (start, end, level) in the joined text.
    """
    while lines and lines[-1] == "":
        lines.pop()
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return "\n".join(lines), [(starts[i], starts[i] + len(lines[i]), level) for i, level in headings if i < len(lines)]
