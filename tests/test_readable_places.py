"""Places and counts as a reader reads them (issue 11): 「16.」 not 「16第1項」, 「3.3」 kept whole, 前文 not
counted as an article, 「第 2 条」 with spaces a reference."""
from kiyaku.analyzer.model import Place
from kiyaku.analyzer.structure import parse
from kiyaku.reports.compare.align import normalise


def test_a_numbered_heading_is_followed_by_a_full_stop_before_its_paragraph():
    assert Place("16", 1, None).label() == "16.第1項"
    assert Place("16", None, None).label() == "16."
    assert Place("会員規約1", 2, 3).label() == "会員規約1.第2項第3号"


def test_dotted_numbers_and_other_labels_are_kept_whole():
    assert Place("3.3", 2, None).label() == "3.3第2項"
    assert Place("第3条", 2, 1).label() == "第3条第2項第1号"
    assert Place("別表1", None, None).label() == "別表1"
    assert Place("アカウント", 2, None).label() == "アカウント第2項"


def test_the_preamble_is_not_counted_as_an_article():
    doc = parse("本規約は、本サービスの利用条件を定めます。\n第1条（目的）\n本規約は利用条件を定める。\n第2条（管轄）\n東京地方裁判所とする。\n")
    assert [a.label for a in doc.articles()] == ["前文", "第1条", "第2条"]
    assert doc.article_count() == 2


def test_a_reference_written_with_spaces_is_a_reference():
    assert normalise("第 2 条に定める手続") == normalise("第2条に定める手続") == normalise("第7条に定める手続")
    assert normalise("第　３　条第２項") == normalise("第3条第2項")
