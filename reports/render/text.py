"""The terminal report: findings grouped by article, the clause with its flagged words highlighted.

Rendered with rich into a string. Colours only when standard output is a terminal, so a pipe or a
file gets plain text (rich drops the styles when ``force_terminal`` is false).
"""
from __future__ import annotations

import os
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
from kiyaku.reports.render.glance import (
    NOT_JAPANESE, by_severity, clause_span, language_warning, located, most_serious, outflows, quote_start, severity_counts, why,
)
from kiyaku.reports.render.naming import document_title
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
    severity_label,
)

SEVERITY_STYLES = {"high": "bold white on red", "medium": "bold black on yellow", "low": "bold white on blue"}
WORD_STYLES = {"high": "bold red underline", "medium": "bold yellow underline", "low": "bold cyan underline"}
PLAIN_WIDTH = 100  # for pipes and files: wide enough for a clause, narrow enough to read


def make_console(width: int | None = None) -> tuple[Console, StringIO]:
    """A console that writes to a string, styled only when standard output is a terminal."""
    tty = sys.stdout.isatty()
    styled = tty and not os.environ.get("NO_COLOR")  # https://no-color.org: no styling at all
    if width is None:
        width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if tty else PLAIN_WIDTH
    buf = StringIO()
    console = Console(
        file=buf, force_terminal=styled, width=width, highlight=False, emoji=False, markup=False, soft_wrap=False
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


def clause_text(text: str, finding: Finding, start: int | None = None, end: int | None = None) -> Text:
    """「the clause」 with the flagged words in the severity's colour (from ``start`` when it leans on what precedes)."""
    out = Text("「", style="dim")
    word_style = WORD_STYLES.get(finding.severity, "bold underline")
    for piece, flagged in clause_pieces(text, finding, start, end):
        out.append(piece, style=word_style if flagged else "")
    out.append("」", style="dim")
    return out


def finding_block(analysis: Analysis, finding: Finding, width: int, titles: dict, explain: bool = True) -> Group:
    """A finding: its severity, kind and place; the complete clause; why this clause; the rule's explanation
    only the first time the rule appears (``explain``), so the report does not repeat it."""
    text = analysis.source.text
    head = Text()
    head.append_text(severity_badge(finding.severity))
    head.append(" ")
    if finding.article:
        head.append(article_heading(finding.article, titles) if finding.paragraph in (None, 1) and finding.item is None
                    else finding.place().readable(), style="bold")
        head.append("  ")
    head.append(category_label(finding.category))
    if finding.title:
        head.append(f"：{finding.title}")
    head.append(f"  [{finding.rule}]", style="dim")
    lines: list = [head]
    pad = (0, 0, 0, 4)
    if finding.article is not None and finding.text:
        lines.append(Padding(fold(clause_text(text, finding, quote_start(analysis, finding), clause_span(analysis, finding)[1]), width), pad, expand=False))
        lines.append(Padding(fold(Text("なぜ：" + why(analysis, finding)), width), pad, expand=False))
    if explain and finding.explanation:
        lines.append(Padding(fold(Text("解説：" + " ".join(finding.explanation.split()), style="dim"), width), pad, expand=False))
    if explain and finding.refs:
        lines.append(Padding(fold(Text("根拠：" + "、".join(finding.refs), style="dim"), width), pad, expand=False))
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
            places = "、".join(dict.fromkeys(f.place().readable() for f in row.findings))
            table.add_row(row.recipient if i == 0 else "", "、".join(row.data), places)
    return table


def glance_block(analysis: Analysis, width: int) -> Group:
    """The one-glance summary: counts by severity, the three most serious clauses, where personal data goes."""
    findings = analysis.findings
    lines: list = [Text("要約", style="bold underline")]
    tally = Text("重大度別：")
    for sev, n in severity_counts(findings).items():
        tally.append_text(severity_badge(sev))
        tally.append(f" {n}件  ")
    lines.append(tally)
    top = most_serious(findings)
    if top:
        lines.append(Text("最も重大な条項：", style="bold"))
        for i, f in enumerate(top, 1):
            line = Text(f"{i}. ")
            line.append_text(severity_badge(f.severity))
            line.append(f" {f.place().readable()}  ", style="bold")
            line.append(f"{f.title or category_label(f.category)} — {why(analysis, f)}")
            lines.append(Padding(fold(line, width - 2), (0, 0, 0, 2), expand=False))
    flows = outflows(analysis, findings)
    if flows:
        medical = any(o.medical for o in flows)
        lines.append(Text("個人情報の外部提供：あり" + ("（医療・健康に関する情報を含む）" if medical else ""), style="bold"))
        for o in flows:
            line = Text(f"→ {o.recipient}", style="bold")
            line.append(f"：{'、'.join(o.data) or '（情報の種類の記載なし）'}（{'、'.join(o.places)}）")
            lines.append(Padding(fold(line, width - 2), (0, 0, 0, 2), expand=False))
    else:
        lines.append(Text("個人情報の外部提供：この規約には見つかりませんでした"))
    return Group(*lines)


def print_analysis(console: Console, analysis: Analysis) -> None:
    titles = article_titles(analysis)
    header = Text(document_title(analysis) or document_name(analysis), style="bold")
    header.append(f"  （{analysis.document.article_count()}条・指摘{len(analysis.findings)}件）", style="dim")
    console.print(Rule(header, align="left"))
    if language_warning(analysis):
        console.print(Text(NOT_JAPANESE, style="bold yellow"))
    if not analysis.findings:
        if not language_warning(analysis):
            console.print("リスクのある条項は見つかりませんでした。")
        console.print()
        return
    width = console.width - 7
    console.print(Padding(glance_block(analysis, console.width - 2), (0, 0, 1, 0), expand=False))
    console.print(Text("指摘（重大な順）", style="bold underline"))
    explained: set[str] = set()
    for f in by_severity(located(analysis.findings)):
        first = f.rule not in explained
        explained.add(f.rule)
        block = finding_block(analysis, f, width, titles, explain=first)
        console.print(Padding(block, (0, 0, 1, 2), expand=False))
    missing = [f for f in analysis.findings if f not in located(analysis.findings)]
    if missing:
        console.print(Text("欠けている規定", style="bold magenta"))
        for f in by_severity(missing):
            first = f.rule not in explained
            explained.add(f.rule)
            console.print(Padding(finding_block(analysis, f, width, titles, explain=first), (0, 0, 1, 2), expand=False))
    console.print(summary_table(analysis.findings))


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
