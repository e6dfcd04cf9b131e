"""Places, counts and references as a reader reads them (issue 11): 「16. 第1項」 not 「16第1項」, 「3.3」 kept
whole, 前文 not counted as an article, 「第 2 条」 with spaces a reference."""

import re

import pytest

from kiyaku.analyzer.model import Place
from kiyaku.analyzer.structure import parse
from kiyaku.reports.compare.align import normalise
from kiyaku.reports.render.analysis import render_analyses
from render_support import hand_analysis


@pytest.mark.parametrize(
    ("place", "readable"),
    [
        (("第3条", 2, 1), "第3条第2項第1号"),
        (("第12条の2", 1, None), "第12条の2第1項"),
        (("会員規約第1条", 2, None), "会員規約第1条第2項"),
        (("前文", 2, None), "前文第2項"),
        (("附則", None, None), "附則"),
        (("別表1", 1, None), "別表1第1項"),
        (("16", 1, None), "16. 第1項"),
        (("16", None, None), "16."),
        (("16", None, 2), "16. 第2号"),
        (("3.3", 3, None), "3.3 第3項"),
        (("3.3", None, None), "3.3"),
        (("会員規約1", 2, 3), "会員規約1. 第2項第3号"),
        (("個人情報の利用目的", 2, None), "個人情報の利用目的 第2項"),
        ((None, None, None), "（規定なし）"),
    ],
)
def test_a_place_prints_so_that_no_number_runs_into_the_next(place, readable):
    assert Place(*place).readable() == readable


def test_the_compact_place_key_is_unchanged():
    # evaluation listings and tests compare this key; only reports print the readable form
    assert Place("16", 1, None).label() == "16第1項"
    assert Place("第3条", 2, 1).label() == "第3条第2項第1号"


DOTTED_HEADINGS = """\
サービス利用規約

3.2 アカウントの登録
会員は、当社所定の方法でアカウントを登録するものとします。

3.3 アカウントの管理
会員は、自己の責任においてアカウントを管理するものとします。
2 当社は、アカウントの不正利用により会員に生じた損害について、一切の責任を負いません。
"""

# sixteen numbered sections 「1. 見出し」…「16. 免責」, the last with a numbered second paragraph
NUMBERED_HEADINGS = (
    "サービス利用規約\n\n"
    + "".join(f"{n}. 第{n}の事項\n会員は、第{n}の事項について当社の定めに従うものとします。\n\n" for n in range(1, 16))
    + "16. 免責\n当社は、本サービスの内容について保証しません。\n"
    + "2 当社は、本サービスの利用により生じた損害について、一切の責任を負いません。\n"
)
WAIVER = "当社は、{}損害について、一切の責任を負いません。"


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_reports_print_numbered_heading_places_readably(fmt, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    clauses = [
        (DOTTED_HEADINGS, "アカウントの不正利用により会員に生じた"),
        (NUMBERED_HEADINGS, "本サービスの利用により生じた"),
    ]
    analyses = [
        hand_analysis(
            text, [(WAIVER.format(words), "liability_waiver", "high", ["一切の責任を負いません"])], f"{i}.txt"
        )
        for i, (text, words) in enumerate(clauses)
    ]
    assert [(f.article, f.paragraph) for a in analyses for f in a.findings] == [("3.3", 2), ("16", 2)]
    out = render_analyses(analyses, fmt).replace("\\.", ".")  # markdown escapes the dot after a number
    assert "3.3 第2項" in out and "16. 第2項" in out
    assert not re.search(r"16第|3\.3第|33第", out)


def test_the_preamble_is_not_counted_as_an_article():
    doc = parse(
        "本規約は、本サービスの利用条件を定めます。\n第1条（目的）\n本規約は利用条件を定める。\n第2条（管轄）\n東京地方裁判所とする。\n"
    )
    assert [a.label for a in doc.articles()] == ["前文", "第1条", "第2条"]
    assert doc.article_count() == 2


def test_a_reference_written_with_spaces_is_a_reference():
    assert normalise("第 2 条に定める手続") == normalise("第2条に定める手続") == normalise("第7条に定める手続")
    assert normalise("第　３　条第２項") == normalise("第3条第2項")
