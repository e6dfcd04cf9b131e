"""The physician's view: what a reader needs in the first 30 seconds, shared by the text and HTML reports.

A one-glance summary (counts by severity, the three most serious clauses with their places, whether
personal or medical data leaves the operator and to whom), the findings most serious first, and for
each finding one line on why *this* clause matters — its actor, recipients, data and flagged words —
so each rule's general explanation needs to be shown only once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiyaku.analyzer.model import Analysis, Finding
from kiyaku.reports.render.common import SEVERITIES_DESC, flagged_words, severity_rank, sorted_findings
from kiyaku.reports.render.naming import operator
from kiyaku.reports.render.places import article_refs

TOP = 3  # clauses named in the summary
MEDICAL = re.compile(r"健康|診療|医療|薬剤|健診|病歴|検査|処方|カルテ|服薬|診察|介護|保険")
SUBJECT_CUES = ("利用者", "会員", "お客様", "お客さま", "ユーザー", "契約者", "申込者", "本人")
CONNECTIVE = re.compile(
    r"^\s*(?:[0-9０-９一二三四五六七八九十]+[\s　.．、]*)?(?:また|なお|ただし|但し|この場合|その際)"
)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Most serious first; within a severity, in reading order; missing provisions after the clauses."""
    return sorted(sorted_findings(findings), key=lambda f: (f.document_level, -severity_rank(f.severity)))


def located(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.document_level and f.article is not None]


def most_serious(findings: list[Finding], n: int = TOP) -> list[Finding]:
    """The ``n`` most serious clauses, one per place (two rules on one clause name it once)."""
    out: list[Finding] = []
    seen: set[tuple] = set()
    for f in by_severity(located(findings)):
        key = (f.article, f.paragraph, f.item)
        if key not in seen:
            seen.add(key)
            out.append(f)
        if len(out) == n:
            break
    return out


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    return {sev: sum(1 for f in findings if f.severity == sev) for sev in SEVERITIES_DESC}


@dataclass
class Outflow:
    """Personal data that leaves the operator: to whom, what, where the terms say so."""

    recipient: str
    data: list[str]
    places: list[str] = field(default_factory=list)
    medical: bool = False


def outflows(analysis: Analysis, findings: list[Finding]) -> list[Outflow]:
    """Recipients of disclosed data in reading order, with the kinds of data and places merged per recipient."""
    order = {a.label: i for i, a in enumerate(analysis.document.articles())}
    rows: dict[str, Outflow] = {}
    where: dict[str, list[Finding]] = {}
    for f in sorted_findings([f for f in findings if f.category == "disclosure"]):
        for r in list(dict.fromkeys(f.recipients)) or ["（提供先の記載なし）"]:
            row = rows.setdefault(r, Outflow(r, []))
            row.data += [d for d in f.data if d not in row.data]
            where.setdefault(r, []).append(f)
            row.medical = row.medical or any(MEDICAL.search(d) for d in f.data)
    for r, row in rows.items():
        row.places = [article_refs(where[r], order)]
    return list(rows.values())


def actor_of(analysis: Analysis, f: Finding) -> str:
    """Who acts in the clause: the operator by name when the clause names it, else the user it speaks of."""
    op = operator(analysis)
    clause = f.text
    if op and op[1] in clause:
        return op[0]
    for cue in ("当社", "弊社", "当庁", "本会", "当法人", "運営者", "事業者"):
        if cue in clause:
            return op[0] if op else cue
    for cue in SUBJECT_CUES:
        if clause.lstrip().startswith(cue) or f"{cue}は" in clause:
            return cue
    return op[0] if op else "事業者"


def quoted(words: list[str], limit: int = 2) -> str:
    return "".join(f"「{w}」" for w in words[:limit])


def paren(words: str) -> str:
    return f"（{words}）" if words else ""


def why(analysis: Analysis, f: Finding) -> str:
    """One line on why this clause matters, naming its actor, recipients and data."""
    actor = actor_of(analysis, f)
    words = quoted(flagged_words(analysis.source.text, f))
    if f.category == "disclosure":
        to = "、".join(dict.fromkeys(f.recipients)) or "第三者（提供先の記載なし）"
        what = "、".join(dict.fromkeys(f.data)) or "利用者の情報"
        line = f"{actor}から{to}へ、{what}が渡ります。"
    elif f.category == "liability_waiver" and actor in SUBJECT_CUES:
        line = f"{actor}が責任や負担を負います{paren(words)}。"
    elif f.category == "liability_waiver":
        line = f"{actor}は{words or '責任を負わない'}としており、損害が生じても賠償を求めにくくなります。"
    elif f.category == "unilateral_amendment":
        line = f"{actor}が利用者の個別の同意なく条件を変えられます{paren(words)}。"
    elif f.category == "usage_limit":
        line = f"{actor}の判断で利用が止められ、サービスやデータが使えなくなることがあります{paren(words)}。"
    elif f.category == "dispute_resolution":
        line = f"紛争になったとき、利用者が争いにくくなります{paren(words)}。"
    else:
        line = f"{f.title or f.rule}{paren(words)}。"
    if f.reasons:
        line += f"（{f.reasons[0].rstrip('。')}）"
    return line


def quote_start(analysis: Analysis, f: Finding) -> int:
    """Where the quote of a clause starts: its whole sentence, or the paragraph's start when the sentence
    leans on the one before (「ただし、」「この場合」), so the quote is not missing what limits it."""
    if not CONNECTIVE.match(f.text or ""):
        return clause_span(analysis, f)[0]
    for art in analysis.document.articles():
        if art.start <= f.start < art.end:
            for para in art.children:
                if para.kind == "paragraph" and para.start <= f.start < para.end:
                    body = max(para.start, art.heading_end or art.start) if para is art.children[0] else para.start
                    return min(body, f.start)
    return f.start


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 40  # too short a text to judge


def language_warning(analysis: Analysis) -> str | None:
    """「日本語の文書ではないようです」 when few of the document's letters are Japanese."""
    text = analysis.source.text
    letters = len(LETTER.findall(text))
    if letters < MIN_LETTERS:
        return None
    share = len(JAPANESE.findall(text)) / letters
    if share >= 0.2:
        return None
    return (
        f"the document does not look Japanese ({share:.0%} of its letters are Japanese); "
        "kiyaku reads Japanese terms of use, so no findings does not mean no risks"
    )


NOT_JAPANESE = "注意：日本語の文書ではないようです。kiyaku は日本語の利用規約を読むため、指摘がないことはリスクがないことを意味しません。"


MAX_REACH = 600  # characters a quote may grow by on either side to reach its sentence's ends


def _smallest_unit(analysis: Analysis, pos: int) -> tuple[int, int]:
    """Bounds of the item, paragraph or article that holds ``pos`` (the document when none does)."""
    best = (0, len(analysis.source.text))
    for art in analysis.document.articles():
        if not art.start <= pos < art.end:
            continue
        best = (
            (art.heading_end or art.start, art.end) if (art.heading_end or art.start) <= pos else (art.start, art.end)
        )
        for para in art.children:
            if para.start <= pos < para.end:
                best = (max(para.start, best[0]) if para.start <= best[0] <= pos else para.start, para.end)
                for item in para.children:
                    if item.start <= pos < item.end:
                        best = (item.start, item.end)
                        break
                break
        break
    return best


def clause_span(analysis: Analysis, f: Finding) -> tuple[int, int]:
    """The finding's clause widened to whole sentences: from the 「。」 before it to the 「。」 after it,
    within its item or paragraph, so a quote is never cut mid-sentence (hard-wrapped text included)."""
    text = analysis.source.text
    if not (0 <= f.start < f.end <= len(text)):
        return f.start, f.end
    lo, hi = _smallest_unit(analysis, f.start)
    start = f.start
    while start > max(lo, f.start - MAX_REACH) and text[start - 1] != "。":
        start -= 1
    end = f.end
    while end < min(hi, f.end + MAX_REACH) and text[end - 1] != "。":
        end += 1
    return start, end
