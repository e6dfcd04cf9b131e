"""The diff of two analysed versions: article alignment plus the risks that arrived, left, changed or moved.

Findings are matched CLAUSE BY CLAUSE (``kiyaku.reports.compare.clauses``): paragraphs and items are paired inside aligned
articles, and clause text is looked for anywhere in the other version. A new finding is compared only with
the old findings of its category at the clause its own clause is paired with:

- none there and the clause is new (or reworded) → *added*, whatever else its article holds;
- the same clause's severity moved → *changed* (``higher`` is an escalation);
- a matched disclosure that gained a named recipient or a kind of data → *added*, with ``new_recipients`` /
  ``new_data`` naming what is new (the contract says so);
- the same risk at another place (a renumbering, or the clause moved into another article) → *moved*;
- otherwise kept.

A finding whose clause text is the same in both versions but that only one version's analysis flags is
no change of the terms and is not reported (``unflagged_new`` / ``unflagged_old``). A missing provision is *added* only when the
passage that satisfied it in the old version is gone from the new one; the report shows that passage.
Both versions must have been analysed with the same rule packs: a rule-pack upgrade is never a new risk.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from kiyaku.analyzer.errors import UsageError
from kiyaku.analyzer.model import SEVERITY_RANK, Analysis, Finding
from kiyaku.reports.compare.align import ArticlePair, align
from kiyaku.reports.compare.clauses import Clause, ClauseMap, clause_text
from kiyaku.reports.compare.worddiff import WordOp, word_diff

DIFF_SCHEMA = "kiyaku/diff@1"

STATUS_JA = {"unchanged": "変更なし", "renumbered": "条番号のみ変更", "modified": "変更", "added": "新設", "removed": "削除"}


def status_ja(row: ArticlePair) -> str:
    """The row's status for a reader: a renumbered article whose text changed too says so."""
    if row.status == "renumbered" and row.edited:
        return "条番号変更・内容変更"
    return STATUS_JA[row.status]



@dataclass
class AddedRisk:
    """A new risk; ``was`` is the old disclosure it extends when only recipients or data are new;
    ``satisfied_by`` is, for a new missing provision, the old passage that provided it and is gone;
    ``widens`` is the list lead whose risk a new item extends (the item has no finding of its own)."""

    finding: Finding
    was: Finding | None = None
    new_recipients: list[str] = field(default_factory=list)
    new_data: list[str] = field(default_factory=list)
    satisfied_by: dict | None = None
    widens: Finding | None = None

    @property
    def is_new_finding(self) -> bool:
        """Whether the new version's analysis holds one more finding for it (not a widened old one)."""
        return self.was is None and self.widens is None

    def to_dict(self) -> dict:
        out = self.finding.to_dict()
        if self.was is not None:
            out["new_recipients"] = list(self.new_recipients)
            out["new_data"] = list(self.new_data)
        if self.satisfied_by is not None:
            out["satisfied_by"] = dict(self.satisfied_by)
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
    moved: list[tuple[Finding, Finding]] = field(default_factory=list)  # same risk, another place
    kept: list[tuple[Finding, Finding]] = field(default_factory=list)  # same risk, same place and severity
    # The same clause text, flagged in one version only (another parse of the same words): not reported.
    unflagged_new: list[Finding] = field(default_factory=list)
    unflagged_old: list[Finding] = field(default_factory=list)
    _word_ops: dict[int, list[WordOp]] = field(default_factory=dict, repr=False, compare=False)

    def escalated(self) -> list[ChangedRisk]:
        return [c for c in self.changed if c.direction == "higher"]


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
                "moved": [{"before": o.to_dict(), "after": n.to_dict()} for o, n in self.moved],
            },
            "summary": self.summary(),
        }

    def summary(self) -> dict:
        """What a CI job reads: ``added`` counts the escalations with the additions (both are new risk), and
        ``max_new_severity`` (= ``max_added_severity``) is what ``--fail-on`` compares."""
        worst = self.worst_new_severity()
        return {
            "added": len(self.added) + len(self.escalated()),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "escalated": len(self.escalated()),
            "moved": len(self.moved),
            "max_added_severity": worst,
            "max_new_severity": worst,
        }

    def fails(self, level: str) -> bool:
        """Whether ``--fail-on level`` fails this diff (``none`` never does)."""
        worst = self.worst_new_severity()
        return level != "none" and worst is not None and SEVERITY_RANK[worst] >= SEVERITY_RANK[level]

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


def diff(old: Analysis, new: Analysis, *, rules=()) -> Diff:
    """Align two analysed versions and sort their findings into added, removed, changed and moved risks.

    ``rules`` are the user's rule directories the analyses used (to find the passage behind an absence)."""
    if old.rules_version != new.rules_version:
        raise UsageError(
            new.source.path,
            f"analysed with other rule packs ({new.rules_version}) than {old.source.path} ({old.rules_version}); "
            "analyse both versions with the same rules",
        )
    rows = align(old.document, new.document)
    result = Diff(old=old, new=new, articles=rows)
    _match_risks(result, rules)
    return result


# -- risk matching ---------------------------------------------------------------------------------


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


def _match_risks(result: Diff, rules=()) -> None:
    """Pair findings clause by clause (see the module docstring) and sort them into the delta."""
    clauses = ClauseMap(result.old.document, result.new.document, result.articles)
    olds = sorted((f for f in result.old.findings if not f.document_level), key=Finding.sort_key)
    news = sorted((f for f in result.new.findings if not f.document_level), key=Finding.sort_key)
    old_clause = [_clause_of(clauses, "old", f) for f in olds]
    new_clause = [_clause_of(clauses, "new", f) for f in news]
    old_at: dict[int, list[int]] = {}
    for i, c in enumerate(old_clause):
        if c is not None:
            old_at.setdefault(c.index, []).append(i)

    def candidates(j: int) -> list[int]:
        """Old findings of the same category at the clause the new finding's clause is paired with, or at
        old clauses whose whole text lies inside it (pieces merged into one clause)."""
        n, clause = news[j], new_clause[j]
        if clause is None:
            return [i for i, o in enumerate(olds) if old_clause[i] is None and o.category == n.category]
        pair = clauses.of_new.get(clause.index)
        places = [pair.old.index] if pair else []
        places += [c.index for c in clauses.old_clauses_inside(clause.norm) if c.index not in places]
        return [i for k in places for i in old_at.get(k, []) if olds[i].category == n.category]

    matched_old: dict[int, int] = {}
    pending = []
    for j, n in enumerate(news):
        cands = [i for i in candidates(j) if i not in matched_old]
        if not cands:
            pending.append(j)
            continue
        i = max(cands, key=lambda i: (olds[i].rule == n.rule, -abs(_rank(olds[i]) - _rank(n))))
        matched_old[i] = j
        _classify(result, olds[i], n)
    for j in pending:
        n, clause = news[j], new_clause[j]
        pair = clauses.of_new.get(clause.index) if clause is not None else None
        if pair is not None and pair.same_text:
            result.unflagged_new.append(n)  # the same words were in the old version: not a change of the terms
        elif clause is None and clauses.text_in("old", clause_text(n.text)):
            result.unflagged_new.append(n)
        else:
            result.added.append(AddedRisk(n))
    for i, o in enumerate(olds):
        if i in matched_old:
            continue
        clause = old_clause[i]
        pair = clauses.of_old.get(clause.index) if clause is not None else None
        if (pair is not None and pair.same_text) or (clause is None and clauses.text_in("new", clause_text(o.text))):
            result.unflagged_old.append(o)
        else:
            result.removed.append(o)

    _new_list_items(result, clauses, news, new_clause)
    _match_absences(result, rules)
    result.added.sort(key=lambda a: a.finding.sort_key())
    result.changed.sort(key=lambda c: (c.after.sort_key(), c.before.sort_key()))
    result.moved.sort(key=lambda m: (m[1].sort_key(), m[0].sort_key()))
    result.removed.sort(key=Finding.sort_key)


# A paragraph lead that introduces its items as the cases it applies to: 「次の各号のいずれかに該当する場合」.
_LIST_LEAD = re.compile(r"各号|次の|以下の|いずれか|下記")


def _new_list_items(result: Diff, clauses: ClauseMap, news: list[Finding], new_clause: list) -> None:
    """A new item in a list whose lead carries a risk (「次の各号に該当した場合、資格を喪失する」 gaining a
    case) widens that risk: it is reported as added at the item, with the lead's category and severity."""
    flagged_items = {(c.index, f.category) for f, c in zip(news, new_clause) if c is not None}
    leads: dict[tuple, list[Finding]] = {}
    for f, c in zip(news, new_clause):
        if c is None or c.item is not None or c.paragraph is None or not _LIST_LEAD.search(c.norm):
            continue
        pair = clauses.of_new.get(c.index)
        if pair is not None and pair.same_text:  # an unchanged lead: a rewritten one is compared as a clause
            leads.setdefault((c.article.start, c.paragraph), []).append(f)
    reported = {id(a.finding) for a in result.added}
    for c in clauses.new:
        if c.item is None or c.index in clauses.of_new:
            continue
        for lead in leads.get((c.article.start, c.paragraph), []):
            if id(lead) in reported or (c.index, lead.category) in flagged_items:
                continue  # the lead itself is new, or the item has a finding of its own
            text = result.new.document.text[c.start:c.end]
            item = replace(lead, item=c.item, start=c.start, end=c.end, text=text, words=[],
                           reasons=[*lead.reasons, "この号が新たに加わり、該当する場合が広がったため"])
            result.added.append(AddedRisk(item, widens=lead))


def _clause_of(clauses: ClauseMap, side: str, f: Finding) -> Clause | None:
    if f.article is None:
        return None
    return clauses.clause_at(side, f.start)


def _classify(result: Diff, o: Finding, n: Finding) -> None:
    """The same clause's risk in both versions: new recipients or data, another severity, moved or kept."""
    recipients = _new_values(n.recipients, o.recipients, GENERIC_RECIPIENTS)
    data = _new_values(n.data, o.data)
    if recipients or data:
        result.added.append(AddedRisk(n, was=o, new_recipients=recipients, new_data=data))
    elif _rank(n) != _rank(o):
        higher = _rank(n) > _rank(o)
        result.changed.append(ChangedRisk(o, n, "higher" if higher else "lower", _reason(o, n, higher)))
    elif o.place() != n.place():
        result.moved.append((o, n))
    else:
        result.kept.append((o, n))


def _match_absences(result: Diff, rules) -> None:
    """A missing provision is new only when the passage that satisfied it in the old version is gone."""
    old = {f.rule: f for f in result.old.findings if f.document_level}
    new = {f.rule: f for f in result.new.findings if f.document_level}
    for rule_id, n in new.items():
        if rule_id in old:
            _classify(result, old[rule_id], n)
            continue
        passage = _passage(result.old, rule_id, rules)
        if passage is not None and not _survives(passage, result.new.document.text):
            result.added.append(AddedRisk(n, satisfied_by=passage))
        else:
            result.unflagged_new.append(n)
    for rule_id, o in old.items():
        if rule_id in new:
            continue
        passage = _passage(result.new, rule_id, rules)
        if passage is not None and not _survives(passage, result.old.document.text):
            result.removed.append(o)
        else:
            result.unflagged_old.append(o)


def _survives(passage: dict, text: str) -> bool:
    return clause_text(passage["text"]) in clause_text(text)


def _passage(analysis: Analysis, rule_id: str, rules) -> dict | None:
    """Where ``analysis`` satisfies the absence rule ``rule_id``: its place and sentence, or None."""
    from kiyaku.analyzer.engine import provision_passage
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    ruleset = load_ruleset(list(rules))
    if ruleset.version != analysis.rules_version:
        return None
    try:
        found = provision_passage(analysis.document, ruleset, rule_id)
    except KeyError:  # a rule of a pack this run does not have
        return None
    if found is None:
        return None
    start, end = found
    place = analysis.document.locate(start)
    return {"article": place.article, "paragraph": place.paragraph, "item": place.item,
            "start": start, "end": end, "text": analysis.document.text[start:end]}


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
