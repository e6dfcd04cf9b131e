"""Where a clause lands (第N条第M項第K号) on list layouts met in real terms documents: each layout reproduced
on a short text written for this test in the register of 利用規約, with the place the guide's convention
gives (corpora/real/GUIDE.md "Labels": bullets and (1) / [1] / ① are items, numbered by position; only bare
digits number paragraphs; a document that numbers no paragraph starts one at each line after a sentence)."""

import pytest

from kiyaku.analyzer.structure import parse
from structure_support import article, labels, parse_html, place


def tiles(doc):
    return "".join(doc.text[p.start : p.end] for p in doc.parts) == doc.text


# Subdivision marks alone on their line, the text on the next one: what a web page gives when it sets
# the number and the text in blocks of their own (<p>(1)</p><p>…</p>), or a plain-text copy of it.
MARKS_ALONE = """\
1.サービスの申込み

(1)
本サービスを利用するには、当社所定の画面から申込みを行うものとします。
(2)
申込みは、会員ごとに行うものとします。
[1]
法人の会員は、代表者の名義で申し込むものとします。
[2]
個人の会員は、本人の名義で申し込むものとします。
(3)
当社は、申込者が次のいずれかに当たるときは、申込みを承諾しないことがあります。
また、承諾した後であっても、これを取り消すことができるものとします。
[1]
申込みの内容に偽りがあったとき
[2]
その他当社が不適当と判断したとき

2.料金

本サービスの利用に料金はかかりません。

3.規約の変更

当社は、本規約を変更することがあります。
"""


def test_a_mark_alone_on_its_line_numbers_the_text_on_the_next_line():
    doc = parse(MARKS_ALONE)
    assert labels(doc) == ["1", "2", "3"]
    assert place(doc, "当社所定の画面") == "1第1項第1号"
    assert place(doc, "会員ごとに") == "1第1項第2号"
    assert place(doc, "代表者の名義") == "1第1項第2号"  # [1] under (2): a sub-item of item 2
    assert place(doc, "承諾しないことがあります") == "1第1項第3号"
    # a second sentence of item 3, with item 3's own sub-list after it: still item 3, no new paragraph
    assert place(doc, "取り消すことができる") == "1第1項第3号"
    assert place(doc, "不適当と判断") == "1第1項第3号"
    item3 = article(doc, "1").children[0].children[2]
    assert [s.number for s in item3.children] == [1, 2]
    assert len(article(doc, "1").children) == 1
    assert tiles(doc)


HTML_LIST_UNDER_HEADINGS = """\
<html><body>
<h4>第1条（登録）</h4>
<ul>
<li>利用者は、当社所定の方法で登録を申し込むものとします。
<ul><li><p>(1)</p><p>登録事項に偽りを記載しないこと。</p></li>
<li><p>(2)</p><p>未成年者は、親権者の同意を得ること。</p></li></ul></li>
<li>当社は、申込者が次のいずれかに当たるときは、登録を拒むことができます。
<ul><li><p>(1)</p><p>過去に登録を取り消されたことがあるとき</p></li>
<li><p>(2)</p><p>その他当社が不適当と判断したとき</p></li></ul></li>
<li>登録に料金はかかりません。</li>
</ul>
<h4>第2条（免責）</h4>
<ul>
<li>当社は、本サービスの内容について保証しません。</li>
<li>当社は、本サービスの停止によって生じた損害について、一切の責任を負いません。</li>
</ul>
</body></html>
"""


def test_html_list_entries_right_under_a_heading_are_items_from_the_first_one():
    doc = parse_html(HTML_LIST_UNDER_HEADINGS, "terms.html")
    assert labels(doc) == ["第1条", "第2条"]
    assert place(doc, "当社所定の方法") == "第1条第1項第1号"  # the first bullet is item 1, not a lead text
    assert place(doc, "親権者の同意") == "第1条第1項第1号"  # (1) inside a bullet: its sub-item
    assert place(doc, "登録を拒む") == "第1条第1項第2号"
    assert place(doc, "不適当と判断") == "第1条第1項第2号"
    assert place(doc, "料金はかかりません") == "第1条第1項第3号"
    assert place(doc, "保証しません") == "第2条第1項第1号"
    assert place(doc, "一切の責任") == "第2条第1項第2号"
    assert tiles(doc)


# Square-bracketed numbers as items, tab-indented continuation lines, plain text with no paragraph number.
SQUARE_BRACKETS = """\
■第1条（会員）
[1] \t会員とは、本規約に同意の上、当社所定の手続により登録した方をいいます。
[2] \t登録を希望する方は、当社の定める方法で申請するものとします。
\t当社は、申請の内容を確認の上、これを承認します。
\t登録は、必ずご本人が行ってください。
[3] \t会員は、その資格を他人に譲り渡すことはできません。
■第2条（免責）
当社は、次の損害について責任を負いません。
　［1］通信回線の障害による損害
　［2］会員の機器の不具合による損害
当社に故意又は重大な過失がある場合は、この限りではありません。
"""


def test_square_bracketed_numbers_are_items_and_indented_sentences_continue_them():
    doc = parse(SQUARE_BRACKETS)
    assert labels(doc) == ["第1条", "第2条"]
    assert place(doc, "当社所定の手続") == "第1条第1項第1号"
    assert place(doc, "当社の定める方法") == "第1条第1項第2号"
    assert place(doc, "これを承認します") == "第1条第1項第2号"  # the next entry [3] follows: still [2]
    assert place(doc, "ご本人が行って") == "第1条第1項第2号"
    assert place(doc, "譲り渡す") == "第1条第1項第3号"
    assert place(doc, "通信回線の障害") == "第2条第1項第1号"
    assert place(doc, "機器の不具合") == "第2条第1項第2号"
    # after the last entry of a list of phrases a whole sentence is the next paragraph
    assert place(doc, "この限りではありません") == "第2条第2項"
    assert tiles(doc)


# Square bullets with hyphen sub-bullets under numbered headings, every line indented with a wide space.
SQUARE_BULLETS = """\
１．個人情報の取扱い

　■当社は、会員の個人情報を適切に管理します。
　■当社は、次の場合を除き、会員の個人情報を第三者に提供しません。
　　‐会員の同意がある場合
　　‐法令に基づく場合
　■当社は、会員が自らの判断で公開した情報について、責任を負いません。

２．お問い合わせ

　お問い合わせは、当社の窓口で受け付けます。
"""


def test_square_bullets_are_items_and_hyphen_bullets_under_them_sub_items():
    doc = parse(SQUARE_BULLETS)
    assert labels(doc) == ["1", "2"]
    assert place(doc, "適切に管理") == "1第1項第1号"
    assert place(doc, "第三者に提供しません") == "1第1項第2号"
    assert place(doc, "法令に基づく場合") == "1第1項第2号"
    assert place(doc, "自らの判断で公開") == "1第1項第3号"
    assert [s.number for s in article(doc, "1").children[0].children[1].children] == [1, 2]
    assert tiles(doc)


# Bullets hard-wrapped at a fixed width: the rest of a line starts with a particle or finishes a word in
# katakana, or the entries are sentences and the line before did not end one.
WRAPPED_BULLETS = """\
１.退会
・会員が退会を希望する場合は、当社が別に定める
方法により手続を行うものとします。
・当社は、会員の死亡を知った時点
をもって、当該会員が退会したものとみなします。
・当社は、退会の手続が済んだときは、会員のメールア
ドレスを削除するものとします。
・当社は、退会によって会員に生じた損害について、その理由
の如何を問わず、一切の責任を負いません。

２.規約の改定
・当社は、本規約を改定できるものとします。
・改定後の本規約は、当社サイトに掲示した時点から効力を生じるものとし、以降の利用には改定後の「本規約」
「個別規定」及び「ご利用の手引き」が適用されるものとします。
"""


def test_hard_wrapped_bullets_keep_their_rest_in_the_same_item():
    doc = parse(WRAPPED_BULLETS)
    assert labels(doc) == ["1", "2"]
    assert place(doc, "方法により手続") == "1第1項第1号"
    assert place(doc, "退会したものとみなします") == "1第1項第2号"
    assert place(doc, "ドレスを削除") == "1第1項第3号"
    assert place(doc, "一切の責任") == "1第1項第4号"
    assert place(doc, "掲示した時点") == "2第1項第2号"
    assert place(doc, "ご利用の手引き」が適用") == "2第1項第2号"
    assert len(article(doc, "1").children) == len(article(doc, "2").children) == 1
    assert tiles(doc)


# A bullet title with an explanation line under it, twice: the explanations belong to their bullets. A
# line that introduces a list is a paragraph of its own, and so is a sentence after a list of phrases
# even when one of the phrases ends in 。.
EXPLAINED_BULLETS = """\
1. 第三者への提供

当社は、例えば次のような場合に、会員の情報を第三者に提供します。
・施設の予約のための提供
会員が予約した施設の入場手続のため、予約の内容を施設の運営者に提供します。
・連携サービスへの提供
会員が連携を設定したサービスの事業者に、会員の登録情報を提供します。

2. 禁止事項

会員は、次の行為をしてはなりません。
・他人になりすます行為
・当社を誹謗中傷する行為。
・その他当社が不適切と判断する行為
会員が前各号の行為をした場合、当社は登録を取り消すことができます。
当社は、次のいずれかの場合に、本サービスを停止します。
・設備の保守を行う場合
・天災その他の非常事態が生じた場合
"""


def test_explanation_lines_between_bullets_belong_to_the_bullet_before():
    doc = parse(EXPLAINED_BULLETS)
    assert labels(doc) == ["1", "2"]
    assert place(doc, "施設の予約のため") == "1第1項第1号"
    assert place(doc, "入場手続") == "1第1項第1号"
    assert place(doc, "連携サービスへの") == "1第1項第2号"
    assert place(doc, "会員の登録情報を提供") == "1第1項第2号"
    assert place(doc, "誹謗中傷") == "2第1項第2号"
    assert place(doc, "登録を取り消す") == "2第2項"
    assert place(doc, "本サービスを停止") == "2第3項"
    assert place(doc, "設備の保守") == "2第3項第1号"
    assert tiles(doc)


# Paragraphs and items numbered alike (1. … then 1. … inside), flat, with a tab after the dot.
SAME_STYLE = """\
第9条　個人情報
1.\t当社は、会員の個人情報を適切に取り扱います。
2.\t当社は、次の場合に会員から個人情報を取得します。
1.\t会員が入力する場合
2.\t会員の同意を得た第三者から提供を受ける場合
3.\tその他前各号に準じて適法に取得する場合
3.\t当社は、会員の同意を得ずに個人情報を第三者に提供しません。ただし、次の場合を除きます。
1.\t事業の承継に伴う場合
2.\t会員間の紛争の解決のために当社が必要と判断した場合
4.\t当社は、個人情報の取扱いを外部に委託することがあります。
第10条　協議
本規約に定めのない事項は、誠実に協議して解決するものとします。
"""


def test_a_sentence_after_a_list_of_phrases_numbered_alike_is_the_next_paragraph():
    doc = parse(SAME_STYLE)
    assert labels(doc) == ["第9条", "第10条"]
    assert place(doc, "前各号に準じて") == "第9条第2項第3号"  # 3. a phrase: the next item
    assert place(doc, "第三者に提供しません") == "第9条第3項"  # 3. a sentence: the next paragraph
    assert place(doc, "紛争の解決") == "第9条第3項第2号"
    assert place(doc, "外部に委託") == "第9条第4項"
    assert tiles(doc)


@pytest.mark.parametrize("dot", [".", "．"])
def test_a_paragraph_number_run_into_a_number_that_starts_its_text(dot):
    text = (
        "第8条（メールの送信）\n"
        f"1{dot}当社は、会員に商品の案内をメールで送信します。\n"
        f"2{dot}当社は、メールの内容を予告なく変更できます。\n"
        f"3{dot}3か月続けてメールが届かなかったときは、当社は送信を止め、これによる損害について責任を負いません。\n"
        "第9条（協議）\n"
        "定めのない事項は、協議して解決します。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第8条", "第9条"]
    assert place(doc, "か月続けて") == "第8条第3項"
    assert tiles(doc)


HTML_TITLE_UNDER_A_BREADCRUMB = """\
<html><body>
<ol><li>ホーム</li><li>個人情報の取扱い</li></ol>
<h1>個人情報の取扱い</h1>
<p>当社は、お客様の個人情報を次のとおり取り扱います。</p>
<h2>取得する情報</h2>
<p>当社は、氏名及びメールアドレスを取得します。</p>
<h2>利用の目的</h2>
<p>当社は、取得した情報を次の目的に利用します。</p>
<ul><li>1.商品の発送</li><li>2.お問い合わせへの回答</li></ul>
<h2>安全管理</h2>
<p>当社は、取得した情報を適切に管理します。</p>
<h2>第三者への提供</h2>
<p>当社は、法令に基づく場合を除き、取得した情報を第三者に提供しません。</p>
</body></html>
"""


def test_a_page_title_used_once_above_the_sections_leaves_them_sections():
    # the one <h1> is the page's title, not a level of sections: the <h2> sections are the units, also
    # the one right after a list whose last entry ends without 。
    doc = parse_html(HTML_TITLE_UNDER_A_BREADCRUMB, "policy.html")
    assert labels(doc) == ["前文", "取得する情報", "利用の目的", "安全管理", "第三者への提供"]
    assert place(doc, "お問い合わせへの回答") == "利用の目的第1項第2号"
    assert place(doc, "適切に管理") == "安全管理第1項"
    assert tiles(doc)
