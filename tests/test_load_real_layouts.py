"""Loading layouts met in real terms pages (issue 11), each on a short document written for this test."""
import pytest

from kiyaku.analyzer.load import load_bytes
from kiyaku.analyzer.pipeline import analyze_source
from kiyaku.analyzer.structure import parse
from structure_support import labels, parse_html

FRONT_MATTER = """\
---
layout: post
title: "サンプル会員規約"
categories: sample
date: "2024-04-01"
---

第1条（目的）
本規約は、本サービスの利用条件を定めます。
第2条（変更）
当社は、本規約を変更することがあります。
"""


def test_front_matter_is_metadata_and_its_title_the_documents_title():
    source = load_bytes(FRONT_MATTER.encode("utf-8"), "terms.md")
    assert "layout" not in source.text and "---" not in source.text
    assert source.title == "サンプル会員規約"
    doc = parse(source.text, source.headings)
    assert labels(doc) == ["第1条", "第2条"]  # not a 前文 made of metadata


def test_front_matter_above_html_and_without_a_title():
    page = FRONT_MATTER.replace('title: "サンプル会員規約"\n', "").split("---\n\n")[0] + "---\n" + (
        "<div><h4>サンプル規約</h4><p>第1条（目的）<br>本規約は、利用条件を定めます。</p></div>"
    )
    source = load_bytes(page.encode("utf-8"), "terms.md")
    assert source.format == "html"
    assert source.title is None
    assert "layout" not in source.text and source.text.startswith("サンプル規約")


def test_a_rule_of_dashes_with_text_is_not_front_matter():
    text = "---\n本規約は、利用条件を定めます。\n---\n第1条（目的）\n当社は本サービスを提供します。\n"
    assert load_bytes(text.encode("utf-8"), "terms.md").text == text


@pytest.mark.nlp
def test_the_analysis_takes_the_title_from_the_front_matter():
    source = load_bytes(FRONT_MATTER.encode("utf-8"), "terms.md")
    assert analyze_source(source, cache=False).document.title == "サンプル会員規約"


LIST_IN_A_LIST = """<html><body><div>
<h2>ポイント特約</h2>
<ol>
<li> ポイントは、当社所定の条件でユーザーに付与されます。
<br>
<li> 次の取引が発見された場合、当社はポイントを取り消します。
<br>
<ol>
<li> 他人の決済手段を用いた取引</li>
<li> 実態のない架空の取引</li>
</ol>
</ol>
<ul class="num">
<ul class="inner">
<li><p>(1)</p><p>当社のサーバーに過大な負荷をかける行為</p></li>
</ul>
</ul>
</div></body></html>"""


def test_a_list_written_straight_into_a_list_is_kept():
    text = load_bytes(LIST_IN_A_LIST.encode("utf-8"), "terms.html").text
    assert "他人の決済手段を用いた取引" in text
    assert "実態のない架空の取引" in text
    assert "過大な負荷" in text


MAIN_HOLDS_HALF = """<html><body>
<div role="main"><h1>割賦契約の同意事項</h1><p>お客さまは、割賦販売契約の内容を確認のうえ申し込むものとします。</p>
<p>当社は、お客さまの支払能力を調査するため、信用情報機関に照会します。</p></div>
<div id="contents-area"><div class="inSection">
<p>当社は、割賦販売の目的のため、お客さまの氏名、住所及び契約内容を加盟する信用情報機関に登録します。</p>
<p>登録された情報は、加盟会員である他の事業者が支払能力の調査のために利用します。</p>
</div></div>
<footer><p>会社概要</p></footer>
</body></html>"""


def test_text_outside_a_main_that_holds_only_part_of_the_page_is_kept():
    text = load_bytes(MAIN_HOLDS_HALF.encode("utf-8"), "terms.html").text
    assert "信用情報機関に照会" in text
    assert "他の事業者が支払能力の調査" in text
    assert "会社概要" not in text  # the footer is still chrome


# Articles laid out as a description list: each <dt> is an article's title, its <dd> the article's text. A
# glossary inside an article is a description list too, but its <dd>s are one short definition each.
DESCRIPTION_LIST = """\
<html><body><h1>サンプルストア利用規約</h1>
<p>本規約は、サンプルストアのご利用条件を定めるものです。</p>
<dl>
<dt>用語の定義</dt>
<dd><p>本規約で用いる用語の意味は、次のとおりとします。</p>
  <dl><dt>会員</dt><dd>所定の登録を済ませた方</dd><dt>商品</dt><dd>本ストアで販売する物品</dd></dl></dd>
<dt>サービスの停止</dt>
<dd><ol><li>当社は、設備の保守を行う場合、本サービスを停止することがあります。</li>
  <li>当社は、前項の停止により会員に生じた損害について責任を負いません。</li></ol></dd>
<dt>規約の変更</dt>
<dd><p>当社は、本規約を変更することがあります。変更後の規約は、本サイトに掲載した時点から効力を生じます。</p></dd>
</dl></body></html>
"""


def test_a_description_list_of_articles_gives_one_unit_per_title():
    doc = parse_html(DESCRIPTION_LIST, "terms.html")
    assert labels(doc) == ["前文", "用語の定義", "サービスの停止", "規約の変更"]  # the glossary's words are not titles
    stop = next(a for a in doc.articles() if a.label == "サービスの停止")
    assert len(stop.children) == 2 and doc.text[stop.children[1].start:stop.children[1].end].startswith("2. 当社は、前項")


BREADCRUMB = """\
<div class="crumbs"><ol>
<li itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><a href="/"><span>ホーム</span></a></li>
<li itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><span>プライバシーポリシー</span></li>
</ol></div>
<nav aria-label="パンくずリスト"><ul><li>トップ</li><li>規約</li></ul></nav>
<h1>プライバシーポリシー</h1>
<p>当社は、お客様の個人情報を次のとおり取り扱います。</p>
<h2>個人情報の利用</h2><p>当社は、お預かりした個人情報を商品の発送に利用します。</p>
<h2>個人情報の管理</h2><p>当社は、個人情報を適切に管理します。</p>
"""


def test_a_breadcrumb_trail_is_page_chrome():
    source = load_bytes(BREADCRUMB.encode("utf-8"), "policy.html")
    assert source.text.startswith("プライバシーポリシー\n当社は")  # no 「1. ホーム」 numbered like a section
    doc = parse(source.text, source.headings)
    assert doc.title == "プライバシーポリシー"
    assert labels(doc) == ["前文", "個人情報の利用", "個人情報の管理"]
