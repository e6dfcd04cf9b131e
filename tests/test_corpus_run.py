"""Corpus runs: `kiyaku analyze PATH... --format jsonl|csv` over many documents.

Every good file is analysed and written in input order, each bad one is reported on its own stderr
line, the exit status is 2 when any failed, jsonl streams one line per document as it is analysed,
and the process pool gives exactly what one process gives. The CLI runs in-process
(kiyaku.cli.main), after the session's GiNZA is loaded, so the forked workers reuse that model.
"""
from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.cli import main
from kiyaku.analyzer.pipeline import analyze_many, worker_count
from render_support import hand_analysis
from schema_support import errors
from kiyaku.reports.render.analysis import render_analyses, render_stream

CORPUS = Path(str(files("kiyaku.corpora")))
TERMS_SUFFIXES = {".txt", ".md", ".html", ".pdf", ".docx"}


def corpus_documents() -> list[Path]:
    """Every terms document of every family (not the sources the PDF and DOCX were made from, nor tools/, nor
    real/, which holds only the gold and notes for the real corpus)."""
    return sorted(
        p for p in CORPUS.glob("*/*")
        if p.suffix in TERMS_SUFFIXES and p.name != "source.txt" and p.parent.name not in ("tools", "real")
    )


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- without GiNZA ----------------------------------------------------------------------------------


def test_jsonl_is_written_as_each_document_comes():
    consumed = []

    def analyses():
        for i in range(3):
            consumed.append(i)
            yield hand_analysis(f"規約{i}\n\n第1条（目的）\n本規約は目的を定める。\n", [], path=f"t{i}.txt")

    pieces = render_stream(analyses(), "jsonl")
    first = next(pieces)
    assert consumed == [0]  # the first line is out before the second document is asked for
    assert json.loads(first)["source"]["path"] == "t0.txt"
    assert [json.loads(p)["source"]["path"] for p in pieces] == ["t1.txt", "t2.txt"]


def test_stream_of_every_format_matches_the_whole_report():
    docs = [
        hand_analysis("規約\n\n第1条（免責）\n当社は一切の責任を負いません。\n",
                      [("当社は一切の責任を負いません。", "liability_waiver", "high", ["一切の責任を負いません"])],
                      path=f"t{i}.txt")
        for i in range(2)
    ]
    for fmt in ("jsonl", "csv", "md", "html", "text"):
        assert "".join(render_stream(iter(docs), fmt)) == render_analyses(docs, fmt), fmt
        assert list(render_stream(iter([]), fmt)) == []  # every document failed: no report at all


def test_worker_count():
    assert worker_count(1) == 1
    assert 1 <= worker_count(300) <= 4
    assert worker_count(3, requested=8) == 3
    assert worker_count(5, requested=0) == 1


# -- the corpus --------------------------------------------------------------------------------------


def test_the_corpus_has_every_family():
    docs = corpus_documents()
    assert {p.suffix for p in docs} == TERMS_SUFFIXES
    assert len({p.parent.name for p in docs}) >= 14


@pytest.mark.nlp
def test_the_whole_corpus_in_one_batch_call(ginza, tmp_path, capsys):
    docs = corpus_documents()
    out = tmp_path / "corpus.jsonl"
    code, stdout, err = run(capsys, "analyze", *docs, "--format", "jsonl", "--no-cache", "-o", out)
    assert (code, stdout, err) == (0, "", "")
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == len(docs)
    for path, line in zip(docs, lines):  # in input order, whichever worker finished first
        analysis = json.loads(line)
        assert errors("analysis", analysis) == [], path  # the repository's schema (analyzer/schemas/)
        assert analysis["source"]["path"] == str(path)
        assert analysis["articles"], path
        assert analysis["findings"], path
    # The pool gives exactly what one process gives.
    with analyze_many([str(p) for p in docs], workers=1, cache=False) as results:
        alone = "".join(render_stream((r for _, r in results), "jsonl"))
    assert alone == out.read_text("utf-8")


def bad_and_good(tmp_path) -> tuple[list[Path], list[Path], list[Path]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    half = tmp_path / "half.pdf"
    pdf = (CORPUS / "pdf-clinic" / "terms.pdf").read_bytes()
    half.write_bytes(pdf[: len(pdf) // 2])
    good = [CORPUS / "gov-portal" / "terms.txt", CORPUS / "web-no-articles" / "terms.html", CORPUS / "euc-ec" / "terms.txt"]
    bad = [empty, tmp_path / "missing.txt", half]
    mixed = [good[0], empty, good[1], bad[1], half, good[2]]
    return mixed, good, bad


def assert_bad_files_reported(err: str, bad: list[Path]):
    lines = err.splitlines()
    assert len(lines) == len(bad), err
    for line, path in zip(lines, bad):
        assert line.startswith(f"kiyaku: {path}: ")
    assert "Traceback" not in err


@pytest.mark.nlp
def test_jsonl_run_keeps_going_past_bad_files_and_exits_2(ginza, tmp_path, capsys):
    mixed, good, bad = bad_and_good(tmp_path)
    code, stdout, err = run(capsys, "analyze", *mixed, "--format", "jsonl", "--no-cache")
    assert code == 2
    assert_bad_files_reported(err, bad)
    assert [json.loads(line)["source"]["path"] for line in stdout.splitlines()] == [str(p) for p in good]


@pytest.mark.nlp
def test_csv_run_keeps_going_past_bad_files_and_exits_2(ginza, tmp_path, capsys):
    mixed, good, bad = bad_and_good(tmp_path)
    out = tmp_path / "corpus.csv"
    code, stdout, err = run(capsys, "analyze", *mixed, "--format", "csv", "--no-cache", "-o", out)
    assert code == 2 and stdout == ""
    assert_bad_files_reported(err, bad)
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert list(dict.fromkeys(r["文書"] for r in rows)) == [str(p) for p in good]
