"""Bad input through the real CLI: exit 2, one line on stderr naming the file, no traceback, no output file.

These run `kiyaku` in-process (analyzer.cli.main) and fail before any GiNZA work, so they stay fast.
"""
import io
import zipfile

import pytest

from analyzer.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clean_line(err: str, *needles: str):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def zip_bomb_docx(path, size=200 * 1024 * 1024):
    """A .docx whose document part decompresses to far more than any sane terms document."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": "\ufeff  \n\n".encode("utf-8"),
    "binary.txt": bytes(range(256)) * 64,
    "not-a-pdf.pdf": "第1条 これはPDFではありません。".encode("utf-8") * 3,
    "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa",
    "not-a-zip.docx": "第1条 これはWordファイルではありません。".encode("utf-8"),
    "corrupt.docx": b"PK\x03\x04" + b"\x00" * 200,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_file_exit_2_one_line_no_output(tmp_path, capsys, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_INPUTS[name])
    out = tmp_path / "report.json"
    code, stdout, err = run(capsys, "analyze", str(bad), "--format", "json", "-o", str(out), "--no-cache")
    assert code == 2
    assert_one_clean_line(err, name)
    assert not out.exists()
    assert not list(tmp_path.glob(".report.json.*"))


def test_zip_bomb_docx_is_refused(tmp_path, capsys):
    bomb = tmp_path / "bomb.docx"
    zip_bomb_docx(bomb)
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "analyze", str(bomb), "--format", "json", "-o", str(out), "--no-cache")
    assert code == 2
    assert_one_clean_line(err, "bomb.docx")
    assert not out.exists()


def test_missing_path(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", str(tmp_path / "nowhere.txt"), "--format", "json")
    assert code == 2
    assert_one_clean_line(err, "nowhere.txt")


def test_directory_is_not_a_document(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", str(tmp_path), "--format", "json")
    assert code == 2
    assert_one_clean_line(err, str(tmp_path))


def test_file_over_the_size_limit(tmp_path, capsys):
    from analyzer.load import MAX_BYTES

    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    code, _, err = run(capsys, "analyze", str(big), "--format", "json")
    assert code == 2
    assert_one_clean_line(err, "huge.txt")


def test_undecodable_text(tmp_path, capsys):
    # Valid in no Japanese encoding: stray UTF-8 continuation bytes mixed with Latin-1 high bytes.
    bad = tmp_path / "mojibake.txt"
    bad.write_bytes("第1条 利用規約".encode("utf-8") + b"\x80\x81\xfe\xff\xfd" * 40)
    code, _, err = run(capsys, "analyze", str(bad), "--format", "json")
    assert code == 2
    assert_one_clean_line(err, "mojibake.txt")


def test_usage_errors_are_one_line(capsys):
    code, _, err = run(capsys, "analyze")
    assert code == 2
    assert_one_clean_line(err, "usage")
    code, _, err = run(capsys, "diff", "only-one.txt")
    assert code == 2
    assert_one_clean_line(err, "usage")
    code, _, err = run(capsys, "analyze", "x.txt", "--format", "pdf")
    assert code == 2
    assert_one_clean_line(err, "usage")


def test_stdin_empty_is_bad_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "analyze", "-", "--format", "json")
    assert code == 2
    assert_one_clean_line(err)
