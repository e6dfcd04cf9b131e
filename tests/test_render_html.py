"""The HTML report as markup: self-contained, escaped, whole text kept, overlapping findings well nested."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup

from render_support import corpus_text, gold_analysis, hand_analysis
from kiyaku.reports.render.analysis import render_analyses

HOSTILE = (
    "悪意ある規約\n\n"
    "第1条（目的）\n本規約は<script>document.title='pwned';window.pwned=1</script>を定める。\n\n"
    "第2条（免責）\n当社は<img src=x onerror=\"document.title='pwned'\">一切の責任を負いません。\n"
    "2　当社は</mark></div><b>利用者の情報を第三者に提供する</b>ことがある。&amp; &lt;\n"
)


@pytest.fixture(scope="module")
def portal_html():
    return render_analyses([gold_analysis()], "html")


def hostile_analysis():
    return hand_analysis(HOSTILE, [
        ("当社は<img src=x onerror=\"document.title='pwned'\">一切の責任を負いません。", "liability_waiver", "high",
         ["一切の責任を負いません"]),
        ("<b>利用者の情報を第三者に提供する</b>", "disclosure", "medium", ["第三者に提供する"]),
    ])


class TagChecker(HTMLParser):
    """Fails on crossing or unclosed tags (void elements aside)."""

    VOID = {"meta", "br", "input", "img", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


class TextCollector(HTMLParser):
    """The character data inside the report's text columns, exactly as parsed (BeautifulSoup drops
    whitespace-only strings at the end of an element, a browser with pre-wrap does not)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside <div class="text">
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in TagChecker.VOID
        elif tag == "div" and ("class", "text") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def visible_text(doc_html: str) -> str:
    collector = TextCollector()
    collector.feed(doc_html)
    return "".join(collector.parts)


def test_page_is_self_contained(portal_html):
    assert "<style>" in portal_html and "<script>" in portal_html
    soup = BeautifulSoup(portal_html, "html.parser")
    assert not soup.find_all("link")
    assert not [s for s in soup.find_all("script") if s.get("src")]
    assert not re.search(r"https?://|@import|url\(", portal_html)


def test_whole_text_is_shown_with_marks_and_explanations(portal_html):
    a = gold_analysis()
    assert visible_text(portal_html) == a.source.text
    soup = BeautifulSoup(portal_html, "html.parser")
    cards = soup.select(".card[data-id]")
    assert len(cards) == len(a.findings)
    # every located finding's clause is covered by marks carrying its id
    for card in cards:
        if card["data-cat"] == "missing_provision":
            continue
        marked = "".join(m.get_text() for m in soup.select("mark[data-f]") if card["data-id"] in m["data-f"].split())
        assert marked.strip()
    strong = [s.get_text() for s in soup.select("mark strong")]
    assert "一切の責任を負わない" in strong
    # why this clause matters sits beside the clause: same block
    m = next(m for m in soup.select("mark strong") if m.get_text() == "一切の責任を負わない")
    block = m.find_parent(class_="block")
    assert block.select(".card .why")
    # each rule's general explanation is shown once, in the findings list (most serious first)
    explanations = [e.get_text() for e in soup.select(".finding .explanation")]
    assert explanations and len(explanations) == len({f.rule for f in a.findings if not f.document_level})


def test_filter_and_disclosure_map(portal_html):
    soup = BeautifulSoup(portal_html, "html.parser")
    cats = {i["value"] for i in soup.select("#filters input[data-kind=cat]")}
    assert cats == {"liability_waiver", "disclosure", "unilateral_amendment", "usage_limit", "missing_provision",
                    "dispute_resolution"}
    sevs = [i["value"] for i in soup.select("#filters input[data-kind=sev]")]
    assert sevs == ["high", "medium", "low"]
    table = soup.select_one("table.map")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert ["内閣総理大臣", "住民票コード", "第4条第1項第1号"] in rows
    assert any(r[-2:] == ["基本4情報 自己情報", "第13条第2項"] for r in rows)
    links = [a["href"] for a in table.select("a")]
    assert all(soup.find(id=h[1:]) for h in links)


def test_hostile_document_stays_inert():
    out = render_analyses([hostile_analysis()], "html")
    soup = BeautifulSoup(out, "html.parser")
    assert len(soup.find_all("script")) == 1  # ours only
    assert not soup.find_all("img")
    assert not soup.select(".text b")
    assert "onerror=" not in str(soup.select_one("main").find_all(True)[0].attrs)
    assert visible_text(out) == HOSTILE
    assert "&lt;script&gt;document.title" in out


def test_overlapping_and_nested_findings_keep_markup_well_formed():
    text = corpus_text("gov-portal", "terms.txt")
    outer = "当庁は、必要があると認めるときは、システム利用者に対し事前に通知を行うことなく、本規約を改正することができる。"
    inner = "事前に通知を行うことなく、本規約を改正"
    crossing = "本規約を改正することができる。\n3　当庁は、本規約を改正したときは"
    a = hand_analysis(text, [(outer, "unilateral_amendment", "high", ["改正することができる"]),
                             (inner, "usage_limit", "low", ["事前に通知を行うことなく"]),
                             (crossing, "disclosure", "medium", ["当庁は"])])
    out = render_analyses([a], "html")
    checker = TagChecker()
    checker.feed(out)
    assert checker.stack == []
    assert visible_text(out) == text
    soup = BeautifulSoup(out, "html.parser")
    ids = [c["data-id"] for c in soup.select(".card[data-id]")]
    three = [m for m in soup.select("mark[data-f]") if len(m["data-f"].split()) == 3]
    assert "".join(m.get_text() for m in three) == "本規約を改正"
    # each finding's anchor exists exactly once
    for i in ids:
        assert len(soup.select(f"#{i}-m")) == 1


def test_several_documents_share_one_page():
    docs = [gold_analysis(), hostile_analysis()]
    out = render_analyses(docs, "html")
    soup = BeautifulSoup(out, "html.parser")
    assert len(soup.select("section.document")) == 2
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert html.unescape(soup.title.get_text()).endswith("2件の利用規約")
