"""The HTML report: one self-contained page (inline CSS and JS, nothing fetched).

The whole document text is shown article by article, each flagged clause in ``<mark>`` (its
flagged words in ``<strong>``) with the explanation beside it, a category / severity filter, and
a disclosure map (recipient × kind of data × article). Every piece of document text reaches the
page through Jinja2's autoescape; the view model below holds plain strings only, never markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from kiyaku.analyzer import categories
from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render.glance import (
    NOT_JAPANESE, by_severity, clause_span, language_warning, located, most_serious, outflows, quote_start, severity_counts, why,
)
from kiyaku.reports.render.naming import document_title
from kiyaku.reports.render.common import (
    clause_pieces,
    NO_ARTICLE,
    SEVERITIES_DESC,
    article_heading,
    article_titles,
    category_label,
    counts,
    disclosure_map,
    document_name,
    is_document_level,
    ordered_categories,
    segments,
    severity_label,
    severity_rank,
    sorted_findings,
)


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("kiyaku.reports.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass
class Card:
    id: str
    category: str
    category_label: str
    severity: str
    severity_label: str
    title: str
    place: str
    explanation: str
    rule: str
    refs: list[str]
    recipients: list[str]
    data: list[str]
    reasons: list[str]
    anchor: str | None  # id of the clause's first segment in the text, if it is shown
    why: str = ""  # why this clause matters: its actor, recipients, data


@dataclass
class Piece:
    text: str
    finding_ids: list[str] = field(default_factory=list)
    severity: str = ""  # the most severe covering finding
    word: bool = False
    tip: str = ""
    anchors: list[str] = field(default_factory=list)  # findings whose clause starts here


@dataclass
class Block:
    heading: str | None  # the article's label and title, None for text outside articles
    pieces: list[Piece]
    cards: list[Card]


def card(doc_id: str, index: int, f: Finding) -> Card:
    fid = f"{doc_id}-f{index}"
    return Card(
        id=fid,
        category=f.category,
        category_label=category_label(f.category),
        severity=f.severity,
        severity_label=severity_label(f.severity),
        title=f.title,
        place=f.place().readable() if f.article else "",
        explanation=f.explanation,
        rule=f.rule,
        refs=list(f.refs),
        recipients=list(f.recipients),
        data=list(f.data),
        reasons=list(f.reasons),
        anchor=None if is_document_level(f) else f"{fid}-m",
    )


def block_bounds(analysis: Analysis) -> list[tuple[int, int, str | None]]:
    """Tile the text into runs: each article, and whatever lies between articles."""
    n = len(analysis.source.text)
    arts = sorted((a for a in analysis.document.articles() if a.end > a.start), key=lambda a: a.start)
    out, pos = [], 0
    for art in arts:
        start, end = max(art.start, pos), min(art.end, n)
        if start >= end:
            continue
        if start > pos:
            out.append((pos, start, None))
        out.append((start, end, art.label))
        pos = end
    if pos < n:
        out.append((pos, n, None))
    return out


def glance_view(analysis: Analysis, findings: list[Finding], cards: list[Card]) -> dict:
    """The one-glance summary and the findings most serious first, each with its complete clause."""
    text = analysis.source.text
    card_of = {id(f): c for f, c in zip(findings, cards)}
    explained: set[str] = set()
    rows = []
    for f in by_severity(located(findings)):
        c = card_of[id(f)]
        first = f.rule not in explained
        explained.add(f.rule)
        rows.append({
            "card": c, "id": f"{c.id}-l", "quote": clause_pieces(text, f, quote_start(analysis, f), clause_span(analysis, f)[1]),
            "explanation": " ".join(f.explanation.split()) if first else "",
        })
    flows = outflows(analysis, findings)
    return {
        "counts": [(sev, severity_label(sev), n) for sev, n in severity_counts(findings).items()],
        "top": [card_of[id(f)] for f in most_serious(findings)],
        "flows": flows,
        "medical": any(o.medical for o in flows),
        "findings": rows,
    }


def document_view(doc_index: int, analysis: Analysis) -> dict:
    doc_id = f"d{doc_index}"
    text = analysis.source.text
    findings = sorted_findings(analysis.findings)
    cards = [card(doc_id, i, f) for i, f in enumerate(findings)]
    for f, c in zip(findings, cards):
        if not f.document_level and f.article is not None:
            c.why = why(analysis, f)
    located = [(f, c) for f, c in zip(findings, cards) if not is_document_level(f) and f.end <= len(text)]
    titles = article_titles(analysis)
    blocks = []
    for start, end, label in block_bounds(analysis):
        inside = [(f, c) for f, c in located if f.start < end and f.end > start]
        segs = segments(text, start, end, [f for f, _ in inside])
        pieces = []
        for seg in segs:
            covering = [inside[i] for i in seg.findings]
            pieces.append(Piece(
                text=seg.text,
                finding_ids=[c.id for _, c in covering],
                severity=max((f.severity for f, _ in covering), key=severity_rank, default=""),
                word=seg.word,
                tip=" / ".join(
                    f"{c.severity_label}・{c.category_label}" + (f"：{c.title}" if c.title else "") for _, c in covering
                ),
                anchors=[c.anchor for f, c in covering if f.start == seg.start],
            ))
        # A finding's card goes beside the run where its clause starts.
        beside = [c for f, c in located if start <= f.start < end]
        blocks.append(Block(article_heading(label, titles) if label else None, pieces, beside))
    card_of = {id(f): c for f, c in zip(findings, cards)}
    map_groups = [
        [
            {
                "recipient": row.recipient,
                "data": row.data,
                "links": [{"place": card_of[id(f)].place or NO_ARTICLE, "href": card_of[id(f)].id} for f in row.findings],
            }
            for row in rows
        ]
        for rows in disclosure_map(findings)
    ]
    return {
        "id": doc_id,
        "name": document_name(analysis),
        "title": document_title(analysis),
        "warning": NOT_JAPANESE if language_warning(analysis) else None,
        "glance": glance_view(analysis, findings, cards),
        "encoding": analysis.source.encoding,
        "chars": len(text),
        "articles": analysis.document.article_count(),
        "summary": [
            {"label": category_label(cat), "counts": [by_sev[s] for s in SEVERITIES_DESC], "total": sum(by_sev.values())}
            for cat, by_sev in counts(findings).items()
        ],
        "total": len(findings),
        "blocks": blocks,
        "document_cards": [c for f, c in zip(findings, cards) if c.anchor is None or f.end > len(text)],
        "map": map_groups,
    }


def render_html(analyses: list[Analysis]) -> str:
    all_findings = [f for a in analyses for f in a.findings]
    if len(analyses) == 1:
        a = analyses[0]
        page_title = document_title(a) or document_name(a)
    else:
        page_title = f"{len(analyses)}件の利用規約"
    template = environment().get_template("analysis.html.j2")
    return template.render(
        page_title=page_title,
        documents=[document_view(i, a) for i, a in enumerate(analyses)],
        categories=[(c, category_label(c)) for c in ordered_categories(all_findings)],
        category_styles=categories.categories(),
        severities=[(s, severity_label(s)) for s in SEVERITIES_DESC],
    )
