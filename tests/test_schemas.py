"""The JSON outputs match the repository's own schemas (analyzer/schemas/): analyses of every corpus
document (checked in test_corpus_run's whole-corpus run), diffs of hand-made versions covering every kind of
risk entry here, and the corpus's version pairs through the CLI."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path

import pytest
from diff_support import V1, V5_REVISED, V1_FINDINGS, analysis, clause, missing
from schema_support import errors

from kiyaku.reports.compare.diff import diff
from kiyaku.reports.render.analysis import render_analyses
from kiyaku.reports.render.diff import render_diff

CORPUS = Path(str(files("kiyaku.corpora")))


def test_a_hand_made_analysis_matches_the_schema():
    a = analysis(V1, findings=[*V1_FINDINGS, missing()])
    for line in (render_analyses([a], "json"), render_analyses([a], "jsonl")):
        assert errors("analysis", json.loads(line)) == []


def test_diffs_with_every_kind_of_risk_entry_match_the_schema():
    old = analysis(V1, findings=V1_FINDINGS)
    new = analysis(
        V5_REVISED,
        findings=[
            clause(
                "決済代行会社及び提携する保険代理店に提供",
                "disclosure",
                "medium",
                recipients=["決済代行会社", "保険代理店"],
                data=["氏名", "メールアドレス"],
            ),
            clause("一切責任を負わない", "liability_waiver", "high"),
            clause("民法第548条の4", "unilateral_amendment", "low"),
            clause("利用を停止", "usage_limit", "medium"),
        ],
    )
    data = json.loads(render_diff(diff(old, new), "json"))
    assert data["risks"]["removed"] and data["risks"]["changed"]
    assert any("new_recipients" in a for a in data["risks"]["added"])
    assert errors("diff", data) == []


def test_the_schemas_reject_what_they_do_not_describe():
    """The check can fail: an unknown field, a wrong severity and a missing key are each an error."""
    good = json.loads(render_analyses([analysis(V1, findings=V1_FINDINGS)], "json"))
    for breaking in (
        lambda d: d["findings"][0].update(colour="red"),
        lambda d: d["findings"][0].update(severity="critical"),
        lambda d: d["source"].pop("sha256"),
        lambda d: d.update(schema="kiyaku/analysis@2"),
    ):
        bad = copy.deepcopy(good)
        breaking(bad)
        assert errors("analysis", bad), breaking
    d = json.loads(
        render_diff(
            diff(analysis(V1), analysis(V5_REVISED, findings=[clause("保険代理店", "disclosure", "high")])), "json"
        )
    )
    d["risks"]["added"][0]["bogus"] = 1
    assert errors("diff", d)


@pytest.mark.nlp
@pytest.mark.parametrize("pair", [("medical-app", "v2023.txt", "v2024.txt"), ("telehealth-v", "v1.txt", "v2.txt")])
def test_the_corpus_pairs_diff_json_matches_the_schema(ginza, tmp_path, pair):
    from kiyaku.cli import main

    family, old, new = pair
    out = tmp_path / "diff.json"
    assert (
        main(
            [
                "diff",
                str(CORPUS / family / old),
                str(CORPUS / family / new),
                "--format",
                "json",
                "--no-cache",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    data = json.loads(out.read_text("utf-8"))
    assert data["risks"]["added"] or data["risks"]["removed"] or data["risks"]["changed"]
    assert errors("diff", data) == []
