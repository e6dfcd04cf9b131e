"""Work that grows linearly with the input: checked by counting steps, never by timing.

- The engine answers unit- and article-scoped conditions from an index built once per key: the number of
  sentences it visits grows linearly with the article (it was quadratic: each sentence rescanned its unit).
- An article longer than ``WINDOW_CHARS`` is analysed in windows of whole units, so the sentences held at
  once (and so the memory) are bounded whatever the article's length.
- ``Document.locate`` finds the place of an offset by bisection and agrees with a scan of the tree.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.analyzer.engine import article, document as engine_document, find, sentences as engine_sentences
from kiyaku.analyzer.load import load
from kiyaku.analyzer.model import Place
from kiyaku.analyzer.structure import parse

CLAUSE = "当社は、利用者の氏名及び住所を提携先に提供することがあります。ただし、法令に基づく場合を除きます。\n"


def _visits(monkeypatch, ruleset, paragraphs: int) -> int:
    """Sentences visited while analysing one article of ``paragraphs`` risky paragraphs."""
    count = 0
    real = article.sentences_of

    def counting(text, units, comp):
        sentences = real(text, units, comp)

        class Counting(type(sentences)):
            def __iter__(self):
                nonlocal count
                for s in list.__iter__(self):
                    count += 1
                    yield s

        return Counting(sentences)

    monkeypatch.setattr(article, "sentences_of", counting)
    text = "第1条（情報の提供）\n" + CLAUSE * paragraphs
    document = parse(text)
    findings = find(document, ruleset, cache=False)
    assert findings, "the clause is a disclosure: the engine must have evaluated its conditions"
    return count


@pytest.mark.nlp
def test_engine_visits_grow_linearly_with_the_article(monkeypatch, ruleset):
    small, large = _visits(monkeypatch, ruleset, 60), _visits(monkeypatch, ruleset, 240)
    assert large <= 4 * small * 1.2, (small, large)


@pytest.mark.nlp
def test_a_long_article_is_analysed_in_bounded_windows(monkeypatch, ruleset):
    lengths = []
    real = engine_document.find_in_article

    def recording(text, units, rules, **kw):
        lengths.append(len(text))
        return real(text, units, rules, **kw)

    monkeypatch.setattr(engine_document, "find_in_article", recording)
    repeats = engine_sentences.WINDOW_CHARS // len(CLAUSE) * 2 + 10
    text = "第1条（情報の提供）\n" + CLAUSE * repeats
    document = parse(text)
    findings = find(document, ruleset, cache=False)
    assert max(lengths) <= engine_sentences.WINDOW_CHARS and len(lengths) >= 2
    # every paragraph is still found at its own place, with its text quoted exactly
    places = {(f.article, f.paragraph) for f in findings if f.category == "disclosure"}
    assert places == {("第1条", n) for n in range(1, repeats + 1)}
    for f in findings:
        if f.article:
            assert document.text[f.start:f.end] == f.text


def _scan(document, offset: int) -> Place:
    """The place of ``offset`` by walking the tree, as locate did before it was indexed."""
    for art in document.articles():
        if art.start <= offset < art.end:
            for para in art.children:
                if para.kind == "paragraph" and para.start <= offset < para.end:
                    for item in para.children:
                        if item.kind == "item" and item.start <= offset < item.end:
                            return Place(art.label, para.number, item.number)
                    return Place(art.label, para.number, None)
            return Place(art.label, None, None)
    return Place(None, None, None)


def test_locate_agrees_with_a_scan_on_every_corpus_document():
    root = Path(str(files("kiyaku.corpora")))
    paths = [p for p in sorted(root.glob("*/*")) if p.suffix in (".txt", ".md", ".html") and p.name != "source.txt"]
    assert len(paths) > 15
    for path in paths:
        source = load(str(path))
        document = parse(source.text, headings=source.headings)
        for offset in range(0, len(document.text), 7):
            assert document.locate(offset) == _scan(document, offset), (path, offset)


@pytest.mark.nlp
def test_one_huge_line_is_analysed_in_bounded_windows(monkeypatch, ruleset):
    """A text without a single line break or 。 is one paragraph: it is cut into windows too."""
    lengths = []
    real = engine_document.find_in_article

    def recording(text, units, rules, **kw):
        lengths.append(len(text))
        return real(text, units, rules, **kw)

    monkeypatch.setattr(engine_document, "find_in_article", recording)
    clause = "当社は、利用者の氏名及び住所を提携先に提供することがあります、"  # no 。 and no line break
    text = "第1条（情報の提供）\n" + clause * (engine_sentences.WINDOW_CHARS // len(clause) * 3)
    document = parse(text)
    findings = find(document, ruleset, cache=False)
    assert max(lengths) <= engine_sentences.WINDOW_CHARS and len(lengths) >= 3
    assert any(f.category == "disclosure" for f in findings)
    for f in findings:
        if f.article:
            assert document.text[f.start:f.end] == f.text
