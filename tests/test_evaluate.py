"""The scoring of `kiyaku eval`: matching, counts, traps, gold checks, diff scores, the report.

Predictions are built from the data model directly (no GiNZA, no rules), so each test controls
exactly what the analyser "found".
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiyaku.analyzer.errors import KiyakuError, InputError, UsageError
from kiyaku.evaluate import (
    GoldFinding,
    compatible,
    evaluate,
    load_gold,
    load_gold_diff,
    match,
    score_diff,
    score_document,
)
from kiyaku.analyzer.model import Analysis, Document, Finding, Node, Source


def finding(article, paragraph=None, item=None, category="liability_waiver", severity="high", *,
            text="当社は一切の責任を負いません。", explanation="", rule="test.rule", start=0) -> Finding:
    return Finding(rule=rule, category=category, severity=severity, article=article, paragraph=paragraph,
                   item=item, start=start, end=start + len(text), text=text, explanation=explanation)


def gold(article, paragraph=None, item=None, category="liability_waiver", severity="high", **kw) -> GoldFinding:
    return GoldFinding(article=article, paragraph=paragraph, item=item, category=category, severity=severity, **kw)


def analysis(labels, findings, path="doc.txt") -> Analysis:
    text = "".join(f"{label}　本文。\n" for label in labels)
    parts, at = [], 0
    for label in labels:
        length = len(label) + 5
        parts.append(Node(kind="article", start=at, end=at + length, label=label))
        at += length
    source = Source(path=path, text=text, encoding="utf-8", format="text", sha256="0" * 64)
    return Analysis(source=source, document=Document(text=text, parts=parts), findings=findings)


# -- the matching rule -----------------------------------------------------------------------------


def test_paragraph_and_item_agree_wherever_both_give_them():
    assert compatible(gold("第3条", 2), finding("第3条", 2))
    assert compatible(gold("第3条", 2), finding("第3条", None))  # the prediction does not say
    assert compatible(gold("第3条", None), finding("第3条", 4, 1))  # the gold does not say
    assert not compatible(gold("第3条", 2), finding("第3条", 3))
    assert not compatible(gold("第3条", 2), finding("第4条", 2))
    assert not compatible(gold("第3条", 2), finding("第3条", 2, category="usage_limit"))


def test_a_gold_item_needs_a_predicted_item():
    assert compatible(gold("第4条", 1, 5, "disclosure"), finding("第4条", 1, 5, "disclosure"))
    assert not compatible(gold("第4条", 1, 5, "disclosure"), finding("第4条", 1, None, "disclosure"))
    assert not compatible(gold("第4条", 1, 5, "disclosure"), finding("第4条", 1, 6, "disclosure"))


def test_missing_provision_matches_on_its_words_not_its_place():
    g = gold(None, category="missing_provision", severity="medium", match_any=("退会", "削除"))
    hit = finding(None, category="missing_provision", severity="medium", text="",
                  explanation="退会した後のデータの扱いが書かれていません。")
    other = finding(None, category="missing_provision", severity="medium", text="",
                    explanation="変更の予告期間が定められていません。")
    assert compatible(g, hit)
    assert not compatible(g, other)
    assert compatible(gold(None, category="missing_provision", severity="medium"), other)  # no words: any


def test_matching_is_one_to_one():
    golds = [gold("第23条", 2), gold("第23条", 2)]
    assert match(golds, [finding("第23条", 2)]) == [(0, 0)]
    assert match([gold("第23条", 2)], [finding("第23条", 2), finding("第23条", 2)]) == [(0, 0)]


def test_matching_finds_the_largest_pairing_not_the_first_greedy_one():
    # gold 0 accepts either prediction; gold 1 only the first. A greedy pass would leave gold 1 unmatched.
    golds = [gold("第4条", 1, None, "disclosure"), gold("第4条", 1, 2, "disclosure")]
    preds = [finding("第4条", 1, 2, "disclosure"), finding("第4条", 1, 7, "disclosure")]
    assert match(golds, preds) == [(0, 1), (1, 0)]


def test_an_optional_finding_never_takes_the_prediction_a_required_one_needs():
    # an optional paragraph-wide finding and two required items: with two predictions, both items are matched
    golds = [gold("4", 1, None, "disclosure", optional=True), gold("4", None, 1, "disclosure"),
             gold("4", None, 2, "disclosure")]
    preds = [finding("4", 1, 1, "disclosure"), finding("4", 1, 2, "disclosure")]
    assert match(golds, preds) == [(1, 0), (2, 1)]


def test_matching_prefers_the_prediction_with_the_same_severity():
    golds = [gold("13", None, severity="medium"), gold("13", None, severity="high")]
    preds = [finding("13", 1, severity="high"), finding("13", 2, severity="medium")]
    assert match(golds, preds) == [(0, 1), (1, 0)]


# -- one document ----------------------------------------------------------------------------------


def _gold_file(tmp_path: Path, body: str, name: str = "gold.yaml") -> Path:
    (tmp_path / "doc.txt").write_text("第1条　本文。\n", encoding="utf-8")
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOLD = """\
document: doc.txt
encoding: utf-8
articles: [第1条, 第2条, 第3条]
findings:
  - {article: 第1条, paragraph: 1, item: null, category: liability_waiver, severity: high}
  - {article: 第2条, paragraph: 1, item: 2, category: disclosure, severity: high,
     recipients: [内閣総理大臣], data: [住民票コード, 被保険者番号]}
  - {article: 第3条, paragraph: 2, item: null, category: usage_limit, severity: medium}
  - {article: null, category: missing_provision, severity: medium, match_any: [退会]}
traps:
  - {article: 第3条, paragraph: 1, category: disclosure, why: "a promise not to provide data"}
"""


def test_score_document_counts_matches_misses_false_alarms_and_traps(tmp_path):
    g = load_gold(_gold_file(tmp_path, GOLD))
    preds = [
        finding("第1条", 1, severity="medium", start=0),
        finding("第2条", 1, 2, "disclosure", start=10, text="開示先を内閣総理大臣として住民票コード…"),
        finding("第3条", 1, None, "disclosure", "high", start=20, text="第三者に提供しません。"),
    ]
    preds[1].recipients, preds[1].data = ["内閣総理大臣"], ["住民票コード"]
    score = score_document(g, analysis(["第1条", "第2条", "第3条"], preds))
    counts = score.counts()
    assert (counts["liability_waiver"].tp, counts["disclosure"].tp, counts["disclosure"].fp) == (1, 1, 1)
    assert [m.category for m in score.misses] == ["usage_limit", "missing_provision"]
    assert [f.article for f in score.false_alarms] == ["第3条"]
    assert [(t.article, p.category) for t, p in score.trap_hits] == [("第3条", "disclosure")]
    assert score.severity_agreement() == (1, 2)
    assert score.disclosure_words() == {"recipients": (1, 1), "data": (1, 2)}
    assert score.articles_exact


def test_article_labels_are_compared_as_a_sequence(tmp_path):
    g = load_gold(_gold_file(tmp_path, GOLD))
    score = score_document(g, analysis(["第1条", "第3条"], []))
    assert not score.articles_exact
    assert score.articles_in_order == pytest.approx(2 / 3)
    swapped = score_document(g, analysis(["第1条", "第3条", "第2条"], []))
    assert not swapped.articles_exact and swapped.articles_in_order == pytest.approx(2 / 3)


def test_precision_recall_f1(tmp_path):
    g = load_gold(_gold_file(tmp_path, GOLD))
    preds = [finding("第1条", 1), finding("第2条", 1, 2, "disclosure"), finding("第1条", 3, category="usage_limit")]
    report_counts = score_document(g, analysis(["第1条", "第2条", "第3条"], preds)).counts()
    total = report_counts["liability_waiver"]
    total.add(report_counts["disclosure"])
    total.add(report_counts["usage_limit"])
    total.add(report_counts["missing_provision"])
    assert (total.tp, total.fp, total.fn) == (2, 1, 2)
    assert total.precision == pytest.approx(2 / 3)
    assert total.recall == pytest.approx(2 / 4)
    assert total.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


# -- malformed gold files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, words",
    [
        ("document: doc.txt\narticles: [第1条\n", "YAML"),
        ("- just a list\n", "mapping"),
        ("document: doc.txt\narticles: [第1条]\nfindings:\n  - {article: 第1条, category: risk, severity: high}\n",
         "unknown category"),
        ("document: doc.txt\narticles: [第1条]\nfindings:\n  - {article: 第9条, category: usage_limit, severity: low}\n",
         "not in the articles list"),
        ("document: doc.txt\narticles: [第1条]\nfindings:\n  - {article: 第1条, category: usage_limit, severity: huge}\n",
         "severity"),
        ("document: doc.txt\narticles: [\"1\", 2.1]\n", "quote"),
        ("document: doc.txt\narticles: [第1条]\ntraps:\n  - {article: 第1条, category: usage_limit}\n", "why"),
        ("document: doc.txt\narticles: [第1条]\nfindings:\n  - {article: 第1条, paragraph: 0, category: usage_limit, severity: low}\n",
         "paragraph"),
        ("articles: [第1条]\n", "document"),
        ("document: doc.txt\narticles: [第1条]\nfinding: []\n", "unknown key 'finding'"),
    ],
)
def test_malformed_gold_is_a_usage_error_naming_the_file(tmp_path, body, words):
    path = _gold_file(tmp_path, body)
    with pytest.raises(UsageError) as err:
        load_gold(path)
    assert str(path) in str(err.value) and words in str(err.value)


def test_numbered_heading_labels_may_be_plain_integers(tmp_path):
    g = load_gold(_gold_file(tmp_path, "document: doc.txt\narticles: [前文, 1, \"2.1\"]\n"))
    assert g.articles == ["前文", "1", "2.1"]


# -- version pairs ---------------------------------------------------------------------------------

GOLD_DIFF = """\
old: a.txt
new: b.txt
articles:
  - {old: 第5条, new: 第5条, status: unchanged}
  - {old: null, new: 第6条, status: added}
  - {old: 第6条, new: 第7条, status: renumbered}
risks_added: [{article: 第6条, category: disclosure}]
risks_removed: []
risks_changed: [{article: 第7条, category: unilateral_amendment, direction: lower}]
"""


def _f(article, category, severity="high") -> dict:
    return finding(article, 1, category=category, severity=severity).to_dict()


def test_score_diff_alignment_and_risk_delta(tmp_path):
    path = tmp_path / "gold_diff.yaml"
    path.write_text(GOLD_DIFF, encoding="utf-8")
    pair = load_gold_diff(path)
    predicted = {
        "articles": [
            {"old": "第5条", "new": "第5条", "status": "unchanged", "similarity": 1.0},
            {"old": None, "new": "第6条", "status": "added", "similarity": 0.0},
            {"old": "第6条", "new": "第7条", "status": "modified", "similarity": 0.8},
        ],
        # the change carries no direction field: it is read from the severities
        "risks": {"added": [_f("第6条", "disclosure")], "removed": [_f("第6条", "usage_limit")],
                  "changed": [{"before": _f("第6条", "unilateral_amendment", "high"),
                               "after": _f("第7条", "unilateral_amendment", "low")}]},
    }
    score = score_diff(pair, predicted)
    a, r = score.alignment(), score.risks()
    assert (a.tp, a.fp, a.fn) == (2, 1, 1)
    assert (r.tp, r.fp, r.fn) == (2, 1, 0)
    out = score.to_dict()
    assert out["alignment_misses"] == [{"old": "第6条", "new": "第7条", "status": "renumbered"}]
    assert out["risk_extra"] == [{"kind": "removed", "article": "第6条", "category": "usage_limit"}]


def test_gold_diff_rejects_an_unknown_status(tmp_path):
    path = tmp_path / "gold_diff.yaml"
    path.write_text(GOLD_DIFF.replace("renumbered", "moved"), encoding="utf-8")
    with pytest.raises(UsageError, match="status"):
        load_gold_diff(path)


# -- the whole command -----------------------------------------------------------------------------


def _corpus(tmp_path: Path) -> Path:
    family = tmp_path / "family"
    family.mkdir()
    for name in ("a.txt", "b.txt", "bad.txt"):
        (family / name).write_text("第1条　本文。\n", encoding="utf-8")
    (family / "gold-a.yaml").write_text(
        "document: a.txt\nencoding: utf-8\narticles: [第1条]\nfindings:\n"
        "  - {article: 第1条, paragraph: 1, item: null, category: liability_waiver, severity: high}\n"
        "traps:\n  - {article: 第1条, paragraph: 1, category: disclosure, why: a promise}\n",
        encoding="utf-8",
    )
    (family / "gold-bad.yaml").write_text(
        "document: bad.txt\narticles: [第1条]\nfindings:\n"
        "  - {article: 第1条, paragraph: 1, item: null, category: usage_limit, severity: low}\n",
        encoding="utf-8",
    )
    (family / "gold_diff.yaml").write_text(
        "old: a.txt\nnew: b.txt\narticles:\n  - {old: 第1条, new: 第1条, status: unchanged}\n", encoding="utf-8"
    )
    return tmp_path


def _fake_analyze(path: str) -> Analysis:
    if path.endswith("bad.txt"):
        raise InputError(path, "cannot decode")
    return analysis(["第1条"], [finding("第1条", 1, severity="high")], path=path)


class _FakeDiff:
    def __init__(self, old, new):
        self.old, self.new = old, new

    def to_dict(self):
        return {"articles": [{"old": "第1条", "new": "第1条", "status": "unchanged"}],
                "risks": {"added": [], "removed": [], "changed": []}}


def test_evaluate_scores_a_corpus_and_reports_unreadable_documents(tmp_path):
    root = _corpus(tmp_path)
    report = evaluate(str(root), analyze=_fake_analyze, diff=_FakeDiff)
    data = report.to_dict()
    assert data["summary"]["overall"]["tp"] == 1 and data["summary"]["overall"]["fn"] == 1
    assert data["summary"]["errors"] == 1
    bad = [d for d in data["documents"] if d["error"]]
    assert len(bad) == 1 and "cannot decode" in bad[0]["error"]
    assert data["summary"]["diff_alignment"]["f1"] == 1.0
    text = report.render("text")
    assert "overall" in text and "ERROR" in text and "MISS" in text
    # deterministic: the same corpus gives byte-identical output
    again = evaluate(str(root), analyze=_fake_analyze, diff=_FakeDiff)
    assert report.render("json") == again.render("json")
    assert json.loads(report.render("json"))["schema"] == "kiyaku/eval@1"


def test_evaluate_stops_on_a_malformed_gold_file_before_analysing(tmp_path):
    root = _corpus(tmp_path)
    (root / "family" / "gold-a.yaml").write_text("document: a.txt\narticles: []\n", encoding="utf-8")
    calls = []
    with pytest.raises(UsageError, match="gold-a.yaml"):
        evaluate(str(root), analyze=lambda p: calls.append(p))
    assert calls == []


def test_evaluate_needs_a_directory_with_gold_files(tmp_path):
    with pytest.raises(UsageError):
        evaluate(str(tmp_path / "nowhere"))
    with pytest.raises(UsageError, match="no gold"):
        evaluate(str(tmp_path))
    assert issubclass(UsageError, KiyakuError)


# -- gold for documents of the real corpus (named by their path in the collection) -----------------

def _collection_path(reserved: bool) -> str:
    """A made-up collection path of the wanted half (the split is sha256 of the path)."""
    import hashlib

    for n in range(1000):
        path = f"Example{n}/利用規約.md"
        if (hashlib.sha256(path.encode("utf-8")).hexdigest()[0] in "89abcdef") == reserved:
            return path
    raise AssertionError("no path found")


def _collection_gold(tmp_path, path, sha=None, extra="") -> Path:
    body = f"""
collection: example/terms
commit: {"0" * 40}
document: "{path}"
{f"sha256: {sha}" if sha else ""}
articles: [第1条, 第2条]
findings:
  - {{article: 第1条, paragraph: 1, item: null, category: liability_waiver, severity: high}}
  - {{article: 第2条, paragraph: 1, item: null, category: usage_limit, severity: low, optional: true}}
{extra}"""
    gold_dir = tmp_path / "gold" / "batch1"
    gold_dir.mkdir(parents=True, exist_ok=True)
    out = gold_dir / "gold-example.yaml"
    out.write_text(body, encoding="utf-8")
    return out


def test_collection_gold_is_found_under_docs_and_optional_findings_count_neither_way(tmp_path):
    import hashlib

    path = _collection_path(reserved=False)
    doc = tmp_path / "extracted" / "dev" / path
    doc.parent.mkdir(parents=True)
    doc.write_bytes("第1条　本文。\n".encode("utf-8"))
    _collection_gold(tmp_path, path, sha=hashlib.sha256(doc.read_bytes()).hexdigest())
    seen = []

    def fake(p):
        seen.append(p)
        # a hit at 第1条 and one at the optional 第2条: neither a miss nor a false alarm
        return analysis(["第1条", "第2条"], [finding("第1条", 1), finding("第2条", 1, category="usage_limit", severity="low")])

    report = evaluate(str(tmp_path / "gold"), analyze=fake, docs=tmp_path / "extracted").to_dict()
    assert seen == [str(doc)]
    overall = report["summary"]["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (1, 0, 0)
    assert report["documents"][0]["document"] == path

    # without the optional hit the score is the same: an optional finding is no miss when absent
    report = evaluate(str(tmp_path / "gold"), analyze=lambda p: analysis(["第1条", "第2条"], [finding("第1条", 1)]),
                      docs=tmp_path / "extracted").to_dict()
    assert (report["summary"]["overall"]["tp"], report["summary"]["overall"]["fn"]) == (1, 0)


def test_collection_gold_without_its_document_is_skipped_with_a_note(tmp_path):
    path = _collection_path(reserved=False)
    _collection_gold(tmp_path, path)
    calls = []
    report = evaluate(str(tmp_path / "gold"), analyze=lambda p: calls.append(p), docs=tmp_path / "nothing-here")
    assert calls == [] and report.documents == []
    assert len(report.skipped) == 1 and "absent" in report.skipped[0][1]
    assert "skipped: 1" in report.render("text")
    # and without --docs at all, the note says what to give
    report = evaluate(str(tmp_path / "gold"), analyze=lambda p: calls.append(p))
    assert "--docs" in report.skipped[0][1]


def test_collection_gold_whose_document_changed_is_skipped(tmp_path):
    path = _collection_path(reserved=False)
    doc = tmp_path / "extracted" / path
    doc.parent.mkdir(parents=True)
    doc.write_bytes("第1条　別の本文。\n".encode("utf-8"))
    _collection_gold(tmp_path, path, sha="f" * 64)
    report = evaluate(str(tmp_path / "gold"), analyze=lambda p: None, docs=tmp_path / "extracted")
    assert report.documents == [] and "sha256" in report.skipped[0][1]


def test_gold_naming_a_reserved_document_is_refused(tmp_path):
    gold_file = _collection_gold(tmp_path, _collection_path(reserved=True))
    with pytest.raises(UsageError, match="reserved half"):
        load_gold(gold_file)
