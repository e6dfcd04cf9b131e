"""`kiyaku history`: the risk timeline of a terms file across a real (temporary) git repository."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiyaku.analyzer.errors import InputError
from kiyaku.reports.compare.history import _commits, history, load_version
from kiyaku.reports.render.history import render_history
from diff_support import V1, V2_INSERTED, V5_REVISED

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2024-01-01T09:00:00+09:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "法務部", "GIT_AUTHOR_EMAIL": "legal@example.jp",
        "GIT_COMMITTER_NAME": "法務部", "GIT_COMMITTER_EMAIL": "legal@example.jp",
        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"git {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def commit(repo: Path, name: str, text: str, message: str, date: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "terms-repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, "terms.txt", V1, "初版を公開", "2023-04-01T10:00:00+09:00")
    commit(root, "terms.txt", V2_INSERTED, "外部送信の条を追加", "2024-01-15T10:00:00+09:00")
    git(root, "mv", "terms.txt", "kiyaku.txt")
    (root / "kiyaku.txt").write_text(V5_REVISED.replace("第4条（利用停止）", "第4条（利用停止）"), encoding="utf-8")
    git(root, "add", "kiyaku.txt")
    git(root, "commit", "-q", "-m", "規約の変更手続を改定", date="2024-06-01T10:00:00+09:00")
    return root


def test_commits_follow_the_file_through_a_rename_oldest_first(repo: Path):
    top, commits = _commits(str(repo / "kiyaku.txt"))
    assert top.resolve() == repo.resolve()
    assert [(c[1][:10], c[3], c[4]) for c in commits] == [
        ("2023-04-01", "初版を公開", "terms.txt"),
        ("2024-01-15", "外部送信の条を追加", "terms.txt"),
        ("2024-06-01", "規約の変更手続を改定", "kiyaku.txt"),
    ]


def test_a_committed_version_loads_from_memory(repo: Path):
    _, commits = _commits(str(repo / "kiyaku.txt"))
    data = subprocess.run(["git", "show", f"{commits[0][0]}:terms.txt"], cwd=repo, capture_output=True, check=True).stdout
    source = load_version(data, "terms.txt", commits[0][0])
    assert source.text == V1 and source.path == "terms.txt"


def test_not_a_git_repository_is_an_input_error(tmp_path: Path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "terms.txt").write_text(V1, encoding="utf-8")
    with pytest.raises(InputError, match="not inside a git repository") as err:
        history(str(plain / "terms.txt"))
    assert "terms.txt" in str(err.value)


def test_a_file_never_committed_is_an_input_error(repo: Path):
    (repo / "draft.txt").write_text(V1, encoding="utf-8")
    with pytest.raises(InputError, match="never been committed") as err:
        history(str(repo / "draft.txt"))
    assert "draft.txt" in str(err.value)


@pytest.mark.nlp
def test_history_reports_the_risks_each_version_brought(repo: Path):
    timeline = history(str(repo / "kiyaku.txt"), cache=False)
    first, second, third = timeline.versions
    assert [v.subject for v in timeline.versions] == ["初版を公開", "外部送信の条を追加", "規約の変更手続を改定"]
    assert first.delta is None and first.arrived == sorted(first.analysis.findings, key=lambda f: f.sort_key())
    # The second version only inserted 第4条 (an external transmission): whatever arrived sits there,
    # and nothing left because the other articles were merely renumbered.
    assert second.delta is not None and second.left == []
    assert all(f.article == "第4条" for f in second.arrived)
    rows = {(r.old.label if r.old else None, r.new.label if r.new else None): r.status for r in second.delta.articles}
    assert rows[(None, "第4条")] == "added" and rows[("第6条", "第7条")] == "renumbered"
    # The third version is diffed against the second (not the first).
    assert third.delta.old is second.analysis
    data = json.loads(render_history(timeline, "json"))
    assert data["schema"] == "kiyaku/history@1"
    assert [v["subject"] for v in data["versions"]] == ["初版を公開", "外部送信の条を追加", "規約の変更手続を改定"]
    assert render_history(timeline, "json") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    text = render_history(timeline, "text")
    assert "初版を公開" in text and "2024-06-01" in text
    md = render_history(timeline, "md")
    assert md.startswith("## リスクの推移") and "| 2024-01-15 |" in md


@pytest.mark.nlp
def test_the_lines_of_each_version_add_up_to_its_count_and_a_new_markup_brings_nothing(tmp_path: Path):
    from test_diff_clauses import markdown, plain

    root = tmp_path / "markup-repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, "terms.txt", plain().decode("utf-8"), "初版", "2023-04-01T10:00:00+09:00")
    git(root, "mv", "terms.txt", "terms.md")
    (root / "terms.md").write_bytes(markdown())
    git(root, "add", "terms.md")
    git(root, "commit", "-q", "-m", "Markdown に変換", date="2023-05-01T10:00:00+09:00")
    extra = ("## 第5条（情報の提供）\n\n当社は、利用者の氏名及び閲覧履歴を、広告配信のため提携する広告事業者に提供します。\n\n"
             "## 第6条（損害）\n\n当社は、当社の判断で本サービスを中断したことにより生じた損害について、一切責任を負いません。\n")
    commit(root, "terms.md", markdown().decode("utf-8") + "\n" + extra, "条を追加", "2023-06-01T10:00:00+09:00")

    timeline = history(str(root / "terms.md"), cache=False)
    text = render_history(timeline, "text")
    blocks = text.split("\n\n")[1:]
    counts = [len(v.analysis.findings) for v in timeline.versions]
    for k, block in enumerate(blocks[1:], 1):
        marks = [line.split()[0] for line in block.splitlines()[1:]]
        total = counts[k - 1] + marks.count("+") - marks.count("-") + marks.count("=+") - marks.count("=-")
        assert total == counts[k], block
        assert f"（計 {counts[k]}件）" in block.splitlines()[0]
    _, converted, extended = timeline.versions
    assert converted.arrived == [] and converted.left == [] and converted.delta.changed == []
    assert {f.article for f in extended.arrived} >= {"第5条", "第6条"}
    data = json.loads(render_history(timeline, "json"))
    assert set(data["versions"][1]) >= {"arrived", "left", "moved", "widened", "flagged_only_now", "flagged_only_before"}
