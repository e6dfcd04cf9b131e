"""Golden files: the md, csv and notice output of the real pipeline on the bundled corpus.

A change in wording, layout or findings shows up here as a diff to review. When the change is
intended, regenerate (see tests/golden/README.md):

    KIYAKU_REGEN_GOLDEN=1 python -m pytest -q tests/test_golden.py
"""
from __future__ import annotations

import os
import re
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from kiyaku.reports.render.notice import render_notice
from kiyaku.reports.render.analysis import render_analyses
from test_notice import named_articles

pytestmark = pytest.mark.nlp

GOLDEN = Path(__file__).parent / "golden"
REGEN = bool(os.environ.get("KIYAKU_REGEN_GOLDEN"))


@pytest.fixture(scope="module")
def analysed():
    from kiyaku.analyzer.pipeline import analyze

    cache: dict[str, object] = {}

    def _analysed(rel: str):
        if rel not in cache:
            with as_file(files("kiyaku.corpora")) as corpus:
                analysis = analyze(str(corpus / rel), cache=False)
            analysis.source.path = f"corpora/{rel}"  # the same wherever the package is installed
            cache[rel] = analysis
        return cache[rel]

    return _analysed


def check(name: str, produced: str | bytes) -> None:
    path = GOLDEN / name
    data = produced.encode("utf-8") if isinstance(produced, str) else produced
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing: run KIYAKU_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py"
    expected = path.read_bytes()
    if data != expected:
        # Show the first differing line: enough to see what changed without a wall of text.
        new, old = data.decode("utf-8").splitlines(), expected.decode("utf-8").splitlines()
        at = next((i for i, (a, b) in enumerate(zip(new, old)) if a != b), min(len(new), len(old)))
        pytest.fail(
            f"{name} differs from the golden file at line {at + 1}:\n"
            f"  golden:   {old[at] if at < len(old) else '<end>'}\n  produced: {new[at] if at < len(new) else '<end>'}\n"
            "If the change is intended: KIYAKU_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py"
        )


def test_markdown_of_the_main_sample(analysed):
    check("gov-portal.md", render_analyses([analysed("gov-portal/terms.txt")], "md"))


def test_text_report_of_the_main_sample(analysed, monkeypatch):
    """The physician's view: summary, the three most serious clauses, where data goes, findings by severity."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    check("gov-portal.txt", render_analyses([analysed("gov-portal/terms.txt")], "text"))
    check("medical-app.txt", render_analyses([analysed("medical-app/v2024.txt")], "text"))


def test_html_report_of_the_main_sample(analysed):
    check("gov-portal.html", render_analyses([analysed("gov-portal/terms.txt")], "html"))


def test_notices_of_other_layouts(analysed):
    """Numbered headings, a front-matter-free web page, a chaptered SaaS: titles, actors and places read well."""
    for rel in ("web-no-articles/terms.html", "saas-chapters/terms.md", "pharmacy-app/terms.txt"):
        family = rel.split("/")[0]
        check(f"{family}.notice.md", render_notice(analysed(rel)))


def test_csv_of_the_corpus(analysed):
    docs = [analysed(p) for p in ("gov-portal/terms.txt", "medical-app/v2023.txt", "medical-app/v2024.txt")]
    check("corpus.csv", render_analyses(docs, "csv"))


def test_notice_of_the_main_sample(analysed):
    check("gov-portal.notice.md", render_notice(analysed("gov-portal/terms.txt")))


def test_notice_with_changes_since_the_previous_version(analysed):
    check("medical-app.notice.md",
          render_notice(analysed("medical-app/v2024.txt"), since=analysed("medical-app/v2023.txt")))


def test_output_is_deterministic(analysed):
    a = analysed("gov-portal/terms.txt")
    assert render_analyses([a], "json") == render_analyses([a], "json")
    assert render_notice(a) == render_notice(a)


def test_portal_notice_names_every_flagged_article_and_the_missing_provision(analysed):
    """The seed's concern: a reader of the notice alone learns every place the engine flagged."""
    a = analysed("gov-portal/terms.txt")
    md = render_notice(a)
    flagged = {int(m.group(1)) for f in a.findings if f.article and (m := re.fullmatch(r"第(\d+)条", f.article))}
    assert flagged, "the engine flagged nothing in the main sample"
    assert flagged <= named_articles(md), f"not named: {sorted(flagged - named_articles(md))}"
    missing = [f for f in a.findings if f.category == "missing_provision"]
    assert missing, "the engine found no missing provision in the main sample"
    assert "規定されていない事項" in md
    for f in missing:
        topic = re.sub(r"の(?:定め|規定)がない$", "", f.title)
        assert f"○{topic}についての規定はありません。" in md
