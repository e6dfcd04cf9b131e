"""The CSV report: one finding per row, one table for a whole corpus, for Excel and LibreOffice.

Decisions (documented in the README's formats section and tests/golden/README.md):
- UTF-8 with a byte-order mark, because Excel reads a BOM-less CSV as the locale's code page and
  garbles Japanese; LibreOffice and pandas (``encoding="utf-8-sig"``) read it either way.
- Lists (recipients, data, refs) are joined with ``"; "`` — ASCII, so a script can split them back.
- ``\\n`` line endings; fields holding line breaks are quoted, as RFC 4180 allows.
- A cell whose text starts with ``= + - @`` (or a tab / carriage return) gets a leading ``'`` so a
  spreadsheet shows it instead of evaluating it as a formula (OWASP's CSV injection advice): a hostile
  document could carry one in a clause, and a file could be named like one, so every text cell is defused.
- A document with no findings has no row; use jsonl to see every analysed document.
- Headers are Japanese, and the category and severity codes have their Japanese labels beside them
  (分類「免責・責任の転嫁」, 分類コード ``liability_waiver``), so an Excel user reads the table directly
  and a script still filters on the codes.
"""
from __future__ import annotations

import pandas as pd

from kiyaku.analyzer.model import Analysis
from kiyaku.reports.render.common import category_label, document_name, severity_label, sorted_findings

BOM = "\ufeff"
COLUMNS = [
    "path", "article", "paragraph", "item", "category_label", "category", "severity_label", "severity", "rule", "title",
    "recipients", "data", "text", "explanation", "refs",
]
DOCUMENT_TEXT_COLUMNS = ["path", "article", "title", "recipients", "data", "text", "explanation", "refs"]
LIST_SEPARATOR = "; "
# The header each column is written under (the row keys stay the codes' names for the code).
HEADERS = {
    "path": "文書", "article": "条", "paragraph": "項", "item": "号", "category_label": "分類", "category": "分類コード",
    "severity_label": "重大度", "severity": "重大度コード", "rule": "ルール", "title": "名称", "recipients": "提供先",
    "data": "情報の種類", "text": "条文", "explanation": "解説", "refs": "根拠",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(analyses: list[Analysis]) -> list[dict]:
    out = []
    for analysis in analyses:
        path = document_name(analysis)
        for f in sorted_findings(analysis.findings):
            out.append({
                "path": path,
                "article": f.article or "",
                "paragraph": f.paragraph,
                "item": f.item,
                "category_label": category_label(f.category),
                "category": f.category,
                "severity_label": severity_label(f.severity),
                "severity": f.severity,
                "rule": f.rule,
                "title": f.title,
                "recipients": LIST_SEPARATOR.join(f.recipients),
                "data": LIST_SEPARATOR.join(f.data),
                "text": f.text,
                "explanation": f.explanation,
                "refs": LIST_SEPARATOR.join(f.refs),
            })
    return out


def render_csv(analyses: list[Analysis]) -> str:
    return render_rows(rows(analyses))


def render_rows(table: list[dict]) -> str:
    """The CSV of rows made by :func:`rows` (a corpus run collects rows, not analyses)."""
    frame = pd.DataFrame(table, columns=COLUMNS)
    # Integers stay integers (not 1.0) where a paragraph or item is missing.
    for col in ("paragraph", "item"):
        frame[col] = frame[col].astype("Int64")
    for col in COLUMNS:
        if col not in ("paragraph", "item"):
            frame[col] = frame[col].astype("string")
    for col in DOCUMENT_TEXT_COLUMNS:
        frame[col] = frame[col].map(defuse, na_action="ignore")
    return BOM + frame.rename(columns=HEADERS).to_csv(index=False, lineterminator="\n")
