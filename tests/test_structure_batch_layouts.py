"""Layouts the annotators of the later real batches met and the parser misread, each on a short text written
for this test in the register of 利用規約 (no text of the real documents): the labels and places must be the
ones a Japanese reader would list (the conventions: corpora/real/GUIDE.md, "Labels")."""

from kiyaku.analyzer.structure import parse
from structure_support import labels, place

# An article whose title starts with 第三者 (third party): a title, not a citation of an article.
THIRD_PARTY_TITLE = """\
第１条　目的
本規約は、ポイントサービスの利用条件を定めます。
第２条　第三者による使用
1. ポイントは会員本人に限り利用できます。
2. 当社は、入力された会員IDが一致したときは、本人による利用とみなします。
第３条　退会
会員は、所定の手続により退会できます。
"""


def test_an_article_title_starting_with_third_party_is_a_title():
    doc = parse(THIRD_PARTY_TITLE)
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    assert place(doc, "本人による利用") == "第2条第2項"


# Chapters whose sections are numbered 「第１　総則」 without the word 節, each right above its first article.
SECTIONS_WITHOUT_SETSU = """\
第1章　総則
第1条（目的）
本規約は、チケットの購入及び利用の条件を定めます。

第2章　チケットの購入
第１　　通則
第2条（申込み）
購入者は、所定の方法によりチケットを申し込むものとします。
第3条（申込数の制限）
当法人は、一人当たりの申込数を制限することがあります。
第２　　販売サイトでの購入
第4条（支払方法）
購入者は、当法人が指定する方法により代金を支払うものとします。

第3章　入場
第１　　入場者の義務
第5条（入場）
入場者は、係員の指示に従うものとします。
"""


def test_sections_numbered_without_the_word_setsu_are_divisions_not_text():
    doc = parse(SECTIONS_WITHOUT_SETSU)
    assert labels(doc) == ["第1条", "第2条", "第3条", "第4条", "第5条"]
    chapter = [p for p in doc.parts if p.label == "第2章"][0]
    assert [(c.kind, c.label) for c in chapter.children] == [("section", "第1"), ("section", "第2")]
    assert not place(doc, "販売サイトでの購入").startswith("第3条")  # a heading, not the end of 第3条


def test_a_numbered_heading_marked_up_one_level_too_high_stays_in_its_sequence():
    from kiyaku.analyzer.load import load_bytes

    page = (
        "<html><body><h1>サービス利用規約</h1><p>本規約は、本サービスの利用条件を定めます。</p>"
        "<h3>1 利用資格</h3><p>お客様は、13歳以上でなければなりません。</p>"
        "<h3>2 地域別の規定</h3><h4>2.1 韓国の居住者</h4><p>韓国の居住者には、次の規定が適用されます。</p>"
        "<h2>3 欧州の居住者</h2><h4>3.1 購入の撤回</h4><p>欧州の居住者は、購入を撤回できます。</p>"
        "<h3>4 ドイツの居住者</h3><h4>4.1 責任の限定</h4><p>当社は、軽過失について責任を負いません。</p>"
        "</body></html>"
    )
    source = load_bytes(page.encode("utf-8"), "terms.html")
    doc = parse(source.text, source.headings)
    assert labels(doc) == ["前文", "1", "2", "2.1", "3", "3.1", "4", "4.1"]
    assert place(doc, "購入を撤回") == "3.1第1項"
