"""`kiyaku eval DIR`: score the analyser against a gold-annotated corpus (contract: "Gold annotations").

DIR holds folders of documents with ``gold.yaml`` / ``gold-<name>.yaml`` (one per analysed document)
and ``gold_diff.yaml`` (one per version pair). For each document we compare the article labels, match
the predicted findings one-to-one with the gold ones, and count the trap hits; for each pair we score
the article alignment and the risk delta of ``kiyaku.reports.compare.diff``. Everything is sorted, so the same corpus
and rules give byte-identical reports.

The matching rule (contract): a predicted finding matches a gold one when category and article agree
and paragraph and item agree wherever both give them — except that a gold item needs a predicted item.
A ``missing_provision`` (a ``document_level`` category of ``rules/categories.yaml``) has no place: it matches on category, and on ``match_any`` words (any one of
them in the prediction's text or explanation) when the gold gives some. A gold finding marked
``optional: true`` is a defensible but not required flag: it is no miss when absent, and a prediction
that matches it is neither a hit nor a false alarm.

Gold for a document of the real corpus names it by its path in the collection (``collection``,
``commit``, ``sha256``, ``document``); ``evaluate(..., docs=DIR)`` finds it under the folder the
collection was extracted to (``corpora/real/extract.py``), skips it with a note when it is absent or
changed, and refuses any document of the reserved half.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from kiyaku.analyzer.errors import KiyakuError, UsageError
from kiyaku.analyzer import categories
from kiyaku.reports.render.formats import pick
from kiyaku.analyzer.model import SEVERITIES, SEVERITY_RANK, Analysis, Finding

DIFF_STATUSES = ("unchanged", "renumbered", "modified", "added", "removed")
DIRECTIONS = ("higher", "lower")
_FINDING_KEYS = {"article", "paragraph", "item", "category", "severity", "recipients", "data", "match_any", "optional"}
_TRAP_KEYS = {"article", "paragraph", "item", "category", "why"}
_DOC_KEYS = {"document", "encoding", "articles", "findings", "traps", "collection", "commit", "sha256"}
_DIFF_KEYS = {"old", "new", "articles", "risks_added", "risks_removed", "risks_changed"}


# -- gold files -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldFinding:
    article: str | None
    paragraph: int | None
    item: int | None
    category: str
    severity: str
    recipients: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    match_any: tuple[str, ...] = ()
    optional: bool = False

    def place(self) -> str:
        return _place(self.article, self.paragraph, self.item)


@dataclass(frozen=True)
class GoldTrap:
    article: str
    paragraph: int | None
    item: int | None
    category: str
    why: str

    def place(self) -> str:
        return _place(self.article, self.paragraph, self.item)


@dataclass
class Gold:
    path: Path  # the gold file
    document: Path  # the document it annotates
    encoding: str | None
    articles: list[str]
    findings: list[GoldFinding]
    traps: list[GoldTrap]
    collection: str | None = None  # a document of a public collection, named by its path in it
    sha256: str | None = None


def is_reserved(collection_path: str) -> bool:
    """The reserved half of the real corpus (sha256 of the path, first hex digit 8-f): never used here."""
    return hashlib.sha256(collection_path.encode("utf-8")).hexdigest()[0] not in "01234567"


def locate(gold: Gold, docs: str | Path | None) -> tuple[Path | None, str | None]:
    """The file a collection gold annotates under ``docs``, or None with the reason it is skipped."""
    if gold.collection is None:
        return gold.document, None
    if docs is None:
        return None, "a document of the real corpus: give --docs DIR (the folder extract.py wrote)"
    name = gold.document.as_posix()
    for candidate in (Path(docs) / "dev" / name, Path(docs) / name):
        if candidate.is_file():
            if gold.sha256 and hashlib.sha256(candidate.read_bytes()).hexdigest() != gold.sha256:
                return None, f"{candidate} differs from the annotated version (sha256)"
            return candidate, None
    return None, f"absent from {docs}"


@dataclass
class GoldDiff:
    path: Path
    old: Path
    new: Path
    articles: list[tuple[str | None, str | None, str]]
    added: list[tuple[str | None, str]]
    removed: list[tuple[str | None, str]]
    changed: list[tuple[str | None, str, str]]


def _place(article, paragraph, item) -> str:
    if article is None:
        return "（規定なし）"
    out = article
    if paragraph is not None:
        out += f"第{paragraph}項"
    if item is not None:
        out += f"第{item}号"
    return out


class _Reader:
    """Checks one gold file's shape; every complaint names the file and the entry."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, problem: str) -> UsageError:
        return UsageError(str(self.path), f"malformed gold file: {problem}")

    def load(self) -> dict:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(str(self.path), f"cannot read gold file: {err}") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise self.fail(f"not valid YAML{where}") from None
        if not isinstance(data, dict):
            raise self.fail("expected a mapping at the top level")
        return data

    def keys(self, entry: dict, allowed: set[str], what: str) -> None:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise self.fail(f"{what}: unknown key {unknown[0]!r}")

    def label(self, value, what: str, *, nullable: bool) -> str | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or isinstance(value, float):
            raise self.fail(f"{what}: label {value!r} must be a string (quote numbered headings like \"2.1\")")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
        raise self.fail(f"{what}: missing or empty article label")

    def number(self, value, what: str, key: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"{what}: {key} must be a positive integer or null, not {value!r}")
        return value

    def words(self, value, what: str, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise self.fail(f"{what}: {key} must be a list of words")
        return tuple(value)

    def category(self, value, what: str) -> str:
        if value not in categories.ids():
            raise self.fail(f"{what}: unknown category {value!r} (one of {', '.join(categories.ids())})")
        return value

    def entries(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            raise self.fail(f"{key} must be a list of mappings")
        return value

    def document(self, data: dict, key: str) -> Path:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must name a document")
        return self.path.parent / value


def load_gold(path: str | Path) -> Gold:
    """Read and check a ``gold.yaml`` / ``gold-<name>.yaml``."""
    r = _Reader(Path(path))
    data = r.load()
    r.keys(data, _DOC_KEYS, "top level")
    collection = data.get("collection")
    if collection is not None:
        name = data.get("document")
        if not isinstance(name, str) or not name.strip():
            raise r.fail("'document' must name a document of the collection")
        if is_reserved(name):
            raise r.fail(f"{name!r} is in the reserved half of the real corpus: never annotated or run")
        document = Path(name)
    else:
        document = r.document(data, "document")
    encoding = data.get("encoding")
    if encoding is not None and not isinstance(encoding, str):
        raise r.fail("encoding must be a string")
    raw_articles = data.get("articles")
    if not isinstance(raw_articles, list) or not raw_articles:
        raise r.fail("articles must be a non-empty list of labels")
    articles = [r.label(a, f"articles[{i}]", nullable=False) for i, a in enumerate(raw_articles)]
    findings = []
    for i, e in enumerate(r.entries(data, "findings")):
        what = f"findings[{i}]"
        r.keys(e, _FINDING_KEYS, what)
        category = r.category(e.get("category"), what)
        if e.get("severity") not in SEVERITIES:
            raise r.fail(f"{what}: severity must be one of {', '.join(SEVERITIES)}")
        if "article" not in e:
            raise r.fail(f"{what}: missing key 'article' (null for missing_provision)")
        document_level = categories.is_document_level(category)
        article = r.label(e.get("article"), what, nullable=document_level)
        if document_level and article is not None:
            raise r.fail(f"{what}: a {category} has article: null")
        if article is not None and article not in articles:
            raise r.fail(f"{what}: article {article} is not in the articles list")
        findings.append(
            GoldFinding(
                article=article,
                paragraph=r.number(e.get("paragraph"), what, "paragraph"),
                item=r.number(e.get("item"), what, "item"),
                category=category,
                severity=e["severity"],
                recipients=r.words(e.get("recipients"), what, "recipients"),
                data=r.words(e.get("data"), what, "data"),
                match_any=r.words(e.get("match_any"), what, "match_any"),
                optional=bool(e.get("optional", False)),
            )
        )
    traps = []
    for i, e in enumerate(r.entries(data, "traps")):
        what = f"traps[{i}]"
        r.keys(e, _TRAP_KEYS, what)
        article = r.label(e.get("article"), what, nullable=False)
        if article not in articles:
            raise r.fail(f"{what}: article {article} is not in the articles list")
        why = e.get("why")
        if not isinstance(why, str) or not why.strip():
            raise r.fail(f"{what}: every trap says why it is not a finding")
        traps.append(
            GoldTrap(
                article=article,
                paragraph=r.number(e.get("paragraph"), what, "paragraph"),
                item=r.number(e.get("item"), what, "item"),
                category=r.category(e.get("category"), what),
                why=why.strip(),
            )
        )
    return Gold(r.path, document, encoding, articles, findings, traps, collection, data.get("sha256"))


def load_gold_diff(path: str | Path) -> GoldDiff:
    """Read and check a ``gold_diff.yaml``."""
    r = _Reader(Path(path))
    data = r.load()
    r.keys(data, _DIFF_KEYS, "top level")
    old, new = r.document(data, "old"), r.document(data, "new")
    pairs = []
    for i, e in enumerate(r.entries(data, "articles")):
        what = f"articles[{i}]"
        r.keys(e, {"old", "new", "status", "similarity"}, what)
        if e.get("status") not in DIFF_STATUSES:
            raise r.fail(f"{what}: status must be one of {', '.join(DIFF_STATUSES)}")
        a = r.label(e.get("old"), what, nullable=True)
        b = r.label(e.get("new"), what, nullable=True)
        if a is None and b is None:
            raise r.fail(f"{what}: old and new cannot both be null")
        pairs.append((a, b, e["status"]))
    if not pairs:
        raise r.fail("articles must list every article pair")

    def risks(key: str, with_direction: bool) -> list[tuple]:
        out = []
        for i, e in enumerate(r.entries(data, key)):
            what = f"{key}[{i}]"
            r.keys(e, {"article", "category", "direction"} if with_direction else {"article", "category"}, what)
            entry = (r.label(e.get("article"), what, nullable=True), r.category(e.get("category"), what))
            if with_direction:
                if e.get("direction") not in DIRECTIONS:
                    raise r.fail(f"{what}: direction must be higher or lower")
                entry += (e["direction"],)
            out.append(entry)
        return out

    return GoldDiff(
        r.path, old, new, pairs, risks("risks_added", False), risks("risks_removed", False), risks("risks_changed", True)
    )


# -- matching ---------------------------------------------------------------------------------------


def _agree(gold: int | None, predicted: int | None, *, gold_needs: bool) -> bool:
    if gold is None:
        return True
    if predicted is None:
        return not gold_needs
    return gold == predicted


def compatible(gold: GoldFinding, predicted: Finding) -> bool:
    """The contract's matching rule for one gold finding and one prediction."""
    if gold.category != predicted.category:
        return False
    if categories.is_document_level(gold.category):
        if not gold.match_any:
            return True
        haystack = f"{predicted.text}\n{predicted.explanation}\n{predicted.title}"
        return any(word in haystack for word in gold.match_any)
    return (
        gold.article == predicted.article
        and _agree(gold.paragraph, predicted.paragraph, gold_needs=False)
        and _agree(gold.item, predicted.item, gold_needs=True)
    )


def at_trap(trap: GoldTrap, predicted: Finding) -> bool:
    """A prediction of the trap's category at the trap's place."""
    return (
        trap.category == predicted.category
        and trap.article == predicted.article
        and (trap.paragraph is None or predicted.paragraph is None or trap.paragraph == predicted.paragraph)
        and (trap.item is None or predicted.item is None or trap.item == predicted.item)
    )


def match(gold: list[GoldFinding], predicted: list[Finding]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching, as (gold index, predicted index) pairs in gold order.

    Augmenting paths (Kuhn) find the largest matching, required gold findings before optional ones; among
    the candidates of each gold finding the ones with the same severity, then the earlier ones, are tried
    first, so ties resolve the same way every time and severity agreement is not lost to an arbitrary pairing.
    """
    candidates = []
    for g in gold:
        found = [j for j, p in enumerate(predicted) if compatible(g, p)]
        found.sort(key=lambda j: (predicted[j].severity != g.severity, j))
        candidates.append(found)
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # Required findings first: an augmenting path never unmatches a matched finding, so an optional one
    # (matched afterwards, from what is left) cannot take the only prediction a required one could have.
    for i in sorted(range(len(gold)), key=lambda i: gold[i].optional):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for k, y in enumerate(b, start=1):
            prev, row[k] = row[k], (prev + 1 if x == y else max(row[k], row[k - 1]))
    return row[-1]


def _covers(gold_words: Iterable[str], predicted_words: Iterable[str]) -> tuple[int, int]:
    """How many gold words a prediction names (either contains the other: 外部事業者 ~ 事業者)."""
    gold_words, predicted_words = list(gold_words), list(predicted_words)
    hit = sum(1 for g in gold_words if any(g in p or p in g for p in predicted_words if p))
    return hit, len(gold_words)


# -- scores -----------------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass
class DocumentScore:
    gold: Gold
    predicted_articles: list[str] = field(default_factory=list)
    matches: list[tuple[GoldFinding, Finding]] = field(default_factory=list)
    misses: list[GoldFinding] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    trap_hits: list[tuple[GoldTrap, Finding]] = field(default_factory=list)
    error: str | None = None

    @property
    def name(self) -> str:
        if self.gold.collection:
            return self.gold.document.as_posix()
        return f"{self.gold.path.parent.name}/{self.gold.document.name}"

    @property
    def articles_exact(self) -> bool:
        return self.predicted_articles == self.gold.articles

    @property
    def articles_in_order(self) -> float:
        """Share of the labels (gold or predicted, whichever list is longer) that line up in order."""
        longest = max(len(self.gold.articles), len(self.predicted_articles))
        return _lcs(self.gold.articles, self.predicted_articles) / longest if longest else 1.0

    def counts(self) -> dict[str, Counts]:
        out = {c: Counts() for c in categories.ids()}
        for g, _ in self.matches:
            out[g.category].tp += 1
        for g in self.misses:
            out[g.category].fn += 1
        for p in self.false_alarms:
            out.setdefault(p.category, Counts()).fp += 1
        return out

    def severity_agreement(self) -> tuple[int, int]:
        return sum(1 for g, p in self.matches if g.severity == p.severity), len(self.matches)

    def disclosure_words(self) -> dict[str, tuple[int, int]]:
        rec, dat = [0, 0], [0, 0]
        for g, p in self.matches:
            if g.category != "disclosure":
                continue
            for acc, words, pred in ((rec, g.recipients, p.recipients), (dat, g.data, p.data)):
                hit, total = _covers(words, pred)
                acc[0] += hit
                acc[1] += total
        return {"recipients": tuple(rec), "data": tuple(dat)}

    def to_dict(self) -> dict:
        agree, matched = self.severity_agreement()
        words = self.disclosure_words()
        return {
            "gold": self.gold.path.as_posix(),
            "document": self.name,
            "error": self.error,
            "articles": {
                "exact": self.articles_exact,
                "in_order": round(self.articles_in_order, 4),
                "expected": list(self.gold.articles),
                "predicted": list(self.predicted_articles),
            },
            "counts": {c: n.to_dict() for c, n in sorted(self.counts().items())},
            "severity_agreement": {"agree": agree, "matched": matched},
            "disclosure_words": {k: {"named": v[0], "gold": v[1]} for k, v in words.items()},
            "misses": [_gold_dict(g) for g in self.misses],
            "false_alarms": [_finding_dict(p) for p in self.false_alarms],
            "severity_mismatches": [
                {"gold": _gold_dict(g), "predicted": p.severity} for g, p in self.matches if g.severity != p.severity
            ],
            "trap_hits": [
                {"place": t.place(), "category": t.category, "why": t.why, "rule": p.rule, "text": p.text}
                for t, p in self.trap_hits
            ],
        }


def _gold_dict(g: GoldFinding) -> dict:
    return {"place": g.place(), "category": g.category, "severity": g.severity}


def _finding_dict(p: Finding) -> dict:
    return {"place": p.place().label(), "category": p.category, "severity": p.severity, "rule": p.rule, "text": p.text}


def score_document(gold: Gold, analysis: Analysis) -> DocumentScore:
    """Compare one analysis with its gold."""
    predicted = sorted(analysis.findings, key=lambda f: f.sort_key())
    score = DocumentScore(gold, predicted_articles=[a.label for a in analysis.document.articles()])
    pairs = match(gold.findings, predicted)
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    score.matches = [(gold.findings[i], predicted[j]) for i, j in pairs if not gold.findings[i].optional]
    score.misses = [g for i, g in enumerate(gold.findings) if i not in matched_gold and not g.optional]
    score.false_alarms = [p for j, p in enumerate(predicted) if j not in matched_pred]
    score.trap_hits = [(t, p) for t in gold.traps for p in predicted if at_trap(t, p)]
    return score


@dataclass
class DiffScore:
    gold: GoldDiff
    predicted_articles: list[tuple[str | None, str | None, str]] = field(default_factory=list)
    predicted_risks: set[tuple] = field(default_factory=set)
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.gold.path.parent.name}/{self.gold.old.name}→{self.gold.new.name}"

    def gold_risks(self) -> set[tuple]:
        g = self.gold
        return (
            {("added",) + r for r in g.added}
            | {("removed",) + r for r in g.removed}
            | {("changed",) + r for r in g.changed}
        )

    def alignment(self) -> Counts:
        gold, pred = set(self.gold.articles), set(self.predicted_articles)
        return Counts(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))

    def risks(self) -> Counts:
        gold, pred = self.gold_risks(), self.predicted_risks
        return Counts(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))

    def to_dict(self) -> dict:
        gold_pairs, pred_pairs = set(self.gold.articles), set(self.predicted_articles)
        gold_risks = self.gold_risks()
        return {
            "gold": self.gold.path.as_posix(),
            "pair": self.name,
            "error": self.error,
            "alignment": self.alignment().to_dict(),
            "alignment_exact": sorted(gold_pairs, key=_pair_key) == sorted(pred_pairs, key=_pair_key),
            "alignment_misses": [_pair_dict(p) for p in sorted(gold_pairs - pred_pairs, key=_pair_key)],
            "alignment_extra": [_pair_dict(p) for p in sorted(pred_pairs - gold_pairs, key=_pair_key)],
            "risks": self.risks().to_dict(),
            "risk_misses": [_risk_dict(r) for r in sorted(gold_risks - self.predicted_risks, key=_risk_key)],
            "risk_extra": [_risk_dict(r) for r in sorted(self.predicted_risks - gold_risks, key=_risk_key)],
        }


def _pair_key(p: tuple) -> tuple:
    return tuple("" if x is None else x for x in p)


def _risk_key(r: tuple) -> tuple:
    return tuple("" if x is None else x for x in r)


def _pair_dict(p: tuple) -> dict:
    return {"old": p[0], "new": p[1], "status": p[2]}


def _risk_dict(r: tuple) -> dict:
    out = {"kind": r[0], "article": r[1], "category": r[2]}
    if r[0] == "changed":
        out["direction"] = r[3]
    return out


def _direction(change: dict) -> str | None:
    if change.get("direction") in DIRECTIONS:
        return change["direction"]
    before = SEVERITY_RANK.get((change.get("before") or {}).get("severity"))
    after = SEVERITY_RANK.get((change.get("after") or {}).get("severity"))
    if before is None or after is None or before == after:
        return None
    return "higher" if after > before else "lower"


def score_diff(gold: GoldDiff, diff: dict) -> DiffScore:
    """Compare a diff (the contract's diff JSON as a dict) with its gold."""
    score = DiffScore(gold)
    score.predicted_articles = [(a.get("old"), a.get("new"), a.get("status")) for a in diff.get("articles", [])]
    risks = diff.get("risks", {})
    found = set()
    for f in risks.get("added", []):
        found.add(("added", f.get("article"), f.get("category")))
    for f in risks.get("removed", []):
        found.add(("removed", f.get("article"), f.get("category")))
    for c in risks.get("changed", []):
        after = c.get("after") or {}
        found.add(("changed", after.get("article"), after.get("category"), _direction(c)))
    score.predicted_risks = found
    return score


# -- the report -------------------------------------------------------------------------------------


@dataclass
class EvalReport:
    dir: str
    documents: list[DocumentScore] = field(default_factory=list)
    diffs: list[DiffScore] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (gold file, why)

    def counts(self) -> dict[str, Counts]:
        out = {c: Counts() for c in categories.ids()}
        for doc in self.documents:
            for c, n in doc.counts().items():
                out.setdefault(c, Counts()).add(n)
        return out

    def overall(self) -> Counts:
        total = Counts()
        for n in self.counts().values():
            total.add(n)
        return total

    def to_dict(self) -> dict:
        agree = sum(d.severity_agreement()[0] for d in self.documents)
        matched = sum(d.severity_agreement()[1] for d in self.documents)
        exact = sum(1 for d in self.documents if d.articles_exact)
        align, risks = Counts(), Counts()
        for d in self.diffs:
            align.add(d.alignment())
            risks.add(d.risks())
        return {
            "schema": "kiyaku/eval@1",
            "dir": self.dir,
            "summary": {
                "documents": len(self.documents),
                "articles_exact": exact,
                "articles_exact_rate": round(exact / len(self.documents), 4) if self.documents else 0.0,
                "categories": {c: n.to_dict() for c, n in sorted(self.counts().items())},
                "overall": self.overall().to_dict(),
                "severity_agreement": round(agree / matched, 4) if matched else 0.0,
                "trap_hits": sum(len(d.trap_hits) for d in self.documents),
                "traps": sum(len(d.gold.traps) for d in self.documents),
                "diff_alignment": align.to_dict(),
                "diff_risks": risks.to_dict(),
                "errors": sum(1 for d in self.documents if d.error) + sum(1 for d in self.diffs if d.error),
            },
            "documents": [d.to_dict() for d in self.documents],
            "diffs": [d.to_dict() for d in self.diffs],
            "skipped": [{"gold": g, "why": why} for g, why in self.skipped],
        }

    def render(self, fmt: str = "text") -> str:
        """The report in ``fmt`` (a key of ``FORMATS``)."""
        return pick(FORMATS, fmt, "eval")(self.to_dict())


def _render_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _pct(x: float) -> str:
    return f"{x * 100:5.1f}%"


def _render_text(r: dict) -> str:
    s = r["summary"]
    out = [f"kiyaku eval {r['dir']}: {s['documents']} documents, {len(r['diffs'])} version pairs", ""]
    out.append(f"{'category':22} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    rows = list(s["categories"].items()) + [("overall", s["overall"])]
    for name, c in rows:
        out.append(
            f"{name:22} {_pct(c['precision'])} {_pct(c['recall'])} {_pct(c['f1'])}  {c['tp']:3d} {c['fp']:3d} {c['fn']:3d}"
        )
    out.append("")
    out.append(f"articles exact: {s['articles_exact']}/{s['documents']}   severity agreement: {_pct(s['severity_agreement'])}"
               f"   trap hits: {s['trap_hits']}/{s['traps']}   errors: {s['errors']}")
    if r["skipped"]:
        out.append(f"skipped: {len(r['skipped'])} gold files whose document is not here")
        out += [f"  {k['gold']}: {k['why']}" for k in r["skipped"]]
    if r["diffs"]:
        a, k = s["diff_alignment"], s["diff_risks"]
        out.append(f"diff alignment F1: {_pct(a['f1'])}   risk delta F1: {_pct(k['f1'])}")
    for d in r["documents"]:
        out += ["", f"== {d['document']}"]
        if d["error"]:
            out.append(f"  ERROR {d['error']}")
        arts = d["articles"]
        mark = "exact" if arts["exact"] else f"in order {_pct(arts['in_order'])}"
        out.append(f"  articles: {mark} ({len(arts['predicted'])} found, {len(arts['expected'])} expected)")
        if not arts["exact"]:
            missing = [a for a in arts["expected"] if a not in arts["predicted"]]
            extra = [a for a in arts["predicted"] if a not in arts["expected"]]
            if missing:
                out.append(f"    not found: {' '.join(missing)}")
            if extra:
                out.append(f"    unexpected: {' '.join(extra)}")
        for m in d["misses"]:
            out.append(f"  MISS   {m['place']} {m['category']} ({m['severity']})")
        for f in d["false_alarms"]:
            out.append(f"  FALSE  {f['place']} {f['category']} ({f['severity']}) [{f['rule']}] {_clip(f['text'])}")
        for m in d["severity_mismatches"]:
            out.append(f"  SEVER  {m['gold']['place']} {m['gold']['category']}: {m['predicted']} (gold {m['gold']['severity']})")
        for t in d["trap_hits"]:
            out.append(f"  TRAP   {t['place']} {t['category']} [{t['rule']}] — {t['why']}")
    for d in r["diffs"]:
        out += ["", f"== diff {d['pair']}"]
        if d["error"]:
            out.append(f"  ERROR {d['error']}")
        out.append(f"  alignment F1 {_pct(d['alignment']['f1'])}   risks F1 {_pct(d['risks']['f1'])}")
        for p in d["alignment_misses"]:
            out.append(f"  MISS   {p['old']} → {p['new']} {p['status']}")
        for p in d["alignment_extra"]:
            out.append(f"  EXTRA  {p['old']} → {p['new']} {p['status']}")
        for k in d["risk_misses"]:
            out.append(f"  MISS   {k['kind']} {k['article']} {k['category']} {k.get('direction', '')}".rstrip())
        for k in d["risk_extra"]:
            out.append(f"  EXTRA  {k['kind']} {k['article']} {k['category']} {k.get('direction', '')}".rstrip())
    return "\n".join(out) + "\n"


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- the command ------------------------------------------------------------------------------------


def gold_files(dir: str | Path) -> tuple[list[Path], list[Path]]:
    """The document gold files and the pair gold files under ``dir``, sorted."""
    root = Path(dir)
    if not root.is_dir():
        raise UsageError(str(dir), "not a directory of gold-annotated documents")
    docs = sorted(p for p in root.rglob("gold*.yaml") if p.name == "gold.yaml" or p.name.startswith("gold-"))
    pairs = sorted(root.rglob("gold_diff*.yaml"))
    if not docs and not pairs:
        raise UsageError(str(dir), "no gold.yaml, gold-<name>.yaml or gold_diff.yaml found")
    return docs, pairs


def evaluate(
    dir: str,
    rules: Iterable[str] = (),
    *,
    docs: str | Path | None = None,
    analyze: Callable[[str], Analysis] | None = None,
    diff: Callable[[Analysis, Analysis], object] | None = None,
) -> EvalReport:
    """Score every gold-annotated document and version pair under ``dir``.

    ``docs`` is the folder the real corpus was extracted to, for gold that names a collection document.
    ``analyze`` and ``diff`` default to the pipeline and ``kiyaku.reports.compare.diff``; they are parameters so a
    notebook can score another analyser. A document that cannot be analysed is reported as an error
    (all its gold findings count as misses); a malformed gold file stops the run with a UsageError.
    """
    rules = list(rules)
    gold_docs, pairs = gold_files(dir)
    golds = [load_gold(p) for p in gold_docs]  # check every gold file before the slow part
    diffs = [load_gold_diff(p) for p in pairs]
    if analyze is None:
        from kiyaku.analyzer.pipeline import analyze as pipeline_analyze

        def analyze(path: str) -> Analysis:
            return pipeline_analyze(path, rules=rules)

    cache: dict[Path, Analysis | str] = {}

    def analysed(path: Path) -> Analysis | str:
        if path not in cache:
            try:
                cache[path] = analyze(str(path))
            except KiyakuError as err:
                cache[path] = str(err)
        return cache[path]

    report = EvalReport(dir=str(dir))
    for gold in golds:
        document, why = locate(gold, docs)
        if document is None:
            report.skipped.append((gold.path.as_posix(), why))
            continue
        result = analysed(document)
        if isinstance(result, str):
            report.documents.append(DocumentScore(gold, misses=list(gold.findings), error=result))
        else:
            report.documents.append(score_document(gold, result))
    for gold in diffs:
        old, new = analysed(gold.old), analysed(gold.new)
        if isinstance(old, str) or isinstance(new, str):
            report.diffs.append(DiffScore(gold, error=old if isinstance(old, str) else new))
            continue
        if diff is None:
            from kiyaku.reports.compare.diff import diff as diff_versions

            diff = diff_versions
        result = diff(old, new)
        report.diffs.append(score_diff(gold, result.to_dict() if hasattr(result, "to_dict") else result))
    return report


# The eval report's formats (the report as a dict → str); ``--format`` choices come from here.
FORMATS = {"text": _render_text, "json": _render_json}
