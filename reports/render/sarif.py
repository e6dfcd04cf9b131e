"""SARIF 2.1.0 for a diff: one result per added or escalated risk, located in the new version.

Code-scanning services read this: ``level`` follows the severity, regions are 1-based lines and
columns in Unicode code points (``columnKind``), and ``partialFingerprints`` hash the category and
the normalised clause text, so a risk keeps its identity when articles are renumbered or moved.
Regions are given for text and markdown sources only: for HTML, PDF and DOCX the offsets point into
the extracted text, not into the file, so those results carry the article as a logical location.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
from importlib import metadata
from urllib.parse import quote

from kiyaku.analyzer.model import Finding
from kiyaku.reports.compare.align import normalise
from kiyaku.reports.compare.diff import AddedRisk, ChangedRisk, Diff
from kiyaku.reports.render.common import category_label, severity_label

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note"}
FINGERPRINT = "kiyakuRisk/v1"
_NEWLINE = re.compile(r"\r\n|\n")  # SARIF's default newlineSequences


def tool_version() -> str:
    try:
        return metadata.version("kiyaku")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


class LineIndex:
    """Offsets → 1-based (line, column) in code points, with SARIF's default line breaks."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def region(self, start: int, end: int) -> dict:
        start_line, start_col = self.position(start)
        if end > start:  # the end column is the one after the last character
            end_line, last_col = self.position(end - 1)
            end_col = last_col + 1
        else:
            end_line, end_col = start_line, start_col
        return {
            "startLine": start_line,
            "startColumn": start_col,
            "endLine": end_line,
            "endColumn": end_col,
            "charOffset": start,
            "charLength": end - start,
        }


def fingerprint(finding: Finding) -> str:
    """Stable across renumbering: the category and the clause's normalised words (rule id if no clause)."""
    basis = normalise(finding.text) if finding.text else finding.rule
    return hashlib.sha256(f"{finding.category}\0{basis}".encode()).hexdigest()[:32]


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/-._~")


def _rule_descriptor(finding: Finding) -> dict:
    title = finding.title or finding.rule
    help_text = finding.explanation or title
    if finding.refs:
        help_text += "（関連法令：" + "、".join(finding.refs) + "）"
    return {
        "id": finding.rule,
        "name": finding.rule.replace(".", "_").replace("-", "_"),
        "shortDescription": {"text": title},
        "fullDescription": {"text": finding.explanation or title},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
        "properties": {
            "category": finding.category,
            "severity": finding.severity,
            "tags": [finding.category],
        },
    }


def _message(entry: AddedRisk | ChangedRisk) -> str:
    if isinstance(entry, ChangedRisk):
        f = entry.after
        text = (
            f"{f.place().readable()}：「{f.title or f.rule}」の重大度が"
            f"{severity_label(entry.before.severity)}から{severity_label(f.severity)}に上がりました。"
        )
        if entry.reason:
            text += f"理由：{entry.reason}。"
        return text + (f.explanation or "")
    f = entry.finding
    text = f"{f.place().readable()}：新たなリスク「{f.title or f.rule}」（{category_label(f.category)}・重大度{severity_label(f.severity)}）。"
    if entry.new_recipients:
        text += "新たな提供先：" + "、".join(entry.new_recipients) + "。"
    if entry.new_data:
        text += "新たに提供される情報：" + "、".join(entry.new_data) + "。"
    return text + (f.explanation or "")


def to_sarif(result: Diff) -> dict:
    """The SARIF log (a dict ready for ``json.dumps``)."""
    source = result.new.source
    uri = _uri(source.path)
    with_regions = source.format in ("text", "markdown")
    lines = LineIndex(source.text)
    entries: list[tuple[str, AddedRisk | ChangedRisk, Finding]] = [("added", a, a.finding) for a in result.added]
    entries += [("escalated", c, c.after) for c in result.escalated()]
    entries.sort(key=lambda e: (e[2].sort_key(), e[0]))

    descriptors: dict[str, dict] = {}
    for _, _, f in entries:
        descriptors.setdefault(f.rule, _rule_descriptor(f))
    rule_ids = sorted(descriptors)

    results = []
    for change, entry, f in entries:
        physical: dict = {"artifactLocation": {"uri": uri, "index": 0}}
        if with_regions and f.end > f.start:
            physical["region"] = lines.region(f.start, f.end)
            physical["region"]["snippet"] = {"text": f.text}
        location: dict = {"physicalLocation": physical}
        if f.article is not None:
            location["logicalLocations"] = [{"fullyQualifiedName": f.place().label(), "kind": "member"}]
        properties = {"change": change, "category": f.category, "severity": f.severity, "article": f.article}
        if isinstance(entry, ChangedRisk):
            properties["previousSeverity"] = entry.before.severity
            properties["previousArticle"] = entry.before.article
        if f.recipients:
            properties["recipients"] = list(f.recipients)
        if f.data:
            properties["data"] = list(f.data)
        if isinstance(entry, AddedRisk) and entry.was is not None:
            properties["newRecipients"] = list(entry.new_recipients)
            properties["newData"] = list(entry.new_data)
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": LEVELS.get(f.severity, "warning"),
                "kind": "fail",
                "message": {"text": _message(entry)},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT: fingerprint(f)},
                "properties": properties,
            }
        )

    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kiyaku",
                        "version": tool_version(),
                        "semanticVersion": tool_version(),
                        "rules": [descriptors[r] for r in rule_ids],
                        "properties": {"rulesVersion": result.new.rules_version},
                    }
                },
                "artifacts": [
                    {
                        "location": {"uri": uri},
                        "hashes": {"sha-256": source.sha256},
                        **({"encoding": source.encoding} if with_regions else {}),
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "old": {"path": result.old.source.path, "sha256": result.old.source.sha256},
                    "removed": len(result.removed),
                    "lowered": len(result.changed) - len(result.escalated()),
                },
            }
        ],
    }


def render_sarif(result: Diff) -> str:
    return json.dumps(to_sarif(result), ensure_ascii=False, indent=2) + "\n"
