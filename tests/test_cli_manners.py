"""Command-line manners: --version, NO_COLOR, case-insensitive formats, defaults in help, -o into a missing
directory, the user's umask, docx refused on a terminal, a warning for a non-Japanese document,
--min-severity. Run in-process through kiyaku.cli.main."""

from __future__ import annotations

import json
import os
import stat
import sys
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.cli import build_parser, main

CORPUS = Path(str(files("kiyaku.corpora")))
PORTAL = str(CORPUS / "gov-portal" / "terms.txt")


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiyaku {version('kiyaku')}"


def test_every_option_states_its_default():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in ("analyze", "diff", "notice", "history"):
        help_text = " ".join(commands[name].format_help().split())
        help_text = help_text[help_text.index("options:") :]
        for option in ("--format", "--rules", "--no-cache", "--thorough", "-o FILE"):
            at = help_text.index(option)
            assert "default" in help_text[at : at + 260], (name, option)
    assert "(default: none, never)" in " ".join(commands["diff"].format_help().split())


def test_format_names_are_case_insensitive():
    args = build_parser().parse_args(["analyze", PORTAL, "--format", "HTML"])
    assert args.format == "html"
    args = build_parser().parse_args(["diff", "a", "b", "--format", "Taisho-MD", "--fail-on", "Medium"])
    assert (args.format, args.fail_on) == ("taisho-md", "medium")
    assert build_parser().parse_args(["notice", PORTAL, "--format", "DOCX"]).format == "docx"


def test_output_into_a_missing_directory_is_refused_and_not_created(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "report.json"
    code, out, err = run(capsys, "analyze", PORTAL, "--format", "json", "-o", str(target))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "does not exist" in err and str(target) in err
    assert not (tmp_path / "no").exists()


def test_docx_to_a_terminal_is_refused_with_a_hint(capsys, monkeypatch):
    from kiyaku.output import write_output

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    from kiyaku.analyzer.errors import UsageError

    with pytest.raises(UsageError, match="-o FILE.docx"):
        write_output(b"PK\x03\x04", None)
    assert capsys.readouterr().out == ""


@pytest.mark.nlp
def test_output_files_get_the_users_umask(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.json"
        assert run(capsys, "analyze", PORTAL, "--format", "json", "-o", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        os.umask(0o077)
        assert run(capsys, "analyze", PORTAL, "--format", "json", "-o", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(old)


@pytest.mark.nlp
def test_no_color_is_honoured(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(capsys, "analyze", PORTAL, "--format", "text")
    assert code == 0 and "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run(capsys, "analyze", PORTAL, "--format", "text")
    assert code == 0 and "\x1b[" not in out and "要約" in out


@pytest.mark.nlp
def test_min_severity_keeps_the_serious_findings(capsys):
    _, everything, _ = run(capsys, "analyze", PORTAL, "--format", "json")
    _, serious, _ = run(capsys, "analyze", PORTAL, "--format", "json", "--min-severity", "HIGH")
    every, high = json.loads(everything)["findings"], json.loads(serious)["findings"]
    assert high == [f for f in every if f["severity"] == "high"] and 0 < len(high) < len(every)


@pytest.mark.nlp
def test_a_document_that_is_not_japanese_gets_a_warning(tmp_path, capsys):
    path = tmp_path / "terms-en.txt"
    path.write_text(
        "Terms of Service\n\n1. We may change these terms at any time without notice.\n"
        "2. We are not liable for any damages arising from your use of the service.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "analyze", str(path), "--format", "text")
    assert code == 0
    assert len(err.strip().splitlines()) == 1 and "does not look Japanese" in err and str(path) in err
    assert "日本語の文書ではないようです" in out and "リスクのある条項は見つかりませんでした" not in out
