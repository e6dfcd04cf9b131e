"""The risk categories, read from ``rules/categories.yaml``: their order, Japanese labels, notice topics,
whether a finding of the category is about the document as a whole, and the HTML report's colour.

A category that a user's own rule pack invents is not in the file: it keeps its id as its label, comes
after the known ones, has no notice topic and is located like any other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

import yaml

FILE = "categories.yaml"
_KEYS = {"id", "label", "topic", "document_level", "colour"}


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    topic: str | None
    document_level: bool
    colour: str


@functools.cache
def categories() -> tuple[Category, ...]:
    """The known categories, in report order."""
    entries = yaml.safe_load((files("kiyaku.rules") / FILE).read_text(encoding="utf-8"))
    out = []
    for entry in entries:
        if set(entry) != _KEYS:
            raise ValueError(f"rules/{FILE}: {entry.get('id')!r} must have exactly {sorted(_KEYS)}")
        out.append(Category(**entry))
    return tuple(out)


@functools.cache
def ids() -> tuple[str, ...]:
    return tuple(c.id for c in categories())


@functools.cache
def _by_id() -> dict[str, Category]:
    return {c.id: c for c in categories()}


def label(category: str) -> str:
    """The Japanese name; an unknown category keeps its own id."""
    known = _by_id().get(category)
    return known.label if known else category


def topic(category: str) -> str | None:
    known = _by_id().get(category)
    return known.topic if known else None


def is_document_level(category: str) -> bool:
    known = _by_id().get(category)
    return bool(known and known.document_level)


def ordered(present: set[str]) -> list[str]:
    """The known categories among ``present`` in their order, then unknown ones alphabetically."""
    return [c for c in ids() if c in present] + sorted(present - set(ids()))
