"""What every report format shares: Japanese labels, grouping, counts, and splitting text into highlightable segments.

The formats (text, md, html, csv, notice) differ only in how they draw these pieces, so the
decisions — which findings belong to which article, which words are emphasised, how a span of
text is cut where findings overlap — are made once, here.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from kiyaku.analyzer import categories
from kiyaku.analyzer.model import SEVERITIES, SEVERITY_RANK, Analysis, Finding

SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}
SEVERITIES_DESC = tuple(reversed(SEVERITIES))  # high, medium, low: the order a reader wants

NO_ARTICLE = "（文書全体）"  # heading for findings that point at no article (missing provisions)


def category_label(category: str) -> str:
    """Japanese name of a category (``rules/categories.yaml``); an unknown category keeps its own name."""
    return categories.label(category)


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity)


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, 0)


def ordered_categories(findings: list[Finding]) -> list[str]:
    """The known categories first (in their order), then any others alphabetically."""
    return categories.ordered({f.category for f in findings})


def is_document_level(finding: Finding) -> bool:
    """A finding about the document as a whole (a missing protection): nothing in the text to highlight."""
    return finding.document_level or finding.end <= finding.start


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.sort_key(), -severity_rank(f.severity)))


def article_titles(analysis: Analysis) -> dict[str, str | None]:
    return {art.label: art.title for art in analysis.document.articles() if art.label}


def article_heading(label: str | None, titles: dict[str, str | None]) -> str:
    """「第3条（個人情報の管理）」, or the label alone when the article has no title."""
    if label is None:
        return NO_ARTICLE
    title = titles.get(label)
    return f"{label}（{title}）" if title else label


def group_by_article(findings: list[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped by article in reading order; document-level findings last, under ``None``."""
    groups: OrderedDict[str | None, list[Finding]] = OrderedDict()
    located = [f for f in sorted_findings(findings) if not is_document_level(f)]
    for f in located:
        groups.setdefault(f.article, []).append(f)
    rest = [f for f in sorted_findings(findings) if is_document_level(f)]
    if rest:
        groups.setdefault(None, []).extend(rest)
    return list(groups.items())


def counts(findings: list[Finding]) -> dict[str, dict[str, int]]:
    """category → severity → number of findings (every severity present, zeros included)."""
    out: dict[str, dict[str, int]] = {}
    for cat in ordered_categories(findings):
        out[cat] = {sev: 0 for sev in SEVERITIES_DESC}
    for f in findings:
        out[f.category][f.severity] = out[f.category].get(f.severity, 0) + 1
    return out


def words_within(finding: Finding, start: int, end: int) -> list[tuple[int, int]]:
    """The finding's matched words clipped to ``[start, end)``, merged where they overlap."""
    spans = sorted((max(a, start), min(b, end)) for a, b in finding.words if min(b, end) > max(a, start))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def marked_runs(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text[start:end]`` cut into (piece, marked) runs, marking the given spans."""
    out, pos = [], start
    for s, e in sorted(spans):
        s, e = max(s, pos), min(e, end)
        if s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < end:
        out.append((text[pos:end], False))
    return out


def clause_pieces(text: str, finding: Finding, start: int | None = None, end: int | None = None) -> list[tuple[str, bool]]:
    """The clause as (piece, is_flagged_word) pairs, for quoting it with the flagged words emphasised.

    Uses the document text when the offsets fit it (so the words' offsets line up), else the
    finding's own copy of the clause without emphasis.
    """
    start, end = (finding.start if start is None else start), (finding.end if end is None else end)
    if not (0 <= start < end <= len(text)):
        return [(finding.text.strip(), False)]
    while start < end and text[start].isspace():  # the full-width indent of a paragraph, line ends
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return marked_runs(text, start, end, words_within(finding, start, end))


def flagged_words(text: str, finding: Finding) -> list[str]:
    """The distinct flagged words of a finding, in order."""
    seen: list[str] = []
    for piece, flagged in clause_pieces(text, finding):
        word = piece.strip()
        if flagged and word and word not in seen:
            seen.append(word)
    return seen


@dataclass
class Segment:
    """A run of text over which the set of covering findings and the word emphasis do not change."""

    start: int
    end: int
    text: str
    findings: list[int] = field(default_factory=list)  # indexes into the list given to ``segments``
    word: bool = False  # inside a flagged word of one of ``findings``


def segments(text: str, start: int, end: int, findings: list[Finding]) -> list[Segment]:
    """Cut ``text[start:end]`` at every boundary of every finding and flagged word.

    Overlapping or nested findings never produce crossing markup: each segment is wrapped on its
    own, carrying the ids of every finding that covers it.
    """
    cuts = {start, end}
    for f in findings:
        for pos in (f.start, f.end):
            if start < pos < end:
                cuts.add(pos)
        for a, b in words_within(f, max(f.start, start), min(f.end, end)):
            cuts.update((a, b))
    bounds = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [i for i, f in enumerate(findings) if f.start <= a and b <= f.end and not is_document_level(f)]
        word = any(
            wa <= a and b <= wb for i in covering for wa, wb in findings[i].words
        )
        out.append(Segment(a, b, text[a:b], covering, word))
    return out


NO_RECIPIENT = "（提供先の記載なし）"
NO_DATA = "（情報の種類の記載なし）"


@dataclass
class DisclosureRow:
    """One recipient and one set of kinds of data, with the findings (so the articles) that disclose them."""

    recipient: str
    data: list[str]
    findings: list[Finding]


def disclosure_map(findings: list[Finding]) -> list[list[DisclosureRow]]:
    """The disclosure map: per recipient (in order of first mention), the kinds of data it receives and where.

    Findings disclosing the same kinds of data to the same recipient share a row, so a recipient
    named in many articles reads as a short list.
    """
    by_recipient: OrderedDict[str, OrderedDict[tuple[str, ...], list[Finding]]] = OrderedDict()
    for f in sorted_findings([f for f in findings if f.category == "disclosure"]):
        kinds = tuple(dict.fromkeys(f.data)) or (NO_DATA,)
        for recipient in list(dict.fromkeys(f.recipients)) or [NO_RECIPIENT]:
            by_recipient.setdefault(recipient, OrderedDict()).setdefault(kinds, []).append(f)
    return [
        [DisclosureRow(recipient, list(kinds), fs) for kinds, fs in groups.items()]
        for recipient, groups in by_recipient.items()
    ]


def articles_of(findings: list[Finding]) -> list[str]:
    """Distinct article labels of the findings, in reading order."""
    return list(dict.fromkeys(f.article for f in sorted_findings(findings) if f.article))


def document_name(analysis: Analysis) -> str:
    return analysis.source.path or "-"


def docx_bytes(doc) -> bytes:
    """A python-docx document as bytes that depend only on its content (zip entries get a fixed date)."""
    import zipfile
    from io import BytesIO

    raw = BytesIO()
    doc.save(raw)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
