"""``kiyaku history`` as text, json or md (``formats.HISTORY``): per committed version, the risks that
arrived and left (marks explained in :mod:`kiyaku.reports.compare.history`)."""

from __future__ import annotations

import json

from kiyaku.analyzer.model import Finding
from kiyaku.reports.compare.history import Timeline, Version
from kiyaku.reports.render import formats
from kiyaku.reports.render.common import category_label, severity_label


def _line(f: Finding) -> str:
    return f"【{severity_label(f.severity)}】{f.place().readable()} {category_label(f.category)}：{f.title or f.rule}"


def _changes(v: Version) -> list[tuple[str, str]]:
    """(mark, line) for what a version brought (see the module docstring for the marks)."""
    out = [("+", _line(f)) for f in v.arrived]
    out += [("-", _line(f)) for f in v.left]
    if v.delta:
        out += [("↗", _line(a.finding)) for a in v.widened]
        for c in v.delta.changed:
            mark = "↑" if c.direction == "higher" else "↓"
            out.append(
                (mark, f"{_line(c.after)}（{severity_label(c.before.severity)}→{severity_label(c.after.severity)}）")
            )
        out += [("→", f"{_line(n)}（旧 {o.place().readable()}）") for o, n in v.delta.moved]
        out += [("=+", f"{_line(f)}（文言は前の版と同じ）") for f in v.delta.unflagged_new]
        out += [("=-", f"{_line(f)}（文言は今の版にも残る）") for f in v.delta.unflagged_old]
    return out


def _counts(v: Version) -> str:
    if v.delta is None:
        return f"初めての版：リスク {len(v.analysis.findings)}件"
    d = v.delta
    parts = [f"追加 {len(v.arrived)}", f"解消 {len(d.removed)}", f"重大度変更 {len(d.changed)}", f"移動 {len(d.moved)}"]
    if v.widened:
        parts.append(f"範囲拡大 {len(v.widened)}")
    if d.unflagged_new or d.unflagged_old:
        parts.append(f"同じ文言で検出が変化 +{len(d.unflagged_new)}/-{len(d.unflagged_old)}")
    return "・".join(parts) + f"（計 {len(v.analysis.findings)}件）"


def render_history(timeline: Timeline, fmt: str) -> str:
    """The timeline in ``fmt`` (a key of ``formats.HISTORY``)."""
    return formats.pick(formats.HISTORY, fmt, "history")(timeline)


def render_json(timeline: Timeline) -> str:
    return json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_text(timeline: Timeline) -> str:
    lines = [f"kiyaku history：{timeline.path}（{len(timeline.versions)} 版）"]
    for v in timeline.versions:
        lines.append("")
        lines.append(f"{v.date[:10]} {v.commit[:10]} {v.subject} — {_counts(v)}")
        lines += [f"  {mark} {text}" for mark, text in _changes(v)]
    return "\n".join(lines) + "\n"


def render_markdown(timeline: Timeline) -> str:
    lines = [f"## リスクの推移：{timeline.path}", "", "| 日付 | コミット | 件名 | 変化 |", "| --- | --- | --- | --- |"]
    for v in timeline.versions:
        subject = v.subject.replace("|", "\\|")
        lines.append(f"| {v.date[:10]} | `{v.commit[:10]}` | {subject} | {_counts(v)} |")
    for v in timeline.versions:
        changes = _changes(v)
        if changes:
            lines += ["", f"### {v.date[:10]} `{v.commit[:10]}`", ""]
            lines += [f"- {mark} {text}" for mark, text in changes]
    return "\n".join(lines) + "\n"
