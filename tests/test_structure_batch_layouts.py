"""Layouts the annotators of the later real batches met and the parser misread, each on a short text written
for this test in the register of 利用規約 (no text of the real documents): the labels and places must be the
ones a Japanese reader would list (the conventions: corpora/real/GUIDE.md, "Labels")."""

from kiyaku.analyzer.structure import parse
from structure_support import labels, parse_html, place

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
    page = (
        "<html><body><h1>サービス利用規約</h1><p>本規約は、本サービスの利用条件を定めます。</p>"
        "<h3>1 利用資格</h3><p>お客様は、13歳以上でなければなりません。</p>"
        "<h3>2 地域別の規定</h3><h4>2.1 韓国の居住者</h4><p>韓国の居住者には、次の規定が適用されます。</p>"
        "<h2>3 欧州の居住者</h2><h4>3.1 購入の撤回</h4><p>欧州の居住者は、購入を撤回できます。</p>"
        "<h3>4 ドイツの居住者</h3><h4>4.1 責任の限定</h4><p>当社は、軽過失について責任を負いません。</p>"
        "</body></html>"
    )
    doc = parse_html(page, "terms.html")
    assert labels(doc) == ["前文", "1", "2", "2.1", "3", "3.1", "4", "4.1"]
    assert place(doc, "購入を撤回") == "3.1第1項"


# A campaign page: sections under 〈…〉 titles; one section opens with a (1)… list of prizes, another holds a
# second (1)… list that starts again: both lists are items of their sections, not the document's sections.
ANGLE_TITLES_WITH_LISTS = """\
事前登録キャンペーンの注意事項
〈はじめに〉
本キャンペーンにご応募いただく前に、以下の内容をご確認ください。
〈プレゼント内容〉
（１）ゲーム内アイテム
登録人数に応じて、ゲーム内アイテムをプレゼントします。
（２）記念色紙
抽選で色紙をプレゼントします。
〈キャンペーン注意事項〉
・次のいずれかの方法でご応募ください。
（１）メールアドレスでの登録
（２）SNSアカウントでの登録
（３）アプリストアでの登録
・プレゼントの内容は予告なく変更することがあります。
〈個人情報の利用目的〉
当社は、取得した個人情報を以下の目的で利用します。
(1)キャンペーンの告知
(2)お客様へのご連絡
"""


def test_angle_bracket_titles_hold_numbered_lists_that_start_again():
    doc = parse(ANGLE_TITLES_WITH_LISTS)
    assert labels(doc) == ["はじめに", "プレゼント内容", "キャンペーン注意事項", "個人情報の利用目的"]
    assert place(doc, "予告なく変更").startswith("キャンペーン注意事項第1項")
    assert place(doc, "お客様へのご連絡") == "個人情報の利用目的第1項第2号"


# 【…】 sections whose first line, the campaign's name in 【】, is followed by a second title line: the two
# lines are the document's title block and its text the 前文, not a section named after the campaign.
BRACKETED_NAME_ABOVE_A_TITLE = """\
【サンプル市アプリダウンロードキャンペーン】

応募規約
サンプル市が主催する本キャンペーンへの応募には、本規約への同意が必要です。

【応募期間】
2024年10月1日から2024年10月31日まで

【ご注意事項】
●ご応募はお一人様1回までとさせていただきます。
●応募者は、次のいずれかに該当する場合、当選を取り消されることがあります。
(1)虚偽の内容を入力した場合
(2)営利目的で応募した場合
●本キャンペーンについて、当市は次の損害について責任を負いません。
(1)通信障害による損害
(2)配送中の事故による損害

【お問い合わせ先】
キャンペーン事務局までメールでお問い合わせください。
"""


def test_a_bracketed_name_over_a_title_line_is_the_title_block_not_a_section():
    doc = parse(BRACKETED_NAME_ABOVE_A_TITLE)
    assert labels(doc) == ["前文", "応募期間", "ご注意事項", "お問い合わせ先"]
    assert place(doc, "配送中の事故").startswith("ご注意事項第1項")


# Revision history lines after the last article (「2019年4月1日一部改正、同日実施。」) close the document: they
# are its 附則, in each appended document too; a ＜caption＞ right above an appended document's ■第1条 is that
# article's caption, and the 【…規約】 line above it names the appended document.
REVISIONS_AND_CAPTIONS = """\
第1条（適用）
本規約は、本サービスの利用に適用されます。
第2条（規約の発効）
本規約は、2005年11月1日より有効とします。

2010年7月1日一部改正、同日実施。
2015年9月1日一部改正、同日実施。

【個人情報の取扱いに関する同意条項】

当社は、お客様の個人情報を以下の条項に基づき取り扱います。

＜個人情報の取得＞
■第１条
お客様は、当社が氏名及び連絡先を取得することに同意します。

＜個人情報の利用目的＞
■第２条
当社は、取得した個人情報を商品の発送のために利用します。
2016年5月1日一部改訂
"""


def test_revision_lines_close_each_document_and_a_caption_does_not_name_the_appended_part():
    doc = parse(REVISIONS_AND_CAPTIONS)
    part = "個人情報の取扱いに関する同意条項"
    assert labels(doc) == ["第1条", "第2条", "附則", f"{part}前文", f"{part}第1条", f"{part}第2条", f"{part}附則"]
    assert place(doc, "2015年9月1日").startswith("附則")
    assert place(doc, "商品の発送").startswith(f"{part}第2条")
    assert not place(doc, "個人情報の利用目的").startswith(f"{part}第1条")  # the caption heads 第2条


# A notice whose sections are ■ titles from its first line on; a 【…】 caption inside a section heads part of
# that section's text, not a section of its own.
BULLET_TITLES_FROM_THE_FIRST_LINE = """\
■口座情報の通知について
お支払い口座の設定のため、金融機関が口座の確認を行います。
その際、入力された以下の情報を金融機関に通知します。
【通知する情報】
お名前、金融機関名、支店名、口座番号
■金融機関のサービス停止について
金融機関のサービス停止時間は、お支払い口座の設定はできません。
"""


def test_bullet_titles_from_the_first_line_are_sections_and_a_bracketed_caption_stays_inside():
    doc = parse(BULLET_TITLES_FROM_THE_FIRST_LINE)
    assert labels(doc) == ["口座情報の通知について", "金融機関のサービス停止について"]
    assert place(doc, "支店名").startswith("口座情報の通知について")


def test_a_first_heading_marked_up_as_the_later_ones_is_a_section_not_the_title():
    page = (
        "<html><body><h3>個人情報の取り扱いについて</h3><p>当社は、お申し込みの受付のために個人情報を利用します。</p>"
        "<h3>ご契約について</h3><p>契約約款をご確認の上、手続きを行ってください。</p>"
        "<h3>お支払について</h3><p>お支払期限までにご入金ください。</p></body></html>"
    )
    doc = parse_html(page, "notes.html")
    assert labels(doc) == ["個人情報の取り扱いについて", "ご契約について", "お支払について"]


def test_an_appended_document_named_on_a_bare_line_between_titled_sections():
    page = (
        "<html><body><p>オンラインストア利用規約</p><p>本規約は、本サイトの利用条件を定めます。</p>"
        "<h4>本サイトの利用</h4><p>利用者は、本規約に従い本サイトを利用するものとします。</p>"
        "<h4>お問い合わせ窓口</h4><p>お問い合わせは、お客様窓口までお願いします。</p>"
        "<p>オンラインストア会員規約</p><p>本規約は、会員登録をした方に適用されます。</p>"
        "<h4>会員登録</h4><p>会員登録は、所定の方法により行うものとします。</p>"
        "<h4>お問い合わせ窓口</h4><p>会員に関するお問い合わせは、会員窓口までお願いします。</p>"
        "</body></html>"
    )
    doc = parse_html(page, "store.html")
    part = "オンラインストア会員規約"
    assert labels(doc) == [
        "前文",
        "本サイトの利用",
        "お問い合わせ窓口",
        f"{part}前文",
        f"{part}会員登録",
        f"{part}お問い合わせ窓口",
    ]


# The date that closes the terms, followed by a link left from the page.
CLOSING_LINK = """\
1. 責任
当社は、本サービスに関して生じた損害について、法令が認める範囲で責任を負います。
2. 一般条件
本規約は、随時改定されることがあります。改定後の規約は、本サービスに掲載した時点で効力を生じます。
発効日：2020年1月1日
以前の規約
"""


def test_a_link_after_the_closing_date_closes_with_it():
    doc = parse(CLOSING_LINK)
    assert labels(doc)[-1] == "附則"
    assert place(doc, "以前の規約").startswith("附則")


# A contact block at the end: after the signature line, 「メールアドレス：…」 is a field of the block, not the
# name of an appended document.
CONTACT_FIELDS_AT_THE_END = """\
【応募方法】
アプリをダウンロードの上、応募フォームから必要事項を入力してご応募ください。

【お問い合わせ先】
サンプルキャンペーン事務局
メールアドレス：campaign@example.jp
受付時間：平日10時から17時まで
・抽選の結果についてのご質問にはお答えしておりません。
・返信まで数日かかることがあります。
"""


def test_contact_fields_after_a_signature_name_no_appended_document():
    doc = parse(CONTACT_FIELDS_AT_THE_END)
    assert labels(doc) == ["応募方法", "お問い合わせ先"]
