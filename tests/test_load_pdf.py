"""PDF: the text layer in reading order, running heads and page numbers gone, wrapped lines joined."""
from __future__ import annotations

import io
import os

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load, load_bytes

FONT = "HeiseiMin-W3"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
LEFT, RIGHT = 72, WIDTH - 72
BODY = 10.5

# Written for these tests in the register of a 利用規約.
LONG = (
    "本規約は、株式会社サンプル（以下「当社」といいます。）が提供する会員向けサービスの利用条件を定めるものであり、"
    "会員は本規約に同意したうえで本サービスを利用するものとします。"
)

ENGLISH = (
    "This service is provided on an as-is basis and the company disclaims all implied warranties, including "
    "merchantability and fitness for a particular purpose, to the extent permitted by applicable law."
)


def wrap(text: str, size: float = BODY) -> list[str]:
    """Break ``text`` where it would cross the right margin, as a word processor does."""
    lines, current = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(current + ch, FONT, size) > RIGHT - LEFT:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current]


def make_pdf(pages: list[list[tuple[str, float, float]]], header: str | None = "サンプル会員規約",
             numbers: str = "- {n} -", encrypt: str | None = None) -> bytes:
    """``pages``: lists of (text, font size, indent)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for n, lines in enumerate(pages, start=1):
        if header:
            c.setFont(FONT, 8)
            c.drawRightString(RIGHT, HEIGHT - 40, header)
        y = HEIGHT - 90
        for text, size, indent in lines:
            c.setFont(FONT, size)
            c.drawString(LEFT + indent, y, text)
            y -= size * 1.7
        if numbers:
            c.setFont(FONT, 9)
            c.drawCentredString(WIDTH / 2, 30, numbers.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return buffer.getvalue()


def wrap_latin(text: str, size: float = BODY) -> list[str]:
    """Word-wrap Latin text, hyphenating the word that crosses the margin when its first part fits."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, FONT, size) <= RIGHT - LEFT:
            current = candidate
            continue
        for cut in range(len(word) - 2, 1, -1):
            head = f"{current} {word[:cut]}-".strip()
            if pdfmetrics.stringWidth(head, FONT, size) <= RIGHT - LEFT:
                lines.append(head)
                current = word[cut:]
                break
        else:
            lines.append(current)
            current = word
    return lines + [current]


def body(text: str, indent: float = 0) -> list[tuple[str, float, float]]:
    return [(line, BODY, indent if i == 0 else 0) for i, line in enumerate(wrap(text))]


def two_pages() -> bytes:
    page1 = [("サンプル会員規約", 18, 0), ("第１条（目的）", BODY, 0)] + body(LONG) + body(
        "２　当社は、本規約を会員に通知することなく変更できるものとします。"
    )
    page2 = [("第２条（禁止事項）", BODY, 0), ("会員は、次の各号の行為をしてはなりません。", BODY, 0),
             ("一　法令に違反する行為", BODY, 0), ("二　他の会員の個人情報を収集する行為", BODY, 0)]
    page2 += [(line, BODY, 0) for line in wrap_latin(ENGLISH)]
    return make_pdf([page1, page2])


@pytest.fixture
def pdf_path(tmp_path):
    path = tmp_path / "terms.pdf"
    path.write_bytes(two_pages())
    return str(path)


def test_wrapped_line_is_joined_and_marks_start_lines(pdf_path):
    assert len(wrap(LONG)) >= 2  # the test means something only if the line really wraps
    source = load(pdf_path)
    assert source.format == "pdf" and source.encoding == "pdf"
    # the full-width spaces the PDF draws after the numbers are kept, as the txt and the HTML keep them
    assert source.text.split("\n") == [
        "サンプル会員規約",
        "第１条（目的）",
        LONG,
        "２　当社は、本規約を会員に通知することなく変更できるものとします。",
        "第２条（禁止事項）",
        "会員は、次の各号の行為をしてはなりません。",
        "一　法令に違反する行為",
        "二　他の会員の個人情報を収集する行為",
        ENGLISH,
    ]


def test_running_header_and_page_numbers_dropped(pdf_path):
    text = load(pdf_path).text
    assert text.count("サンプル会員規約") == 1  # the title stays, the running head on both pages goes
    assert "- 1 -" not in text and "- 2 -" not in text


def test_larger_line_recorded_as_heading(pdf_path):
    source = load(pdf_path)
    assert [(source.text[s:e], level) for s, e, level in source.headings] == [("サンプル会員規約", 1)]


@pytest.mark.parametrize("style", ["{n}/{total}", "{n}", "－{n}－", "Page {n}"])
def test_page_number_styles(tmp_path, style):
    texts = ["第１条　会員は本規約を遵守します。", "第２条　当社は本サービスを変更できます。", "第３条　本規約は日本法に準拠します。"]
    path = tmp_path / "n.pdf"
    path.write_bytes(make_pdf([[(t, BODY, 0)] for t in texts], header=None, numbers=style))
    assert load(str(path)).text.split("\n") == texts


def test_indented_line_starts_a_paragraph(tmp_path):
    first = "会員は、登録情報に変更があった場合には、当社所定の方法により速やかに変更の届出を行うものとします。当社"
    lines = wrap(first)
    page = [(line, BODY, 0) for line in lines] + [("　当社は、届出がないことにより会員に生じた損害について責任を負いません。", BODY, 0)]
    path = tmp_path / "p.pdf"
    path.write_bytes(make_pdf([page], header=None, numbers=""))
    text = load(str(path)).text
    # the full-width space comes back as whatever the font maps it to; the line break is what matters
    assert [line.strip("　 ") for line in text.split("\n")] == [
        first, "当社は、届出がないことにより会員に生じた損害について責任を負いません。"
    ]


def test_scanned_pdf_has_no_text_layer(tmp_path):
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer \(scanned PDF\?\)"):
        load(str(path))


def test_truncated_pdf(tmp_path):
    data = two_pages()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match=r"cut\.pdf: (not a readable PDF|no text layer)"):
        load(str(path))


def test_garbage_after_pdf_header(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(InputError, match=r"bad\.pdf: (not a readable PDF|no text layer)"):
        load(str(path))


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf([[("第１条　秘密の規約", BODY, 0)]], encrypt="secret"))
    with pytest.raises(InputError, match=r"locked\.pdf: not a readable PDF: encrypted"):
        load(str(path))


def test_pdf_decided_by_content_not_name(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_bytes(two_pages())
    assert load(str(path)).format == "pdf"


def test_damaged_pdfs_fail_only_with_input_error():
    import random

    from kiyaku.analyzer.load import load_bytes

    original = two_pages()
    rnd = random.Random(7)
    for _ in range(int(os.environ.get("KIYAKU_FUZZ_EXAMPLES", "60"))):
        data = bytearray(original)
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            data = data[: rnd.randrange(len(data))]
        try:
            source = load_bytes(bytes(data), "damaged.pdf")
        except InputError as err:
            assert str(err).startswith("damaged.pdf: ")
        else:
            assert source.text.strip()


def test_page_furniture_and_page_breaks_inside_articles(tmp_path):
    """A running head that repeats the title, 「n / N」 feet, a sentence cut by a page break, and a last page
    of short lines: the furniture goes, the cut sentence is whole again, the short lines stay apart."""
    from kiyaku.analyzer.structure import parse

    title = "ヘルスケア会員サービス利用規約"
    purpose = ("本規約は、株式会社サンプルケア（以下「当社」といいます。）が提供するヘルスケア会員サービス"
               "（以下「本サービス」といいます。）の利用条件を定めるものです。")
    data = ("当社は、会員が本サービスに登録した歩数、体重、血圧その他の健康情報を、会員の同意を得たうえで、"
            "提携する医療機関に提供することがあります。")
    second = "２　当社は、前項の健康情報を統計的に処理したうえで、研究機関に提供することができます。"
    cut = wrap(data)
    assert len(cut) >= 2  # the page break below falls inside the sentence
    page1 = [(title, 16, 0), ("第1条（目的）", BODY, 0)] + body(purpose) + [("第2条（健康情報の取扱い）", BODY, 0)]
    page1 += [(cut[0], BODY, 0)]
    page2 = [(line, BODY, 0) for line in cut[1:]] + body(second) + [("第3条（準拠法）", BODY, 0)]
    page3 = [("本規約は、日本法に準拠し、日本法に従って解釈されます。", BODY, 0), ("英語版は参考に過ぎません。", BODY, 0),
             ("附則", BODY, 0), ("2025年4月1日制定", BODY, 0)]
    path = tmp_path / "terms.pdf"
    path.write_bytes(make_pdf([page1, page2, page3], header=title, numbers="{n} / {total}"))
    source = load(str(path))
    assert source.text.split("\n") == [
        title, "第1条（目的）", purpose, "第2条（健康情報の取扱い）", data, second,
        "第3条（準拠法）", "本規約は、日本法に準拠し、日本法に従って解釈されます。", "英語版は参考に過ぎません。",
        "附則", "2025年4月1日制定",
    ]
    doc = parse(source.text, source.headings)
    assert doc.title == title
    assert [a.label for a in doc.articles()] == ["第1条", "第2条", "第3条", "附則"]
    assert doc.locate(source.text.index("提携する医療機関")).label() == "第2条第1項"
    assert doc.locate(source.text.index("研究機関")).label() == "第2条第2項"


def hanging(text: str, indent: float) -> list[tuple[str, float, float]]:
    """Wrap ``text`` with its second and later lines set ``indent`` points in (a hanging indent)."""
    lines, current = [], ""
    for ch in text:
        limit = RIGHT - LEFT - (indent if lines else 0)
        if pdfmetrics.stringWidth(current + ch, FONT, BODY) > limit:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    return [(line, BODY, indent if i else 0) for i, line in enumerate(lines)]


def test_lines_wrapped_under_a_marks_text_are_joined(tmp_path):
    from kiyaku.analyzer.structure import parse

    second = ("２　当社は、会員が本サービスに登録した歩数、体重、血圧その他の健康情報を、会員の同意を得たうえで、"
              "提携する医療機関に提供することがあります。")
    item = ("(1)　他の会員の個人情報を収集し、蓄積し、又は第三者に提供する行為であって、当社が不適切と判断する"
            "もの")
    following = "　当社は、前項の行為をした会員の資格を停止できます。"  # a new paragraph set off by its first-line indent
    page = [("第1条（健康情報）", BODY, 0), ("当社は、会員の健康情報を適切に管理します。", BODY, 0)]
    page += hanging(second, pdfmetrics.stringWidth("２　", FONT, BODY))
    page += [("第2条（禁止事項）", BODY, 0), ("会員は、次の行為をしてはなりません。", BODY, 0)]
    page += hanging(item, pdfmetrics.stringWidth("(1)　", FONT, BODY))
    page += [(following, BODY, 0)]
    assert len(hanging(second, 20)) >= 2 and len(hanging(item, 20)) >= 2
    path = tmp_path / "hang.pdf"
    path.write_bytes(make_pdf([page], header=None, numbers=""))
    text = load(str(path)).text
    lines = [line.strip("　 ") for line in text.split("\n")]
    assert lines[2] == second
    assert lines[5] == item
    assert lines[6] == following.strip("　")
    doc = parse(text)
    assert doc.locate(text.index("提携する医療機関")).label() == "第1条第2項"
    assert doc.locate(text.index("不適切と判断")).label() == "第2条第1項第1号"


# A web page of our own, printed by the browser (A4, its header and footer on): every layout that broke
# a printed page. Widths are in px so that the lines wrap where the test says (full-width characters
# are 1em each): the first paragraph wraps right before 「第3条の規定」, the second fills its last line.
PRINTED_PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>見本規約｜見本サイト</title>
<style>p, h1, h2 { width: 320px; } h1 { font-size: 32px; }</style></head><body>
<header><nav><ul><li><a href="/">ホーム</a></li><li><a href="/help">ヘルプ</a></li></ul></nav></header>
<main><article>
<h1>見本サービスの会員向け利用規約</h1>
<h2>第1条（適用）</h2>
<p>会員による本サービスの利用については当社第3条の規定により別に定める条件も適用します。</p>
<p>会員は、本規約に同意の上で本サービスを利用し、利用の時点で同意したものとします。</p>
<p>閲覧者にも、本規約の定めを適用します。</p>
<h2>第2条（提供先）</h2>
<table><tr><th>提供先</th><th>提供する情報</th></tr>
<tr><td>提携する医療機関及び薬局</td><td>氏名、生年月日、検査結果その他の健康に関する情報の全部又は一部</td></tr></table>
</article></main><footer><p>© 見本株式会社</p></footer></body></html>"""


@pytest.mark.browser
def test_browser_printed_page_reads_as_its_article(tmp_path):
    from pdf_print_support import Printer

    page = tmp_path / "terms.html"
    page.write_text(PRINTED_PAGE, encoding="utf-8")
    printer = Printer(tmp_path / "profile")
    try:
        data = printer.print_pdf(page)
    finally:
        printer.close()
    source = load_bytes(data, "terms.pdf")
    assert source.text.split("\n") == [
        # the browser's header (date, title) and footer (address, 1/1) are Artifacts; the site's menu
        # and footer lie outside the <article>
        "見本サービスの会員向け利用規約",  # a heading wrapped onto two lines, joined
        "第1条（適用）",  # its digit, set in a Latin font with a lower glyph box, stays in the line
        # a line that stops mid-sentence continues into 「第3条の規定により…」: a reference, not a heading
        "会員による本サービスの利用については当社第3条の規定により別に定める条件も適用します。",
        # a paragraph whose last line fills the width ends at the paragraph spacing
        "会員は、本規約に同意の上で本サービスを利用し、利用の時点で同意したものとします。",
        "閲覧者にも、本規約の定めを適用します。",
        "第2条（提供先）",
        "提供先 提供する情報",  # a table row is one line, its cells in order
        "提携する医療機関及び薬局 氏名、生年月日、検査結果その他の健康に関する情報の全部又は一部",
    ]
    assert [source.text[s:e] for s, e, _ in source.headings] == [
        "見本サービスの会員向け利用規約", "第1条（適用）", "第2条（提供先）"
    ]
