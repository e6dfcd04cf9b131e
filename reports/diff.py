"""The diff of two analysed versions: article alignment plus the risks that arrived, left or changed.

Findings are matched THROUGH the alignment, so a risk that only moved because articles were
renumbered is the same risk. Matching runs in two steps:

1. clause by clause (one to one, best pairs first): same category and
   - aligned articles (split/merge pieces included) with similar clause and paragraph text, or
   - nearly the same clause text anywhere (a clause moved to another article), or
   - both ``missing_provision`` (no article) from the same rule;
2. a finding left over joins the risk of its category in the aligned article when that article had
   (or still has) one: for a reader a risk is one per category and article, however many clauses
   carry it. A leftover that is more severe than that risk was is reported as *changed* (higher);
   an old leftover more severe than what remains, as *changed* (lower) once per article; the rest is
   kept silently. Only risks with no counterpart at all are *added* or *removed*.

A matched disclosure that gained a named recipient or a kind of data is reported as *added* (the
contract says so), with ``new_recipients`` / ``new_data`` naming what is new; a matched risk whose
severity moved is *changed*, with the direction and the reason the rules gave. Both versions must
have been analysed with the same rule packs: a rule-pack upgrade is never a new risk.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from analyzer.errors import UsageError
from analyzer.model import SEVERITY_RANK, Analysis, Finding
from reports.align import ArticlePair, ArticleText, align, article_texts, bigrams, dice, normalise
from reports.worddiff import WordOp, word_diff

DIFF_SCHEMA = "kiyaku/diff@1"

STATUS_JA = {"unchanged": "変更なし", "renumbered": "条番号のみ変更", "modified": "変更", "added": "新設", "removed": "削除"}


def status_ja(row: ArticlePair) -> str:
    """The row's status for a reader: a renumbered article whose text changed too says so."""
    if row.status == "renumbered" and row.edited:
        return "条番号変更・内容変更"
    return STATUS_JA[row.status]

# Risk matching weights and thresholds (see the module docstring).
W_CLAUSE, W_PARAGRAPH, W_RULE = 0.6, 0.3, 0.1
SAME_RISK_ALIGNED = 0.4  # combined score, for findings in aligned articles
SAME_RISK_MOVED = 0.8  # clause similarity alone, for findings anywhere else


@dataclass
class AddedRisk:
    """A new risk; ``was`` is the old disclosure it extends when only recipients or data are new."""

    finding: Finding
    was: Finding | None = None
    new_recipients: list[str] = field(default_factory=list)
    new_data: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = self.finding.to_dict()
        if self.was is not None:
            out["new_recipients"] = list(self.new_recipients)
            out["new_data"] = list(self.new_data)
        return out


@dataclass
class ChangedRisk:
    """The same risk with another severity. ``direction`` is ``higher`` or ``lower``."""

    before: Finding
    after: Finding
    direction: str
    reason: str

    def to_dict(self) -> dict:
        return {
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "direction": self.direction,
            "reason": self.reason,
        }


@dataclass
class Diff:
    old: Analysis
    new: Analysis
    articles: list[ArticlePair]
    added: list[AddedRisk] = field(default_factory=list)
    removed: list[Finding] = field(default_factory=list)
    changed: list[ChangedRisk] = field(default_factory=list)
    kept: list[tuple[Finding, Finding]] = field(default_factory=list)  # same risk, same severity
    _word_ops: dict[int, list[WordOp]] = field(default_factory=dict, repr=False, compare=False)

    def escalated(self) -> list[ChangedRisk]:
        return [c for c in self.changed if c.direction == "higher"]

    def max_added_severity(self) -> str | None:
        return _max_severity(a.finding.severity for a in self.added)

    def worst_new_severity(self) -> str | None:
        """The highest severity among added and escalated risks (what ``--fail-on`` looks at)."""
        return _max_severity([a.finding.severity for a in self.added] + [c.after.severity for c in self.escalated()])

    def to_dict(self) -> dict:
        return {
            "schema": DIFF_SCHEMA,
            "old": {"path": self.old.source.path, "sha256": self.old.source.sha256},
            "new": {"path": self.new.source.path, "sha256": self.new.source.sha256},
            "articles": [row.to_dict() for row in self.articles],
            "risks": {
                "added": [a.to_dict() for a in self.added],
                "removed": [f.to_dict() for f in self.removed],
                "changed": [c.to_dict() for c in self.changed],
            },
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "max_added_severity": self.max_added_severity(),
            },
        }

    # -- helpers for the renderers -------------------------------------------------------------

    def word_ops(self, row: ArticlePair) -> list[WordOp]:
        """Word-level diff of an aligned row, as offsets into the old and new documents' texts."""
        if row.old is None or row.new is None:
            return []
        key = id(row)
        if key not in self._word_ops:
            self._word_ops[key] = word_diff(
                row.old.text, row.new.text, old_base=row.old.node.start, new_base=row.new.node.start
            )
        return self._word_ops[key]

    def row_of_new(self, offset: int) -> ArticlePair | None:
        """The alignment row of the new article that holds ``offset`` (its main pairing first)."""
        rows = [r for r in self.articles if r.new is not None and r.new.node.start <= offset < r.new.node.end]
        rows.sort(key=lambda r: r.piece)
        return rows[0] if rows else None

    def row_of_old(self, offset: int) -> ArticlePair | None:
        rows = [r for r in self.articles if r.old is not None and r.old.node.start <= offset < r.old.node.end]
        rows.sort(key=lambda r: r.piece)
        return rows[0] if rows else None

    def inserted_words(self, finding: Finding, before: Finding | None = None) -> list[tuple[int, int]]:
        """Spans of the new text inside ``finding`` that the new version added or rewrote.

        With ``before`` (the same risk in the old version) the two clauses are compared directly, which
        also works for a clause that moved to another article; otherwise the finding's article is
        compared with the article it is aligned with.
        """
        if finding.end <= finding.start:
            return []
        if before is not None and before.end > before.start:
            ops = word_diff(before.text, finding.text, old_base=before.start, new_base=finding.start)
        else:
            row = self.row_of_new(finding.start)
            if row is None or row.old is None:  # a new article, or no article structure at all
                return [(finding.start, finding.end)] if row is not None else []
            ops = self.word_ops(row)
        spans = []
        for op in ops:
            if op.op in ("insert", "replace") and op.new_start < finding.end and op.new_end > finding.start:
                spans.append((max(op.new_start, finding.start), min(op.new_end, finding.end)))
        return spans


def _max_severity(severities) -> str | None:
    ranked = [s for s in severities if s in SEVERITY_RANK]
    return max(ranked, key=SEVERITY_RANK.__getitem__) if ranked else None


def diff(old: Analysis, new: Analysis) -> Diff:
    """Align two analysed versions and sort their findings into added, removed and changed risks."""
    if old.rules_version != new.rules_version:
        raise UsageError(
            new.source.path,
            f"analysed with other rule packs ({new.rules_version}) than {old.source.path} ({old.rules_version}); "
            "analyse both versions with the same rules",
        )
    rows = align(old.document, new.document)
    result = Diff(old=old, new=new, articles=rows)
    _match_risks(result)
    return result


# -- risk matching ---------------------------------------------------------------------------------


class _Side:
    """Where each finding of one version sits: its article and paragraph, as compared texts."""

    def __init__(self, analysis: Analysis):
        self.articles = article_texts(analysis.document)
        self.text = analysis.document.text

    def article_of(self, finding: Finding) -> ArticleText | None:
        if finding.article is None:
            return None
        for art in self.articles:
            if art.node.start <= finding.start < art.node.end:
                return art
        return None

    def paragraph_grams(self, finding: Finding, art: ArticleText | None):
        if art is None:
            return bigrams(normalise(finding.text))
        for node in art.node.children:
            if node.kind == "paragraph" and node.start <= finding.start < node.end:
                return bigrams(normalise(self.text[node.start : node.end]))
        return art.grams


def _key(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


# Recipients that name no one in particular: trading one for another (第三者 → 外部の事業者) is a
# rewording, not a new recipient. A named recipient (生命保険会社, 内閣総理大臣) is always counted.
GENERIC_RECIPIENTS = frozenset(
    ["第三者", "事業者", "外部事業者", "外部の事業者", "他の事業者", "委託先", "業務委託先", "再委託先", "外部委託先",
     "提携先", "提携事業者", "外部", "他社", "関係者"]
)


def _new_values(new: list[str], old: list[str], generic: frozenset = frozenset()) -> list[str]:
    """Values of ``new`` that ``old`` lacks (a value contained in an old one, or the reverse, is not new)."""
    old_keys = [_key(v) for v in old]
    had_generic = any(k in generic for k in old_keys)
    out = []
    for value in new:
        key = _key(value)
        if not key or any(key in k or k in key for k in old_keys if k):
            continue
        if key in generic and had_generic:
            continue
        out.append(value)
    return out


def _rank(f: Finding) -> int:
    return SEVERITY_RANK.get(f.severity, 0)


def _match_risks(result: Diff) -> None:
    old_side, new_side = _Side(result.old), _Side(result.new)
    # The alignment, keyed by article start offsets (ArticleTexts are rebuilt per side).
    aligned = {
        (row.old.node.start, row.new.node.start) for row in result.articles if row.old is not None and row.new is not None
    }
    olds = sorted(result.old.findings, key=Finding.sort_key)
    news = sorted(result.new.findings, key=Finding.sort_key)
    old_art = [old_side.article_of(f) for f in olds]
    new_art = [new_side.article_of(f) for f in news]
    old_clause = [bigrams(normalise(f.text)) for f in olds]
    new_clause = [bigrams(normalise(f.text)) for f in news]
    old_para = [old_side.paragraph_grams(f, a) for f, a in zip(olds, old_art)]
    new_para = [new_side.paragraph_grams(f, a) for f, a in zip(news, new_art)]

    def in_aligned(i: int, j: int) -> bool:
        return old_art[i] is not None and new_art[j] is not None and (old_art[i].node.start, new_art[j].node.start) in aligned

    # 1. Clause by clause: a global greedy best-first one-to-one matching.
    candidates = []
    for i, o in enumerate(olds):
        for j, n in enumerate(news):
            if o.category != n.category:
                continue
            same_rule = o.rule == n.rule
            if o.category == "missing_provision" or n.category == "missing_provision":
                if same_rule:
                    candidates.append((-1.0, i, j))
                continue
            if o.article is None and n.article is None:  # a document without articles: one unit
                clause = dice(old_clause[i], new_clause[j])
                score = (W_CLAUSE + W_PARAGRAPH) * clause + W_RULE * same_rule
                if score >= SAME_RISK_ALIGNED:
                    candidates.append((-score, i, j))
                continue
            if o.article is None or n.article is None:
                continue
            clause = dice(old_clause[i], new_clause[j])
            if in_aligned(i, j):
                score = W_CLAUSE * clause + W_PARAGRAPH * dice(old_para[i], new_para[j]) + W_RULE * same_rule
                if score >= SAME_RISK_ALIGNED:
                    candidates.append((-score, i, j))
            elif clause >= SAME_RISK_MOVED:
                candidates.append((-(W_CLAUSE * clause + W_RULE * same_rule), i, j))
    candidates.sort()
    pair_of_new: dict[int, int] = {}
    matched_old: set[int] = set()
    for _, i, j in candidates:
        if i in matched_old or j in pair_of_new:
            continue
        matched_old.add(i)
        pair_of_new[j] = i

    # 2. Leftovers join the risk of their category in the aligned article, if it had (or has) one:
    #    a risk is one per category and article for a reader, however many clauses carry it.
    def group_old(j: int) -> list[int]:
        return [i for i in range(len(olds)) if olds[i].category == news[j].category and in_aligned(i, j)]

    def group_new(i: int) -> list[int]:
        return [j for j in range(len(news)) if news[j].category == olds[i].category and in_aligned(i, j)]

    lowered_groups: set[tuple] = set()
    for j, n in enumerate(news):
        if j in pair_of_new:
            o = olds[pair_of_new[j]]
            group = [o]
        else:
            members = group_old(j)
            if not members:
                result.added.append(AddedRisk(n))
                continue
            group = [olds[i] for i in members]
            o = max(group, key=lambda f: (_rank(f), dice(bigrams(normalise(f.text)), new_clause[j])))
        recipients = _new_values(n.recipients, [r for f in group for r in f.recipients], GENERIC_RECIPIENTS)
        data = _new_values(n.data, [d for f in group for d in f.data])
        if recipients or data:
            result.added.append(AddedRisk(n, was=o, new_recipients=recipients, new_data=data))
        elif _rank(n) > _rank(o):
            result.changed.append(ChangedRisk(o, n, "higher", _reason(o, n, True)))
        elif _rank(n) < _rank(o) and j in pair_of_new:
            result.changed.append(ChangedRisk(o, n, "lower", _reason(o, n, False)))
            lowered_groups.add((n.category, new_art[j].node.start if new_art[j] else None))
        else:
            result.kept.append((o, n))

    for i, o in enumerate(olds):
        if i in matched_old:
            continue
        members = group_new(i)
        if not members:
            result.removed.append(o)
            continue
        best = max((news[j] for j in members), key=_rank)
        group_key = (o.category, new_art[members[0]].node.start)
        if _rank(o) > _rank(best) and group_key not in lowered_groups:
            result.changed.append(ChangedRisk(o, best, "lower", _reason(o, best, False)))
            lowered_groups.add(group_key)
        else:
            result.kept.append((o, best))

    result.added.sort(key=lambda a: a.finding.sort_key())
    result.changed.sort(key=lambda c: (c.after.sort_key(), c.before.sort_key()))
    result.removed.sort(key=Finding.sort_key)


def _reason(before: Finding, after: Finding, higher: bool) -> str:
    """Why the severity moved, from the rules' own reasons where they give one."""
    gained = [r for r in after.reasons if r not in before.reasons]
    lost = [r for r in before.reasons if r not in after.reasons]
    parts = gained + [f"（旧）{r}" for r in lost]
    if parts:
        return "；".join(parts)
    if before.rule != after.rule:
        return f"該当する規則が {before.rule} から {after.rule} に変わりました"
    word = "上がりました" if higher else "下がりました"
    return f"重大度が {before.severity} から {after.severity} に{word}"
