"""Decoding the bytes of a text document: which Japanese encoding, decided by content.

Order: a byte-order mark wins; then a charset the document declares (HTML ``<meta charset>``) if it
decodes strictly and reads as text; then strict UTF-8; then CP932 (Shift_JIS), EUC-JP and ISO-2022-JP,
each decoded strictly and scored for how much the result reads like Japanese. Legacy encodings overlap
(EUC-JP hiragana decode "cleanly" as CP932 half-width katakana), so a strict decode is not enough: the
scores tell real text from mojibake, and text that reads like neither is refused rather than guessed.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from kiyaku.analyzer.errors import InputError

UNDECODABLE = "cannot decode: not UTF-8, Shift_JIS/CP932, EUC-JP or UTF-16"

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# Names a document may declare, mapped to the codec we decode with and the name we report.
# Shift_JIS as found on the web is Microsoft's CP932 (WHATWG maps every alias to it).
_DECLARED = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "ms932": "cp932",
    "euc-jp": "euc-jp",
    "x-euc-jp": "euc-jp",
    "eucjp": "euc-jp",
    "iso-2022-jp": "iso-2022-jp",
    "csiso2022jp": "iso-2022-jp",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}

# A decode scoring below this (per non-ASCII character, scale -3..1) is mojibake, not text.
MIN_PLAUSIBILITY = 0.2
# Two readings closer than this are a coin toss (only very short kanji-only or half-width-kana-only
# texts get there): refuse rather than guess.
AMBIGUITY_MARGIN = 0.1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise InputError naming ``name`` if it is not text.

    The text keeps every character as written (no NFKC); only newlines are normalised to ``\\n``.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(name, f"{UNDECODABLE} (broken {label.upper()} after its byte-order mark)") from None
            return _clean(text.lstrip("\ufeff"), name), label
    text, encoding = _detect(data, name, declared)
    return _clean(text, name), encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean(text: str, name: str) -> str:
    text = normalise_newlines(text).replace("\f", "\n").replace("\v", "\n")
    text = text.rstrip("\x1a")  # DOS end-of-file mark, still found at the end of old Shift_JIS files
    if _CONTROL.search(text):
        controls = len(_CONTROL.findall(text))
        if "\x00" in text or controls > max(2, len(text) // 1000):
            raise InputError(name, "binary data, not a text document (control characters)")
        text = _CONTROL.sub("", text)
    return text


def _detect(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    if _looks_iso2022(data):
        try:
            return data.decode("iso-2022-jp"), "iso-2022-jp"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16:
            return utf16
        raise InputError(name, "binary data, not a text document (NUL bytes)")
    codec = _DECLARED.get((declared or "").strip().lower())
    if codec == "utf-8" or codec is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    candidates = ["cp932", "euc-jp"]
    scored = []
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if candidate == codec:
            score += 0.1  # what the document says about itself counts, a little
        elif candidate == "cp932":
            score += 0.02  # by far the commoner legacy encoding: wins ties
        scored.append((score, candidate, text))
    if not scored:
        raise InputError(name, UNDECODABLE)
    scored.sort(key=lambda s: s[0], reverse=True)
    score, encoding, text = scored[0]
    if score < MIN_PLAUSIBILITY:
        raise InputError(name, f"{UNDECODABLE} (decodes only to mojibake)")
    if len(scored) > 1 and scored[1][0] >= MIN_PLAUSIBILITY and score - scored[1][0] < AMBIGUITY_MARGIN:
        if scored[1][2] != text:
            raise InputError(
                name, f"ambiguous encoding: reads as {encoding} and as {scored[1][1]}; save it as UTF-8"
            )
    return text, encoding


def _looks_iso2022(data: bytes) -> bool:
    """ISO-2022-JP is 7-bit and switches to JIS X 0208 with ESC $ B (or ESC $ @)."""
    return (b"\x1b$B" in data or b"\x1b$@" in data) and max(data) < 0x80


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: NULs on one side of every ASCII pair give the byte order away."""
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text.replace("\x00", "\x01")) or plausibility(text) < MIN_PLAUSIBILITY:
        return None
    return text, codec


def plausibility(text: str) -> float:
    """How much ``text`` reads like Japanese, from -3 (mojibake) to 1, per non-ASCII character.

    Kana, common (JIS level 1) kanji and Japanese punctuation score high; rare kanji lower; half-width
    katakana only when they form words (a voicing mark after a letter that takes one) and never their
    half-width punctuation, which is what EUC-JP kana turn into when read as CP932; private-use and
    control characters are mojibake. Pure ASCII is plausible.
    """
    total = 0.0
    kanji = 0.0
    kanji_count = 0
    count = 0
    previous = ""
    for ch in text:
        if ch < "\x80":
            previous = ch
            continue
        count += 1
        if "\u4e00" <= ch <= "\u9fff":
            kanji += _kanji_score(ch)
            kanji_count += 1
        else:
            total += _char_score(ch, previous)
        previous = ch
    if count == 0:
        return 1.0
    if kanji_count >= 3 and not _KANA.search(text):
        kanji /= 2  # a run of kanji with no kana at all is what random byte pairs decode to
    return (total + kanji) / count


_KANA = re.compile("[\u3041-\u30ff\uff66-\uff9d]")
_HALF_WIDTH_NOT_FIRST = set("ｧｨｩｪｫｬｭｮｯｰﾝ")
_DAKUTEN_TAKERS = set("ｳｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ")
_HANDAKUTEN_TAKERS = set("ﾊﾋﾌﾍﾎ")
_COMMON_SYMBOLS = set("※○●◎△▲▽▼□■◇◆★☆→←↑↓〒♪·×÷±§¶°")


def _char_score(ch: str, previous: str) -> float:
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x3000 <= o <= 0x303F:  # kana, Japanese punctuation
        return 1.0
    if 0x4E00 <= o <= 0x9FFF:
        return _kanji_score(ch)
    if 0xFF01 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6:  # full-width ASCII and currency
        return 0.8
    if 0xFF61 <= o <= 0xFF65:  # half-width 。「」、・: rare in real text, every other char in EUC-as-CP932
        return -1.0
    if 0xFF66 <= o <= 0xFF9D:  # half-width katakana letters
        in_word = "\uff66" <= previous <= "\uff9f"
        if ch in _HALF_WIDTH_NOT_FIRST and not in_word:
            return -0.5  # ｰ, ｧ, ｯ, ｬ cannot start a word
        return 0.7 if in_word else 0.4
    if ch == "ﾞ":
        return 1.0 if previous in _DAKUTEN_TAKERS else -1.0
    if ch == "ﾟ":
        return 1.0 if previous in _HANDAKUTEN_TAKERS else -1.0
    if 0x2460 <= o <= 0x24FF or 0x2160 <= o <= 0x217F or 0x3200 <= o <= 0x33FF:  # ①, Ⅰ, ㈱, ㎡
        return 0.8
    if ch in _COMMON_SYMBOLS or 0x2010 <= o <= 0x2027 or 0x2030 <= o <= 0x203B:  # dashes, quotes, ‥, …
        return 0.7
    if 0xE000 <= o <= 0xF8FF or 0x80 <= o <= 0x9F or ch == "\ufffd":  # private use, C1 controls
        return -3.0
    category = unicodedata.category(ch)
    if category.startswith("L"):  # Greek, Cyrillic, accented Latin: real, but not what mojibake spares
        return 0.1
    return 0.0  # box drawing and other symbols


def _kanji_score(ch: str) -> float:
    """Level 1 of JIS X 0208 holds the everyday kanji; random byte pairs land in level 2 as often."""
    try:
        lead = ch.encode("euc-jp")[0]
    except UnicodeEncodeError:
        return 0.0  # IBM/NEC extension kanji (髙, 﨑 live elsewhere): rare
    if 0xB0 <= lead <= 0xCF:
        return 1.0
    if 0xD0 <= lead <= 0xF4:
        return 0.4
    return 0.0  # JIS X 0212 (three-byte EUC-JP)
