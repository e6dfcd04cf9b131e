"""DOCX: body paragraphs and tables in order, Word's automatic numbering written out, headings recorded."""
from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from kiyaku.analyzer.load import docx as load_docx
from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.docx_numbering import format_number

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_list(document, levels: list[tuple[str, str, int]], num_id: int, abstract_id: int,
             start_override: int | None = None, suffix: str | None = None) -> int:
    """Define a list in the numbering part: ``levels`` are (numFmt, lvlText, start) for ilvl 0, 1, …"""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:suff w:val="{suffix}"/>' if suffix else "")
        + f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before the nums
    else:
        numbering.append(abstract)
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override is not None else "")
    numbering.append(parse_xml(
        f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
    ))
    return num_id


def numbered(document, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))
    return paragraph


def save(document, tmp_path, name="terms.docx") -> str:
    path = tmp_path / name
    document.save(str(path))
    return str(path)


def terms_document():
    document = docx.Document()
    document.add_heading("サンプル会員規約", level=1)
    document.add_paragraph("この規約は、株式会社サンプルが提供するサービスの利用条件を定めます。")
    articles = add_list(document, [("decimal", "第%1条", 1), ("decimal", "(%2)", 1)], num_id=101, abstract_id=201)
    numbered(document, "（目的）", articles, style="Heading 2")
    document.add_paragraph("本規約は、会員と当社との間の一切の関係に適用されます。")
    numbered(document, "（禁止事項）", articles, style="Heading 2")
    document.add_paragraph("会員は、次の行為をしてはなりません。")
    numbered(document, "法令に違反する行為", articles, ilvl=1)
    numbered(document, "他の会員の個人情報を収集する行為", articles, ilvl=1)
    numbered(document, "（免責）", articles, style="Heading 2")
    numbered(document, "当社は、故意又は重大な過失がある場合を除き責任を負いません。", articles, ilvl=1)
    return document


def test_automatic_numbering_is_written_out(tmp_path):
    source = load(save(terms_document(), tmp_path))
    assert source.format == "docx" and source.encoding == "docx"
    assert source.text.split("\n") == [
        "サンプル会員規約",
        "この規約は、株式会社サンプルが提供するサービスの利用条件を定めます。",
        "第1条\t（目的）",
        "本規約は、会員と当社との間の一切の関係に適用されます。",
        "第2条\t（禁止事項）",
        "会員は、次の行為をしてはなりません。",
        "(1)\t法令に違反する行為",
        "(2)\t他の会員の個人情報を収集する行為",
        "第3条\t（免責）",
        "(1)\t当社は、故意又は重大な過失がある場合を除き責任を負いません。",  # restarted under 第3条
    ]


def test_headings_from_styles(tmp_path):
    source = load(save(terms_document(), tmp_path))
    assert [(source.text[s:e], level) for s, e, level in source.headings] == [
        ("サンプル会員規約", 1), ("第1条\t（目的）", 2), ("第2条\t（禁止事項）", 2), ("第3条\t（免責）", 2),
    ]


def test_numbering_inherited_from_paragraph_style(tmp_path):
    document = docx.Document()
    num_id = add_list(document, [("japaneseCounting", "第%1条", 1)], num_id=7, abstract_id=8, suffix="space")
    style = document.styles.add_style("条見出し", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="{num_id}"/></w:numPr>'))
    for title in ["目的", "定義"] + ["条項"] * 10:
        document.add_paragraph(title, style="条見出し")
    lines = load(save(document, tmp_path)).text.split("\n")
    assert lines[:2] == ["第一条 目的", "第二条 定義"]
    assert lines[9:12] == ["第十条 条項", "第十一条 条項", "第十二条 条項"]


def test_start_override_and_shared_lists(tmp_path):
    document = docx.Document()
    add_list(document, [("decimalEnclosedCircle", "%1", 1)], num_id=1, abstract_id=1, suffix="nothing")
    add_list(document, [("aiueoFullWidth", "%1", 1)], num_id=2, abstract_id=2, suffix="nothing")
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {W_NS} w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))
    numbered(document, "氏名", 1)
    numbered(document, "住所", 1)
    numbered(document, "生年月日", 2)
    numbered(document, "電話番号", 2)
    numbered(document, "メールアドレス", 3)  # a new instance of list 1 that restarts it
    assert load(save(document, tmp_path)).text.split("\n") == ["①氏名", "②住所", "ア生年月日", "イ電話番号", "①メールアドレス"]


def test_tables_and_multi_level_text(tmp_path):
    document = docx.Document()
    num_id = add_list(document, [("decimalFullWidth", "第%1条", 1), ("decimal", "%1.%2", 1)], num_id=5, abstract_id=5)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "第１条"
    table.cell(0, 1).text = "本規約は会員に適用されます。"
    table.cell(1, 0).text = "第２条"
    table.cell(1, 1).text = "当社は通知なく本規約を変更できます。"
    numbered(document, "附則", num_id)
    numbered(document, "本規約は2024年4月1日から施行します。", num_id, ilvl=1)
    assert load(save(document, tmp_path)).text.split("\n") == [
        "第１条\t本規約は会員に適用されます。",
        "第２条\t当社は通知なく本規約を変更できます。",
        "第１条\t附則",
        "１.1\t本規約は2024年4月1日から施行します。",  # %1 keeps level 1's own (full-width) format
    ]


def test_hidden_and_deleted_text_left_out(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("当社は")
    hidden = paragraph.add_run("（社内メモ：要確認）")
    hidden.font.hidden = True
    paragraph.add_run("責任を負いません。")
    paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="x"><w:r><w:delText>削除済みの文</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="x"><w:r><w:t>ただし例外あり。</w:t></w:r></w:ins>'))
    assert load(save(document, tmp_path)).text == "当社は責任を負いません。ただし例外あり。"


@pytest.mark.parametrize(
    "n, fmt, expected",
    [
        (1, "decimal", "1"), (12, "decimalFullWidth", "１２"), (1, "japaneseCounting", "一"),
        (10, "japaneseCounting", "十"), (12, "japaneseCounting", "十二"), (20, "japaneseCounting", "二十"),
        (105, "japaneseCounting", "百五"), (3, "ideographTraditional", "丙"), (3, "irohaFullWidth", "ハ"),
        (2, "iroha", "ﾛ"), (4, "aiueoFullWidth", "エ"), (1, "decimalEnclosedCircle", "①"),
        (21, "decimalEnclosedCircle", "㉑"), (3, "lowerLetter", "c"), (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"), (3, "decimalEnclosedParen", "⑶"), (7, "decimalZero", "07"),
        (10, "japaneseDigitalTenThousand", "一〇"), (3, "japaneseLegal", "参"), (2, "ideographZodiac", "丑"),
    ],
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_zip_bomb_ratio(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(terms_document()))) as source, \
            zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(data.getvalue())
    with pytest.raises(InputError, match=r"bomb\.docx: .*zip bomb"):
        load(str(path))


def test_zip_bomb_total(tmp_path, monkeypatch):
    monkeypatch.setattr(load_docx, "MAX_UNCOMPRESSED", 10_000)
    path = save(terms_document(), tmp_path, "big.docx")
    with pytest.raises(InputError, match=r"big\.docx: DOCX parts decompress to more than .*zip bomb"):
        load(path)


def test_corrupt_docx(tmp_path):
    data = docx_bytes(terms_document())
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cut\.docx: not a readable DOCX"):
        load(str(path))


def test_docx_with_broken_xml(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(terms_document()))) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, content[:200] if item.filename == "word/document.xml" else content)
    path = tmp_path / "broken.docx"
    path.write_bytes(data.getvalue())
    with pytest.raises(InputError, match=r"broken\.docx: not a readable DOCX"):
        load(str(path))


def test_empty_docx(tmp_path):
    with pytest.raises(InputError, match=r"empty\.docx: no text"):
        load(save(docx.Document(), tmp_path, "empty.docx"))


def test_damaged_docx_fail_only_with_input_error():
    import random

    from kiyaku.analyzer.load import load_bytes

    original = docx_bytes(terms_document())
    rnd = random.Random(7)
    for _ in range(int(os.environ.get("KIYAKU_FUZZ_EXAMPLES", "60"))):
        data = bytearray(original)
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            data = data[: rnd.randrange(len(data))]
        try:
            source = load_bytes(bytes(data), "damaged.docx")
        except InputError as err:
            assert str(err).startswith("damaged.docx: ")
        else:
            assert source.text.strip()
