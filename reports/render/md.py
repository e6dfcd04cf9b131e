"""The Markdown report: per document a summary table, then the findings grouped by article.

Document text is escaped so that a clause containing Markdown or HTML syntax shows as written.
"""
from __future__ import annotations

import re

from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render.common import (
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

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~&])")  # & too: "&lt;" in a document shows as written
_WORD_CHAR = re.compile(r"\w")
_LIST_DASH = re.compile(r"^(\s*)([-=])", re.M)  # "- item" or a "===" underline at the start of a line
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.M)  # "1. item"


def escape(text: str) -> str:
    """Backslash-escape Markdown's special characters (and so raw HTML) in document text,
    and list or heading markers at the start of a line."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LIST_DASH.sub(r"\1\\\2", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def code(text: str) -> str:
    """``text`` as a code span that no backtick inside can close early (a file may be named anything).

    CommonMark ends a span only at a backtick run as long as the opening one, and shows its content
    literally; one space of padding on each side is stripped again by the renderer.
    """
    text = " ".join(text.splitlines())  # a blank line would end the paragraph, and the span with it
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def escape_cell(text: str) -> str:
    return escape(text).replace("\n", " ")


def bold(word: str) -> str:
    """``**word**``, with leading/trailing punctuation and spaces kept outside the markers.

    CommonMark does not open emphasis between a letter and punctuation (「**「一切**」 fails), so
    the markers must touch word characters.
    """
    start, end = 0, len(word)
    while start < end and not _WORD_CHAR.match(word[start]):
        start += 1
    while end > start and not _WORD_CHAR.match(word[end - 1]):
        end -= 1
    lead, core, trail = word[:start], word[start:end], word[end:]
    if not core:
        return escape(word)
    return f"{escape(lead)}**{escape(core)}**{escape(trail)}"


def quote(text: str, finding: Finding) -> str:
    """The clause as a blockquote, flagged words in bold, line breaks kept."""
    out = []
    for piece, flagged in clause_pieces(text, finding):
        if flagged:
            out.append("\n".join(bold(line) if line.strip() else line for line in piece.split("\n")))
        else:
            out.append(escape(piece))
    lines = "".join(out).strip("\n").split("\n")
    return "\n".join("> " + line.rstrip() + ("  " if i < len(lines) - 1 else "") for i, line in enumerate(lines))


def summary(findings: list[Finding]) -> list[str]:
    head = "| 分類 | " + " | ".join(severity_label(s) for s in SEVERITIES_DESC) + " | 計 |"
    rule = "|---|" + "---:|" * (len(SEVERITIES_DESC) + 1)
    lines = [head, rule]
    grid = counts(findings)
    for cat, by_sev in grid.items():
        cells = [str(by_sev[s]) for s in SEVERITIES_DESC]
        lines.append(f"| {category_label(cat)} | " + " | ".join(cells) + f" | {sum(by_sev.values())} |")
    totals = [sum(grid[c][s] for c in grid) for s in SEVERITIES_DESC]
    lines.append("| **計** | " + " | ".join(str(n) for n in totals) + f" | {sum(totals)} |")
    return lines


def finding_section(text: str, f: Finding) -> list[str]:
    heading = f"### [{severity_label(f.severity)}] {category_label(f.category)}"
    if f.title:
        heading += f"：{escape(f.title)}"
    if f.article is not None:
        heading += f"（{escape(f.place().readable())}）"  # a label can be a heading's title: document text
    lines = [heading, ""]
    if f.article is not None and f.text:
        lines += [quote(text, f), ""]
    if f.explanation:
        lines += [escape(f.explanation), ""]
    details = []
    if f.recipients:
        details.append(f"- 提供先: {escape('、'.join(f.recipients))}")
    if f.data:
        details.append(f"- 情報の種類: {escape('、'.join(f.data))}")
    if f.refs:
        details.append(f"- 根拠: {escape('、'.join(f.refs))}")
    if f.reasons:
        details.append(f"- 判断: {escape('、'.join(f.reasons))}")
    details.append(f"- ルール: {code(f.rule)}")
    return lines + details + [""]


def disclosure_section(findings: list[Finding]) -> list[str]:
    groups = disclosure_map(findings)
    if not groups:
        return []
    lines = ["## 情報の提供先（提供先 × 情報の種類 × 条項）", "", "| 提供先 | 情報の種類 | 条項 |", "|---|---|---|"]
    for rows in groups:
        for row in rows:
            places = "、".join(dict.fromkeys(f.place().readable() for f in row.findings))
            lines.append(f"| {escape_cell(row.recipient)} | {escape_cell('、'.join(row.data))} | {escape_cell(places)} |")
    return lines + [""]


def render_one(analysis: Analysis) -> list[str]:
    text = analysis.source.text
    name = document_name(analysis)
    title = analysis.document.title
    lines = [f"# {escape(title) if title else escape(name)}", ""]
    lines.append(f"- 文書: {code(name)}（{analysis.source.encoding}、{len(text)}文字）")
    lines.append(f"- 条項数: {analysis.document.article_count()}、指摘: {len(analysis.findings)}件")
    lines.append("")
    if not analysis.findings:
        return lines + ["リスクのある条項は見つかりませんでした。", ""]
    lines += ["## 集計", ""] + summary(analysis.findings) + [""]
    titles = article_titles(analysis)
    for label, findings in group_by_article(analysis.findings):
        lines += [f"## {'欠けている規定' if label is None else escape(article_heading(label, titles))}", ""]
        for f in findings:
            lines += finding_section(text, f)
    lines += disclosure_section(analysis.findings)
    return lines


def render_markdown(analyses: list[Analysis]) -> str:
    parts = ["\n".join(render_one(a)).rstrip("\n") + "\n" for a in analyses]
    return "\n---\n\n".join(parts)
