"""Every category of ``rules/categories.yaml`` reaches every format of every report family.

A category is one entry of data: these tests run over the file's entries and over the format tables,
so a new category (or a new format) is checked without touching this file. No rule engine, no GiNZA:
the findings are placed by hand on real structured text (``diff_support``).
"""

from __future__ import annotations

import io

import pytest
from diff_support import V1, WAIVER_CLAUSE, analysis, clause

from kiyaku.analyzer import categories
from kiyaku.analyzer.model import Finding
from kiyaku.reports.compare.diff import diff
from kiyaku.reports.compare.history import Timeline, Version
from kiyaku.reports.render import formats
from kiyaku.reports.render.analysis import render_analyses
from kiyaku.reports.render.diff import render_diff
from kiyaku.reports.render.history import render_history
from kiyaku.reports.render.notice import render_notice

CATEGORIES = categories.categories()
# The older version lacks the clause the finding sits on, so the finding is a new risk in a diff.
BEFORE = V1.replace(WAIVER_CLAUSE, "当社は、本サービスの品質の向上に努めます。")
HUMAN = {"text", "md", "html"}  # the formats a person reads show the Japanese label; the others the id


def finding_of(category: categories.Category):
    if category.document_level:
        return Finding(
            rule=f"test.{category.id}",
            category=category.id,
            severity="medium",
            article=None,
            paragraph=None,
            item=None,
            start=0,
            end=0,
            text="",
            explanation="規定がありません。",
            title=f"{category.id} のテスト規則",
        )
    return clause(WAIVER_CLAUSE, category.id, "high")


def text_of(output: str | bytes) -> str:
    if isinstance(output, str):
        return output
    import docx  # a docx report: its paragraphs and table cells

    document = docx.Document(io.BytesIO(output))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda c: c.id)
@pytest.mark.parametrize("fmt", list(formats.ANALYSIS))
def test_every_analysis_format_shows_every_category(category, fmt):
    out = render_analyses([analysis(V1, findings=[finding_of(category)])], fmt)
    assert (category.label if fmt in HUMAN else category.id) in out
    if fmt == "html":
        assert f".chip.cat-{category.id} {{ background: {category.colour}; }}" in out


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda c: c.id)
@pytest.mark.parametrize("fmt", list(formats.NOTICE))
def test_every_notice_format_names_every_category(category, fmt):
    out = text_of(render_notice(analysis(V1, findings=[finding_of(category)]), fmt=fmt))
    if category.document_level:
        assert "規定" in out and "test." not in out  # listed as a missing protection, in words
    else:
        assert f"{category.topic}などについて" in out  # the introduction names what the risky clauses are about


@pytest.mark.parametrize("category", [c for c in CATEGORIES if not c.document_level], ids=lambda c: c.id)
@pytest.mark.parametrize("fmt", list(formats.DIFF))
def test_every_diff_format_shows_a_new_risk_of_every_located_category(category, fmt):
    result = diff(analysis(BEFORE), analysis(V1, findings=[finding_of(category)]))
    assert len(result.added) == 1
    out = text_of(render_diff(result, fmt))
    assert (category.label if fmt != "json" else category.id) in out


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda c: c.id)
@pytest.mark.parametrize("fmt", list(formats.HISTORY))
def test_every_history_format_shows_every_category(category, fmt):
    first, second = analysis(BEFORE), analysis(V1, findings=[finding_of(category)])
    timeline = Timeline(
        "terms.txt",
        [
            Version("a" * 40, "2024-01-01T00:00:00+09:00", "k", "first", "terms.txt", first),
            Version("b" * 40, "2024-02-01T00:00:00+09:00", "k", "second", "terms.txt", second, diff(first, second)),
        ],
    )
    out = render_history(timeline, fmt)
    assert (category.label if fmt != "json" else category.id) in out


def test_the_tables_are_the_cli_choices():
    from kiyaku.cli import build_parser
    from kiyaku.evaluate import FORMATS as EVAL

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    choices = {
        name: next(a.choices for a in sub._actions if a.dest == "format")
        for name, sub in commands.items()
        if any(a.dest == "format" for a in sub._actions)
    }
    assert choices == {
        "analyze": list(formats.ANALYSIS),
        "diff": list(formats.DIFF),
        "notice": list(formats.NOTICE),
        "history": list(formats.HISTORY),
        "eval": list(EVAL),
    }
