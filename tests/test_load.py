"""Loading: encodings detected by content, text files, standard input and every way a file can be unreadable.

HTML, PDF and DOCX extraction live in test_load_html.py, test_load_pdf.py and test_load_docx.py.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
import tempfile

import pytest

import kiyaku.analyzer.load as load_module
from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.text import plausibility

TERMS = (
    "サンプル会員サービス利用規約\r\n"
    "\r\n"
    "第１条（目的）\r\n"
    "本規約は、株式会社サンプル（以下「当社」といいます。）が提供する会員サービスの利用条件を定めるものです。\r\n"
    "第２条（個人情報の取扱い）\r\n"
    "当社は、会員の氏名、住所及びメールアドレスを、業務委託先に提供することがあります。\r\n"
    "２　前項の場合、当社は委託先を適切に監督します。\r\n"
    "第３条（免責）\r\n"
    "当社は、本サービスの中断により会員に生じた損害について、一切の責任を負いません。\r\n"
)
EXPECTED = TERMS.replace("\r\n", "\n")


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "codec, reported",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp932", "cp932"),
        ("shift_jis", "cp932"),
        ("euc-jp", "euc-jp"),
        ("utf-16", "utf-16"),  # Python writes a BOM (little-endian here)
        ("iso-2022-jp", "iso-2022-jp"),
    ],
)
def test_encodings_are_detected_by_content(tmp_path, codec, reported):
    data = TERMS.encode(codec)
    source = load(write(tmp_path, "terms.txt", data))
    assert source.text == EXPECTED
    assert source.encoding == reported
    assert source.format == "text"
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.headings == []


def test_utf16_big_endian_with_bom(tmp_path):
    data = b"\xfe\xff" + TERMS.encode("utf-16-be")
    source = load(write(tmp_path, "terms.txt", data))
    assert source.text == EXPECTED and source.encoding == "utf-16"


def test_name_does_not_decide_encoding(tmp_path):
    # Shift_JIS in a file whose name claims UTF-8
    source = load(write(tmp_path, "terms.utf8.txt", TERMS.encode("cp932")))
    assert source.encoding == "cp932" and source.text == EXPECTED


@pytest.mark.parametrize(
    "text",
    [
        "利用規約",  # four characters: too short for statistical guessers
        "第１条",
        "附則",
        "ﾕｰｻﾞｰ登録規約",  # half-width katakana, which naive guessing reads as EUC-JP or Latin
        "第２条　ﾕｰｻﾞｰは、ｻｰﾋﾞｽの利用にあたり、ﾊﾟｽﾜｰﾄﾞを適切に管理するものとします。",
        "ｶﾞｲﾄﾞﾗｲﾝ ﾊﾞｰｼﾞｮﾝ2",  # half-width kana and ASCII only: decodes strictly as EUC-JP too
        "ﾒｰﾙｱﾄﾞﾚｽ",
        "①会員の氏名　②住所",
        "髙橋",  # an IBM extension kanji that only CP932 has
    ],
)
def test_short_and_half_width_shift_jis(tmp_path, text):
    source = load(write(tmp_path, "s.txt", text.encode("cp932")))
    assert source.encoding == "cp932"
    assert source.text == text


@pytest.mark.parametrize("text", ["利用規約", "本規約に同意します。", "第三条　免責事項"])
def test_short_euc_jp(tmp_path, text):
    source = load(write(tmp_path, "s.txt", text.encode("euc-jp")))
    assert source.encoding == "euc-jp" and source.text == text


def test_mojibake_scores_below_real_text():
    real = "当社は、会員の個人情報を第三者に提供しません。"
    assert plausibility(real) > 0.9
    euc_read_as_cp932 = real.encode("euc-jp").decode("cp932", errors="replace")
    assert plausibility(euc_read_as_cp932) < 0.2


def test_newlines_normalised_and_full_width_kept(tmp_path):
    data = "第１条\r本規約は、ＡＢＣ株式会社が定める。\r\n２　会員は…\n".encode("utf-8")
    source = load(write(tmp_path, "t.txt", data))
    assert source.text == "第１条\n本規約は、ＡＢＣ株式会社が定める。\n２　会員は…\n"


def test_markdown_by_extension_and_by_content(tmp_path):
    md = "# 利用規約\n\n## 第1条（目的）\n本規約は…\n\n## 第2条（定義）\n…\n"
    assert load(write(tmp_path, "t.md", md.encode())).format == "markdown"
    assert load(write(tmp_path, "t.txt", md.encode())).format == "markdown"
    source = load(write(tmp_path, "t.md", "本規約は当社のサービスに適用されます。<br>\n以上\n".encode()))
    assert source.format == "markdown"  # one stray tag does not make a markdown file HTML
    assert "<br>" in source.text


def test_stdin(monkeypatch):
    data = TERMS.encode("cp932")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    source = load("-")
    assert source.path == "-"
    assert source.encoding == "cp932" and source.text == EXPECTED


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError, match="<stdin>: empty"):
        load("-")


# ---- errors: one line, naming the file -------------------------------------------------------------


def assert_input_error(path: str, *words: str) -> InputError:
    with pytest.raises(InputError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(path + ": "), message
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return info.value


def test_missing_file(tmp_path):
    assert_input_error(str(tmp_path / "nowhere.txt"), "no such file")


def test_directory(tmp_path):
    assert_input_error(str(tmp_path), "directory")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\r\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\xff\xfe", b"\xff\xfe \x00\n\x00",
     "\u3000\u3000\n".encode("utf-8")],
)
def test_empty(tmp_path, data):
    assert_input_error(write(tmp_path, "empty.txt", data), "empty")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00\xff\xfe\x00",
        bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
        "利用規約".encode("utf-8") + b"\x01\x02\x03\x04\x05\x06\x07\x08",
    ],
)
def test_binary(tmp_path, data):
    assert_input_error(write(tmp_path, "blob.txt", data), "binary")


def test_legacy_word_document(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert_input_error(write(tmp_path, "terms.doc", data), ".doc")


@pytest.mark.parametrize(
    "data",
    [
        "Conditions d'utilisation : le café est à vous.".encode("latin-1"),  # not a Japanese encoding
        "利用規約".encode("utf-8")[:-1] + b"\xfd\xfe",  # broken in every candidate
        bytes([0xF0, 0x40, 0xF1, 0x41, 0xF2, 0x42, 0xF3, 0x43]) * 8,  # CP932 private use only: mojibake
    ],
)
def test_undecodable(tmp_path, data):
    assert_input_error(write(tmp_path, "x.txt", data), "cannot decode")


def test_broken_utf16_after_bom(tmp_path):
    assert_input_error(write(tmp_path, "x.txt", b"\xff\xfe" + "利用".encode("utf-16-le") + b"\x00\xd8"), "cannot decode")


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(load_module, "MAX_BYTES", 1024 * 1024)
    path = write(tmp_path, "big.txt", ("利用規約" * 100_000).encode("utf-8"))
    assert_input_error(path, "limit")


def test_too_large_on_stdin(monkeypatch):
    monkeypatch.setattr(load_module, "MAX_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * 5000)))
    with pytest.raises(InputError, match="<stdin>: .*limit"):
        load("-")


def test_max_bytes_is_documented():
    assert load_module.MAX_BYTES == 20 * 1024 * 1024
    assert "MAX_BYTES" in load_module.__doc__


def test_unreadable(tmp_path):
    # A directory everyone may enter, holding a file only its owner may read; the reader is "nobody".
    folder = tempfile.mkdtemp(dir="/tmp")
    try:
        os.chmod(folder, 0o755)
        path = os.path.join(folder, "secret.txt")
        with open(path, "wb") as handle:
            handle.write(TERMS.encode())
        os.chmod(path, 0o000)
        if os.geteuid() == 0:
            os.seteuid(65534)
            try:
                with pytest.raises(InputError) as info:
                    load(path)
            finally:
                os.seteuid(0)
        else:
            with pytest.raises(InputError) as info:
                load(path)
        assert str(info.value) == f"{path}: permission denied"
    finally:
        shutil.rmtree(folder)


def test_pdf_name_without_pdf_content(tmp_path):
    assert_input_error(write(tmp_path, "terms.pdf", TERMS.encode()), "not a readable PDF")


def test_docx_name_without_zip_content(tmp_path):
    assert_input_error(write(tmp_path, "terms.docx", TERMS.encode()), "not a readable DOCX")


def test_zip_that_is_not_a_docx(tmp_path):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "利用規約")
    assert_input_error(write(tmp_path, "terms.docx", buffer.getvalue()), "not a DOCX")


# ---- robustness: whatever the bytes, the only failure is an InputError --------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
             b"<ol><li>", b"\x1b$B", "第１条".encode("cp932"), "利用規約".encode("euc-jp")]
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@st.composite
def documents(draw):
    prefix = draw(st.sampled_from(_PREFIXES))
    body = draw(st.one_of(
        st.binary(max_size=2000),
        _TEXT.map(lambda t: t.encode("utf-8")),
        _TEXT.map(lambda t: t.encode("cp932", errors="ignore")),
        _TEXT.map(lambda t: t.encode("euc-jp", errors="ignore")),
        _TEXT.map(lambda t: t.encode("utf-16-le", errors="ignore")),
    ))
    return prefix + body


@settings(max_examples=int(os.environ.get("KIYAKU_FUZZ_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=documents(), name=st.sampled_from(["x.txt", "x.md", "x.html", "x.pdf", "x.docx", "x"]))
def test_any_bytes_load_or_raise_input_error(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        source = load(str(path))
    except InputError as err:
        assert str(err).startswith(str(path) + ": ") and "\n" not in str(err)
        return
    assert source.text.strip()
    assert "\r" not in source.text
    for start, end, level in source.headings:
        assert 0 <= start <= end <= len(source.text) and 1 <= level <= 9


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, codec):
    source = load(write(tmp_path, "terms.txt", TERMS.encode(codec)))
    assert source.text == EXPECTED and source.encoding == codec
