"""Helpers for the structure tests: article labels and the place (第N条第M項第K号) of some words."""
from __future__ import annotations


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
