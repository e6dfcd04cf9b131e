"""Article alignment: renumbering, insertion, deletion, moves, reference-only changes, rewording."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiyaku.analyzer.structure import parse
from kiyaku.reports.compare.align import align, normalise, similarity
from diff_support import (
    ART_AMEND,
    ART_APPLY,
    ART_PRIVACY,
    ART_REGISTER,
    ART_SUSPEND,
    ART_WAIVER,
    PREAMBLE,
    SUPPLEMENT,
    TITLE,
    V1,
    V2_INSERTED,
    V3_DELETED,
    V4_MOVED,
    V5_REVISED,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "medical-app"


def triples(old: str, new: str) -> list[tuple]:
    return [(r["old"], r["new"], r["status"]) for r in (row.to_dict() for row in align(parse(old), parse(new)))]


def test_identical_versions_align_unchanged_one_to_one():
    rows = align(parse(V1), parse(V1))
    assert [(r.old.label, r.new.label, r.status, r.similarity) for r in rows] == [
        (label, label, "unchanged", 1.0) for label in ["前文", "第1条", "第2条", "第3条", "第4条", "第5条", "第6条", "附則"]
    ]


def test_inserted_article_renumbers_the_rest_without_modifying_them():
    # 第5条 (old 第4条) also had 「前条」 rewritten as 「第3条」: a reference renumbering, not a change.
    assert triples(V1, V2_INSERTED) == [
        ("前文", "前文", "unchanged"),
        ("第1条", "第1条", "unchanged"),
        ("第2条", "第2条", "unchanged"),
        ("第3条", "第3条", "unchanged"),
        (None, "第4条", "added"),
        ("第4条", "第5条", "renumbered"),
        ("第5条", "第6条", "renumbered"),
        ("第6条", "第7条", "renumbered"),
        ("附則", "附則", "unchanged"),
    ]


def test_deleted_article_is_removed_and_the_next_renumbered():
    assert triples(V1, V3_DELETED) == [
        ("前文", "前文", "unchanged"),
        ("第1条", "第1条", "unchanged"),
        ("第2条", "第2条", "unchanged"),
        ("第3条", "第3条", "unchanged"),
        ("第4条", "第4条", "unchanged"),
        ("第5条", None, "removed"),
        ("第6条", "第5条", "renumbered"),
        ("附則", "附則", "unchanged"),
    ]


def test_moved_clause_merges_its_article_into_the_receiving_one():
    rows = align(parse(V1), parse(V4_MOVED))
    got = [(r.old.label if r.old else None, r.new.label if r.new else None, r.status, r.piece) for r in rows]
    assert ("第4条", "第4条", "modified", False) in got
    # Old 第5条 (its one clause now 第4条第2項) is recorded against 第4条 as a merge piece, not as removed.
    assert ("第5条", "第4条", "modified", True) in got
    assert ("第6条", "第5条", "renumbered", False) in got
    assert not [g for g in got if g[2] in ("removed", "added")]


def test_reference_only_change_under_the_same_label_is_unchanged():
    changed = V1.replace("前条又は第2条", "第3条又は第２条")
    assert changed != V1
    statuses = {old: status for old, _, status in triples(V1, changed)}
    assert statuses["第4条"] == "unchanged"


def test_reworded_clause_is_modified_and_keeps_its_article():
    rows = {r.old.label: r for r in align(parse(V1), parse(V5_REVISED)) if r.old is not None}
    assert rows["第5条"].new.label == "第5条"
    assert rows["第5条"].status == "modified"
    assert 0.3 < rows["第5条"].similarity < 1.0
    assert rows["第6条"].new.label == "第6条" and rows["第6条"].status == "modified"
    assert rows["第4条"].status == "unchanged"


def test_articles_that_swap_places_are_renumbered_both_ways():
    swapped = TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY + ART_WAIVER.replace("第5条", "第4条") + ART_SUSPEND.replace("第4条", "第5条") + ART_AMEND + SUPPLEMENT
    got = triples(V1, swapped)
    assert ("第4条", "第5条", "renumbered") in got
    assert ("第5条", "第4条", "renumbered") in got


def test_split_article_records_the_second_half_against_the_same_old_article():
    # The amendment article is split: its deemed-consent paragraph becomes an article of its own.
    amend_only = ART_AMEND.split("２　")[0] + "\n"
    deemed = "第7条（変更への同意）\n" + ART_AMEND.split("２　")[1]
    split = TITLE + PREAMBLE + ART_APPLY + ART_REGISTER + ART_PRIVACY + ART_SUSPEND + ART_WAIVER + amend_only + deemed + SUPPLEMENT
    rows = align(parse(V1), parse(split))
    from_amend = [(r.new.label, r.status, r.piece) for r in rows if r.old is not None and r.old.label == "第6条"]
    # Both halves come from old 第6条: the closer one is its pairing, the other is recorded as a piece
    # (always `modified`); the pairing's status follows its label (`renumbered` when it is 第7条).
    assert sorted(label for label, _, _ in from_amend) == ["第6条", "第7条"]
    assert sorted(piece for _, _, piece in from_amend) == [False, True]
    for label, status, piece in from_amend:
        assert status == ("modified" if piece or label == "第6条" else "renumbered")
    assert not [r for r in rows if r.status in ("added", "removed")]


def test_unrelated_new_article_is_added_not_taken_for_a_split():
    extra = "第7条（準拠法）\n本規約の解釈にあたっては、日本法を準拠法とします。\n\n"
    got = triples(V1, V1.replace(SUPPLEMENT, extra + SUPPLEMENT))
    assert (None, "第7条", "added") in got


def test_normalise_neutralises_references_marks_and_width():
    a = "２　当社は、前条及び第１２条の２の規定により、利用者に通知します。"
    b = "2 当社は、第11条及び第13条の2の規定により、利用者に通知します。"
    assert normalise(a) == normalise(b)
    assert similarity(a, b) == 1.0
    assert similarity("当社は一切の責任を負いません。", "利用者は会費を支払うものとします。") < 0.3


def test_alignment_matches_the_medical_app_gold():
    gold_path = CORPUS / "gold_diff.yaml"
    if not gold_path.exists():
        pytest.fail("corpora/medical-app/gold_diff.yaml is missing")
    from kiyaku.analyzer.load import load

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    old, new = load(str(CORPUS / gold["old"])), load(str(CORPUS / gold["new"]))
    rows = align(parse(old.text, headings=old.headings), parse(new.text, headings=new.headings))
    got = [{"old": r["old"], "new": r["new"], "status": r["status"]} for r in (row.to_dict() for row in rows)]
    assert got == gold["articles"]
