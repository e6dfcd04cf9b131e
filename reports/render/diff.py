"""Render a :class:`kiyaku.reports.compare.diff.Diff` as text, json, md, html or sarif.

Every format lists what matters first: risks that are new or got worse, then those that went away or
softened, then the articles that changed. Changed words are marked the way each medium shows them:
``{+追加+}`` / ``[-削除-]`` in text, bold in markdown, ``<ins>`` / ``<del>`` in HTML.
"""
from __future__ import annotations

import io
import json
import re

from kiyaku.analyzer.model import Finding, Place
from kiyaku.reports.compare.align import ArticlePair
from kiyaku.reports.compare.diff import AddedRisk, ChangedRisk, Diff, status_ja
from kiyaku.reports.render import formats
from kiyaku.reports.render.common import category_label, marked_runs, severity_label

CLAUSE_LIMIT = 400  # characters of a clause quoted in text and markdown


def render_diff(result: Diff, fmt: str) -> str | bytes:
    """The diff in ``fmt`` (a key of ``formats.DIFF``; the taisho formats and docx are its 新旧対照表)."""
    return formats.pick(formats.DIFF, fmt, "diff")(result)


def render_json(result: Diff) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


# -- shared pieces ---------------------------------------------------------------------------------


def _clip(segments: list[tuple[str, bool]], limit: int = CLAUSE_LIMIT) -> list[tuple[str, bool]]:
    out, used = [], 0
    for piece, marked in segments:
        if used + len(piece) > limit:
            out.append((piece[: max(limit - used, 0)] + "…", marked))
            break
        out.append((piece, marked))
        used += len(piece)
    return out


def _clause(result: Diff, finding: Finding, *, new: bool = True, before: Finding | None = None) -> list[tuple[str, bool]]:
    """The clause as segments; in the new version the words the new version added are marked."""
    text = (result.new if new else result.old).document.text
    if finding.end <= finding.start:
        return [(finding.text, False)] if finding.text else []
    spans = result.inserted_words(finding, before) if new else []
    return _clip(marked_runs(text, finding.start, finding.end, spans))


def _before(entry) -> Finding | None:
    """The old version of the same risk, when there is one."""
    if isinstance(entry, ChangedRisk):
        return entry.before
    if isinstance(entry, AddedRisk):
        return entry.was
    return None


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _headline(f: Finding) -> str:
    return f"【{severity_label(f.severity)}】{f.place().readable()} {category_label(f.category)}：{f.title or f.rule}"


def _extra(entry: AddedRisk | ChangedRisk) -> list[str]:
    lines = []
    if isinstance(entry, AddedRisk):
        if entry.new_recipients:
            lines.append("新たな提供先：" + "、".join(entry.new_recipients))
        if entry.new_data:
            lines.append("新たに提供される情報：" + "、".join(entry.new_data))
        if entry.satisfied_by:
            gone = entry.satisfied_by
            place = Place(gone["article"], gone["paragraph"], gone["item"]).readable()
            lines.append(f"旧版で定めていた箇所（削除されました）：{place}「{_clip_text(gone['text'])}」")
    else:
        word = "上昇" if entry.direction == "higher" else "低下"
        before = entry.before
        lines.append(f"重大度 {severity_label(before.severity)} → {severity_label(entry.after.severity)}（{word}）")
        if before.article != entry.after.article:
            lines.append(f"旧 {before.place().readable()}")
        if entry.reason:
            lines.append(f"理由：{entry.reason}")
    return lines


def _clip_text(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary_line(result: Diff) -> str:
    worst = result.worst_new_severity()
    lowered = len(result.changed) - len(result.escalated())
    parts = [
        f"新たなリスク {len(result.added)}件",
        f"重大度の上昇 {len(result.escalated())}件",
        f"解消 {len(result.removed)}件",
        f"重大度の低下 {lowered}件",
        f"移動 {len(result.moved)}件",
    ]
    tail = f"（新たなリスクの最大重大度：{severity_label(worst)}）" if worst else "（新たなリスクなし）"
    return "・".join(parts) + tail


def _changed_rows(result: Diff) -> list[ArticlePair]:
    return [row for row in result.articles if row.status != "unchanged"]


def _worse(result: Diff) -> list[AddedRisk | ChangedRisk]:
    entries = [(a.finding, a) for a in result.added] + [(c.after, c) for c in result.escalated()]
    entries.sort(key=lambda e: (-_rank(e[0]), e[0].sort_key()))
    return [e for _, e in entries]


def _rank(f: Finding) -> int:
    return {"high": 3, "medium": 2, "low": 1}.get(f.severity, 0)


def _finding_of(entry: AddedRisk | ChangedRisk) -> Finding:
    return entry.finding if isinstance(entry, AddedRisk) else entry.after


def _lowered(result: Diff) -> list[ChangedRisk]:
    return [c for c in result.changed if c.direction != "higher"]


# -- text ------------------------------------------------------------------------------------------


def render_text(result: Diff, *, color: bool = False) -> str:
    """Plain text (``color=True`` adds terminal colours through rich)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(
        file=buf,
        width=100,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,  # long Japanese lines have no spaces to wrap at; leave wrapping to the terminal
    )
    console.print(Text(f"kiyaku diff：{result.old.source.path} → {result.new.source.path}", style="bold"))
    console.print(_summary_line(result))

    def clause_text(segments: list[tuple[str, bool]], mark_open: str, mark_close: str, style: str) -> Text:
        out = Text("  「")
        for piece, marked in segments:
            piece = piece.replace("\n", " ")
            if marked:
                out.append(mark_open + piece + mark_close, style=style)
            else:
                out.append(piece)
        out.append("」")
        return out

    sections = [
        ("新たなリスク・重大度が上がったリスク", _worse(result), True),
        ("解消したリスク", result.removed, False),
        ("重大度が下がったリスク", _lowered(result), True),
    ]
    for heading, entries, in_new in sections:
        if not entries:
            continue
        console.print()
        console.print(Text(f"■ {heading}（{len(entries)}件）", style="bold"))
        for entry in entries:
            f = entry if isinstance(entry, Finding) else _finding_of(entry)
            style = {"high": "bold red", "medium": "yellow", "low": "cyan"}.get(f.severity, "")
            console.print(Text(_headline(f), style=style))
            segments = _clause(result, f, new=in_new, before=_before(entry))
            if segments:
                console.print(clause_text(segments, "{+", "+}", "bold green"))
            if not isinstance(entry, Finding):
                for line in _extra(entry):
                    console.print(Text("  " + line))
            if f.explanation:
                console.print(Text("  " + _one_line(f.explanation), style="dim"))

    rows = _changed_rows(result)
    console.print()
    console.print(Text(f"■ 条文の対応（変更のあった {len(rows)} 条）", style="bold"))
    if rows:
        table = Table(show_edge=False, box=None, pad_edge=False)
        for name in ("旧", "新", "状態", "類似度"):
            table.add_column(name)
        for row in rows:
            d = row.to_dict()
            table.add_row(d["old"] or "—", d["new"] or "—", status_ja(row), f"{d['similarity']:.2f}")
        console.print(table)
    return buf.getvalue()


# -- markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _md_clause(segments: list[tuple[str, bool]]) -> str:
    out = []
    for piece, marked in segments:
        piece = _md(piece).strip() if marked else _md(piece)
        out.append(f"**{piece}**" if marked and piece else piece)
    return "".join(out)


def render_markdown(result: Diff) -> str:
    """For a member notice or a pull-request comment."""
    lines = [
        f"## 利用規約の変更点：{_md(result.old.source.path)} → {_md(result.new.source.path)}",
        "",
        "| 区分 | 件数 |",
        "| --- | ---: |",
        f"| 新たなリスク | {len(result.added)} |",
        f"| 重大度が上がったリスク | {len(result.escalated())} |",
        f"| 解消したリスク | {len(result.removed)} |",
        f"| 重大度が下がったリスク | {len(_lowered(result))} |",
        "",
    ]
    worst = result.worst_new_severity()
    lines.append(f"新たなリスクの最大重大度：**{severity_label(worst)}**" if worst else "新たなリスクはありません。")
    lines.append("")

    def entry_lines(f: Finding, entry, in_new: bool) -> list[str]:
        out = [f"- **{_md(_headline(f))}**"]
        clause = _md_clause(_clause(result, f, new=in_new, before=_before(entry)))
        if clause:
            out.append(f"  > {clause}")
        if entry is not None:
            out.extend(f"  - {_md(line)}" for line in _extra(entry))
        if f.explanation:
            out.append(f"  - {_md(f.explanation)}")
        return out

    worse = _worse(result)
    if worse:
        lines += ["### 新たなリスク・重大度が上がったリスク", "", "（太字は新しい版で加わった語句）", ""]
        for entry in worse:
            lines += entry_lines(_finding_of(entry), entry, True)
        lines.append("")
    if result.removed:
        lines += ["### 解消したリスク（旧版の条番号）", ""]
        for f in result.removed:
            lines += entry_lines(f, None, False)
        lines.append("")
    lowered = _lowered(result)
    if lowered:
        lines += ["### 重大度が下がったリスク", ""]
        for entry in lowered:
            lines += entry_lines(entry.after, entry, True)
        lines.append("")
    rows = _changed_rows(result)
    lines += ["### 条文の対応（変更のあった条のみ）", ""]
    if rows:
        lines += ["| 旧 | 新 | 状態 | 類似度 |", "| --- | --- | --- | ---: |"]
        for row in rows:
            d = row.to_dict()
            # labels of unnumbered headings are their titles: document text, escaped like any other
            lines.append(f"| {_md(d['old']) if d['old'] else '—'} | {_md(d['new']) if d['new'] else '—'} | {status_ja(row)} "
                         f"| {d['similarity']:.2f} |")
    else:
        lines.append("条文に変更はありません。")
    return "\n".join(lines) + "\n"


# -- html ------------------------------------------------------------------------------------------


def render_html(result: Diff) -> str:
    """A self-contained page (``templates/diff.html.j2``, autoescaped): the risks, then each modified
    article side by side with word marks."""
    from kiyaku.reports.render.html import environment

    def risk(f: Finding, entry, in_new: bool) -> dict:
        notes = _extra(entry) if entry is not None else []
        if f.explanation:
            notes.append(f.explanation)
        clause = _clause(result, f, new=in_new, before=_before(entry))
        return {"severity": f.severity, "headline": _headline(f), "clause": clause, "notes": notes}

    sections = [
        ("新たなリスク・重大度が上がったリスク", [risk(_finding_of(e), e, True) for e in _worse(result)]),
        ("解消したリスク（旧版の条番号）", [risk(f, None, False) for f in result.removed]),
        ("重大度が下がったリスク", [risk(c.after, c, True) for c in _lowered(result)]),
    ]
    rows = []
    for row in _changed_rows(result):
        d = row.to_dict()
        rows.append({"old": d["old"] or "—", "new": d["new"] or "—", "status": status_ja(row),
                     "similarity": f"{d['similarity']:.2f}"})
    modified = []
    for row in (row for row in result.articles if row.edited):
        ops = result.word_ops(row)
        deleted = [(o.old_start, o.old_end) for o in ops if o.op in ("delete", "replace") and o.old_end > o.old_start]
        inserted = [(o.new_start, o.new_end) for o in ops if o.op in ("insert", "replace") and o.new_end > o.new_start]
        old_node, new_node = row.old.node, row.new.node
        modified.append({
            "old_label": row.old.label or "", "new_label": row.new.label or "", "similarity": f"{row.similarity:.2f}",
            "old": marked_runs(result.old.document.text, old_node.start, old_node.end, deleted),
            "new": marked_runs(result.new.document.text, new_node.start, new_node.end, inserted),
        })
    return environment().get_template("diff.html.j2").render(
        old_path=result.old.source.path, new_path=result.new.source.path, summary=_summary_line(result),
        sections=[(heading, risks) for heading, risks in sections if risks], rows=rows, modified=modified,
    )
