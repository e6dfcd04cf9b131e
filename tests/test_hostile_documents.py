"""A terms document carrying markup, template syntax and spreadsheet formulas stays inert in every
format a browser, Word or a spreadsheet could open: it shows as written and never runs.

The document is analysed by the real engine (so the hostile text sits inside flagged clauses, their
flagged words and the extracted recipients and data, in article titles and in the document's title),
and by a file name that is itself hostile. Each report is then read the way its consumer reads it:
HTML parsed with lxml through BeautifulSoup, Markdown rendered by a CommonMark renderer that passes
raw HTML through, CSV read cell by cell, DOCX opened with python-docx, JSON and SARIF parsed.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from render_support import make_source

pytestmark = pytest.mark.nlp

TITLE = "<script>alert(1)</script>利用規約 {{ 7*7 }} {% if true %}x{% endif %}"
ARTICLE_TITLE = '目的" onmouseover="alert(1)'
MD_LINK = "[本サービス](javascript:alert(1))"
MD_IMAGE = "![x](http://evil/)"
RAW_ANCHOR = '<a href="javascript:alert(1)">メールアドレス</a>'
RAW_BOLD = '<b onclick="alert(1)">損害</b>'
ENTITY = "&lt;script&gt;alert(4)&lt;/script&gt;"  # character references must not be decoded either
RAW_EM = "利用を<em>停止"  # the flagged words of 第5条, quoted by the notice
FORMULAS = ('=HYPERLINK("http://evil/","クリック")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0")
NAME = '=HYPERLINK("http://evil/")`<img src=x onerror=alert(1)>`.txt'

NEW = f"""{TITLE}

第1条（{ARTICLE_TITLE}）
本規約は、本サービスの利用条件を定めるものです。<img src=x onerror=alert(1)>

第2条（免責<script>alert(2)</script>）
当社は、{MD_LINK}及び{MD_IMAGE}に関して利用者に生じた{RAW_BOLD}{ENTITY}について、一切の責任を負いません。

第3条（個人情報の提供）
当社は、利用者の氏名及び{RAW_ANCHOR}を、{{{{ config }}}}広告会社に提供することができます。

第4条（規約の変更）
{FORMULAS[0]}当社は、利用者に通知することなく、本規約をいつでも変更できるものとします。

第5条（利用の停止）
{FORMULAS[1]} 当社は、当社の判断により、事前の通知なく利用者の利用を<em>停止</em>することができます。

第6条（サービスの中断）
{FORMULAS[2]} 当社は、事前の通知なく、本サービスの提供を中断することができるものとします。
"""
# The previous version: the same articles without the risky clauses of 第3条 and 第4条.
OLD = (
    NEW.replace(f"当社は、利用者の氏名及び{RAW_ANCHOR}を、{{{{ config }}}}広告会社に提供することができます。",
                "当社は、利用者の個人情報を第三者に提供しません。")
    .replace(f"{FORMULAS[0]}当社は、利用者に通知することなく、本規約をいつでも変更できるものとします。",
             "当社は、本規約を変更する場合、30日前までに利用者に通知します。")
)
# What must show literally wherever the document's text is shown.
LITERAL = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% if true %}"]

TEMPLATES = Path(str(files("kiyaku.reports.render"))) / "templates"
EXECUTABLE_TAGS = {"script", "img", "iframe", "object", "embed", "svg", "math", "base", "link", "meta", "style", "form"}


@pytest.fixture(scope="module")
def analyses(ginza):
    from kiyaku.analyzer.pipeline import analyze_source

    old = analyze_source(make_source(OLD, path="old-" + NAME), cache=False)
    new = analyze_source(make_source(NEW, path=NAME), cache=False)
    return old, new


@pytest.fixture(scope="module")
def new(analyses):
    return analyses[1]


def template_vocabulary(*names: str) -> tuple[set[str], set[str]]:
    """The tags and attribute names our own templates write: anything else came from a document."""
    source = "".join((TEMPLATES / n).read_text("utf-8") for n in names)
    source = re.sub(r"{%.*?%}|{{.*?}}", "", source, flags=re.S)
    source = re.sub(r"<script>.*?</script>|<style>.*?</style>", "<script></script><style></style>", source, flags=re.S)
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", source))
    opening_tags = re.sub(r'"[^"]*"', '""', " ".join(re.findall(r"<[a-zA-Z][^>]*>", source)))
    attrs = set(re.findall(r"\s([a-zA-Z-]+)(?==|[\s>])", opening_tags))
    return {t.lower() for t in tags}, {a.lower() for a in attrs}


def assert_page_inert(page: str, tags: set[str], attrs: set[str], own_scripts: list[str]):
    soup = BeautifulSoup(page, "lxml")
    scripts = soup.find_all("script")
    assert [s.string.strip() for s in scripts] == [s.strip() for s in own_scripts]
    for el in soup.find_all(True):
        assert el.name in tags, f"<{el.name}> is not ours"
        for name, value in el.attrs.items():
            assert name.lower() in attrs and not name.lower().startswith("on"), (el.name, name, value)
            if name.lower() == "href":
                assert value.startswith("#"), value  # our links point into the page only
    return soup


def assert_markdown_inert(md: str) -> str:
    """Render with raw HTML enabled; the result has no tag of the document's, no link and no image."""
    page = MarkdownIt("commonmark").enable("table").render(md)
    soup = BeautifulSoup(page, "lxml")
    assert not soup.find_all(EXECUTABLE_TAGS | {"a", "b", "iframe"})
    assert not [el for el in soup.find_all(True) for a in el.attrs if a.startswith("on") or a in ("href", "src")]
    return soup.get_text()


# -- the document really is flagged where the markup is ------------------------------------------------


def test_hostile_text_sits_in_flagged_clauses_titles_and_extracted_fields(new):
    texts = [f.text for f in new.findings]
    assert any(RAW_BOLD in t and MD_LINK in t and MD_IMAGE in t and ENTITY in t for t in texts)
    assert any(RAW_ANCHOR in t for t in texts)
    for formula in FORMULAS:
        assert any(t.startswith(formula) for t in texts), formula
    words = [new.source.text[a:b] for f in new.findings for a, b in f.words]
    assert any(RAW_ANCHOR in w for w in words)  # markup inside the flagged (emphasised) words
    assert RAW_EM in words
    assert new.document.title == TITLE
    assert [a.title for a in new.document.articles()][:2] == [ARTICLE_TITLE, "免責<script>alert(2)</script>"]


# -- analysis reports ------------------------------------------------------------------------------------


def test_html_report_runs_only_our_script_and_shows_the_text(new):
    from kiyaku.reports.render.analysis import render_analyses

    page = render_analyses([new], "html")
    tags, attrs = template_vocabulary("analysis.html.j2", "card.html.j2")
    soup = assert_page_inert(page, tags, attrs, [(TEMPLATES / "report.js").read_text("utf-8")])
    text = soup.get_text()
    for literal in LITERAL + [MD_LINK, MD_IMAGE, RAW_ANCHOR, RAW_BOLD, ENTITY, "<img src=x onerror=alert(1)>", NAME]:
        assert literal in text, literal
    assert any(RAW_ANCHOR in m.get_text() for m in soup.find_all("mark"))
    assert any(RAW_ANCHOR in s.get_text() for s in soup.find_all("strong"))
    assert soup.find(attrs={"aria-label": f"第1条（{ARTICLE_TITLE}）"})  # a quote cannot end the attribute
    assert soup.title.get_text() == f"利用規約の注記 — {TITLE}"


def test_markdown_report_renders_no_html_links_or_images(new):
    from kiyaku.reports.render.analysis import render_analyses

    text = assert_markdown_inert(render_analyses([new], "md"))
    for literal in LITERAL + [MD_LINK, MD_IMAGE, RAW_ANCHOR, RAW_BOLD, ENTITY, "<script>alert(2)</script>", NAME]:
        assert literal in text, literal


def test_csv_cells_never_start_a_formula_and_keep_the_text(new):
    from kiyaku.reports.render.analysis import render_analyses

    table = list(csv.reader(io.StringIO(render_analyses([new], "csv").lstrip("\ufeff"))))
    header, body = table[0], table[1:]
    assert body
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    texts = [row[header.index("条文")] for row in body]
    for formula in FORMULAS:
        assert any(t.startswith("'" + formula) for t in texts), formula
    shown = {t[1:] if t.startswith("'") else t for t in texts}
    assert {f.text for f in new.findings if f.text} <= shown  # nothing else changed
    assert {row[header.index("文書")] for row in body} == {"'" + NAME}


def test_json_and_jsonl_keep_the_text_exactly(new):
    from kiyaku.reports.render.analysis import render_analyses

    for data in (json.loads(render_analyses([new], "json")), json.loads(render_analyses([new], "jsonl"))):
        assert data["title"] == TITLE and data["source"]["path"] == NAME
        assert [f["text"] for f in data["findings"]] == [f.text for f in new.findings]
        assert data["articles"][0]["title"] == ARTICLE_TITLE


# -- notices ---------------------------------------------------------------------------------------------


def test_notice_markdown_renders_no_html_links_or_images(analyses):
    from kiyaku.reports.render.notice import render_notice

    old, new = analyses
    text = assert_markdown_inert(render_notice(new, since=old, fmt="md"))
    for literal in LITERAL + [RAW_EM]:
        assert literal in text, literal
    assert NAME not in text and "`.txt" not in text  # the notice names no file (the path is the hostile name)


def test_notice_html_has_no_script_and_shows_the_text(analyses):
    from kiyaku.reports.render.notice import render_notice

    old, new = analyses
    tags, attrs = template_vocabulary("notice.html.j2")
    soup = assert_page_inert(render_notice(new, since=old, fmt="html"), tags, attrs, [])
    text = soup.get_text()
    for literal in LITERAL + [RAW_EM]:
        assert literal in text, literal
    assert NAME not in text and "`.txt" not in text  # the notice names no file (the path is the hostile name)


def test_notice_docx_holds_the_text_literally_and_no_fields(analyses):
    import docx

    from kiyaku.reports.render.notice import render_notice

    old, new = analyses
    data = render_notice(new, since=old, fmt="docx")
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for literal in LITERAL + [RAW_EM]:
        assert literal in text, literal
    assert NAME not in text and "`.txt" not in text  # the notice names no file (the path is the hostile name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    # No field codes (a HYPERLINK or DDE field runs when Word updates fields) and no links.
    assert not re.findall(r"<w:(?:instrText|fldSimple|fldChar|hyperlink)\b", body)
    assert "=HYPERLINK(" in body  # the document's formula is there, as plain run text
    assert "evil" not in rels and "javascript" not in rels


# -- diffs -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def changes(analyses):
    from kiyaku.reports.compare.diff import diff

    old, new = analyses
    return diff(old, new)


def test_diff_json_and_sarif_are_valid_and_keep_the_text(changes, new):
    from kiyaku.reports.render.diff import render_diff

    data = json.loads(render_diff(changes, "json"))
    # a missing provision has no place and no text (the new 第4条 drops the advance notice): no snippet to keep
    added = [r["text"] for r in data["risks"]["added"] if r["article"] is not None]
    escalated = [c["after"]["text"] for c in data["risks"]["changed"] if c.get("direction") == "higher"]
    assert any(RAW_ANCHOR in t for t in added) and any(t.startswith(FORMULAS[0]) for t in escalated)
    added += escalated
    sarif = json.loads(render_diff(changes, "sarif"))
    snippets = [
        loc["physicalLocation"]["region"]["snippet"]["text"]
        for run in sarif["runs"] for result in run["results"] for loc in result.get("locations", [])
        if "region" in loc.get("physicalLocation", {})
    ]
    assert set(added) <= set(snippets)
    for result in (r for run in sarif["runs"] for r in run["results"]):
        for loc in result.get("locations", []):
            if "region" not in loc["physicalLocation"]:
                continue  # a missing provision names the file only
            region = loc["physicalLocation"]["region"]
            assert new.source.text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]


def test_diff_html_and_markdown_are_inert(changes):
    from kiyaku.reports.render.diff import render_diff

    page = render_diff(changes, "html")
    soup = BeautifulSoup(page, "lxml")
    assert not soup.find_all(EXECUTABLE_TAGS - {"style", "meta"} | {"a", "b"})
    assert not [el for el in soup.find_all(True) for a in el.attrs if a.startswith("on") or a in ("href", "src")]
    assert RAW_ANCHOR in soup.get_text()
    text = assert_markdown_inert(render_diff(changes, "md"))
    assert RAW_ANCHOR in text
