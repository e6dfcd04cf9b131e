"""Counts and references as a reader reads them (issue 11): 前文 not counted as an article, 「第 2 条」 with
spaces a reference."""

from kiyaku.analyzer.structure import parse
from kiyaku.reports.compare.align import normalise


def test_the_preamble_is_not_counted_as_an_article():
    doc = parse(
        "本規約は、本サービスの利用条件を定めます。\n第1条（目的）\n本規約は利用条件を定める。\n第2条（管轄）\n東京地方裁判所とする。\n"
    )
    assert [a.label for a in doc.articles()] == ["前文", "第1条", "第2条"]
    assert doc.article_count() == 2


def test_a_reference_written_with_spaces_is_a_reference():
    assert normalise("第 2 条に定める手続") == normalise("第2条に定める手続") == normalise("第7条に定める手続")
    assert normalise("第　３　条第２項") == normalise("第3条第2項")
