"""Every gold file in corpora/ is well-formed and agrees with its document.

``test_articles_match_structure`` is the STRUCTURE ACCEPTANCE TEST: the article labels that
``kiyaku.analyzer.structure.parse`` finds in each sample document must be exactly the gold's ``articles``.
No GiNZA here: only loading and structure run.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kiyaku.evaluate import gold_files, load_gold, load_gold_diff
from kiyaku.analyzer.load import load
from kiyaku.analyzer.categories import ids as category_ids
from kiyaku.analyzer.structure import parse

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
_ALL_DOC_GOLDS, DIFF_GOLDS = gold_files(CORPORA)
# Gold for the real corpus names documents that are not in the repository (no licence): checked apart.
REAL_GOLDS = [p for p in _ALL_DOC_GOLDS if load_gold(p).collection]
DOC_GOLDS = [p for p in _ALL_DOC_GOLDS if p not in REAL_GOLDS]


def _id(path: Path) -> str:
    return path.relative_to(CORPORA).as_posix()


def test_the_corpus_has_every_family():
    families = {p.parent.name for p in DOC_GOLDS}
    assert {"gov-portal", "medical-app", "saas-chapters", "web-no-articles", "pdf-clinic",
            "docx-association", "euc-ec", "utf16-community"} <= families
    assert DIFF_GOLDS, "at least one version pair with gold_diff.yaml"


@pytest.mark.parametrize("gold_path", DOC_GOLDS, ids=_id)
def test_gold_is_well_formed(gold_path):
    gold = load_gold(gold_path)
    assert gold.document.is_file(), f"{gold.document} does not exist"
    assert len(gold.articles) == len(set(gold.articles)), "article labels repeat"
    for entry in [*gold.findings, *gold.traps]:
        assert entry.category in category_ids()
        assert entry.article is None or entry.article in gold.articles
    for f in gold.findings:
        if f.category == "disclosure":
            assert f.recipients and f.data, f"{f.place()}: a disclosure names its recipients and data"
    assert gold.traps, "every document has traps"


@pytest.mark.parametrize("gold_path", DOC_GOLDS, ids=_id)
def test_document_loads_with_the_stated_encoding(gold_path):
    gold = load_gold(gold_path)
    source = load(str(gold.document))
    assert source.encoding == gold.encoding
    assert 2000 <= len(source.text) <= 15000, "a realistic, whole terms document"


@pytest.mark.parametrize("gold_path", DOC_GOLDS, ids=_id)
def test_articles_match_structure(gold_path):
    """STRUCTURE ACCEPTANCE: parse() finds exactly the gold article labels, in order."""
    gold = load_gold(gold_path)
    source = load(str(gold.document))
    document = parse(source.text, headings=source.headings)
    assert [a.label for a in document.articles()] == gold.articles


@pytest.mark.parametrize("gold_path", DIFF_GOLDS, ids=_id)
def test_gold_diff_agrees_with_both_versions(gold_path):
    pair = load_gold_diff(gold_path)
    assert pair.old.is_file() and pair.new.is_file()
    golds = {load_gold(p).document.name: load_gold(p) for p in DOC_GOLDS if p.parent == gold_path.parent}
    old_articles, new_articles = golds[pair.old.name].articles, golds[pair.new.name].articles
    # A split or merge piece pairs an article with one that is already paired elsewhere: `modified`
    # between two labels (reports/align.py). Every other article of each version appears exactly once, in order.
    pieces = [(o, n) for o, n, status in pair.articles if status == "modified" and None not in (o, n) and o != n]
    rows = [(o, n, status) for o, n, status in pair.articles if (o, n) not in pieces]
    assert list(dict.fromkeys(o for o, _, _ in pair.articles if o is not None)) == old_articles
    assert list(dict.fromkeys(n for _, n, _ in pair.articles if n is not None)) == new_articles
    assert len([o for o, _, _ in rows if o is not None]) == len(set(o for o, _, _ in rows if o is not None))
    assert len([n for _, n, _ in rows if n is not None]) == len(set(n for _, n, _ in rows if n is not None))
    for old, new, status in rows:
        if status == "added":
            assert old is None and new is not None
        elif status == "removed":
            assert new is None and old is not None
        elif status == "renumbered":
            assert old != new
        else:
            assert old == new
    for article, _ in pair.added:
        assert article in new_articles
    for article, _ in pair.removed:
        assert article in old_articles
    for article, _, _ in pair.changed:
        assert article in new_articles


@pytest.mark.parametrize("gold_path", REAL_GOLDS, ids=_id)
def test_real_corpus_gold_is_well_formed_without_its_document(gold_path):
    """Gold for a document of the real corpus: named by path, commit and sha256; never of the reserved half."""
    gold = load_gold(gold_path)  # refuses the reserved half
    assert gold.sha256 and len(gold.sha256) == 64, "the annotated version is pinned by its sha256"
    assert len(gold.articles) == len(set(gold.articles)), "article labels repeat"
    for entry in [*gold.findings, *gold.traps]:
        assert entry.category in category_ids()
        assert entry.article is None or entry.article in gold.articles
    for f in gold.findings:
        if f.category == "disclosure" and not f.optional:  # a borderline flag may name no recipient
            assert f.recipients and f.data, f"{f.place()}: a disclosure names its recipients and data"
    assert gold.traps, "every document has traps"


def test_real_corpus_has_at_least_forty_annotated_documents():
    assert len(REAL_GOLDS) >= 40
