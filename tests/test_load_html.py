"""HTML: main text only, lines as a browser lays them out, list numbers kept, headings recorded."""
from __future__ import annotations

import pytest

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.html import extract, looks_like_html

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>利用規約 | サンプル</title>
<style>body { color: #333 }</style><script>var tracking = "第99条 追跡";</script></head>
<body>
<header><a href="/">サンプル</a><nav><ul><li>ホーム</li><li>お知らせ</li></ul></nav></header>
<div class="breadcrumb">ホーム &gt; 利用規約</div>
<main>
  <h1>サンプル会員規約</h1>
  <p>この規約は、株式会社サンプル（以下「当社」といいます。）が提供する
     サービスの利用条件を定めるものです。</p>
  <h2>第1条（定義）</h2>
  <p>本規約において使用する用語の意味は、次の各号に定めるとおりとします。</p>
  <ol>
    <li>「会員」とは、当社所定の手続により登録を完了した者をいいます。</li>
    <li>「コンテンツ」とは、
        会員が投稿した文章及び画像をいいます。</li>
  </ol>
  <h2>第2条（禁止事項）</h2>
  <p>会員は、次の行為をしてはなりません。<br>ただし、当社が認めた場合を除きます。</p>
  <ol type="a" start="3"><li>法令に違反する行為</li><li>他の会員への迷惑行為</li></ol>
  <ul><li>当社のサーバーに負荷をかける行為</li></ul>
  <p style="display:none">非表示の文</p>
  <div hidden>隠された段落</div>
  <form><label>メール</label><input value="入力欄"><button>送信する</button></form>
</main>
<aside>関連リンク</aside>
<footer>Copyright サンプル</footer>
<noscript>JavaScriptを有効にしてください</noscript>
</body></html>
"""


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_main_text_only():
    text, _ = extract(PAGE)
    for dropped in ("第99条", "ホーム", "お知らせ", "関連リンク", "Copyright", "JavaScript", "非表示", "隠された",
                    "送信する", "入力欄", "メール", "color", "利用規約 | サンプル"):
        assert dropped not in text
    assert lines(text)[0] == "サンプル会員規約"


def test_whitespace_collapses_like_a_browser():
    text, _ = extract(PAGE)
    # the source line break between two Japanese characters disappears
    assert "提供するサービスの利用条件を定めるものです。" in text
    assert "とは、会員が投稿した" in text


def test_br_breaks_and_blocks_end_lines():
    text, _ = extract(PAGE)
    assert "会員は、次の行為をしてはなりません。\nただし、当社が認めた場合を除きます。" in text


def test_list_numbers_are_written_out():
    text, _ = extract(PAGE)
    ls = lines(text)
    assert "1. 「会員」とは、当社所定の手続により登録を完了した者をいいます。" in ls
    assert "2. 「コンテンツ」とは、会員が投稿した文章及び画像をいいます。" in ls
    assert "c. 法令に違反する行為" in ls and "d. 他の会員への迷惑行為" in ls
    assert "・当社のサーバーに負荷をかける行為" in ls


def test_headings_recorded_as_spans():
    text, headings = extract(PAGE)
    assert [(text[s:e], level) for s, e, level in headings] == [
        ("サンプル会員規約", 1),
        ("第1条（定義）", 2),
        ("第2条（禁止事項）", 2),
    ]


def test_items_with_their_own_numbers_get_no_second_one():
    html = "<ol><li>第１条（目的）本規約は…</li><li>第２条（定義）…</li></ol><ol><li>(1) 氏名</li></ol>"
    text, _ = extract(html)
    assert lines(text) == ["第１条（目的）本規約は…", "第２条（定義）…", "(1) 氏名"]


def test_nested_and_unstyled_lists():
    html = (
        "<ol><li>会員は次の情報を登録します。<ol><li>氏名</li><li>住所</li></ol></li>"
        "<li>当社は登録を拒否できます。</li></ol>"
        "<ol style='list-style:none'><li>番号なし</li></ol>"
        "<ol reversed><li>三番目</li><li>二番目</li></ol>"
        "<ol><li value='5'>五番目</li><li>六番目</li></ol>"
        "<ol type='I'><li>ローマ数字</li><li>二つ目</li></ol>"
    )
    text, _ = extract(html)
    assert lines(text) == [
        "1. 会員は次の情報を登録します。", "(1)氏名", "(2)住所", "2. 当社は登録を拒否できます。",
        "番号なし", "2. 三番目", "1. 二番目", "5. 五番目", "6. 六番目", "I. ローマ数字", "II. 二つ目",
    ]


def test_item_number_goes_on_the_items_first_line():
    html = "<ol><li><p>会員は本規約を遵守します。</p><p>違反した場合は退会となります。</p></li><li></li><li><p>以上</p></li></ol>"
    text, _ = extract(html)
    assert lines(text) == ["1. 会員は本規約を遵守します。", "違反した場合は退会となります。", "3. 以上"]


def test_tables_give_one_line_per_row():
    html = "<table><tr><th>第1条</th><td>本規約は…</td></tr><tr><th>第2条</th><td>会員は…</td></tr></table>"
    text, _ = extract(html)
    assert lines(text) == ["第1条 本規約は…", "第2条 会員は…"]


def test_whole_page_inside_a_form_is_kept():
    # ASP.NET pages wrap everything in one <form>: it is the page, not a form to drop
    html = "<body><form><h1>利用規約</h1><p>第1条 本規約は当社の会員サービスに適用されます。</p><input></form></body>"
    text, _ = extract(html)
    assert lines(text) == ["利用規約", "第1条 本規約は当社の会員サービスに適用されます。"]


def test_article_header_kept_page_header_dropped():
    html = ("<body><header>サイト名</header><article><header><h1>会員規約</h1></header>"
            "<p>第1条 本規約は会員に適用されます。</p><footer>2024年4月1日 制定</footer></article></body>")
    text, _ = extract(html)
    assert lines(text) == ["会員規約", "第1条 本規約は会員に適用されます。", "2024年4月1日 制定"]


def test_pre_keeps_its_lines():
    text, _ = extract("<pre>第1条　目的\n  本規約は…\n第2条　定義</pre>")
    assert lines(text) == ["第1条　目的", "  本規約は…", "第2条　定義"]


def test_latin_words_keep_their_space():
    text, _ = extract("<p>This agreement\n  governs the service.</p>")
    assert text == "This agreement governs the service."


@pytest.mark.parametrize("name", ["terms.txt", "terms.md", "terms"])
def test_html_saved_as_text_is_parsed_as_html(tmp_path, name):
    snippet = "<ol>\n<li>第１条（目的）<br>本規約は、当社のサービスに適用されます。</li>\n<li>第２条（同意）<br>会員は本規約に同意します。</li>\n</ol>\n"
    path = tmp_path / name
    path.write_bytes(snippet.encode("utf-8"))
    source = load(str(path))
    assert source.format == "html"
    assert lines(source.text) == ["第１条（目的）", "本規約は、当社のサービスに適用されます。", "第２条（同意）", "会員は本規約に同意します。"]


def test_cp932_html_declared_by_meta(tmp_path):
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>'
            "<body><h1>利用規約</h1><p>第１条　ﾕｰｻﾞｰは本規約に同意します。</p></body></html>")
    path = tmp_path / "terms.html"
    path.write_bytes(html.encode("cp932"))
    source = load(str(path))
    assert source.encoding == "cp932" and source.format == "html"
    assert source.text == "利用規約\n第１条　ﾕｰｻﾞｰは本規約に同意します。"
    assert source.headings == [(0, 4, 1)]


def test_meta_charset_that_lies_is_overruled(tmp_path):
    html = '<html><head><meta charset="utf-8"></head><body><p>第１条　本規約は、会員に適用されます。</p></body></html>'
    path = tmp_path / "terms.html"
    path.write_bytes(html.encode("euc-jp"))
    source = load(str(path))
    assert source.encoding == "euc-jp"
    assert source.text == "第１条　本規約は、会員に適用されます。"


def test_page_with_no_text(tmp_path):
    path = tmp_path / "blank.html"
    path.write_bytes(b"<html><body><script>var a = 1;</script><nav>menu</nav></body></html>")
    with pytest.raises(InputError, match="blank.html: no text"):
        load(str(path))


def test_sniffing():
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<li>第１条</li>\n<li>第２条</li>\n<li>第３条</li>\n")
    assert not looks_like_html("第1条 目的\n本規約は A<B の場合に適用します。\n")
    assert not looks_like_html("# 規約\n\n" + "本文です。\n" * 20 + "改行<br>あり<br>です<br>\n")


def test_absurdly_deep_nesting_is_an_input_error(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "第1条 本規約は会員に適用されます。" + "</div>" * 5000 + "</body></html>")
    with pytest.raises(InputError, match="deep.html: HTML nested too deeply"):
        load(str(path))


def test_control_characters_from_entities_become_spaces(tmp_path):
    # &#27;[2J would clear a terminal when the text report prints the clause
    path = tmp_path / "t.html"
    path.write_text("<html><body><p>当社は、責任を負いません。&#27;[2J&#7;</p></body></html>", encoding="utf-8")
    text = load(str(path)).text
    assert "\x1b" not in text and "\x07" not in text
    assert "責任を負いません。 [2J " in text


COUNTERS = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>
/* 条と項の番号はスタイルシートが振る */
.terms { counter-reset: article; }
.terms h3 { counter-increment: article; counter-reset: para; }
.terms h3::before { content: "第" counter(article) "条"; }
.terms p { counter-increment: para; }
.terms section p ~ p::before { content: counter(para, decimal) "\\3000"; }
.terms ol { list-style: none; counter-reset: item; }
.terms ol > li { counter-increment: item; }
.terms ol > li::before { content: "(" counter(item) ") "; }
.badge::after { content: "NEW"; }
</style></head><body><main><div class="terms">
<h2>健康相談アプリ利用規約</h2>
<section><h3>（目的）</h3><p>本規約は、当社が提供する健康相談アプリの利用条件を定めるものです。</p></section>
<section><h3>（相談内容の取扱い）</h3>
<p>当社は、利用者の相談内容を、次の者に共有します。</p>
<ol><li>相談を担当する医師</li><li>相談窓口の看護師</li></ol>
<p>当社は、相談内容を個人が特定できない形に加工したうえで、サービスの改善に利用することがあります。</p></section>
<section><h3 class="badge">（免責）</h3><p>当社は、相談に対する回答の正確性について保証しません。</p></section>
</div></main></body></html>"""


def test_numbers_drawn_by_css_counters_are_written_in():
    text, _ = extract(COUNTERS)
    assert lines(text) == [
        "健康相談アプリ利用規約",
        "第1条（目的）",
        "本規約は、当社が提供する健康相談アプリの利用条件を定めるものです。",
        "第2条（相談内容の取扱い）",
        "当社は、利用者の相談内容を、次の者に共有します。",
        "(1) 相談を担当する医師",
        "(2) 相談窓口の看護師",
        "2\u3000当社は、相談内容を個人が特定できない形に加工したうえで、サービスの改善に利用することがあります。",
        "第3条（免責）",  # content without a counter ("NEW") is decoration, left out
        "当社は、相談に対する回答の正確性について保証しません。",
    ]


def test_css_counters_give_the_articles_a_reader_sees():
    from kiyaku.analyzer.structure import parse

    text, headings = extract(COUNTERS)
    doc = parse(text, headings)
    assert [a.label for a in doc.articles()] == ["第1条", "第2条", "第3条"]
    assert doc.locate(text.index("看護師")).label() == "第2条第1項第2号"
    assert doc.locate(text.index("サービスの改善")).label() == "第2条第2項"


def test_counter_styles_and_unusable_rules():
    page = """<html><head><style>
    h4 { counter-increment: a; }
    h4::before { content: "第" counter(a, cjk-ideographic) "条　"; }
    h5:nth-of-type(2n+1):has(> span)::before { content: counter(a); }
    p::before { content: attr(data-n) counter(a); }
    </style></head><body><h4>目的</h4><p>本規約は利用条件を定めます。</p><h4>定義</h4><p>用語は次のとおりです。</p>
    </body></html>"""
    text, _ = extract(page)
    assert lines(text) == ["第一条　目的", "本規約は利用条件を定めます。", "第二条　定義", "用語は次のとおりです。"]


@pytest.mark.parametrize(
    "css",
    ['h2::before { content: "\\\\FFFFFF\\\\D800" counter(x) }', "h2::before { content: counter( }", "h2::before { content: counter(x",
     "h2 { counter-increment: x -1 none 2 } h2::after { content: counter(x, upper-roman) }", "@media print { h2::before { content: counter(x) } }"],
)
def test_broken_or_odd_counter_rules_never_fail(css):
    text, _ = extract(f"<html><head><style>{css}</style></head><body><h2>目的</h2><p>本規約は利用条件を定めます。</p></body></html>")
    heading, body = text.split("\n")[-2:]
    assert "目的" in heading and body == "本規約は利用条件を定めます。"
