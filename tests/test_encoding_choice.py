"""The encoding is chosen by the plausibility of the Japanese among every candidate, never silently wrong.

UTF-16 without a byte-order mark (full-width spaces defeat any NUL-position rule), short EUC-JP and
UTF-16 texts whose bytes also decode as CP932, and an HTML page that declares one charset but is in
another: each is read as written or refused with both encodings named and a pointer to ``--encoding``.
"""
from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.text import decode

CORPORA = Path(str(files("kiyaku.corpora")))
TEXTS = [p for p in sorted(CORPORA.glob("*/*")) if p.suffix in (".txt", ".md") and p.name != "source.txt"]
CODECS = ["utf-8", "cp932", "euc-jp", "utf-16-le", "utf-16-be"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_every_corpus_text_as_bomless_utf16(tmp_path, codec):
    assert len(TEXTS) > 10
    for path in TEXTS:
        text = load(str(path)).text
        target = tmp_path / path.name
        target.write_bytes(text.encode(codec))
        source = load(str(target))
        assert (source.encoding, source.text) == (codec, text), path


SHORT = ["生鮮食品", "利用規約", "第１条", "附則", "ﾒｰﾙｱﾄﾞﾚｽ", "髙橋", "個人情報", "本規約に同意します。", "会員", "第三条　免責事項",
         "①会員の氏名　②住所", "ｶﾞｲﾄﾞﾗｲﾝ ﾊﾞｰｼﾞｮﾝ2", "当社は責任を負いません。", "退会", "準拠法及び管轄裁判所"]


@pytest.mark.parametrize("codec", CODECS)
def test_short_texts_are_read_as_written_or_refused_naming_both(codec):
    for text in SHORT:
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue  # 髙 has no EUC-JP code
        try:
            got, encoding = decode(data, "s.txt")
        except InputError as err:
            message = str(err)
            assert "ambiguous encoding" in message and "--encoding" in message, (text, codec, message)
            named = {"cp932": "shift_jis"}.get(codec, codec)
            assert named in message, (text, codec, message)
            continue
        assert got == text, f"{text!r} in {codec} read as {encoding}: {got!r}"


def test_the_reported_mojibake_cases():
    """「生鮮食品」 in EUC-JP became 「ﾀｸﾁｯｿｩﾉﾊ」 with exit 0; 利用規約 in UTF-16 decoded as CP932."""
    for text, codec in (("生鮮食品", "euc-jp"), ("利用規約", "utf-16-le")):
        with pytest.raises(InputError, match="ambiguous encoding"):
            decode(text.encode(codec), "s.txt")
        assert decode(text.encode(codec), "s.txt", encoding=codec)[0] == text


def test_a_declared_charset_is_only_a_hint(tmp_path):
    page = ('<html><head><meta charset="shift_jis"><title>規約</title></head><body>'
            "<h2>第1条（目的）</h2><p>本規約は、当社のサービスの利用条件を定めるものです。</p></body></html>")
    path = tmp_path / "terms.html"
    path.write_bytes(page.encode("utf-8"))
    source = load(str(path))
    assert source.encoding == "utf-8" and "本規約は、当社のサービス" in source.text
    path.write_bytes(page.replace("shift_jis", "utf-8").encode("cp932"))
    assert load(str(path)).encoding == "cp932"


def _kiyaku(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kiyaku", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_encoding_option(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("生鮮食品".encode("euc-jp"))
    out = _kiyaku("analyze", str(path), "--format", "json", "--no-cache")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "ambiguous encoding" in out.stderr and "--encoding" in out.stderr and str(path) in out.stderr
    out = _kiyaku("analyze", str(path), "--format", "json", "--no-cache", "--encoding", "euc-jp")
    assert out.returncode == 0, out.stderr
    assert '"encoding": "euc-jp"' in out.stdout and "生鮮食品" in out.stdout
    out = _kiyaku("analyze", str(path), "--encoding", "klingon")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "unknown encoding" in out.stderr
    path.write_bytes(b"\xff\xfe\xfd")
    out = _kiyaku("analyze", str(path), "--encoding", "utf-8")
    assert out.returncode == 2 and "not valid utf-8" in out.stderr and out.stderr.count("\n") == 1
