"""The same text as txt, md (with and without front matter), HTML, DOCX and browser-printed PDF gives the same article labels and
the same findings (issue 11). Built from the project's own text corpora in the test."""

import html
import io
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.analyzer.load import load, load_bytes
from kiyaku.analyzer.structure import parse

CORPORA = Path(str(files("kiyaku.corpora")))
TEXTS = sorted(p for p in CORPORA.glob("*/terms.txt"))


def variants(text: str) -> dict[str, tuple[bytes, str]]:
    lines = text.split("\n")
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip()) + "</body></html>"
    docx = _docx(lines)
    return {
        "txt": (text.encode("utf-8"), "terms.txt"),
        "md": (text.encode("utf-8"), "terms.md"),
        "md with front matter": (
            ('---\nlayout: post\ntitle: "規約"\ndate: 2024-01-01\n---\n\n' + text).encode("utf-8"),
            "terms.md",
        ),
        "html": (page.encode("utf-8"), "terms.html"),
        "docx": (docx, "terms.docx"),
    }


def _docx(lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.parent.name)
def test_same_labels_in_every_format(path):
    text = load(str(path)).text
    expected = None
    for name, (data, filename) in variants(text).items():
        source = load_bytes(data, filename)
        found = [a.label for a in parse(source.text, source.headings).articles()]
        if expected is None:
            expected = found
        assert found == expected, name


@pytest.mark.nlp
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.parent.name)
def test_same_findings_in_every_format(path):
    from kiyaku.analyzer.pipeline import analyze_source

    text = load(str(path)).text
    expected = None
    for name, (data, filename) in variants(text).items():
        analysis = analyze_source(load_bytes(data, filename), cache=False)
        found = sorted((f.category, f.article, f.paragraph, f.item, f.severity, f.rule) for f in analysis.findings)
        if expected is None:
            expected = found
        assert found == expected, name


# --- browser-printed PDF ------------------------------------------------------------------------------
# Every text corpus (as the HTML page above) and every HTML corpus, printed by the system's headless
# Chromium (A4, default margins, the browser's own header and footer), must read as its HTML does.

HTML_PAGES = sorted(CORPORA.glob("*/terms.html"))


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """``{corpus name: (reference source, PDF bytes)}``: the text corpora printed from the page
    ``variants`` builds (the reference is the txt), the HTML corpora printed from their own page."""
    from pdf_print_support import Printer

    work = tmp_path_factory.mktemp("printed")
    printer = Printer(work / "profile")
    out = {}
    try:
        for path in TEXTS:
            source = load(str(path))
            page = work / f"{path.parent.name}.html"
            page.write_bytes(variants(source.text)["html"][0])
            out[path.parent.name] = (source, printer.print_pdf(page))
        for path in HTML_PAGES:
            out[path.parent.name] = (load(str(path)), printer.print_pdf(path.resolve()))
    finally:
        printer.close()
    return out


PRINTED = [p.parent.name for p in TEXTS + HTML_PAGES]


@pytest.mark.browser
@pytest.mark.parametrize("name", PRINTED)
def test_printed_pdf_gives_the_same_labels(printed, name):
    reference, data = printed[name]
    source = load_bytes(data, "terms.pdf")
    expected = [a.label for a in parse(reference.text, reference.headings).articles()]
    assert [a.label for a in parse(source.text, source.headings).articles()] == expected


@pytest.mark.nlp
@pytest.mark.browser
@pytest.mark.parametrize("name", PRINTED)
def test_printed_pdf_gives_the_same_findings(printed, name):
    from kiyaku.analyzer.pipeline import analyze_source

    reference, data = printed[name]

    def findings(source):
        return sorted(
            (f.category, f.article, f.paragraph, f.item, f.severity, f.rule)
            for f in analyze_source(source, cache=False).findings
        )

    assert findings(load_bytes(data, "terms.pdf")) == findings(reference)
