"""The fast path changes nothing: parsing only candidate sentences, the per-article cache and the
matcher prefilter all give the same findings as doing everything, on every document of the corpus."""
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.analyzer.load import load
from kiyaku.analyzer.pipeline import analyze_source
from kiyaku.reports.render.analysis import render_analyses

CORPUS = Path(str(files("kiyaku.corpora")))
DOCUMENTS = sorted(
    p for p in CORPUS.glob("*/*")
    if p.suffix in {".txt", ".md", ".html", ".pdf", ".docx"} and p.name != "source.txt" and p.parent.name != "real"
)


def test_the_corpus_is_there():
    assert len(DOCUMENTS) >= 8


def as_json(analysis) -> str:
    return render_analyses([analysis], "json")


@pytest.mark.nlp
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_thorough_give_identical_findings(path):
    source = load(str(path))
    fast = analyze_source(source, cache=False)
    thorough = analyze_source(source, cache=False, thorough=True)
    assert fast.findings, "every corpus document has something to flag"
    assert as_json(fast) == as_json(thorough)


@pytest.mark.nlp
def test_cached_and_uncached_output_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "cache"))
    for path in DOCUMENTS:
        source = load(str(path))
        uncached = as_json(analyze_source(source, cache=False))
        cold = as_json(analyze_source(source, cache=True))  # fills the cache
        warm = as_json(analyze_source(source, cache=True))  # reads it back
        assert uncached == cold == warm, path
    assert any((tmp_path / "cache").rglob("*.json"))


@pytest.mark.nlp
def test_a_changed_article_is_all_that_is_re_analysed(tmp_path, monkeypatch):
    from kiyaku.analyzer.engine import document as engine  # where find looks find_in_article up

    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "cache"))
    source = load(str(CORPUS / "gov-portal" / "terms.txt"))
    analyze_source(source, cache=True)
    calls = []
    original = engine.find_in_article
    monkeypatch.setattr(engine, "find_in_article", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    edited = source.text.replace("当庁は", "当庁は、", 1)
    source.text = edited
    result = analyze_source(source, cache=True)
    assert len(calls) == 1 and "当庁は、" in calls[0]
    assert json.loads(as_json(result))["findings"] == json.loads(as_json(analyze_source(source, cache=False)))["findings"]


@pytest.mark.parametrize("argv", [["--help"], ["rules", "list"], ["analyze", "--help"]])
def test_light_commands_never_load_spacy(argv):
    code = (
        "import sys\n"
        "from kiyaku.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'spacy' not in sys.modules, 'spacy was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
