"""`kiyaku diff` end to end through the engine: formats, the --fail-on gate and its exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

pytestmark = pytest.mark.nlp

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "medical-app"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


class Run:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture()
def kiyaku(capsys, monkeypatch, tmp_path):
    """The CLI in this process (the GiNZA model loads once per test session), with a private cache."""
    from kiyaku.cli import main

    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "cache"))

    def run(*args: str) -> Run:
        code = main(list(args))
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return run


def test_identical_versions_pass_even_the_strictest_gate(kiyaku):
    done = kiyaku("diff", str(CORPUS / "v2024.txt"), str(CORPUS / "v2024.txt"), "--format", "json", "--fail-on", "low")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 0, "escalated": 0, "moved": 0,
                               "max_added_severity": None, "max_new_severity": None}
    assert {a["status"] for a in data["articles"]} == {"unchanged"}


def test_new_risk_fails_the_gate_and_writes_valid_sarif(kiyaku, tmp_path: Path):
    out = tmp_path / "kiyaku.sarif"
    done = kiyaku("diff", str(CORPUS / "v2023.txt"), str(CORPUS / "v2024.txt"), "--format", "sarif", "-o", str(out),
                  "--fail-on", "medium")
    assert done.returncode == 1, done.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(log)) == []
    results = log["runs"][0]["results"]
    # The new recipient of 第8条第2項 (生命保険会社) is reported where it is, in the new text.
    hit = next(r for r in results if r["properties"]["article"] == "第8条" and r["properties"]["category"] == "disclosure")
    region = hit["locations"][0]["physicalLocation"]["region"]
    new_text = (CORPUS / "v2024.txt").read_bytes().decode("cp932").replace("\r\n", "\n")
    line = new_text.split("\n")[region["startLine"] - 1]
    assert "生命保険会社" in line[region["startColumn"] - 1 : region["endColumn"] - 1]
    assert "生命保険会社" in hit["message"]["text"]


def test_the_gate_is_off_by_default_and_high_only_when_asked(kiyaku):
    base = ["diff", str(CORPUS / "v2023.txt"), str(CORPUS / "v2024.txt"), "--format", "md"]
    assert kiyaku(*base).returncode == 0
    done = kiyaku(*base, "--fail-on", "high")
    assert done.returncode == 1  # the new recipient of 第8条 is a high risk
    assert "第8条第2項" in done.stdout and "生命保険会社" in done.stdout


def test_the_gold_risk_delta_is_found_through_the_engine(kiyaku):
    done = kiyaku("diff", str(CORPUS / "v2023.txt"), str(CORPUS / "v2024.txt"), "--format", "json")
    data = json.loads(done.stdout)
    added = {(a["article"], a["category"]) for a in data["risks"]["added"]}
    changed = {(c["after"]["article"], c["after"]["category"], c["direction"]) for c in data["risks"]["changed"]}
    assert ("第8条", "disclosure") in added
    assert ("第16条", "unilateral_amendment", "lower") in changed
    # Nothing is "new" merely because 第10条–第12条 became 第11条–第13条.
    assert not [a for a in data["risks"]["added"] if a["article"] in ("第11条", "第12条", "第13条")]
