"""The STRUCTURE step: article trees with exact spans, on texts written in the register of 利用規約."""
import time

import pytest

from kiyaku.analyzer.structure import parse
from structure_support import article, labels, place


def assert_tiles(doc):
    pos = 0
    for part in doc.parts:
        assert part.start == pos
        assert part.end >= part.start
        pos = part.end
    assert pos == len(doc.text)


def paragraph_numbers(node):
    return [p.number for p in node.children if p.kind == "paragraph"]


def item_numbers(node, paragraph=1):
    para = [p for p in node.children if p.number == paragraph][0]
    return [it.number for it in para.children]


STATUTE_STYLE = """\
クラウド保管サービス利用規約

この規約（以下「本規約」という。）は、株式会社サンプル（以下「当社」という。）が提供するクラウド保管サービス（以下「本サービス」という。）の利用条件を定める。

第一章　総則
（目的）
第一条　本規約は、本サービスの利用に関する当社と利用者との間の権利義務を定める。
２　利用者は、本規約に同意した上で本サービスを利用するものとする。
（定義）
第二条　本規約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。
一　利用者　本サービスを利用する者をいう。
二　保管データ　利用者が本サービスに保存した情報をいう。
　イ　文書ファイル
　ロ　画像ファイル
三　登録情報　利用者が登録の際に当社に届け出た情報をいう。
第二章　利用契約
第一節　登録
第十二条の二（登録の拒否）
当社は、申請者が次のいずれかに該当するときは、登録を拒否することができる。
一　虚偽の事項を届け出たとき。
二　過去に本規約に違反したことがあるとき。
２　当社は、前項の規定により登録を拒否したときは、その理由を開示する義務を負わない。
第十三条（データの取扱い）
当社は、保管データを第三者に提供しない。ただし、法令に基づく場合はこの限りでない。
附　則
この規約は、令和六年四月一日から施行する。
別表第一（第十三条関係）
保管容量　10GB
"""


def test_statute_style_document():
    doc = parse(STATUTE_STYLE)
    assert_tiles(doc)
    assert doc.numbered_by == "article"
    assert doc.title == "クラウド保管サービス利用規約"
    assert labels(doc) == ["前文", "第1条", "第2条", "第12条の2", "第13条", "附則", "別表1"]
    assert [p.kind for p in doc.parts] == ["title", "preamble", "chapter", "chapter", "supplementary", "appendix"]
    first, second = doc.parts[2], doc.parts[3]
    assert (first.label, first.title) == ("第1章", "総則")
    assert [c.kind for c in second.children] == ["section"]
    assert second.children[0].label == "第1節"
    assert [a.label for a in second.children[0].children] == ["第12条の2", "第13条"]


def test_title_on_the_line_before_starts_the_article():
    doc = parse(STATUTE_STYLE)
    art = article(doc, "第1条")
    assert art.title == "目的"
    assert doc.text[art.start:].startswith("（目的）\n第一条")
    assert doc.text[art.heading_end:].startswith("本規約は、本サービスの利用")
    assert paragraph_numbers(art) == [1, 2]


def test_items_and_subitems_in_kanji_and_iroha():
    doc = parse(STATUTE_STYLE)
    art = article(doc, "第2条")
    assert item_numbers(art) == [1, 2, 3]
    item2 = art.children[0].children[1]
    assert [s.number for s in item2.children] == [1, 2]
    assert place(doc, "保管データ　利用者が") == "第2条第1項第2号"
    assert place(doc, "画像ファイル") == "第2条第1項第2号"
    assert place(doc, "登録情報　利用者") == "第2条第1項第3号"


def test_paragraph_after_items_and_locate():
    doc = parse(STATUTE_STYLE)
    art = article(doc, "第12条の2")
    assert art.title == "登録の拒否"
    assert paragraph_numbers(art) == [1, 2]
    assert item_numbers(art) == [1, 2]
    assert place(doc, "過去に本規約") == "第12条の2第1項第2号"
    assert place(doc, "その理由を開示") == "第12条の2第2項"
    assert place(doc, "この規約は、令和六年") == "附則第1項"
    assert place(doc, "保管容量") == "別表1第1項"
    assert place(doc, "株式会社サンプル") == "前文第1項"
    assert doc.locate(0).article is None  # the title is no article


def test_spans_are_exact_and_nested():
    doc = parse(STATUTE_STYLE)
    for art in doc.articles():
        paras = art.children
        if not paras:
            continue
        assert paras[0].start == art.heading_end
        assert paras[-1].end == art.end
        for a, b in zip(paras, paras[1:]):
            assert a.end == b.start
        for para in paras:
            for it in para.children:
                assert para.start <= it.start < it.end <= para.end
    para2 = article(doc, "第1条").children[1]
    assert doc.text[para2.start:para2.end] == "２　利用者は、本規約に同意した上で本サービスを利用するものとする。\n"


@pytest.mark.parametrize(
    "heading, label",
    [
        ("第12条", "第12条"),
        ("第１２条", "第12条"),
        ("第十二条", "第12条"),
        ("第百二十三条", "第123条"),
        ("第十二条の二", "第12条の2"),
        ("第１２条の２", "第12条の2"),
        ("第12条の2の3", "第12条の2の3"),
        ("【第12条】", "第12条"),
        ("## 第12条", "第12条"),
    ],
)
def test_article_labels_are_normalised(heading, label):
    doc = parse(f"{heading}（損害賠償）\n当社は、故意又は重大な過失がある場合に限り責任を負う。\n")
    assert labels(doc) == [label]
    assert doc.articles()[0].title == "損害賠償"


@pytest.mark.parametrize(
    "first_line, title, body",
    [
        ("第1条（目的）", "目的", "本規約は"),
        ("第1条　（目的）", "目的", "本規約は"),
        ("第1条 目的", "目的", "本規約は"),
        ("第1条【目的】", "目的", "本規約は"),
        ("第1条（目的）本規約は、", "目的", "本規約は"),
        ("第1条　本規約は、", None, "本規約は"),
    ],
)
def test_titles_on_the_heading_line(first_line, title, body):
    text = first_line + ("" if first_line.endswith("、") else "\n本規約は、") + "本サービスの利用条件を定める。\n"
    doc = parse(text)
    art = doc.articles()[0]
    assert art.label == "第1条"
    assert art.title == title
    assert doc.text[art.heading_end:].startswith(body)


@pytest.mark.parametrize("mark", ["２　", "2 ", "2", "（２）", "(2)", "○２　", "②　"])
def test_paragraph_marks(mark):
    text = (
        "第5条（利用料金）\n"
        "利用者は、当社が定める利用料金を支払うものとする。\n"
        f"{mark}当社は、利用料金を変更することができる。\n"
        "第6条（支払方法）\n"
        "利用料金は、クレジットカードにより支払うものとする。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第5条", "第6条"]
    assert paragraph_numbers(article(doc, "第5条")) == [1, 2]
    assert place(doc, "当社は、利用料金を変更") == "第5条第2項"
    assert place(doc, "クレジットカード") == "第6条第1項"


@pytest.mark.parametrize(
    "marks",
    [("一　", "二　", "三　"), ("1. ", "2. ", "3. "), ("(1) ", "(2) ", "(3) "), ("（１）", "（２）", "（３）"),
     ("①", "②", "③"), ("1) ", "2) ", "3) "), ("1 ", "2 ", "3 ")],
)
def test_item_marks(marks):
    a, b, c = marks
    text = (
        "第9条（禁止事項）\n"
        "利用者は、本サービスの利用にあたり、次の各号に該当する行為をしてはならない。\n"
        f"{a}法令又は公序良俗に違反する行為\n"
        f"{b}他の利用者のアカウントを不正に使用する行為\n"
        f"{c}本サービスの運営を妨害するおそれのある行為\n"
        "２　当社は、利用者が前項に違反したときは、本サービスの利用を停止することができる。\n"
    )
    doc = parse(text)
    art = article(doc, "第9条")
    assert paragraph_numbers(art) == [1, 2]
    assert item_numbers(art) == [1, 2, 3]
    assert place(doc, "他の利用者") == "第9条第1項第2号"
    assert place(doc, "運営を妨害") == "第9条第1項第3号"
    assert place(doc, "利用を停止") == "第9条第2項"


def test_circled_numbers_as_paragraph_marks_when_items_use_others():
    text = (
        "第4条（退会）\n"
        "利用者は、当社所定の手続により退会することができる。\n"
        "②　退会した利用者は、次の事項に同意するものとする。\n"
        "(1) 保管データが削除されること\n"
        "(2) 未払の料金を直ちに支払うこと\n"
        "③　当社は、退会後の問い合わせに応じる義務を負わない。\n"
    )
    doc = parse(text)
    art = article(doc, "第4条")
    assert paragraph_numbers(art) == [1, 2, 3]
    assert item_numbers(art, 2) == [1, 2]
    assert place(doc, "未払の料金") == "第4条第2項第2号"


def test_numbered_first_paragraph():
    text = "第3条（変更）\n1. 当社は、本規約を変更できる。\n2. 変更後の規約は、掲示した時点で効力を生じる。\n"
    doc = parse(text)
    art = article(doc, "第3条")
    assert paragraph_numbers(art) == [1, 2]
    assert place(doc, "変更後") == "第3条第2項"


def test_subitems_in_alphabet():
    text = (
        "第7条（情報の提供）\n"
        "当社は、次の場合に限り利用者情報を第三者に提供する。\n"
        "(1) 利用者の同意がある場合\n"
        "(2) 法令に基づく場合\n"
        "(a) 裁判所の命令による場合\n"
        "(b) 捜査機関の照会による場合\n"
        "(3) 人の生命の保護に必要な場合\n"
    )
    doc = parse(text)
    art = article(doc, "第7条")
    assert item_numbers(art) == [1, 2, 3]
    item2 = art.children[0].children[1]
    assert [s.number for s in item2.children] == [1, 2]
    assert place(doc, "捜査機関") == "第7条第1項第2号"
    assert place(doc, "人の生命") == "第7条第1項第3号"


def test_cross_references_at_line_starts_are_not_headings():
    text = (
        "第1条（目的）\n"
        "本規約は、本サービスの利用条件を定める。\n"
        "第2条（解除）\n"
        "当社は、利用者が\n"
        "第3条第2項に定める義務に違反したときは、\n"
        "第5条から第7条までの規定にかかわらず、\n"
        "第4条の規定により契約を解除できる。\n"
        "前条の規定により解除したときは、\n"
        "第8条に定める手続による。\n"
        "第3条（通知）\n"
        "当社は、電子メールで通知する。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    # No paragraph in this document is numbered, so the line after a finished sentence is the next paragraph.
    assert place(doc, "第8条に定める") == "第2条第2項"


def test_hard_wrapped_lines_continue_the_paragraph():
    text = (
        "第10条（免責）\n"
        "当社は、本サービスに関して利用者に生じた損害について、当社の\n"
        "故意又は重大な過失による場合を除き、責任を負わない。当社が責任\n"
        "を負う場合であっても、その範囲は直近\n"
        "1年間に利用者が支払った利用料金の額を上限とする。\n"
        "２　前項の規定は、消費者契約法その他の法令により当社の責任が\n"
        "認められる場合には適用しない。\n"
    )
    doc = parse(text)
    art = article(doc, "第10条")
    assert paragraph_numbers(art) == [1, 2]
    assert place(doc, "1年間") == "第10条第1項"
    assert place(doc, "認められる場合") == "第10条第2項"
    assert art.children[0].children == []


def test_supplementary_spellings():
    for heading in ("附則", "付則", "附　則", "附 則", "【附則】", "附則（2024年4月1日制定）"):
        text = "第1条（目的）\n本規約は利用条件を定める。\n" + heading + "\n本規約は、2024年4月1日から施行する。\n"
        doc = parse(text)
        assert labels(doc) == ["第1条", "附則"], heading
        assert place(doc, "施行する") == "附則第1項"


def test_articles_inside_supplementary_are_not_main_articles():
    text = (
        "第1条（目的）\n本規約は利用条件を定める。\n"
        "附則\n第1条（施行期日）\nこの規約は、令和5年4月1日から施行する。\n"
        "附則\nこの規約は、令和6年4月1日から施行する。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第1条", "附則"]
    assert place(doc, "令和6年") == "附則第1項"


@pytest.mark.parametrize(
    "heading, label",
    [("別表", "別表"), ("別表1", "別表1"), ("別表第1", "別表1"), ("別表第一（第5条関係）", "別表1"), ("別表２", "別表2")],
)
def test_appendix_labels(heading, label):
    text = "第5条（料金）\n料金は別表1に定める。\n" + heading + "\nプラン　月額\n"
    doc = parse(text)
    assert labels(doc) == ["第5条", label]


def test_reference_to_an_appendix_is_not_a_heading():
    text = "第5条（料金）\n利用料金は、\n別表1に定めるとおりとする。\n第6条（支払）\n支払は前払とする。\n"
    assert labels(parse(text)) == ["第5条", "第6条"]


TOC_TEXT = """\
オンライン学習サービス会員規約

目　次
第1章　総則
　第1条（目的）……………………1
　第2条（定義）……………………1
第2章　会員
　第3条（会員登録）………………2
附則

第1章　総則
第1条（目的）
本規約は、オンライン学習サービスの利用条件を定めます。
第2条（定義）
本規約において「会員」とは、会員登録を完了した者をいいます。
第2章　会員
第3条（会員登録）
入会希望者は、当社所定の方法で会員登録を申し込むものとします。
附則
本規約は、2024年1月1日から施行します。
"""


def test_table_of_contents_does_not_create_articles():
    doc = parse(TOC_TEXT)
    assert_tiles(doc)
    assert labels(doc) == ["第1条", "第2条", "第3条", "附則"]
    toc = [p for p in doc.parts if p.kind == "toc"]
    assert len(toc) == 1
    assert "第3条（会員登録）……" in doc.text[toc[0].start:toc[0].end]
    assert place(doc, "第1条（目的）……") == "（規定なし）"
    assert place(doc, "会員登録を完了") == "第2条第1項"


def test_table_of_contents_without_the_word():
    text = (
        "ポイントサービス規約\n\n"
        "第1条（目的）\n第2条（ポイントの付与）\n第3条（有効期限）\n\n"
        "第1条（目的）\n本規約は、ポイントサービスについて定めます。\n"
        "第2条（ポイントの付与）\n当社は、購入金額100円につき1ポイントを付与します。\n"
        "第3条（有効期限）\nポイントの有効期限は、最後に利用した日から1年間とします。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条", "第3条"]
    assert [p.kind for p in doc.parts] == ["title", "toc", "article", "article", "article"]
    assert place(doc, "1ポイント") == "第2条第1項"


def test_deleted_articles_are_kept_and_are_no_toc():
    text = "第1条（目的）\n本規約は利用条件を定める。\n第2条　削除\n第3条　削除\n第4条（管轄）\n東京地方裁判所を専属的合意管轄裁判所とする。\n"
    assert labels(parse(text)) == ["第1条", "第2条", "第3条", "第4条"]


def test_misnumbered_articles_are_kept_as_written_and_a_repeated_number_is_told_apart():
    text = (
        "第5条（禁止事項）\n利用者は、不正な行為をしてはならない。\n"
        "第5条（利用停止）\n当社は、利用を停止できる。\n"
        "第7条（解除）\n当社は、契約を解除できる。\n"
        "第9条（損害賠償）\n利用者は、当社に生じた損害を賠償する。\n"
        "第10条（管轄）\n東京地方裁判所を管轄裁判所とする。\n"
        "第3条（追加条項）\n本条は追加された条項である。\n"
    )
    doc = parse(text)
    # every label names one place (issue 11): the second 第5条 is named by its rank
    assert labels(doc) == ["第5条", "第5条（2つ目）", "第7条", "第9条", "第10条", "第3条"]
    assert place(doc, "利用を停止") == "第5条（2つ目）第1項"
    assert place(doc, "追加された") == "第3条第1項"
    assert "".join(doc.text[p.start:p.end] for p in doc.parts) == text


MARKDOWN = """\
# 写真共有アプリ利用規約

本規約は、写真共有アプリ（以下「本アプリ」）の利用条件を定めるものです。

## 1. 定義
本規約では、次の用語を使用します。
(1) 「投稿」とは、利用者が本アプリに写真を掲載することをいいます。
(2) 「利用者」とは、本アプリを利用する全ての方をいいます。

## 2. 投稿
### 2.1 投稿の権利
利用者は、投稿する写真について必要な権利を有していることを保証します。
### 2.2 投稿の削除
当社は、次の場合には投稿を削除できるものとします。
1. 第三者の権利を侵害する場合
2. 法令に違反する場合

## 3. 免責
当社は、本アプリの利用により生じた損害について、一切の責任を負いません。
"""


def test_markdown_numbered_headings():
    doc = parse(MARKDOWN)
    assert_tiles(doc)
    assert doc.numbered_by == "heading"
    assert doc.title == "写真共有アプリ利用規約"
    assert labels(doc) == ["前文", "1", "2", "2.1", "2.2", "3"]
    assert article(doc, "2.2").title == "投稿の削除"
    assert place(doc, "「利用者」とは") == "1第1項第2号"
    assert place(doc, "法令に違反する場合") == "2.2第1項第2号"
    assert place(doc, "一切の責任") == "3第1項"


def test_markdown_headings_without_numbers_are_labelled_by_their_titles():
    text = "# 利用規約\n\n## はじめに\n本規約は利用条件を定めます。\n\n## 禁止事項\n利用者は、不正な行為をしてはなりません。\n"
    doc = parse(text)
    assert doc.numbered_by == "heading"
    assert labels(doc) == ["はじめに", "禁止事項"]


@pytest.mark.parametrize(
    "marks",
    [("1. ", "2. ", "3. "), ("１．", "２．", "３．"), ("1 ", "2 ", "3 "), ("第1　", "第2　", "第3　"),
     ("■ 1. ", "■ 2. ", "■ 3. "), ("【1】", "【2】", "【3】"), ("Article 1 ", "Article 2 ", "Article 3 ")],
)
def test_numbered_headings_without_articles(marks):
    a, b, c = marks
    text = (
        "会員サービスのご案内\n\n"
        f"{a}サービスの内容\n当社は、会員向けに情報配信サービスを提供します。\n会員は、次の事項を守るものとします。\n"
        "(1) 法令を守ること\n(2) 他人に迷惑をかけないこと\n\n"
        f"{b}料金\n本サービスの利用料金は無料です。\n\n"
        f"{c}免責事項\n当社は、本サービスの中断について責任を負いません。\n"
    )
    doc = parse(text)
    assert doc.numbered_by == "heading"
    assert labels(doc) == ["1", "2", "3"]
    assert article(doc, "3").title == "免責事項"
    # No paragraph is numbered: the line after a finished sentence is the next paragraph (see below).
    assert place(doc, "他人に迷惑") == "1第2項第2号"
    assert place(doc, "中断について") == "3第1項"


def test_numbered_headings_with_items_in_the_same_style():
    text = (
        "1. 禁止事項\n利用者は、次の行為をしてはなりません。\n"
        "1. 法令に違反する行為\n2. 他人を誹謗中傷する行為\n3. 不正アクセス\n\n"
        "2. 利用停止\n当社は、利用者の利用を停止できます。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["1", "2"]
    assert place(doc, "不正アクセス") == "1第1項第3号"


def test_parenthesised_numbers_are_articles_only_when_nothing_bigger_exists():
    text = "利用上の注意\n（1）利用者は、法令を守るものとします。\n（2）当社は、内容を変更できます。\n（3）当社は、損害について責任を負いません。\n"
    doc = parse(text)
    assert labels(doc) == ["1", "2", "3"]
    assert place(doc, "損害について") == "3第1項"


def test_heading_hints_from_html():
    text = (
        "ご利用にあたって\n"
        "はじめに\n本サービスをご利用いただきありがとうございます。\n"
        "サービスの内容\n当社は、写真共有サービスを提供します。\n"
        "禁止事項\n利用者は、次の行為をしてはなりません。\n1. 他人の写真を無断で投稿すること\n2. 公序良俗に反すること\n"
    )
    hints = []
    for words, level in (("ご利用にあたって", 1), ("はじめに", 2), ("サービスの内容", 2), ("禁止事項", 2)):
        s = text.index(words)
        hints.append((s, s + len(words), level))
    doc = parse(text, headings=hints)
    assert doc.numbered_by == "heading"
    assert doc.title == "ご利用にあたって"
    assert labels(doc) == ["はじめに", "サービスの内容", "禁止事項"]
    assert place(doc, "公序良俗") == "禁止事項第1項第2号"
    # without the hints the bare title lines are recognised all the same (issue 11)
    assert labels(parse(text)) == ["はじめに", "サービスの内容", "禁止事項"]


def test_heading_hints_with_article_headings():
    text = "会員規約\n第1条（目的）\n本規約は会員制度を定めます。\n第2条（会費）\n会費は無料です。\n"
    hints = [(0, 4, 1), (5, 12, 2), (27, 34, 2)]
    doc = parse(text, headings=hints)
    assert labels(doc) == ["第1条", "第2条"]
    assert doc.title == "会員規約"


def test_document_without_structure():
    text = "お知らせ\n\n当社は、本サービスの提供を終了します。長らくのご利用ありがとうございました。\n"
    doc = parse(text)
    assert_tiles(doc)
    assert doc.numbered_by == "none"
    assert labels(doc) == ["前文"]
    assert doc.title == "お知らせ"
    assert place(doc, "提供を終了") == "前文第1項"


def test_empty_and_blank_text():
    assert parse("").parts == []
    doc = parse("\n\n　\n")
    assert_tiles(doc)
    assert doc.numbered_by == "none"


def test_windows_line_breaks():
    text = "第1条（目的）\r\n本規約は利用条件を定める。\r\n２　利用者は本規約を遵守する。\r\n第2条（変更）\r\n当社は本規約を変更できる。\r\n"
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条"]
    assert place(doc, "遵守") == "第1条第2項"


def test_large_document_is_fast():
    article_text = (
        "第{n}条（条項{n}）\n当社は、利用者が次の各号のいずれかに該当する場合には、事前に通知することなく、"
        "本サービスの利用を停止することができる。\n一　本規約に違反したとき。\n二　登録情報に虚偽があったとき。\n"
        "２　当社は、前項の措置により利用者に生じた損害について責任を負わない。\n"
    )
    text = "大規模サービス利用規約\n\n" + "".join(article_text.format(n=n) for n in range(1, 800))
    assert len(text) > 100_000
    t0 = time.perf_counter()
    doc = parse(text)
    elapsed = time.perf_counter() - t0
    assert len(doc.articles()) == 799
    assert elapsed < 1.0, elapsed


def test_plain_text_nested_numbered_headings():
    text = (
        "サービス規約\n"
        "1. 総則\n1.1 目的\n本規約は、サービスの利用条件を定めます。\n1.2 適用\n本規約は、全ての利用者に適用されます。\n"
        "2. 利用\n2.1 登録\n利用者は登録を行います。\n2.2 料金\n料金は無料です。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert place(doc, "無料") == "2.2第1項"


def test_bracketed_article_heading_with_title_inside():
    text = "【第1条（目的）】\n本規約は利用条件を定める。\n【第2条（変更）】当社は本規約を変更できる。\n"
    doc = parse(text)
    assert labels(doc) == ["第1条", "第2条"]
    second = article(doc, "第2条")
    assert second.title == "変更"
    assert doc.text[second.heading_end:].startswith("当社は")


def test_a_wrapped_first_sentence_is_no_title():
    text = "本規約は、株式会社サンプルが提供するサービスの利用に関する条件を\n定めるものです。\n第1条（適用）\n本規約は全ての利用者に適用する。\n"
    doc = parse(text)
    assert doc.title is None
    assert labels(doc) == ["前文", "第1条"]


def test_bracketed_unnumbered_headings_are_labelled_by_title():
    text = (
        "見守りカメラ利用規約\n\n"
        "【サービス内容】\n当社は、ペットの様子を確認できるカメラサービスを提供します。\n"
        "【禁止事項】\n利用者は、他人の映像を無断で公開してはなりません。\n"
        "【免責】\n当社は、通信障害による損害について責任を負いません。\n"
    )
    doc = parse(text)
    assert doc.numbered_by == "heading"
    assert labels(doc) == ["サービス内容", "禁止事項", "免責"]
    assert place(doc, "通信障害") == "免責第1項"


def test_articles_of_the_supplementary_do_not_decide_the_numbering():
    text = (
        "1. サービスの内容\n当社は、会員向けに情報配信サービスを提供します。\n"
        "2. 料金\n本サービスの利用料金は無料です。\n"
        "附則\n第1条（施行期日）\n本規約は、2024年4月1日から施行します。\n"
    )
    doc = parse(text)
    assert doc.numbered_by == "heading"
    assert labels(doc) == ["1", "2", "附則"]


def test_unnumbered_documents_break_paragraphs_at_lines_after_a_finished_sentence():
    text = (
        "１．投稿の削除\n"
        "当社は、投稿が禁止事項に該当すると判断した場合には、\n"
        "事前に通知することなく、当該投稿を削除することができます。\n"
        "当社は、次の場合にはアカウントを停止することができます。\n"
        "(1) 本規約に違反した場合\n"
        "(2) 登録事項に虚偽があった場合\n"
        "当社は、前項の措置により生じた損害について責任を負いません。\n"
        "２．退会\n"
        "ユーザーは、いつでも退会することができます。\n"
    )
    doc = parse(text)
    assert labels(doc) == ["1", "2"]
    assert place(doc, "事前に通知する") == "1第1項"          # a hard wrap continues the sentence
    assert place(doc, "登録事項に虚偽") == "1第2項第2号"
    assert place(doc, "前項の措置") == "1第3項"


def test_a_document_that_numbers_paragraphs_keeps_unnumbered_lines_together():
    text = (
        "第1条（利用停止）\n"
        "当社は、利用者が本規約に違反したときは、利用を停止できる。\n"
        "この場合、当社は理由を開示しない。\n"
        "２ 前項の停止により生じた損害について、当社は責任を負わない。\n"
    )
    doc = parse(text)
    assert place(doc, "理由を開示しない") == "第1条第1項"
    assert place(doc, "前項の停止") == "第1条第2項"
