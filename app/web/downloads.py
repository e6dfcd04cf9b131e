"""The downloads of the web app: each one is the output of a CLI command on the same input.

| download | the CLI command giving the same bytes |
| --- | --- |
| notice md / html / docx | ``kiyaku notice PATH --format md|html|docx`` |
| CSV, JSON | ``kiyaku analyze PATH --format csv|json`` |
| 新旧対照表 docx | ``kiyaku diff OLD NEW --format docx`` |
| SARIF, JSON of a comparison | ``kiyaku diff OLD NEW --format sarif|json`` |
| notice of a comparison (md / docx) | ``kiyaku notice NEW --since OLD --taisho --format md|docx`` |

Only the renderers' public functions are called: no format is re-implemented here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from kiyaku.analyzer.model import Analysis

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Download:
    label: str  # shown on the button, in Japanese
    suffix: str  # appended to the document's name
    media_type: str
    render: Callable  # (analysis) or (old, new, diff) -> str | bytes


def _notice(fmt: str):
    from kiyaku.reports.render.notice import render_notice

    return lambda a: render_notice(a, fmt=fmt)


def _analysis(fmt: str):
    from kiyaku.reports.render.analysis import render_analyses

    return lambda a: render_analyses([a], fmt)


def _diff(fmt: str):
    from kiyaku.reports.render.diff import render_diff

    return lambda old, new, d: render_diff(d, fmt)


def _since_notice(fmt: str):
    from kiyaku.reports.render.notice import render_notice

    return lambda old, new, d: render_notice(new, since=old, fmt=fmt, taisho=True)


ANALYSIS = {
    "notice.md": Download("会員向け通知文（Markdown）", "-notice.md", "text/markdown; charset=utf-8", _notice("md")),
    "notice.html": Download("会員向け通知文（HTML）", "-notice.html", "text/html; charset=utf-8", _notice("html")),
    "notice.docx": Download("会員向け通知文（Word）", "-notice.docx", DOCX, _notice("docx")),
    "csv": Download("指摘の一覧（CSV）", ".csv", "text/csv; charset=utf-8", _analysis("csv")),
    "json": Download("解析結果（JSON）", ".json", "application/json", _analysis("json")),
}
COMPARISON = {
    "taisho.docx": Download("新旧対照表（Word）", "-taisho.docx", DOCX, _diff("docx")),
    "notice.md": Download("変更の通知文（Markdown）", "-notice.md", "text/markdown; charset=utf-8", _since_notice("md")),
    "notice.docx": Download("変更の通知文（Word）", "-notice.docx", DOCX, _since_notice("docx")),
    "sarif": Download("SARIF", ".sarif", "application/sarif+json", _diff("sarif")),
    "json": Download("比較結果（JSON）", "-diff.json", "application/json", _diff("json")),
}


def file_name(analysis: Analysis, download: Download) -> str:
    """The document's own name (a URL's last segment, pasted text: "pasted") with the download's suffix."""
    source = analysis.source
    spec = (source.final_url or source.url or "").split("?", 1)[0].rstrip("/") or source.path
    stem = os.path.splitext(os.path.basename(spec))[0] if spec != "-" else "pasted"
    return (stem or "terms") + download.suffix


def content_disposition(name: str) -> str:
    """An attachment header: an ASCII fallback and the real (maybe Japanese) name, RFC 6266 / 5987."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
