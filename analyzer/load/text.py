"""Decoding the bytes of a text document: which Japanese encoding, decided by content.

Order: ``--encoding`` when the user gives one; a byte-order mark; ISO-2022-JP's escapes; plain ASCII;
strict UTF-8 that reads as text; then CP932 (Shift_JIS), EUC-JP and UTF-16 LE/BE without a byte-order
mark, each decoded strictly and scored for how much the result reads like Japanese. A charset the
document declares (HTML ``<meta charset>``) is a hint worth a little score, never a verdict: the bytes
decide. Legacy encodings overlap (EUC-JP hiragana decode "cleanly" as CP932 half-width katakana), so a
strict decode is not enough: the scores tell real text from mojibake; text that reads like none is
refused, and two plausible readings that differ (by less than a margin, or at all in a short text) are
refused with both names and a pointer to ``--encoding`` rather than guessed.
"""
from __future__ import annotations

import codecs
import itertools
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


def decode(data: bytes, name: str, declared: str | None = None, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise InputError naming ``name`` if it is not text.

    ``encoding`` (the user's ``--encoding``) is obeyed, strictly; otherwise the bytes decide.
    The text keeps every character as written (no NFKC); only newlines are normalised to ``\\n``.
    """
    if encoding:
        return _clean(_forced(data, name, encoding).lstrip("\ufeff"), name), _label(encoding)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(name, f"{UNDECODABLE} (broken {label.upper()} after its byte-order mark)") from None
            return _clean(text.lstrip("\ufeff"), name), label
    text, found = _detect(data, name, declared)
    return _clean(text, name), found


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


# What ``--encoding`` accepts: the names users know, mapped to the codec (Shift_JIS as the web means it).
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "shift_jis": "cp932", "sjis": "cp932", "cp932": "cp932",
             "euc-jp": "euc-jp", "iso-2022-jp": "iso-2022-jp", "utf-16": "utf-16", "utf-16-le": "utf-16-le",
             "utf-16-be": "utf-16-be"}


def check_encoding(encoding: str) -> str:
    """``--encoding NAME`` as a codec, or a usage error before any file is read."""
    from kiyaku.analyzer.errors import UsageError

    codec = _label(encoding)
    try:
        codecs.lookup(codec)
    except LookupError:
        raise UsageError(None, f"unknown encoding {encoding!r} (for example: {', '.join(ENCODINGS)})") from None
    return codec


def _label(encoding: str) -> str:
    return ENCODINGS.get(encoding.lower().replace("_", "-").replace("shift-jis", "shift_jis"), encoding)


def _forced(data: bytes, name: str, encoding: str) -> str:
    codec = _label(encoding)
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(None, f"unknown encoding {encoding!r} (use one of: {', '.join(sorted(ENCODINGS))})") from None
    except UnicodeDecodeError as err:
        raise InputError(name, f"not valid {encoding}: byte {err.start} cannot be decoded") from None


# Legacy and BOM-less encodings tried when the bytes are not plain ASCII. Each is decoded strictly; the
# readings that differ are scored for how much they read like Japanese.
_CANDIDATES = ("utf-8", "cp932", "euc-jp", "utf-16-le", "utf-16-be")
_SAMPLE = 200_000  # characters scored per reading: plenty to tell text from mojibake, bounded time
_CONTROLS_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _detect(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    if _looks_iso2022(data):
        try:
            return data.decode("iso-2022-jp"), "iso-2022-jp"
        except UnicodeDecodeError:
            pass
    if max(data, default=0) < 0x80 and b"\x00" not in data:
        return data.decode("ascii"), "utf-8"
    declared_codec = _DECLARED.get((declared or "").strip().lower())
    readings: dict[str, tuple[float, str]] = {}
    for candidate in _CANDIDATES:
        if candidate.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE]
        if len(_CONTROLS_IN_TEXT.findall(sample)) > max(2, len(sample) // 1000):
            continue  # NULs and control characters: not what this encoding means here
        score = plausibility(sample, count_ascii=_is_short(sample))
        if candidate == declared_codec:
            score += 0.1  # what the document says about itself counts, a little: the bytes decide
        elif candidate == "cp932":
            score += 0.02  # by far the commoner legacy encoding: wins exact ties
        readings[candidate] = (score, text)
    if not readings:
        if b"\x00" in data:
            raise InputError(name, "binary data, not a text document (NUL bytes)")
        raise InputError(name, UNDECODABLE)
    utf8 = readings.get("utf-8")
    if utf8 is not None and utf8[0] >= MIN_PLAUSIBILITY:
        return utf8[1], "utf-8"  # legacy bytes almost never form valid UTF-8 sequences by chance
    ranked = sorted(readings.items(), key=lambda kv: kv[1][0], reverse=True)
    best, (score, text) = ranked[0]
    if score < MIN_PLAUSIBILITY:
        if b"\x00" in data:
            raise InputError(name, "binary data, not a text document (NUL bytes)")
        raise InputError(name, f"{UNDECODABLE} (decodes only to mojibake)")
    # A short text gives the scores little to go on: a second plausible reading must lose by more.
    margin = SHORT_MARGIN if _is_short(text[:_SAMPLE]) else AMBIGUITY_MARGIN
    for other, (other_score, other_text) in ranked[1:]:
        if other_score >= MIN_PLAUSIBILITY and score - other_score < margin and other_text != text:
            raise InputError(name, f"ambiguous encoding: reads as {_NAMES.get(best, best)} and as "
                                   f"{_NAMES.get(other, other)}; say which with --encoding")
    return text, best


SHORT_TEXT = 40  # non-ASCII characters
SHORT_MARGIN = 0.4
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _is_short(sample: str) -> bool:
    """Fewer than ``SHORT_TEXT`` non-ASCII characters: too few for the scores to be sure."""
    return len(list(itertools.islice(_NON_ASCII.finditer(sample), SHORT_TEXT))) < SHORT_TEXT
_NAMES = {"cp932": "shift_jis"}


def _looks_iso2022(data: bytes) -> bool:
    """ISO-2022-JP is 7-bit and switches to JIS X 0208 with ESC $ B (or ESC $ @)."""
    return (b"\x1b$B" in data or b"\x1b$@" in data) and max(data) < 0x80


def plausibility(text: str, count_ascii: bool = False) -> float:
    """How much ``text`` reads like Japanese, from -3 (mojibake) to 1, per non-ASCII character.

    Kana, common (JIS level 1) kanji and Japanese punctuation score high; rare kanji lower; half-width
    katakana only when they form words (a voicing mark after a letter that takes one) and never their
    half-width punctuation, which is what EUC-JP kana turn into when read as CP932; private-use and
    control characters are mojibake. Pure ASCII is plausible.

    ``count_ascii`` also counts the visible ASCII characters that touch a non-ASCII one, low (letters and
    digits 0.3, symbols 0): in a short text it tells UTF-16 read byte by byte (「)R(u初}」 for 利用規約) from
    Japanese, where ASCII comes in words and markup.
    """
    total = 0.0
    kanji = 0.0
    kanji_count = 0
    count = 0
    previous = ""
    for i, ch in enumerate(text):
        if ch < "\x80":
            if count_ascii and not ch.isspace() and (previous >= "\x80" or text[i + 1:i + 2] >= "\x80"):
                count += 1  # an ASCII character touching Japanese: what UTF-16 read byte by byte looks like
                total += 0.3 if ch.isalnum() else 0.0
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
