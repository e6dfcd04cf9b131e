"""`kiyaku diff` on git revisions (``REV:path``, ``--since-ref``) in a repository built by the test."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_diff_cli import CORPUS, kiyaku  # noqa: F401 - the fixture
from test_history import git

pytestmark = [pytest.mark.nlp, pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "terms-repo"
    (root / "terms").mkdir(parents=True)
    git(root, "init", "-q")
    for name, message, date in [("v2023.txt", "2023年版", "2023-04-01T10:00:00+09:00"),
                                ("v2024.txt", "2024年版", "2024-04-01T10:00:00+09:00")]:
        (root / "terms" / "terms.txt").write_bytes((CORPUS / name).read_bytes())  # as committed: any encoding
        git(root, "add", "terms/terms.txt")
        git(root, "commit", "-q", "-m", message, date=date)
    monkeypatch.chdir(root)
    return root


def test_a_revision_and_a_path_give_the_same_diff_as_two_files(kiyaku, repo):  # noqa: F811
    files = kiyaku("diff", str(CORPUS / "v2023.txt"), str(CORPUS / "v2024.txt"), "--format", "json")
    from_git = kiyaku("diff", "HEAD~1:terms/terms.txt", "terms/terms.txt", "--format", "json", "--fail-on", "medium")
    assert from_git.returncode == 1, from_git.stderr  # the medical-app revision adds a disclosure
    a, b = json.loads(files.stdout), json.loads(from_git.stdout)
    assert a["risks"] == b["risks"] and a["summary"] == b["summary"]
    assert b["old"]["path"] == "HEAD~1:terms/terms.txt" and b["old"]["sha256"] == a["old"]["sha256"]


def test_since_ref_names_the_committed_version_of_the_same_path(kiyaku, repo):  # noqa: F811
    spelled = kiyaku("diff", "HEAD~1:terms/terms.txt", "terms/terms.txt", "--format", "json")
    since = kiyaku("diff", "--since-ref", "HEAD~1", "terms/terms.txt", "--format", "json")
    assert since.returncode == 0, since.stderr
    assert json.loads(since.stdout)["risks"] == json.loads(spelled.stdout)["risks"]
    unchanged = kiyaku("diff", "--since-ref", "HEAD", "terms/terms.txt", "--format", "json", "--fail-on", "low")
    assert unchanged.returncode == 0 and json.loads(unchanged.stdout)["summary"]["added"] == 0


@pytest.mark.parametrize("args, says", [
    (["diff", "NOPE~3:terms/terms.txt", "terms/terms.txt"], "is not a revision"),
    (["diff", "HEAD:terms/missing.txt", "terms/terms.txt"], "not in git at HEAD"),
    (["diff", "--since-ref", "HEAD", "terms/terms.txt", "terms/terms.txt"], "takes one PATH"),
    (["diff", "terms/terms.txt"], "takes OLD and NEW"),
])
def test_bad_revisions_are_one_line_and_exit_2(kiyaku, repo, args, says):  # noqa: F811
    done = kiyaku(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
