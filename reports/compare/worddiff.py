"""Word-level diff of two texts, on SudachiPy words (mode C: 個人情報, 第三者 stay whole).

Only the tokenizer is loaded (not GiNZA): it is fast and cheap. Words are compared on their NFKC form,
so full-width/half-width variants alone are not reported; spans are offsets into the texts as given.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# SudachiPy refuses inputs above ~49 KB of UTF-8; tokenize longer texts line by line in chunks.
_CHUNK_CHARS = 8000


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class WordOp:
    """One stretch of the diff: ``equal``, ``insert`` (追加), ``delete`` (削除) or ``replace``.

    Offsets are into the old and new texts (plus the ``base`` offsets given to :func:`word_diff`).
    """

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int

    def to_dict(self) -> dict:
        return {"op": self.op, "old": [self.old_start, self.old_end], "new": [self.new_start, self.new_end]}


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary().create(SplitMode.C), SplitMode.C


def _chunks(text: str):
    """(offset, chunk) pieces under SudachiPy's input limit, cut after a newline where possible."""
    pos = 0
    while pos < len(text):
        end = min(pos + _CHUNK_CHARS, len(text))
        if end < len(text):
            cut = text.rfind("\n", pos, end)
            end = cut + 1 if cut > pos else end
        yield pos, text[pos:end]
        pos = end


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets; whitespace-only tokens are dropped."""
    tokenizer, mode = _tokenizer()
    out = []
    for offset, chunk in _chunks(text):
        for m in tokenizer.tokenize(chunk, mode):
            surface = m.surface()
            if surface.strip():
                out.append(Word(offset + m.begin(), offset + m.end(), surface))
    return out


def word_diff(old_text: str, new_text: str, *, old_base: int = 0, new_base: int = 0) -> list[WordOp]:
    """The word-level edit script turning ``old_text`` into ``new_text``."""
    a, b = words(old_text), words(new_text)
    keys_a = [unicodedata.normalize("NFKC", w.surface) for w in a]
    keys_b = [unicodedata.normalize("NFKC", w.surface) for w in b]
    ops = []
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        os_, oe = _span(a, i1, i2, len(old_text))
        ns, ne = _span(b, j1, j2, len(new_text))
        ops.append(WordOp(tag, old_base + os_, old_base + oe, new_base + ns, new_base + ne))
    return ops


def _span(ws: list[Word], i: int, j: int, length: int) -> tuple[int, int]:
    """Offsets covered by words ``i:j``; an empty range sits where word ``i`` would start."""
    if i < j:
        return ws[i].start, ws[j - 1].end
    pos = ws[i].start if i < len(ws) else length
    return pos, pos


def changed_words(ops: list[WordOp]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(deleted spans in the old text, inserted spans in the new text)."""
    deleted = [(o.old_start, o.old_end) for o in ops if o.op in ("delete", "replace") and o.old_end > o.old_start]
    inserted = [(o.new_start, o.new_end) for o in ops if o.op in ("insert", "replace") and o.new_end > o.new_start]
    return deleted, inserted
