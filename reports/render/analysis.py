"""Reports of analyses for people and programs: the format is picked from ``formats.ANALYSIS``.

Each format lives in its own module so that reading one does not mean reading all of them. JSON and
JSONL are the schema's shape as is (``analyzer/schemas/analysis.schema.json``).
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from kiyaku.analyzer.errors import UsageError
from kiyaku.analyzer.model import Analysis
from kiyaku.reports.render import formats


def jsonl_line(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def render_json(analyses: list[Analysis]) -> str:
    if len(analyses) != 1:
        raise UsageError(None, "--format json takes one document; use jsonl or csv for several")
    return json.dumps(analyses[0].to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(analyses: list[Analysis]) -> str:
    return "".join(jsonl_line(a) for a in analyses)


def _stream_jsonl(analyses: Iterable[Analysis]) -> Iterator[str]:
    for analysis in analyses:
        yield jsonl_line(analysis)


def _stream_csv(analyses: Iterable[Analysis]) -> Iterator[str]:
    from kiyaku.reports.render.csv import render_rows, rows

    table, seen = [], False
    for analysis in analyses:
        table += rows([analysis])
        seen = True
    if seen:
        yield render_rows(table)


# Formats written as the analyses come (jsonl a line each, csv holding only its rows); the others need
# every analysis at once.
_STREAMS = {"jsonl": _stream_jsonl, "csv": _stream_csv}


def render_stream(analyses: Iterable[Analysis], fmt: str) -> Iterator[str]:
    """The report of a corpus, piece by piece, holding as little as the format allows.

    Nothing is yielded when no analysis comes (every document failed), so no empty report is written.
    """
    render = formats.pick(formats.ANALYSIS, fmt, "analysis")
    if fmt in _STREAMS:
        yield from _STREAMS[fmt](analyses)
        return
    collected = list(analyses)
    if collected:
        yield render(collected)


def render_analyses(analyses: list[Analysis], fmt: str) -> str:
    """Render one or more analyses in ``fmt`` (a key of ``formats.ANALYSIS``)."""
    return formats.pick(formats.ANALYSIS, fmt, "analysis")(analyses)


def render_rules(ruleset) -> str:
    """The rule packs as a table: id, category, severity, title, refs."""
    from kiyaku.reports.render.text import render_rule_table

    return render_rule_table(ruleset)
