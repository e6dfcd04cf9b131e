"""How much text a document may yield, checked while it is produced (not after).

A 20 MB file is admitted; what it expands to is bounded here. Compressed streams (a PDF's Flate
streams, a DOCX's zip members) are inflated in bounded steps, and the text written out (Word's list
numbers, CSS counter content, every extracted line) is counted as it grows. Past ``MAX_TEXT_CHARS`` the
document is refused with one line: no terms document comes near it, a decompression or numbering bomb
reaches it in a fraction of a second and a few tens of megabytes.
"""
from __future__ import annotations

import zlib

from kiyaku.analyzer.errors import InputError

MAX_TEXT_CHARS = 20 * 1024 * 1024  # characters: about what the 20 MB input limit admits as plain text
MAX_INFLATED = 256 * 1024 * 1024  # bytes a document's compressed streams may inflate to, in all
_STEP = 1024 * 1024


def too_much_text(name: str) -> InputError:
    return InputError(name, f"extracted text passes the {MAX_TEXT_CHARS // (1024 * 1024)} M character limit "
                            "(a decompression or numbering bomb?)")


def too_much_inflated(name: str, what: str) -> InputError:
    return InputError(name, f"{what} inflates past the {MAX_INFLATED // (1024 * 1024)} MB limit (a decompression bomb?)")


class TextBudget:
    """Counts the characters a loader writes out; raises once they pass ``MAX_TEXT_CHARS``."""

    def __init__(self, name: str, limit: int = MAX_TEXT_CHARS):
        self.name, self.limit, self.used = name, limit, 0

    def spend(self, text: str) -> str:
        self.used += len(text)
        if self.used > self.limit:
            raise too_much_text(self.name)
        return text


def inflate(data: bytes, limit: int, wbits: int = zlib.MAX_WBITS) -> bytes | None:
    """``data`` inflated, one bounded step at a time; None as soon as the output would pass ``limit``.

    ``zlib.decompress`` writes the whole output before anyone can look at its size.
    """
    inflater = zlib.decompressobj(wbits)
    out = bytearray()
    pending = data
    while True:
        out += inflater.decompress(pending, _STEP)
        if len(out) > limit:
            return None
        pending = inflater.unconsumed_tail
        if not pending:
            break
    out += inflater.flush()
    return bytes(out) if len(out) <= limit else None


def inflated_size(data: bytes, limit: int, wbits: int = -zlib.MAX_WBITS) -> int | None:
    """How many bytes ``data`` inflates to, counted without keeping them; None past ``limit``."""
    inflater = zlib.decompressobj(wbits)
    size = 0
    pending = data
    while True:
        size += len(inflater.decompress(pending, _STEP))
        if size > limit:
            return None
        pending = inflater.unconsumed_tail
        if not pending:
            break
    size += len(inflater.flush())
    return size if size <= limit else None
