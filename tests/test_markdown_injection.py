"""Document-derived strings cannot become live markup in any markdown report.

Unnumbered headings are labelled by their titles, and a label reaches a finding's heading, the disclosure
map and the article table of a diff. A hostile document puts raw HTML in those titles (and in its clauses);
every markdown output (analyze, diff, diff taisho-md, notice --since) is rendered by markdown-it with raw
HTML on, checked token by token, and opened in headless Chromium, which must find no injected element and
no script effect.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kiyaku.analyzer.load import load_bytes
from kiyaku.analyzer.pipeline import analyze_source
from kiyaku.reports.compare.diff import diff as diff_versions
from kiyaku.reports.render.analysis import render_analyses
from kiyaku.reports.render.diff import render_diff
from kiyaku.reports.render.notice import render_notice

pytestmark = pytest.mark.nlp

SVG = "<svg onload=\"document.title='PWNED'\">停止"
IMG = "<img src=x onerror=\"document.title='PWNED'\">提供"
LINK = "[開示](javascript:document.title='PWNED')"


def _doc(extra: str) -> str:
    return f"""# サービス利用規約

## {SVG}

当社は、事前の通知なく、本サービスの利用を停止することができます。{extra}

## {IMG}

当社は、利用者の氏名及び住所を提携先に提供することがあります。

## {LINK}

当社は、本規約を変更することがあります。変更後の本規約は、当社ウェブサイトに掲載した時点から効力を生じるものとします。
"""


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    old = analyze_source(load_bytes(_doc("").encode(), "old.md"), cache=False)
    new = analyze_source(load_bytes(_doc("また、当社は一切の責任を負いません。").encode(), "new.md"), cache=False)
    labels = {f.article for f in new.findings if f.article}
    assert any("svg" in label for label in labels) and any("img" in label for label in labels), labels
    changes = diff_versions(old, new)
    out = {
        "analyze md": render_analyses([new], "md"),
        "diff md": render_diff(changes, "md"),
        "diff taisho-md": render_diff(changes, "taisho-md"),
        "notice md": render_notice(new, since=old, fmt="md"),
    }
    return {k: v if isinstance(v, str) else v.decode("utf-8") for k, v in out.items()}


OWN_TAGS = {"<br>", "<u>", "</u>", "<ins>", "</ins>"}  # what the 新旧対照表 writes itself: breaks, changed words


def _render(md: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(md)


def test_no_raw_html_or_links_reach_the_rendered_markdown(outputs):
    for name, md in outputs.items():
        tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(md)
        flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
        raw = [t.content for t in flat if t.type in ("html_inline", "html_block")]
        assert set(raw) <= OWN_TAGS, (name, raw)
        assert not [t for t in flat if t.type in ("link_open", "image")], name
        page = _render(md)
        assert "<svg" not in page and "<img" not in page and "PWNED" in page, name  # shown, as text


@pytest.mark.browser
def test_chromium_finds_no_injected_element(outputs, tmp_path):
    from test_browser import Browser

    for n, (name, md) in enumerate(outputs.items()):
        page = tmp_path / f"{n}.html"
        page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>report</title></head><body>"
                        + _render(md) + "</body></html>", "utf-8")
        browser = Browser(page.as_uri(), tmp_path / f"profile{n}")
        try:
            browser.wait_loaded()
            found = browser.eval("document.querySelectorAll('svg, img, script, iframe, object, embed, "
                                 "[onload], [onerror], a[href^=\"javascript\"]').length")
            title = browser.eval("document.title")
            shown = browser.eval("document.body.innerText")
        finally:
            browser.close()
        assert found == 0 and title == "report", (name, found, title)
        assert "<svg onload" in shown, name  # the hostile title is shown as written
