"""YAML front matter (``---`` … ``---`` at the top of a markdown or HTML file): metadata, not text.

Static-site exports put the page's layout, date and title there. None of it is the terms' text: it is not
the title line, not a 前文 and nothing a diff should report, so the loader takes it off the text. Its
``title:`` is kept as the document's title.
"""
from __future__ import annotations

import re

import yaml

_BLOCK = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
MAX_CHARS = 8192  # front matter is a few lines; a longer fenced block is something else


def split_front_matter(text: str) -> tuple[str | None, str] | None:
    """``(title, text after the front matter)``, or None when ``text`` does not open with front matter."""
    match = _BLOCK.match(text[:MAX_CHARS])
    if match is None:
        return None
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict) or not meta:
        return None  # a horizontal rule and some text, not metadata
    title = meta.get("title")
    title = str(title).strip() if title is not None and str(title).strip() else None
    return title, text[match.end():]
