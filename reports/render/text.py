"""The terminal report: findings grouped by article, the clause with its flagged words highlighted.

Rendered with rich into a string. Colours only when standard output is a terminal, so a pipe or a
file gets plain text (rich drops the styles when ``force_terminal`` is false).
"""
from __future__ import annotations

import shutil
import sys
from io import StringIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.cells import cell_len
from rich.text import Text

from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render.common import (
    NO_ARTICLE,
    SEVERITIES_DESC,
    article_heading,
    article_titles,
    category_label,
    clause_pieces,
    counts,
    disclosure_map,
    document_name,
    group_by_article,
    severity_label,
)

SEVERITY_STYLES = {"high": "bold white on red", "medium": "bold black on yellow", "low": "bold white on blue"}
WORD_STYLES = {"high": "bold red underline", "medium": "bold yellow underline", "low": "bold cyan underline"}
PLAIN_WIDTH = 100  # for pipes and files: wide enough for a clause, narrow enough to read


def make_console(width: int | None = None) -> tuple[Console, StringIO]:
    """A console that writes to a string, styled only when standard output is a terminal."""
    tty = sys.stdout.isatty()
    if width is None:
        width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if tty else PLAIN_WIDTH
    buf = StringIO()
    console = Console(
        file=buf, force_terminal=tty, width=width, highlight=False, emoji=False, markup=False, soft_wrap=False
    )
    return console, buf


# A line must not start with closing punctuation (禁則): break one character earlier instead.
NO_LINE_START = set("、。，．）」』】〕〉》”’！？：；・ー")


def fold(text: Text, width: int) -> Text:
    """Wrap Japanese by display cells, not at spaces.

    rich wraps at whitespace, so a clause with no spaces after 「2　」 jumps to the next line whole;
    Japanese breaks between any two characters.
    """
    out = Text()
    lines = text.split("\n", allow_blank=True)
    for n, line in enumerate(lines):
        plain, offsets, cells = line.plain, [], 0
        for i, ch in enumerate(plain):
            w = cell_len(ch)
            if cells + w > width and i > 0:
                cut = i - 1 if ch in NO_LINE_START and i - 1 > (offsets[-1] if offsets else 0) else i
                offsets.append(cut)
                cells = cell_len(plain[cut:i])
            cells += w
        out.append_text(Text("\n").join(line.divide(offsets)))
        if n < len(lines) - 1:
            out.append("\n")
    out.no_wrap = True
    return out


def severity_badge(severity: str) -> Text:
    return Text(f" {severity_label(severity)} ", style=SEVERITY_STYLES.get(severity, "bold"))


def clause_text(text: str, finding: Finding) -> Text:
    """「the clause」 with the flagged words in the severity's colour."""
    out = Text("「", style="dim")
    word_style = WORD_STYLES.get(finding.severity, "bold underline")
    for piece, flagged in clause_pieces(text, finding):
        out.append(piece, style=word_style if flagged else "")
    out.append("」", style="dim")
    return out


def finding_block(text: str, finding: Finding, width: int) -> Group:
    head = Text()
    head.append_text(severity_badge(finding.severity))
    head.append(" ")
    head.append(category_label(finding.category), style="bold")
    if finding.title:
        head.append(f"：{finding.title}", style="bold")
    place = finding.place().label() if finding.article else ""
    if place:
        head.append(f"  {place}", style="dim")
    head.append(f"  [{finding.rule}]", style="dim")
    lines: list = [head]
    if finding.article is not None and finding.text:
        lines.append(Padding(fold(clause_text(text, finding), width), (0, 0, 0, 4), expand=False))
    if finding.explanation:
        lines.append(Padding(fold(Text(finding.explanation), width), (0, 0, 0, 4), expand=False))
    details = []
    if finding.recipients:
        details.append(("提供先", "、".join(finding.recipients)))
    if finding.data:
        details.append(("情報", "、".join(finding.data)))
    if finding.refs:
        details.append(("根拠", "、".join(finding.refs)))
    if finding.reasons:
        details.append(("判断", "、".join(finding.reasons)))
    for label, value in details:
        line = Text()
        line.append(f"{label}: ", style="dim")
        line.append(value)
        lines.append(Padding(fold(line, width), (0, 0, 0, 4), expand=False))
    return Group(*lines)


def summary_table(findings: list[Finding]) -> Table:
    table = Table(title="集計（分類 × 重大度）", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("分類")
    for sev in SEVERITIES_DESC:
        table.add_column(severity_label(sev), justify="right")
    table.add_column("計", justify="right")
    grid = counts(findings)
    for cat, by_sev in grid.items():
        table.add_row(category_label(cat), *[str(by_sev[s]) for s in SEVERITIES_DESC], str(sum(by_sev.values())))
    totals = [sum(grid[c][s] for c in grid) for s in SEVERITIES_DESC]
    table.add_row(Text("計", style="bold"), *[str(n) for n in totals], str(sum(totals)), end_section=True)
    return table


def disclosure_table(findings: list[Finding]) -> Table | None:
    groups = disclosure_map(findings)
    if not groups:
        return None
    table = Table(title="情報の提供先（提供先 × 情報の種類 × 条項）", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("提供先", overflow="fold", ratio=2)
    table.add_column("情報の種類", overflow="fold", ratio=4)
    table.add_column("条項", overflow="fold", ratio=3)
    for rows in groups:
        for i, row in enumerate(rows):
            places = "、".join(dict.fromkeys(f.place().label() for f in row.findings))
            table.add_row(row.recipient if i == 0 else "", "、".join(row.data), places)
    return table


def print_analysis(console: Console, analysis: Analysis) -> None:
    text = analysis.source.text
    titles = article_titles(analysis)
    header = Text(document_name(analysis), style="bold")
    if analysis.document.title:
        header.append(f"  {analysis.document.title}", style="")
    header.append(f"  （{analysis.document.article_count()}条・指摘{len(analysis.findings)}件）", style="dim")
    console.print(Rule(header, align="left"))
    if not analysis.findings:
        console.print("リスクのある条項は見つかりませんでした。")
        console.print()
        return
    for label, findings in group_by_article(analysis.findings):
        heading = "欠けている規定" if label is None else article_heading(label, titles)
        console.print(Text(heading, style="bold underline" if label is not None else "bold magenta"))
        for f in findings:
            console.print(Padding(finding_block(text, f, console.width - 7), (0, 0, 1, 2), expand=False))
    console.print(summary_table(analysis.findings))
    disclosures = disclosure_table(analysis.findings)
    if disclosures is not None:
        console.print(disclosures)


def render_text(analyses: list[Analysis], width: int | None = None) -> str:
    console, buf = make_console(width)
    for analysis in analyses:
        print_analysis(console, analysis)
    return plain_tidy(console, buf.getvalue())


def plain_tidy(console: Console, out: str) -> str:
    """Without a terminal, drop the spaces rich pads lines with (they only clutter files and diffs)."""
    if console.is_terminal:
        return out
    return "\n".join(line.rstrip() for line in out.split("\n"))


def render_rule_table(ruleset) -> str:
    console, buf = make_console()
    rules = sorted(ruleset.rules, key=lambda r: r.id)
    version = getattr(ruleset, "version", "")
    title = f"ルール一覧（{len(rules)}件" + (f"・版 {version}" if version else "") + "）"
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("重大度", no_wrap=True)
    table.add_column("名称／分類", overflow="fold", ratio=3)
    table.add_column("根拠", overflow="fold", ratio=2)
    for r in rules:
        name = Text(r.title or "")
        name.append("\n" + category_label(r.category), style="dim")
        table.add_row(
            r.id,
            Text(severity_label(r.severity), style=WORD_STYLES.get(r.severity, "")),
            name,
            "\n".join(r.refs or []),
        )
    console.print(table)
    return plain_tidy(console, buf.getvalue())


__all__ = ["render_text", "render_rule_table", "make_console", "NO_ARTICLE"]
