"""Properties of ``parse`` on any text: it never raises, the parts tile the text, children nest."""
from hypothesis import given, settings
from hypothesis import strategies as st

from kiyaku.analyzer.structure import parse

# Pieces of terms-like text: headings, titles, marks, references, TOC lines, breaks of every kind.
PIECES = [
    "第1条", "第２条（目的）", "第十二条の二", "第3条　当社は、", "（定義）", "【第4条】", "## 第5条 ", "目次", "目　次",
    "附則", "付　則", "別表1", "別表第二（第3条関係）", "第1章 総則", "第2節　登録", "1. ", "1.2 ", "(1)", "（２）",
    "２　", "2", "①", "②", "一　", "二、", "イ　", "ロ ", "ア ", "(a) ", "(i) ", "○２", "⑴", "■ 1. ", "Article 3 ",
    "# ", "### ", "本規約は、", "当社は", "利用者は、次の各号に該当する行為をしてはならない。", "。", "、",
    "第3条に定める", "第5条から第7条まで", "前条の規定により", "……………3", "\n", "\n", "\n", "\n\n", "\r\n", "\r",
    "\u2028", "\x0c", "　", " ", "\t", "（", "）", "1年以内", "10日前", "x", "\ufeff",
    "・", "- ", "  - ", "**第6条（免責）**", "第7条 ― ", "第8条. ", "Ⅱ．", "(ｱ)", "ⅱ ", "ａ．", "第1章", "第2章",
]

terms_like = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(max_size=300)
hints = st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400), st.integers(0, 7)), max_size=6)


def assert_every_character_in_one_unit(doc):
    """Every character that is not a space is in exactly one unit (前文, an article, 附則, an appendix, a
    part's unit) or in the furniture around them: the title line, the 目次, a 章/節 heading line."""
    owner = [0] * len(doc.text)
    for part in doc.parts:
        for node in part.walk():
            if node.kind in ("preamble", "article", "supplementary", "appendix", "title", "toc"):
                span = range(node.start, node.end)
            elif node.kind in ("chapter", "section"):
                span = range(node.start, node.heading_end if node.heading_end is not None else node.start)
            else:
                continue
            for i in span:
                owner[i] += 1
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            assert owner[i] == 1, (i, doc.text[max(0, i - 10):i + 10], owner[i])


def check(text, headings=None):
    doc = parse(text, headings)
    pos = 0
    for part in doc.parts:
        assert part.start == pos
        assert part.end >= part.start
        pos = part.end
    assert pos == len(text)
    if text:
        assert doc.parts

    def nested(node):
        for child in node.children:
            assert node.start <= child.start <= child.end <= node.end
            nested(child)
        for a, b in zip(node.children, node.children[1:]):
            assert a.end <= b.start

    for part in doc.parts:
        nested(part)
    arts = doc.articles()
    assert [a.start for a in arts] == sorted(a.start for a in arts)
    for art in arts:
        paras = [p for p in art.children if p.kind == "paragraph"]
        if paras:
            assert paras[0].start == art.heading_end
            assert paras[-1].end == art.end
            assert all(a.end == b.start for a, b in zip(paras, paras[1:]))
            assert [p.number for p in paras] == sorted(p.number for p in paras)
    for offset in range(0, len(text), 7):
        doc.locate(offset)
    assert_every_character_in_one_unit(doc)
    assert doc.numbered_by in ("article", "heading", "none")
    return doc


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=400, deadline=None)
@given(terms_like)
def test_terms_like_text(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(terms_like, hints)
def test_terms_like_text_with_any_heading_hints(text, headings):
    check(text, headings)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
def test_articles_keep_every_character(text):
    doc = check(text)
    assert "".join(text[p.start:p.end] for p in doc.parts) == text
