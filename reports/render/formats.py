"""One format table per report family: format name → renderer.

The CLI's ``--format`` choices are these tables' keys, so a new format is one entry here (and its
renderer). Renderers are named, not imported: a table costs nothing to read (``--help`` stays fast),
and each format imports its own libraries (pandas, rich, python-docx) only when it is asked for.
The eval report's table is the application's own (``kiyaku.evaluate.FORMATS``).
"""

from __future__ import annotations

import importlib
from typing import Callable

from kiyaku.analyzer.errors import UsageError


class Lazy:
    """A renderer imported on its first call."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __call__(self, *args, **kwargs):
        return getattr(importlib.import_module(self.module), self.name)(*args, **kwargs)


_R = "kiyaku.reports.render."

# Analyses (a list, one or more documents) → str.
ANALYSIS: dict[str, Callable] = {
    "text": Lazy(_R + "text", "render_text"),
    "json": Lazy(_R + "analysis", "render_json"),
    "jsonl": Lazy(_R + "analysis", "render_jsonl"),
    "md": Lazy(_R + "md", "render_markdown"),
    "html": Lazy(_R + "html", "render_html"),
    "csv": Lazy(_R + "csv", "render_csv"),
}

# A Diff → str (docx: bytes). The taisho formats are its 新旧対照表.
DIFF: dict[str, Callable] = {
    "text": Lazy(_R + "diff", "render_text"),
    "json": Lazy(_R + "diff", "render_json"),
    "md": Lazy(_R + "diff", "render_markdown"),
    "html": Lazy(_R + "diff", "render_html"),
    "sarif": Lazy(_R + "sarif", "render_sarif"),
    "taisho-md": Lazy(_R + "taisho", "render_markdown"),
    "taisho-html": Lazy(_R + "taisho", "render_html"),
    "docx": Lazy(_R + "taisho", "render_docx"),
}

# A built Notice → str (docx: bytes).
NOTICE: dict[str, Callable] = {
    "md": Lazy(_R + "notice", "to_markdown"),
    "html": Lazy(_R + "notice", "to_html"),
    "docx": Lazy(_R + "notice", "to_docx"),
}

# A history Timeline → str.
HISTORY: dict[str, Callable] = {
    "text": Lazy(_R + "history", "render_text"),
    "json": Lazy(_R + "history", "render_json"),
    "md": Lazy(_R + "history", "render_markdown"),
}


def pick(table: dict[str, Callable], fmt: str, what: str) -> Callable:
    """The renderer of ``fmt``; an unknown format is a usage error naming the choices."""
    try:
        return table[fmt]
    except KeyError:
        raise UsageError(None, f"unknown {what} format {fmt!r} (choose one of {', '.join(table)})") from None
