"""Helpers for the structure tests: article labels and the place (第N条第M項第K号) of some words."""
from __future__ import annotations


def parse_html(page: str, name: str = "terms.html"):
    """The document tree of an HTML page, as ``kiyaku analyze`` reads it (the loader's headings included)."""
    from kiyaku.analyzer.load import load_bytes
    from kiyaku.analyzer.structure import parse

    source = load_bytes(page.encode("utf-8"), name)
    return parse(source.text, source.headings)


def labels(doc):
    return [a.label for a in doc.articles()]


def article(doc, label):
    found = [a for a in doc.articles() if a.label == label]
    assert found, f"no {label} in {labels(doc)}"
    return found[0]


def place(doc, words, nth=0):
    """The place (第N条第M項第K号) of the ``nth`` occurrence of ``words``."""
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(words, at + 1)
    return doc.locate(at).label()
