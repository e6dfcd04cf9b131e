"""Appended documents, trailing material and closing lines (issue 11), each on a short text written for
this test: every clause has its own findable place and no label names two places."""
from kiyaku.analyzer.structure import parse
from kiyaku.analyzer.structure.parts import part_title
from structure_support import article, labels, parse_html, place


def tiles(doc):
    return "".join(doc.text[p.start:p.end] for p in doc.parts) == doc.text


CARD_WITH_RIDERS = """\
カード会員規約

第1条（会員）
本規約を承認のうえ入会を申し込み、当社が認めた方を会員とします。

第2条（年会費）
会員は、当社所定の年会費を支払うものとします。

第3条（準拠法）
本規約は日本法に準拠します。

◆家族カード特約

本特約は、会員規約と一体として適用されます。

第1条（家族会員）
本会員が指定し当社が認めた家族を家族会員とします。

第2条（責任）
家族会員の利用代金は、本会員が支払うものとします。

【ポイントサービス特約】
第1条（ポイントの付与）
当社は、カードの利用額に応じてポイントを付与します。
２　当社は、事前の通知なくポイントの付与率を変更することがあります。
"""


def test_a_second_document_whose_numbering_restarts_carries_its_title():
    doc = parse(CARD_WITH_RIDERS)
    assert labels(doc) == [
        "第1条", "第2条", "第3条",
        "家族カード特約前文", "家族カード特約第1条", "家族カード特約第2条",
        "ポイントサービス特約第1条",
    ]
    assert place(doc, "本会員が支払う") == "家族カード特約第2条第1項"
    assert place(doc, "付与率を変更") == "ポイントサービス特約第1条第2項"
    # the rider's title is not text of the article before it
    assert "家族カード特約" not in doc.text[article(doc, "第3条").start:article(doc, "第3条").end]
    assert tiles(doc)


TICKETS_AFTER_SUPPLEMENTARY = """\
■第1条（適用）
本規約は、当社のチケット販売サービスに適用されます。
■第2条（管轄）
本規約に関する紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とします。
付則　本規約は2019年4月1日から実施します。
2021年7月1日一部改訂
【個別規定　チケット販売】
■第1条（販売方法）
当社は、当社が定める方法でチケットを販売します。
■第2条（キャンセル）
お客様の都合によるキャンセルはできません。
"""


def test_a_part_appended_after_the_supplementary_provisions_is_not_folded_into_them():
    doc = parse(TICKETS_AFTER_SUPPLEMENTARY)
    assert labels(doc) == ["第1条", "第2条", "附則", "個別規定　チケット販売第1条", "個別規定　チケット販売第2条"]
    assert place(doc, "キャンセルはできません") == "個別規定　チケット販売第2条第1項"
    assert tiles(doc)


RULES_AFTER_THE_LAST_ARTICLE = """\
第1条（目的）
本規約は、通信サービスの利用条件を定めます。

第2条（準拠法）
本規約の準拠法は日本法とします。

株式会社サンプル通信

メールサービスご利用細則
1.迷惑メール対策について
当社は、迷惑メールと判断したメールの受信を拒否することがあります。利用者はこれに同意するものとします。
当社は、受信を拒否したメールについて一切の責任を負いません。
2.メールの保存期間について
当社は、保存期間を過ぎたメールを利用者に通知することなく削除します。
当社は、保存容量の上限を変更することがあります。
"""


def test_rules_appended_after_the_last_article_are_units_of_their_own():
    doc = parse(RULES_AFTER_THE_LAST_ARTICLE)
    assert labels(doc) == ["第1条", "第2条", "メールサービスご利用細則1", "メールサービスご利用細則2"]
    last = article(doc, "第2条")
    assert "迷惑メール" not in doc.text[last.start:last.end]
    assert place(doc, "通知することなく削除") == "メールサービスご利用細則2第1項"
    assert tiles(doc)


CLOSING_LINES = """\
第1条（目的）
本規約は、本サービスの利用条件を定めます。
第2条（変更）
当社は、本規約を変更することがあります。

以上

2023年4月1日制定
株式会社サンプル
"""


def test_closing_lines_after_the_last_article_are_the_supplementary_provisions():
    doc = parse(CLOSING_LINES)
    assert labels(doc) == ["第1条", "第2条", "附則"]  # the office that answers is 第2条's text
    assert doc.text[article(doc, "附則").start:].startswith("以上")
    second = article(doc, "第2条")
    assert doc.text[second.start:second.end].rstrip().endswith("ことがあります。")


def test_closing_lines_join_a_supplementary_heading_that_follows():
    doc = parse(CLOSING_LINES.replace("2023年4月1日制定\n株式会社サンプル\n", "附則\n本規約は2023年4月1日から施行します。\n"))
    assert labels(doc) == ["第1条", "第2条", "附則"]  # the office that answers is 第2条's text
    assert doc.text[article(doc, "附則").start:].startswith("以上")


CROSS_REFERENCE_AT_LINE_START = """\
第1条（目的）
本規約は、本サービスの利用条件を定めます。
第2条（登録）
利用希望者は、当社所定の方法で登録を申請します。
第3条（存続）
本契約が終了した場合でも、次の規定は効力を有します。<br>
第4条4項、第5条及び第6条2項の規定
第4条（禁止事項）
利用者は、他人になりすます行為をしてはなりません。
第5条（免責）
当社は、通信障害による損害について責任を負いません。
第6条（管轄）
本規約に関する紛争は、当社本店所在地の裁判所の専属管轄とします。
２　前項の規定は、消費者である利用者には適用しません。
""".replace("<br>", "")


def test_a_cross_reference_put_at_a_line_start_is_not_a_heading():
    doc = parse(CROSS_REFERENCE_AT_LINE_START)
    assert labels(doc) == ["第1条", "第2条", "第3条", "第4条", "第5条", "第6条"]
    assert place(doc, "第4条4項、") == "第3条第1項"
    assert place(doc, "なりすます") == "第4条第1項"


CHAPTERS_OF_A_SECOND_DOCUMENT = """\
第1章　総則
第1条（会員）
当社が入会を認めた方を会員とします。
第2章　利用
第2条（利用）
会員は、加盟店でカードを利用できます。

プリペイドカード会員規約
第1章　総則
第1条（会員）
当社が発行を認めた方を会員とします。
第2章　利用
第2条（チャージ）
会員は、当社所定の方法でチャージできます。
"""


def test_a_second_document_with_chapters_of_its_own_is_a_part():
    doc = parse(CHAPTERS_OF_A_SECOND_DOCUMENT)
    assert labels(doc) == ["第1条", "第2条", "プリペイドカード会員規約第1条", "プリペイドカード会員規約第2条"]
    assert place(doc, "チャージできます") == "プリペイドカード会員規約第2条第1項"
    assert tiles(doc)


def test_every_label_names_one_place():
    for text in (CARD_WITH_RIDERS, TICKETS_AFTER_SUPPLEMENTARY, RULES_AFTER_THE_LAST_ARTICLE, CLOSING_LINES,
                 CROSS_REFERENCE_AT_LINE_START, CHAPTERS_OF_A_SECOND_DOCUMENT):
        found = labels(parse(text))
        assert len(found) == len(set(found)), found


POLICY_WITH_APPENDED_NOTICE = """\
個人情報保護方針

1. 個人情報の取得
当会は、適正な手段により個人情報を取得します。
2. 安全管理
当会は、取得した個人情報を安全に管理します。

2024年4月1日制定
一般社団法人サンプル協会

個人情報の取扱いについて
1. 利用目的
当会は、会員の個人情報を会報の送付に利用します。
2. 第三者提供
当会は、本人の同意なく個人情報を第三者に提供しません。ただし、法令に基づく場合を除きます。
"""


def test_a_notice_appended_to_a_document_numbered_by_headings_is_a_part():
    doc = parse(POLICY_WITH_APPENDED_NOTICE)
    assert labels(doc) == ["1", "2", "附則", "個人情報の取扱いについて1", "個人情報の取扱いについて2"]
    assert place(doc, "会報の送付") == "個人情報の取扱いについて1第1項"
    assert doc.text[article(doc, "附則").start:].startswith("2024年4月1日制定")
    assert tiles(doc)


LIST_THAT_RESTARTS = """\
1. 利用
利用者は、本規約に従い本サービスを利用します。
2. 禁止事項
利用者は次の行為をしてはなりません
1. 不正アクセス
2. 他人へのなりすまし
3. 免責
当社は、通信障害による損害について責任を負いません。
"""


def test_a_list_numbered_from_1_under_a_heading_is_not_an_appended_part():
    doc = parse(LIST_THAT_RESTARTS)
    assert labels(doc) == ["1", "2", "3"]
    assert place(doc, "なりすまし") == "2第1項第2号"


SECTIONS_WITH_TEXT_OF_THEIR_OWN = """<html><body>
<h2>プライバシーポリシー</h2>
<p>当社は、利用者の個人情報を次のとおり取り扱います。</p>
<h3>利用目的</h3>
<h4>1. 本サービスの提供</h4><p>当社は、本サービスの提供のために個人情報を利用します。</p>
<h4>2. お知らせの送付</h4><p>当社は、お知らせの送付のために個人情報を利用します。</p>
<h3>第三者提供</h3>
<p>当社は、本人の同意を得ずに個人情報を第三者に提供しません。</p>
<h3>お問い合わせ</h3>
<p>お問い合わせは、当社窓口までご連絡ください。</p>
</body></html>"""


def test_every_character_of_a_section_heading_with_its_own_text_is_in_a_unit():
    doc = parse_html(SECTIONS_WITH_TEXT_OF_THEIR_OWN, "policy.html")
    assert place(doc, "第三者に提供しません") == "第三者提供第1項"
    assert place(doc, "当社窓口") == "お問い合わせ第1項"
    units = doc.articles()
    for offset, ch in enumerate(doc.text):
        if not ch.isspace():
            inside = [u for u in units if u.start <= offset < u.end]
            furniture = [p for p in doc.parts if p.kind in ("title", "toc") and p.start <= offset < p.end]
            chapters = [n for p in doc.parts for n in p.walk()
                        if n.kind in ("chapter", "section") and n.start <= offset < (n.heading_end or n.start)]
            assert len(inside) + len(furniture) + len(chapters) == 1, (offset, doc.text[offset:offset + 10])


BARE_TITLES = """\
# アプリ利用規約

ご利用にあたって
本アプリをご利用いただく前に、本規約をよくお読みください。

アカウント
利用者は、自己の責任でアカウントを管理するものとします。
当社は、アカウントの不正利用による損害について責任を負いません。

サービスの停止
当社は、事前の通知なく本アプリの提供を停止することがあります。
"""


def test_bare_title_lines_head_sections_when_nothing_else_does():
    doc = parse(BARE_TITLES)
    assert labels(doc) == ["ご利用にあたって", "アカウント", "サービスの停止"]
    assert place(doc, "不正利用による損害") == "アカウント第2項"
    assert place(doc, "事前の通知なく") == "サービスの停止第1項"


WORDS_THAT_START_WITH_AN_ORDINAL = """\
紛争解決のご案内

《苦情の窓口》
当社へのご相談は、お客様窓口で受け付けます。

《紛争解決機関》
次の機関をご利用いただけます。
第一東京弁護士会仲裁センター
電話 03-0000-0000
第二東京弁護士会仲裁センター
電話 03-0000-0001
"""


def test_a_name_that_starts_with_an_ordinal_is_not_a_numbered_heading():
    doc = parse(WORDS_THAT_START_WITH_AN_ORDINAL)
    assert labels(doc) == ["苦情の窓口", "紛争解決機関"]


CHAPTER_WITH_TEXT_OF_ITS_OWN = """\
第1章　共通条項
本章の規定は、すべての利用者に適用します。
第1条（目的）
本規約は、本サービスの利用条件を定めます。
第2章　有料会員
本章の規定は、有料会員に適用します。
第2条（料金）
有料会員は、所定の料金を支払います。
"""


def test_a_chapters_own_text_is_a_unit_labelled_by_the_chapter():
    doc = parse(CHAPTER_WITH_TEXT_OF_ITS_OWN)
    assert labels(doc) == ["第1章", "第1条", "第2章", "第2条"]
    assert place(doc, "有料会員に適用") == "第2章第1項"
    assert place(doc, "所定の料金") == "第2条第1項"


# What closes a document is no part of its own: the office that signs it, a registration number, a sentence
# whose line broke after a comma. Written for this test.
SIGNED = """\
第1条（目的）
本規約は、ファンクラブの会員資格と特典を定めます。
第2条（問合せ先）
本規約に関するお問い合わせは、次の窓口までご連絡ください。
〒100-0000　東京都千代田区サンプル町1-2-3
サンプルファンクラブ事務局
TEL：0570-00-0000（受付時間　平日10時から17時まで、年末年始を除きます）
ホームページ：https://fanclub.example.jp/ からもお問い合わせいただけます
電子メールアドレス：info@fanclub.example.jp
附則　本規約は、2024年4月1日から施行します。
"""

def test_a_signature_after_the_closing_date_is_no_appended_part():
    doc = parse(SIGNED)
    assert labels(doc) == ["第1条", "第2条", "附則"]  # the office that answers is 第2条's text


def test_a_line_broken_after_a_comma_is_no_part_title():
    # a page's hard wrap left half a sentence on a line of its own, ending in the next heading's words
    assert part_title("会員は、当社のサーバを通じて1台の対応端末で （2）ご利用条件") is None
    assert part_title("サンプルファンクラブ事務局") is None  # it signs the document above
    assert part_title("【サンプルポイント規約】") == "サンプルポイント規約"
    assert part_title("サンプル協会会員規約") == "サンプル協会会員規約"


def test_a_parenthetical_note_is_no_section_title():
    text = ("資金決済法に基づく情報提供\nご利用上の注意\nチャージした残高は、払い戻しできません。\n"
            "（詳しくはサンプルペイ利用規約第20条をご覧ください）\n残高の有効期限は、最後のご利用日から2年間です。\n")
    assert labels(parse(text)) == ["前文"]  # one titled note, not two sections
