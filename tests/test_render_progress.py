"""The progress bar of multi-document runs: only on an interactive stderr, never in pipes or CI."""
from __future__ import annotations

import io
import subprocess
import sys

from kiyaku.progress import show_progress, track_documents


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_shown_only_for_several_documents_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert show_progress(3, Tty())
    assert not show_progress(1, Tty())
    assert not show_progress(3, io.StringIO())  # a pipe or a file
    monkeypatch.setenv("CI", "true")
    assert not show_progress(3, Tty())


def test_results_pass_through_unchanged(monkeypatch):
    monkeypatch.setenv("CI", "true")
    items = [("a", 1), ("b", 2)]
    assert list(track_documents(iter(items), len(items))) == items


def test_a_piped_run_writes_nothing_but_its_report_to_stderr(tmp_path):
    docs = []
    for i in range(2):
        p = tmp_path / f"t{i}.txt"
        p.write_text(f"規約{i}\n\n第1条（目的）\n本規約は目的を定める。\n", encoding="utf-8")
        docs.append(str(p))
    run = subprocess.run([sys.executable, "-m", "kiyaku", "analyze", *docs, "--format", "jsonl"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert len(run.stdout.splitlines()) == 2


def test_a_streamed_report_reaches_a_redirected_stdout_while_the_bar_shows(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out, err = io.StringIO(), Tty()  # stdout to a file, the bar on a terminal
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    for i in track_documents(iter(range(3)), 3):
        sys.stdout.write(f'{{"doc":{i}}}\n')  # as `analyze --format jsonl` writes each line
    assert out.getvalue() == '{"doc":0}\n{"doc":1}\n{"doc":2}\n'
    assert '{"doc"' not in err.getvalue()
    assert "解析中" in err.getvalue()
