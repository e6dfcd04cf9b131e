"""Layouts met in real terms documents, each on a short text written for this test in the register of 利用規約:
the labels and places (第N条第M項第K号) must be the ones a Japanese reader would list."""
import pytest

from kiyaku.analyzer.load import load_bytes
from kiyaku.analyzer.structure import parse
from structure_support import article, labels, parse_html, place


def tiles(doc):
    return "".join(doc.text[p.start:p.end] for p in doc.parts) == doc.text


MARKDOWN_BULLETS = """\
## 1. サービスの利用

利用者は、本規約に従って本サービスを利用するものとします。

## 2. 禁止事項

利用者は、本サービスの利用にあたり、次の行為をしてはなりません。

- 法令又は公序良俗に違反する行為
- 他の利用者になりすます行為
  - 他人のメールアドレスを登録すること
  - 他人の写真を自分のものとして掲載すること
- 本サービスのサーバーに過度な負荷をかける行為

当社は、利用者が前項の行為をしたときは、事前の通知なく利用を停止できるものとします。

## 3. 免責

当社は、本サービスの利用により利用者に生じた損害について、一切の責任を負いません。
"""


def test_markdown_without_a_title_line_and_bulleted_items():
    doc = parse(MARKDOWN_BULLETS)
    # the first 「## 1.」 heading starts the first section: it is not the document's title
    assert doc.title is None
    assert labels(doc) == ["1", "2", "3"]
    assert place(doc, "法令又は公序良俗") == "2第1項第1号"
    assert place(doc, "他の利用者になりすます") == "2第1項第2号"
    assert place(doc, "他人のメールアドレス") == "2第1項第2号"  # an indented bullet is a sub-item
    assert place(doc, "過度な負荷") == "2第1項第3号"
    item2 = article(doc, "2").children[0].children[1]
    assert [s.number for s in item2.children] == [1, 2]
    assert place(doc, "事前の通知なく") == "2第2項"
    assert place(doc, "一切の責任") == "3第1項"
    assert tiles(doc)


BOLD_AND_DOTTED = """\
**オンライン講座受講規約**

**第1条（目的）**
本規約は、当社が運営するオンライン講座の受講条件を定めるものです。

第2条. 受講料
受講者は、当社所定の受講料を前払いで支払うものとします。
２．支払済みの受講料は、当社の責めに帰すべき事由による場合を除き、返金しません。

第3条． 禁止事項
受講者は、次の行為をしてはなりません。
・講座の動画を録画し、又は第三者に配布する行為
・他の受講者の個人情報を収集する行為
２．当社は、前項に違反した受講者の受講資格を取り消すことができます。
"""


def test_bold_headings_and_a_full_stop_after_the_article_number():
    doc = parse(BOLD_AND_DOTTED)
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    assert [a.title for a in doc.articles()] == ["目的", "受講料", "禁止事項"]
    # the heading ends after the closing **; the body starts on the next line
    assert doc.text[article(doc, "第1条").heading_end:].startswith("本規約は")
    assert place(doc, "返金しません") == "第2条第2項"
    assert place(doc, "録画し") == "第3条第1項第1号"
    assert place(doc, "個人情報を収集") == "第3条第1項第2号"
    assert place(doc, "受講資格を取り消す") == "第3条第2項"


def test_a_middle_dot_broken_onto_a_line_start_is_no_bullet():
    text = (
        "第4条（登録情報）\n"
        "会員は、登録した氏名、住所、電話番号、メールアドレス\n"
        "・勤務先その他の事項に変更があったときは、速やかに届け出るものとします。\n"
        "２　当社は、届出がないことにより会員に生じた損害について責任を負いません。\n"
    )
    doc = parse(text)
    para = article(doc, "第4条").children[0]
    assert para.children == []  # the wrapped 「・勤務先」 continues the sentence
    assert place(doc, "勤務先") == "第4条第1項"
    assert place(doc, "届出がない") == "第4条第2項"


def test_a_bullet_run_right_under_the_heading_starts_at_the_first_item():
    # numbered headings whose bodies are only bullets: the first bullet is 第1号, not the paragraph's lead
    text = (
        "1.適用\n"
        "本規約は、当店の通信販売の利用に適用されます。\n"
        "\n"
        "2.準拠法及び管轄\n"
        "・本規約の解釈には日本の法律が適用されるものとします。\n"
        "・本規約に関する紛争は、当店の所在地を管轄する地方裁判所を専属的な管轄裁判所とします。\n"
        "\n"
        "3.その他\n"
        "・本規約に定めのない事項は、当店が別に定める案内によるものとします。\n"
    )
    doc = parse(text)
    assert place(doc, "日本の法律") == "2第1項第1号"
    assert place(doc, "専属的な管轄") == "2第1項第2号"
    assert place(doc, "定めのない事項") == "3第1項"  # a lone bullet is no run


@pytest.mark.parametrize(
    "items, subitems",
    [(("(ｱ)", "(ｲ)", "(ｳ)"), ("i) ", "ii) ")), (("（ア）", "（イ）", "（ウ）"), ("ⅰ ", "ⅱ ")),
     (("ａ．", "ｂ．", "ｃ．"), ("(i) ", "(ii) ")), (("a.", "b.", "c."), ("ｱ ", "ｲ "))],
)
def test_half_width_kana_full_width_letters_and_roman_numeral_characters(items, subitems):
    a, b, c = items
    s1, s2 = subitems
    text = (
        "第9条（禁止事項）\n"
        "会員は、次の各号に該当する行為をしてはならない。\n"
        f"{a}法令又は公序良俗に違反する行為\n"
        f"{b}他の会員のアカウントを不正に使用する行為\n"
        f"{s1}他人のパスワードを入力すること\n"
        f"{s2}他人の端末からログインすること\n"
        f"{c}本サービスの運営を妨害する行為\n"
        "２　当社は、会員が前項に違反したときは、会員資格を停止することができる。\n"
    )
    doc = parse(text)
    art = article(doc, "第9条")
    assert [it.number for it in art.children[0].children] == [1, 2, 3]
    assert [s.number for s in art.children[0].children[1].children] == [1, 2]
    assert place(doc, "他人の端末") == "第9条第1項第2号"
    assert place(doc, "運営を妨害") == "第9条第1項第3号"
    assert place(doc, "会員資格を停止") == "第9条第2項"


RESTARTED = """\
ポイント会員規約

目次
第1章　総則
　第1条（目的）
　第2条（定義）
第2章　ポイント
　第1条（ポイントの付与）
　第2条（ポイントの失効）
第3章　雑則
　第1条（規約の変更）

第1章　総則
第1条（目的）
本規約は、当社が運営するポイントプログラムの利用条件を定めます。
第2条（定義）
本規約において「会員」とは、当社所定の方法により登録した個人をいいます。

第2章　ポイント
第1条（ポイントの付与）
当社は、会員の購入金額に応じて、当社が定める率によりポイントを付与します。
２　ポイントの付与率は、当社が任意に変更できるものとします。
第2条（ポイントの失効）
ポイントの有効期限は、最後にポイントを獲得した日から1年間とします。
２　有効期限を経過したポイントは、会員に通知することなく失効します。

第3章　雑則
第1条（規約の変更）
当社は、会員の承諾を得ることなく、本規約を変更できるものとします。
"""


@pytest.mark.parametrize("toc", ["marked", "unmarked", "none"])
def test_articles_numbered_afresh_in_each_chapter_are_named_with_their_chapter(toc):
    text = RESTARTED
    if toc == "unmarked":
        text = text.replace("目次\n", "")
    elif toc == "none":
        text = text[: text.index("目次")] + text[text.index("第1章　総則\n第1条") :]
    doc = parse(text)
    # each label names one place: a reader cites 「第2章第1条」
    assert labels(doc) == ["第1章第1条", "第1章第2条", "第2章第1条", "第2章第2条", "第3章第1条"]
    assert place(doc, "付与率") == "第2章第1条第2項"
    assert place(doc, "通知することなく失効") == "第2章第2条第2項"
    assert place(doc, "会員の承諾を得る") == "第3章第1条第1項"
    assert [p.kind for p in doc.parts][:2] == (["title", "toc"] if toc != "none" else ["title", "chapter"])
    assert tiles(doc)


def test_one_repeated_number_across_chapters_is_a_misnumbering_not_a_restart():
    text = (
        "第1章　総則\n第1条（目的）\n本規約は利用条件を定めます。\n第2条（定義）\n用語の定義は次のとおりです。\n"
        "第2章　利用\n第2条（登録）\n利用希望者は登録を申請します。\n第3条（禁止事項）\n会員は不正な行為をしてはなりません。\n"
    )
    assert labels(parse(text)) == ["第1条", "第2条", "第2条（2つ目）", "第3条"]  # a misnumbering, told apart by rank


TOC_WITH_PAGES = """\
ポイントサービス利用規約

第1条（目的）……………………………… 1
第2条（ポイントの付与）………………… 1
第3条（ポイントの失効）………………… 2
第4条（免責）…………………………… 2

第1条（目的）
本規約は、当社が運営するポイントサービスの利用条件を定めます。
第2条（ポイントの付与）
当社は、会員の購入金額に応じてポイントを付与します。
2　ポイントの付与率は、当社が任意に変更できるものとします。
第3条（ポイントの失効）
ポイントの有効期限は、最終利用日から1年間とします。
第4条（免責）
当社は、ポイントの失効により会員に生じた損害について責任を負いません。
"""


def test_contents_with_leaders_and_page_numbers_and_no_heading_word():
    doc = parse(TOC_WITH_PAGES)
    assert labels(doc) == ["第1条", "第2条", "第3条", "第4条"]
    assert [p.kind for p in doc.parts] == ["title", "toc", "article", "article", "article", "article"]
    assert place(doc, "付与率") == "第2条第2項"
    assert place(doc, "有効期限") == "第3条第1項"


def test_contents_with_leaders_in_shift_jis_with_crlf():
    source = load_bytes(TOC_WITH_PAGES.replace("\n", "\r\n").encode("cp932"), "terms.txt")
    assert source.encoding == "cp932"
    doc = parse(source.text, source.headings)
    assert labels(doc) == ["第1条", "第2条", "第3条", "第4条"]
    assert place(doc, "付与率") == "第2条第2項"


def test_sections_numbered_in_capital_roman_numerals():
    text = (
        "会員規約\n\n"
        "Ⅰ．総則\n本規約は、当社の会員サービスの利用条件を定めます。\n"
        "Ⅱ．会員情報\n当社は、会員情報をプライバシーポリシーに従い取り扱います。\n"
        "当社は、会員の同意なく会員情報を第三者に提供しません。\n"
        "Ⅲ．免責\n当社は、会員に生じた損害について責任を負いません。\n"
    )
    doc = parse(text)
    assert doc.title == "会員規約"
    assert labels(doc) == ["1", "2", "3"]
    assert article(doc, "2").title == "会員情報"
    assert place(doc, "第三者に提供しません") == "2第2項"


HTML_LISTS = """<html><body><main><h1>健康記録アプリ利用規約</h1>
<dl>
<dt>第1条（目的）</dt><dd>本規約は、当社が提供する健康記録アプリの利用条件を定めるものです。</dd>
<dt>第2条（禁止事項）</dt>
<dd><p>利用者は、次の行為をしてはなりません。</p>
<ul><li>他人の健康情報を無断で登録する行為</li><li>本アプリを営利目的で利用する行為</li></ul>
<p>当社は、前項に違反した利用者のアカウントを削除できます。</p></dd>
<dt>第3条（免責）</dt><dd>当社は、本アプリの記録に基づく判断により生じた損害について責任を負いません。</dd>
</dl></main></body></html>"""


def test_html_definition_list_with_a_bulleted_list():
    doc = parse_html(HTML_LISTS, "terms.html")
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    assert place(doc, "他人の健康情報") == "第2条第1項第1号"
    assert place(doc, "営利目的") == "第2条第1項第2号"
    assert place(doc, "アカウントを削除") == "第2条第2項"
    assert place(doc, "記録に基づく判断") == "第3条第1項"


@pytest.mark.parametrize(
    "first, second",
    [("第1条　目的　本規約は、当社の会員サービスの利用条件を定めます。", "第2条　定義　本規約において「会員」とは、登録を完了した者をいいます。"),
     ("第1条 - 目的", "第2条 - 定義"), ("第1条 ― 目的", "第2条 ― 定義"), ("第1条／目的", "第2条／定義"),
     ("第1条. 目的", "第2条. 定義"), ("第１条．目的", "第２条．定義")],
)
def test_title_separated_from_the_number_or_from_the_body(first, second):
    text = first + ("" if "。" in first else "\n本規約は、当社の会員サービスの利用条件を定めます。") + "\n"
    text += second + ("" if "。" in second else "\n本規約において「会員」とは、登録を完了した者をいいます。") + "\n"
    text += "２　会員は、登録事項に変更があったときは、速やかに届け出るものとします。\n"
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条"]
    assert [a.title for a in doc.articles()] == ["目的", "定義"]
    assert doc.text[article(doc, "第1条").heading_end:].startswith("本規約は")
    assert place(doc, "速やかに届け出る") == "第2条第2項"


def test_ranges_and_pairs_of_articles_at_a_line_start_stay_references():
    text = (
        "第4条（解除）\n当社は、会員が次条又は\n"
        "第6条―第8条の規定に違反したときは、契約を解除できます。\n"
        "第5条（禁止事項）\n会員は、第2条及び\n"
        "第3条／第4条に定める手続を経ずに退会してはなりません。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第4条", "第5条"]
    assert place(doc, "契約を解除") == "第4条第1項"


def test_item_numbers_cited_at_a_wrapped_line_start_are_no_items():
    text = (
        "第5条（禁止事項）\n"
        "会員は、次の各号に掲げる行為をしてはなりません。\n"
        "(1) 法令に違反する行為\n(2) 他の会員の権利を侵害する行為\n(3) その他当社が不適切と判断する行為\n"
        "2　当社は、会員が前項の\n"
        "(1)から(3)までのいずれかに該当する行為をしたときは、利用を停止できます。\n"
        "3　当社は、前項の措置により会員に生じた損害について、\n"
        "①及び②に定める場合を除き、責任を負いません。\n"
    )
    doc = parse(text)
    assert place(doc, "他の会員の権利") == "第5条第1項第2号"
    assert place(doc, "利用を停止") == "第5条第2項"
    assert place(doc, "責任を負いません") == "第5条第3項"


def test_markdown_numbered_list_as_paragraphs_with_a_nested_list_as_items():
    text = (
        "## 第4条（個人情報の提供）\n\n"
        "1. 当社は、次の場合を除き、会員の個人情報を第三者に提供しません。\n"
        "    1. 会員の同意がある場合\n"
        "    2. 法令に基づく場合\n"
        "2. 当社は、前項の規定にかかわらず、業務委託先に個人情報を預けることがあります。\n\n"
        "## 第5条（退会）\n\n"
        "1. 会員は、当社所定の方法で退会できます。\n"
        "   1. 退会後のデータは30日以内に削除します。\n"
        "2. 当社は、退会した会員の再登録を拒否できます。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第4条", "第5条"]
    assert place(doc, "法令に基づく") == "第4条第1項第2号"
    assert place(doc, "業務委託先") == "第4条第2項"
    assert place(doc, "30日以内に削除") == "第5条第1項第1号"
    assert place(doc, "再登録を拒否") == "第5条第2項"  # set out like 1., not like the nested 1.


def test_unnumbered_headings_in_angle_brackets():
    text = (
        "サンプル占いアプリ ご利用上の注意\n\n"
        "本アプリをご利用いただく前に、以下の内容をよくお読みください。\n\n"
        "＜ご利用料金＞\n本アプリの基本機能は無料でご利用いただけます。\n一部の機能は有料です。料金はアプリ内に表示します。\n\n"
        "＜禁止事項＞\n他のお客様の迷惑となる行為はおやめください。\n"
        "当社は、禁止事項に違反したお客様の利用を停止することがあります。\n\n"
        "＜免責事項＞\n占いの結果は参考として提供するものであり、その正確性を保証しません。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["前文", "ご利用料金", "禁止事項", "免責事項"]
    assert place(doc, "利用を停止") == "禁止事項第2項"
    assert place(doc, "正確性を保証しません") == "免責事項第1項"


def test_page_furniture_left_in_a_text_copied_from_print_breaks_nothing():
    text = (
        "ヘルスケア会員規約\n\n"
        "第1条（目的）\n本規約は、当社が提供するヘルスケア会員サービスの利用条件を定めるもので\n\n- 1 -\n\n"
        "ヘルスケア会員規約\n\nす。\n"
        "第2条（健康情報の取扱い）\n当社は、会員の健康情報を、会員の同意を得たうえで、提携医療機関に提供します。\n\n- 2 -\n\n"
        "ヘルスケア会員規約\n\n会員は、いつでも同意を撤回できます。\n"
        "2　当社は、前項の情報を統計的に処理したうえで、研究機関に提供することができます。\n\n3\n\n"
        "第3条（免責）\n当社は、会員に生じた損害について責任を負いません。\n\n3 / 3\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    assert place(doc, "同意を撤回") == "第2条第1項"
    assert place(doc, "研究機関") == "第2条第2項"
    assert [p.number for p in article(doc, "第2条").children] == [1, 2]
    assert place(doc, "責任を負いません") == "第3条第1項"


@pytest.mark.parametrize("chapter", [("Ⅰ　", "Ⅱ　"), ("第1　", "第2　"), ("【1】", "【2】")])
def test_a_second_numbering_over_the_numbered_headings_makes_chapters(chapter):
    one, two = chapter
    text = (
        "会員規約\n\n"
        f"{one}総則\n1. 目的\n本規約は、当社の会員サービスの利用条件を定めます。\n"
        "2. 定義\n本規約において「会員」とは、登録を完了した者をいいます。\n"
        f"{two}会員情報\n3. 会員情報の取扱い\n当社は、会員情報をプライバシーポリシーに従い取り扱います。\n"
        "当社は、会員の同意なく会員情報を第三者に提供しません。\n"
        "4. 免責\n当社は、会員に生じた損害について責任を負いません。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["1", "2", "3", "4"]
    assert [p.kind for p in doc.parts] == ["title", "chapter", "chapter"]
    assert [p.title for p in doc.parts[1:]] == ["総則", "会員情報"]
    assert place(doc, "登録を完了") == "2第1項"  # the chapter line is not part of article 2
    assert doc.text[article(doc, "2").start:article(doc, "2").end].rstrip().endswith("いいます。")
    assert place(doc, "第三者に提供しません") == "3第2項"
    assert tiles(doc)


NUMBERED_CONTENTS = """\
見本アプリ会員規約
この規約は、見本株式会社が提供するアプリの利用条件を定めるものです。
1. 総則
2. 会員登録
3. サービスの停止
4. 規約の変更
1. 総則
本規約は、本アプリの利用に関する一切の関係に適用されます。
2. 会員登録
会員登録は、当社所定の方法により行うものとします。
3. サービスの停止
当社は、保守のため本アプリの提供を一時停止することがあります。
4. 規約の変更
当社は、本規約を変更することがあります。
"""


def test_an_unmarked_list_of_numbered_titles_repeated_later_is_a_table_of_contents():
    # a printed web page keeps the page's own list of links to its sections (no 「目次」 word): its
    # lines must not become clauses of the 前文, where 「3. サービスの停止」 would draw a finding
    doc = parse(NUMBERED_CONTENTS)
    assert [p.kind for p in doc.parts][:3] == ["title", "preamble", "toc"]
    assert labels(doc) == ["前文", "1", "2", "3", "4"]
    toc = next(p for p in doc.parts if p.kind == "toc")
    assert doc.text[toc.start:toc.end].split("\n")[:4] == ["1. 総則", "2. 会員登録", "3. サービスの停止", "4. 規約の変更"]
    assert "サービスの停止" not in doc.text[article(doc, "前文").start:article(doc, "前文").end]
    assert tiles(doc)


# Article headings as real pages write them: a title with brackets inside its brackets, a title opened in one
# width and closed in the other, a title that opens with a quoted term, numbered titles listing nouns with 、.
ODD_TITLES = """\
第1条（ポイントの付与）
当社は、会員の購入金額に応じてポイントを付与します。
第2条(クッキー(Cookie)の利用/スマートフォンの場合)
当社は、利用状況の把握のためにクッキーを利用します。
第3条　「サンプルポイント」の使用
会員は、ポイントを商品の代金に充当できます。
第4条（著作権)
本サイトの掲載物の著作権は当社に帰属します。
第5条（準拠法）
本規約は日本法に準拠し、第3条　「サンプルポイント」の使用に関する定めは第4条（著作権)の規定に優先します。
"""

NUMBERED_NOUN_LIST = """\
1.本サービスの内容
　当社は、会員向けに明細の閲覧サービスを提供します。
2.本サービスの変更、追加又は廃止
　当社は、業務上の都合により、本サービスの内容を変更し、又は廃止することがあります。
3.準拠法、管轄裁判所
　本規約は日本法に準拠します。
4.当社は、次の場合
　には本サービスを中断します。
"""


def test_odd_article_titles_are_headings_and_references_stay_references():
    doc = parse(ODD_TITLES)
    assert labels(doc) == ["第1条", "第2条", "第3条", "第4条", "第5条"]
    assert [a.title for a in doc.articles()][1:4] == [
        "クッキー(Cookie)の利用/スマートフォンの場合", "「サンプルポイント」の使用", "著作権"]


def test_numbered_titles_may_list_nouns_with_commas_but_a_clause_is_no_title():
    doc = parse(NUMBERED_NOUN_LIST)
    assert labels(doc) == ["1", "2", "3"]  # 「4.当社は、次の場合」 opens a sentence: it is 3's text


# Before the first article, lines that only repeat or extend the title (【…】, ＜…＞, a page's second heading)
# are the title, not a 前文; a date line or a sentence there is a 前文.
@pytest.mark.parametrize("head, preamble", [
    ("サンプル会員規約\n＜サンプル会員規約＞\n", False),
    ("【サンプル会員サイト　ご利用規約】\n\n", False),
    ("利用規定\nサンプルダイレクトサービス利用規定\n", False),
    ("サンプル会員規約\n2024年4月1日制定\n", True),
    ("サンプル会員規約\n本規約は、当社のサービスの利用条件を定めるものです。\n", True),
])
def test_title_lines_above_the_first_article_are_no_preamble(head, preamble):
    doc = parse(head + "第1条（目的）\n本規約は、会員の利用条件を定めます。\n第2条（変更）\n当社は本規約を変更できます。\n")
    assert labels(doc) == (["前文"] if preamble else []) + ["第1条", "第2条"]
    assert doc.title and doc.title.startswith("サンプル") or doc.title == "利用規定"
    assert tiles(doc)


def test_a_date_marked_up_as_a_heading_is_no_section():
    page = ("<h1>サンプル配布契約</h1><h2>2024 年 4 月 1 日発効</h2><h2>1. 定義</h2><p>「製品」とは、配布される"
            "アプリをいいます。</p><h2>2. 配布</h2><p>当社は、製品を配布します。</p><h2>2024年度の手数料</h2>"
            "<p>手数料は別表のとおりとします。</p>")
    assert labels(parse_html(page, "agreement.html")) == ["前文", "1", "2", "2024年度の手数料"]


# A campaign's rules: sections under 【…】 titles, one of them a (1)…(4) list of sentences, another a ● list.
CAMPAIGN = """\
サンプル水道アプリ応募規約
本規約は、サンプル水道アプリのダウンロードキャンペーンの応募条件を定めるものです。

【応募期間】
第1弾　2024年10月1日から2024年10月31日まで
第2弾　2024年11月1日から2024年11月30日まで

【ご注意事項】
●ご応募はお一人様1回までとさせていただきます。
●賞品の発送は国内に限らせていただきます。
●応募に伴う通信料は応募者のご負担となります。

【応募の無効】
次のいずれかに該当する場合、当選を無効とします。
(1)応募の際に虚偽の内容を入力した場合
(2)本キャンペーンを営利目的で利用した場合
(3)法令又は公序良俗に違反する行為を行った場合
(4)第三者の権利を侵害する行為を行った場合
(5)その他本規約に違反した場合

【免責事項】
当局は、次の各号に定める事由により応募者に生じた損害について、一切の責任を負いません。
(1)通信回線の障害により応募ができなかった場合
(2)システムの保守のためにサービスを停止した場合
(3)応募者と第三者の間で紛争が生じた場合
(4)賞品の配送中に紛失又は破損が生じた場合
(5)その他当局の責めに帰すことができない事由による場合
"""


def test_bracketed_titles_mark_sections_and_a_numbered_list_inside_them_stays_a_list():
    doc = parse(CAMPAIGN)
    assert labels(doc) == ["前文", "応募期間", "ご注意事項", "応募の無効", "免責事項"]
    assert place(doc, "営利目的") == "応募の無効第1項第2号"
