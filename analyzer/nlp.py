"""GiNZA, loaded once per process, and the cheap text work around it.

The full ``ja_ginza`` pipeline runs at ~2k chars/s; its tokenizer alone (SudachiPy) at ~140k chars/s
and already gives lemma_, norm_, tag_ and pos_. So every sentence is only tokenised, by a blank pipeline
with ja_ginza's tokenizer settings that loads in a tenth of a second, and the model is loaded and run
(batched) only for the few sentences a dependency-aware rule needs. Sudachi refuses inputs over ~49k
bytes, so nothing longer than one sentence (cut at ``MAX_CHARS``) is ever tokenised.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

TERMS_ATTR = "kiyaku_terms"  # the Token extension the engine fills with term-list names
# A "sentence" longer than this is cut (at a comma when possible). Matching a sentence costs its length
# times the patterns its words trigger, and both grow with it: a text without 。 (one 5 MB line) cut at
# 2,000 characters ran 7x slower per character than ordinary terms. Real sentences over 400 characters
# are rare (36 of 26,521 in the real corpus's development half).
MAX_CHARS = 400
OPENING = "「『（(【〔［[｛{〈《"
CLOSING = "」』）)】〕］]｝}〉》"
STOPS = "。．"
_SPACE = re.compile(r"\s")


# The parser's only consumers are dependency patterns and recipient attachment; NER is never read.
UNUSED = ["ner"]


@functools.cache
def _base():
    """A blank Japanese pipeline with ja_ginza's own tokenizer settings: SudachiPy alone, ~0.1 s to load.

    Its Vocab is shared with the full model (``load_nlp``) so matchers compiled once work on both.
    """
    import spacy
    from spacy.tokens import Token

    if not Token.has_extension(TERMS_ATTR):
        Token.set_extension(TERMS_ATTR, default=None)
    config = spacy.util.load_config(_ginza_path() / "config.cfg")
    base = spacy.blank("ja", config={"nlp": {"tokenizer": dict(config["nlp"]["tokenizer"])}})
    # Split-mode A/B sub-tokens (doc.user_data) are for GiNZA's compound splitter, which reads the
    # model's own parses; computing them for every sentence here was a third of the tokenizer's time.
    base.tokenizer.need_subtokens = False
    return base


@functools.cache
def _ginza_path():
    """The installed ja_ginza model directory (the one that holds config.cfg)."""
    import spacy

    try:
        root = spacy.util.get_package_path("ja_ginza")
    except Exception as err:  # pragma: no cover - the model is a dependency
        raise RuntimeError(f"the GiNZA model ja_ginza is not installed: {err}") from None
    configs = sorted(root.glob("*/config.cfg"))
    return configs[0].parent if configs else root


@functools.cache
def load_nlp():
    """The ja_ginza pipeline (once per process, only when a parse is needed), on the tokenizer's Vocab.

    Loading the model's vocab would read ~1 s of strings that nothing here looks up (tokens carry their
    own lemma and norm, vectors are found by hash), so only the static vectors the tok2vec layer reads
    are loaded: same parses, a quarter of the time (tests/test_speed_equivalence.py checks the findings).
    """
    import spacy

    try:
        model = spacy.load(_ginza_path(), vocab=_base().vocab, exclude=UNUSED + ["vocab"])
    except OSError as err:  # pragma: no cover - the model is a dependency
        raise RuntimeError(f"the GiNZA model ja_ginza is not installed: {err}") from None
    model.vocab.vectors.from_disk(_ginza_path() / "vocab", exclude=["strings"])
    return model


def vocab():
    return _base().vocab


def tokenize(text: str):
    """A spaCy Doc with lemma_, norm_, tag_, pos_ from the tokenizer only (no parse, no model load)."""
    return _base().tokenizer(text)


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
