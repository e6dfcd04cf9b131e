"""The composite GitHub Action (action.yml) and its script, run locally on a git repository built here."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_diff_cli import CORPUS
from test_history import git

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "action" / "run.sh"
pytestmark = [pytest.mark.nlp, pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                                  reason="git and bash are needed")]


def test_action_yml_is_a_composite_action_running_the_script():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"path", "base-ref", "fail-on"} <= set(action["inputs"]) and action["inputs"]["fail-on"]["default"] == "medium"
    runs = [step.get("run", "") for step in action["runs"]["steps"]]
    assert any("action/run.sh" in r for r in runs)
    env = next(step["env"] for step in action["runs"]["steps"] if "action/run.sh" in step.get("run", ""))
    assert env["KIYAKU_FAIL_ON"] == "${{ inputs.fail-on }}" and env["KIYAKU_BASE_REF"] == "${{ inputs.base-ref }}"


@pytest.fixture()
def terms_repo(tmp_path: Path) -> Path:
    root = tmp_path / "association-terms"
    (root / "terms").mkdir(parents=True)
    git(root, "init", "-q")
    for name, message, date in [("v2023.txt", "2023年版", "2023-04-01T10:00:00+09:00"),
                                ("v2024.txt", "2024年版", "2024-04-01T10:00:00+09:00")]:
        (root / "terms" / "terms.txt").write_bytes((CORPUS / name).read_bytes())
        git(root, "add", "terms/terms.txt")
        git(root, "commit", "-q", "-m", message, date=date)
    return root


def run_action(repo: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    kiyaku = Path(sys.executable).with_name("kiyaku")
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo, capture_output=True, text=True, timeout=600,
        env={**os.environ, "KIYAKU": str(kiyaku), "KIYAKU_CACHE_DIR": str(tmp_path / "cache"),
             "GITHUB_STEP_SUMMARY": str(summary), "KIYAKU_PATH": "terms/terms.txt", **env},
    )
    return done, summary.read_text(encoding="utf-8")


def test_the_action_fails_on_a_new_risk_writes_the_sarif_and_the_table(terms_repo, tmp_path):
    done, summary = run_action(terms_repo, tmp_path, KIYAKU_BASE_REF="HEAD~1", KIYAKU_FAIL_ON="medium",
                               KIYAKU_SARIF="kiyaku.sarif")
    assert done.returncode == 1, done.stderr
    assert "| 新 | 旧 | 備考 |" in summary and "新たなリスク：" in summary and "--fail-on medium" in summary
    sarif = json.loads((terms_repo / "kiyaku.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    again, _ = run_action(terms_repo, tmp_path, KIYAKU_BASE_REF="HEAD", KIYAKU_FAIL_ON="low")
    assert again.returncode == 0, again.stderr  # the same version: nothing new


def test_a_file_without_a_version_at_the_base_passes_with_a_note(terms_repo, tmp_path):
    done, summary = run_action(terms_repo, tmp_path, KIYAKU_BASE_REF="HEAD~1", KIYAKU_PATH="terms/new-terms.txt")
    assert done.returncode == 0 and "nothing to compare" in summary
