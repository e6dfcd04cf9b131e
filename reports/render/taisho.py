"""The 新旧対照表 of a diff: the table a Japanese revision notice carries, with columns 新 (new), 旧 (old) and
備考 (remarks), one row per changed article.

Changed words are underlined (inserted ones in 新, deleted ones in 旧). Lines of a changed article that did
not change collapse into （略）; an article that only got a new number shows its heading and （略）. A new
article reads （新設） in 旧, a deleted one （削除） in 新. 備考 gives the kind of change — （新設）, （削除）,
（変更）, （条番号の変更） — and the row's risk delta, e.g. 「新たなリスク：高 免責・責任制限」.

Three renderings: markdown (for a pull request or a job summary), a self-contained HTML page, and Word
(A4, Japanese fonts) for association staff to paste into a member notice.
"""
from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field

from kiyaku.analyzer.model import Finding
from kiyaku.reports.compare.align import ArticlePair
from kiyaku.reports.compare.diff import Diff
from kiyaku.reports.render.common import category_label, docx_bytes, marked_runs, severity_label

Segments = list[tuple[str, bool]]  # (text, underlined)
OMITTED = "（略）"
TITLE = "新旧対照表"


@dataclass
class Row:
    new: list[Segments]  # one entry per line; an entry may be the marker （略）, （削除）
    old: list[Segments]
    remarks: list[str] = field(default_factory=list)


@dataclass
class Table:
    title: str
    old_name: str
    new_name: str
    rows: list[Row]


def build(result: Diff) -> Table:
    rows = [_article_row(result, row) for row in result.articles if _shown(row)]
    rows += [_absence_row(a) for a in result.added if a.satisfied_by is not None]
    name = (result.new.document.title or "").strip() or result.new.source.path
    return Table(f"{name} {TITLE}", result.old.source.path, result.new.source.path, rows)


def _shown(row: ArticlePair) -> bool:
    return row.status != "unchanged"


def _marker(text: str) -> list[Segments]:
    return [[(text, False)]]


def _lines(text: str, base: int, start: int, end: int, spans: list[tuple[int, int]], keep_first: bool) -> list[Segments]:
    """The lines of ``text[start:end]`` (offsets from ``base``): changed ones in full with the spans underlined,
    unchanged runs as one （略）. The first line (the heading) is kept when asked."""
    out: list[Segments] = []
    pos = start
    first = True
    while pos < end:
        nl = text.find("\n", pos - base, end - base)
        stop = end if nl < 0 else nl + base
        line_spans = [(max(s, pos), min(e, stop)) for s, e in spans if s < stop and e > pos]
        raw = text[pos - base:stop - base]
        if raw.strip():
            if line_spans or (first and keep_first):
                out.append(_underline(raw, pos, line_spans))
            elif not out or out[-1] != [(OMITTED, False)]:
                out.append([(OMITTED, False)])
            first = False
        pos = stop + 1
    return out or _marker(OMITTED)


def _underline(raw: str, offset: int, spans: list[tuple[int, int]]) -> Segments:
    return marked_runs(raw, 0, len(raw), [(s - offset, e - offset) for s, e in spans])


def _labelled(lines: list[Segments], label: str | None) -> list[Segments]:
    """The article's label in front of its first line when that line does not show it (a title line)."""
    if not label or not lines or lines[0] == [(OMITTED, False)]:
        return lines
    first = unicodedata.normalize("NFKC", "".join(t for t, _ in lines[0]))
    number = unicodedata.normalize("NFKC", label)
    return lines if number in first or number in ("前文",) else [[(f"{label}　", False), *lines[0]], *lines[1:]]


def _article_row(result: Diff, row: ArticlePair) -> Row:
    made = _article_cells(result, row)
    made.new = _labelled(made.new, row.new.label if row.new else None)
    made.old = _labelled(made.old, row.old.label if row.old else None)
    return made


def _article_cells(result: Diff, row: ArticlePair) -> Row:
    new_text, old_text = result.new.document.text, result.old.document.text
    if row.old is None:
        node = row.new.node
        new = _lines(new_text, 0, node.start, node.end, [(node.start, node.end)], True)
        return Row(new, _marker("（新設）"), ["（新設）", *_risks(result, row)])
    if row.new is None:
        node = row.old.node
        return Row(_marker("（削除）"), _lines(old_text, 0, node.start, node.end, [(node.start, node.end)], True),
                   ["（削除）", *_risks(result, row)])
    ops = result.word_ops(row)
    inserted = [(o.new_start, o.new_end) for o in ops if o.op in ("insert", "replace") and o.new_end > o.new_start]
    deleted = [(o.old_start, o.old_end) for o in ops if o.op in ("delete", "replace") and o.old_end > o.old_start]
    new = _lines(new_text, 0, row.new.node.start, row.new.node.end, inserted, True)
    old = _lines(old_text, 0, row.old.node.start, row.old.node.end, deleted, True)
    kind = []
    if row.old.label != row.new.label:
        kind.append("（条番号の変更）")
    if row.edited:  # beyond its own number and cross-references
        kind.append("（変更）")
    return Row(new, old, [*kind, *_risks(result, row)])


def _inside(f: Finding, node) -> bool:
    return node is not None and f.article is not None and node.start <= f.start < node.end


def _risks(result: Diff, row: ArticlePair) -> list[str]:
    new_node = row.new.node if row.new else None
    old_node = row.old.node if row.old else None
    out = []
    for a in result.added:
        if _inside(a.finding, new_node):
            out.append(f"新たなリスク：{_risk(a.finding)}")
    for c in result.changed:
        if _inside(c.after, new_node):
            word = "リスク上昇" if c.direction == "higher" else "リスク低下"
            out.append(f"{word}：{severity_label(c.before.severity)}→{severity_label(c.after.severity)} "
                       f"{category_label(c.after.category)}")
    for o, n in result.moved:
        if _inside(n, new_node) and not _inside(o, old_node):
            out.append(f"移動：{category_label(n.category)}（旧{o.place().readable()}から）")
        elif _inside(o, old_node) and not _inside(n, new_node):
            out.append(f"移動：{category_label(o.category)}（新{n.place().readable()}へ）")
    for f in result.removed:
        if _inside(f, old_node):
            out.append(f"解消：{_risk(f)}")
    return out


def _risk(f: Finding) -> str:
    return f"{severity_label(f.severity)} {category_label(f.category)}"


def _absence_row(added) -> Row:
    gone = added.satisfied_by
    old = [[(gone["text"].strip(), True)]]
    return Row(_marker("（削除）"), old, ["（削除）", f"新たなリスク：{_risk(added.finding)}（{added.finding.title}）"])


# -- renderings ----------------------------------------------------------------------------------------


def to_markdown(table: Table) -> str:
    """A GitHub-flavoured table; underlines as <ins> (which GitHub keeps), lines joined by <br>."""

    def cell(lines: list[Segments]) -> str:
        parts = []
        for segs in lines:
            parts.append("".join(f"<ins>{_md(t)}</ins>" if u else _md(t) for t, u in segs))
        return "<br>".join(parts)

    out = [f"## {_md(table.title)}", "", f"旧：`{table.old_name}` → 新：`{table.new_name}`", ""]
    if not table.rows:
        return "\n".join(out + ["変更はありません。", ""])
    out += ["| 新 | 旧 | 備考 |", "| --- | --- | --- |"]
    for row in table.rows:
        out.append(f"| {cell(row.new)} | {cell(row.old)} | {'<br>'.join(_md(r) for r in row.remarks)} |")
    out.append("")
    out.append(LEGEND)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    text = html.escape(text, quote=False)
    for ch in "\\|*_`[]#":
        text = text.replace(ch, "\\" + ch)
    return text


LEGEND = "下線は変更された語句（新：追加・変更後、旧：削除・変更前）。（略）は変更のない部分。"
PAGE_CSS = """
body { font-family: "Noto Serif CJK JP", "Hiragino Mincho ProN", "Yu Mincho", "MS Mincho", serif; margin: 2em; color: #111; }
h1 { font-size: 1.3em; text-align: center; }
@page { size: A4 landscape; margin: 15mm; }
"""
CSS = """
p.names { text-align: center; color: #444; font-size: .9em; }
table.taisho { border-collapse: collapse; width: 100%; table-layout: fixed; }
.taisho th, .taisho td { border: 1px solid #333; padding: .4em .6em; vertical-align: top; line-height: 1.6; word-break: break-all; }
.taisho th { background: #eee; font-weight: normal; }
col.text { width: 40%; } col.remarks { width: 20%; }
u { text-decoration: underline; text-decoration-thickness: 1.5px; text-underline-offset: 2px; }
td.remarks { font-size: .9em; }
p.legend { font-size: .85em; color: #444; }
"""


def table_html(table: Table) -> str:
    """The table alone (for a page of its own, or inside a member notice)."""

    def cell(lines: list[Segments]) -> str:
        return "<br>".join("".join(f"<u>{html.escape(t)}</u>" if u else html.escape(t) for t, u in segs) for segs in lines)

    body = []
    for row in table.rows:
        remarks = "<br>".join(html.escape(r) for r in row.remarks)
        body.append(f"<tr><td>{cell(row.new)}</td><td>{cell(row.old)}</td><td class=\"remarks\">{remarks}</td></tr>")
    rows = "\n".join(body) if body else '<tr><td colspan="3">変更はありません。</td></tr>'
    return (
        f"<p class=\"names\">旧：{html.escape(table.old_name)}　→　新：{html.escape(table.new_name)}</p>\n"
        "<table class=\"taisho\">\n<colgroup><col class=\"text\"><col class=\"text\"><col class=\"remarks\"></colgroup>\n"
        "<thead><tr><th>新</th><th>旧</th><th>備考</th></tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table>\n"
        f"<p class=\"legend\">{LEGEND}</p>\n"
    )


def to_html(table: Table) -> str:
    """A self-contained page (inline style, no script, nothing fetched)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(table.title)}</title>\n<style>{PAGE_CSS}{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(table.title)}</h1>\n{table_html(table)}</body>\n</html>\n"
    )


JA_FONT = "MS 明朝"  # Word's default Japanese serif; the east-Asian font of every run
LATIN_FONT = "Century"


def to_docx(table: Table) -> bytes:
    """Word: A4 landscape, Japanese fonts, a three-column table with the changed words underlined."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    doc.core_properties.title = table.title
    doc.core_properties.author = "kiyaku"
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    for style_name in ("Normal", "Title", "Table Grid"):
        style = doc.styles[style_name]
        style.font.name = LATIN_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), JA_FONT)
    doc.styles["Normal"].font.size = Pt(10)

    heading = doc.add_paragraph(table.title, style="Title")
    heading.alignment = 1  # centred
    add_table(doc, table)
    return docx_bytes(doc)


def add_table(doc, table: Table) -> None:
    """The names line, the three-column table and the legend, appended to a python-docx document."""
    doc.add_paragraph(f"旧：{table.old_name}　→　新：{table.new_name}")
    grid = doc.add_table(rows=1, cols=3)
    grid.style = doc.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells, ("新", "旧", "備考")):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = 1
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, lines in zip(cells, (row.new, row.old)):
            _fill(cell, lines)
        _fill(cells[2], [[(r, False)] for r in row.remarks])
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for r in grid.rows:
        for cell, share in zip(r.cells, (0.4, 0.4, 0.2)):
            cell.width = int(usable * share)
    doc.add_paragraph(LEGEND)


def _fill(cell, lines: list[Segments]) -> None:
    paragraph = cell.paragraphs[0]
    for k, segs in enumerate(lines):
        if k:
            paragraph = cell.add_paragraph()
        for text, underlined in segs:
            run = paragraph.add_run(text)
            run.font.underline = underlined


def render_markdown(result: Diff) -> str:
    return to_markdown(build(result))


def render_html(result: Diff) -> str:
    return to_html(build(result))


def render_docx(result: Diff) -> bytes:
    return to_docx(build(result))
