"""Reports of analyses for people and programs: one entry point per CLI need.

``render_analyses`` picks the format; each format lives in its own module so that reading
one does not mean reading all of them. JSON and JSONL are the contract's shape as is.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from kiyaku.analyzer.errors import UsageError
from kiyaku.analyzer.model import Analysis

FORMATS = ("text", "json", "jsonl", "md", "html", "csv")


def jsonl_line(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def render_stream(analyses: Iterable[Analysis], fmt: str) -> Iterator[str]:
    """The report of a corpus, piece by piece, holding as little as the format allows.

    jsonl yields each document's line as soon as it is analysed; csv keeps only its rows (the
    findings' strings) until the end; the page formats need every analysis at once. Nothing is
    yielded when no analysis comes (every document failed), so no empty report is written.
    """
    if fmt == "jsonl":
        for analysis in analyses:
            yield jsonl_line(analysis)
        return
    if fmt == "csv":
        from kiyaku.reports.render.csv import render_rows, rows

        table, seen = [], False
        for analysis in analyses:
            table += rows([analysis])
            seen = True
        if seen:
            yield render_rows(table)
        return
    collected = list(analyses)
    if collected:
        yield render_analyses(collected, fmt)


def render_analyses(analyses: list[Analysis], fmt: str) -> str:
    """Render one or more analyses as text | json | jsonl | md | html | csv."""
    if fmt == "json":
        if len(analyses) != 1:
            raise UsageError(None, "--format json takes one document; use jsonl or csv for several")
        return json.dumps(analyses[0].to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(jsonl_line(a) for a in analyses)
    if fmt == "text":
        from kiyaku.reports.render.text import render_text

        return render_text(analyses)
    if fmt == "md":
        from kiyaku.reports.render.md import render_markdown

        return render_markdown(analyses)
    if fmt == "html":
        from kiyaku.reports.render.html import render_html

        return render_html(analyses)
    if fmt == "csv":
        from kiyaku.reports.render.csv import render_csv

        return render_csv(analyses)
    raise UsageError(None, f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")


def render_rules(ruleset) -> str:
    """The rule packs as a table: id, category, severity, title, refs."""
    from kiyaku.reports.render.text import render_rule_table

    return render_rule_table(ruleset)
