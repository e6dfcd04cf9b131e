"""GiNZA, loaded once per process, and the cheap text work around it.

The full ``ja_ginza`` pipeline runs at ~2k chars/s; its tokenizer alone (SudachiPy) at ~140k chars/s
and already gives lemma_, norm_, tag_ and pos_. So every sentence is only tokenised, and the parser
runs (batched) on the few sentences a dependency-aware rule needs. Sudachi refuses inputs over ~49k
bytes, so nothing longer than one sentence (cut at ``MAX_CHARS``) is ever tokenised.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

from analyzer.rulepack import TERMS_ATTR

MAX_CHARS = 2000  # a "sentence" longer than this is cut (at a comma when possible)
OPENING = "「『（(【〔［[｛{〈《"
CLOSING = "」』）)】〕］]｝}〉》"
STOPS = "。．"
_SPACE = re.compile(r"\s")


@functools.cache
def load_nlp():
    """The ja_ginza pipeline (once per process). Raises RuntimeError if the model is not installed."""
    import spacy
    from spacy.tokens import Token

    if not Token.has_extension(TERMS_ATTR):
        Token.set_extension(TERMS_ATTR, default=None)
    try:
        return spacy.load("ja_ginza")
    except OSError as err:  # pragma: no cover - the model is a dependency
        raise RuntimeError(f"the GiNZA model ja_ginza is not installed: {err}") from None


def tokenize(text: str):
    """A spaCy Doc with lemma_, norm_, tag_, pos_ from the tokenizer only (no parse)."""
    return load_nlp().tokenizer(text)


def parse(texts: Iterable[str], batch_size: int = 32) -> list:
    """Full GiNZA parses of ``texts`` (each one sentence), in order."""
    return list(load_nlp().pipe(list(texts), batch_size=batch_size))


def show(text: str) -> None:
    """Print how a phrase is tokenised: for writing rule patterns."""
    for tok in tokenize(text):
        print(f"{tok.text}\tLEMMA={tok.lemma_}\tNORM={tok.norm_}\tPOS={tok.pos_}\tTAG={tok.tag_}")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: at 「。」 outside brackets and at line ends; trimmed; non-empty."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = start
    for i in range(start, end):
        ch = text[i]
        if ch in "\r\n":
            _add(text, begin, i, spans)
            begin, depth = i + 1, 0
        elif ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        elif ch in STOPS and depth == 0:
            _add(text, begin, i + 1, spans)
            begin = i + 1
    _add(text, begin, end, spans)
    return spans


def _add(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    while begin < end and _SPACE.match(text[begin]):
        begin += 1
    while end > begin and _SPACE.match(text[end - 1]):
        end -= 1
    while end - begin > MAX_CHARS:
        cut = max(text.rfind("、", begin, begin + MAX_CHARS), text.rfind("，", begin, begin + MAX_CHARS))
        cut = cut + 1 if cut > begin else begin + MAX_CHARS
        spans.append((begin, cut))
        begin = cut
    if end > begin:
        spans.append((begin, end))
