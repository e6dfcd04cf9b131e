"""Bad input through the real CLI: exit 2, one line on stderr naming the file and the problem,
no traceback, and no output file (nor temporary file) left behind.

These run `kiyaku` in-process (kiyaku.cli.main) and fail before any GiNZA work, so they stay fast.
One test per kind of bad input.
"""
import io
import os
import textwrap
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from kiyaku.cli import main
from kiyaku.output import open_output, write_output

CORPUS = Path(str(files("kiyaku.corpora")))


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


def assert_refused(tmp_path, capsys, path, *problem, extra=()):
    """`kiyaku analyze PATH -o FILE` fails cleanly: status 2, one line naming PATH and the problem, no FILE."""
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir(exist_ok=True)
    code, stdout, err = run(capsys, "analyze", str(path), "--format", "json", "-o", str(out), "--no-cache", *extra)
    assert code == 2
    assert stdout == ""
    assert_one_clean_line(err, str(path), *problem)
    assert not out.exists()
    assert not list(tmp_path.rglob(".report.json.*"))  # no temporary file either


def write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docx_with_document_part(path: Path, part: bytes) -> Path:
    """The corpus's real DOCX with its document part replaced by ``part``."""
    with zipfile.ZipFile(CORPUS / "docx-association" / "terms.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = part if info.filename == "word/document.xml" else src.read(info.filename)
            dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return path


def zip_bomb_docx(path: Path, size: int = 200 * 1024 * 1024) -> Path:
    """A .docx whose document part decompresses to far more than any sane terms document."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    return path


# -- documents ---------------------------------------------------------------------------------------


def test_empty_file(tmp_path, capsys):
    assert_refused(tmp_path, capsys, write(tmp_path, "empty.txt", b""), "empty file")


def test_blank_file_with_only_a_bom_and_spaces(tmp_path, capsys):
    assert_refused(tmp_path, capsys, write(tmp_path, "blank.txt", "\ufeff  \n\n".encode("utf-8")), "empty file")


def test_binary_data(tmp_path, capsys):
    assert_refused(tmp_path, capsys, write(tmp_path, "binary.txt", bytes(range(256)) * 64), "binary")


def test_undecodable_text(tmp_path, capsys):
    # Valid in no Japanese encoding: stray UTF-8 continuation bytes mixed with Latin-1 high bytes.
    data = "第1条 利用規約".encode("utf-8") + b"\x80\x81\xfe\xff\xfd" * 40
    assert_refused(tmp_path, capsys, write(tmp_path, "mojibake.txt", data), "cannot decode")


def test_mixed_encodings(tmp_path, capsys):
    # A file pasted together from a UTF-8 and a Shift_JIS document: no single encoding reads it.
    data = (
        "第1条（目的）本規約は、当社のサービスの利用条件を定めるものです。\n".encode("utf-8")
        + "第2条（免責）当社は、本サービスに関して一切の責任を負いません。\n".encode("cp932")
    ) * 5
    assert_refused(tmp_path, capsys, write(tmp_path, "mixed.txt", data), "cannot decode")


def test_truncated_pdf(tmp_path, capsys):
    whole = (CORPUS / "pdf-clinic" / "terms.pdf").read_bytes()
    assert_refused(tmp_path, capsys, write(tmp_path, "half.pdf", whole[: len(whole) // 2]), "not a readable PDF")


def test_pdf_name_without_pdf_content(tmp_path, capsys):
    data = "第1条 これはPDFではありません。".encode("utf-8") * 3
    assert_refused(tmp_path, capsys, write(tmp_path, "not-a-pdf.pdf", data), "not a readable PDF", "%PDF")


def test_docx_that_is_not_a_zip(tmp_path, capsys):
    data = "第1条 これはWordファイルではありません。".encode("utf-8")
    assert_refused(tmp_path, capsys, write(tmp_path, "not-a-zip.docx", data), "not a readable DOCX", "not a zip")


def test_docx_with_a_broken_zip_archive(tmp_path, capsys):
    data = b"PK\x03\x04" + b"\x00" * 200
    assert_refused(tmp_path, capsys, write(tmp_path, "broken.docx", data), "not a readable DOCX", "zip")


def test_docx_with_garbage_document_xml(tmp_path, capsys):
    corrupt = docx_with_document_part(tmp_path / "corrupt.docx", b"\x00\xff<w:document><w:body><w:p>")
    assert_refused(tmp_path, capsys, corrupt, "not a readable DOCX")


def test_docx_zip_bomb(tmp_path, capsys):
    assert_refused(tmp_path, capsys, zip_bomb_docx(tmp_path / "bomb.docx"), "zip bomb")


def test_file_over_the_size_limit(tmp_path, capsys):
    from kiyaku.analyzer.load import MAX_BYTES

    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    assert_refused(tmp_path, capsys, big, "MB limit")


def test_missing_path(tmp_path, capsys):
    assert_refused(tmp_path, capsys, tmp_path / "nowhere.txt", "no such file")


def test_directory_is_not_a_document(tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_refused(tmp_path, capsys, folder, "is a directory")


def test_stdin_empty_is_bad_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "analyze", "-", "--format", "json")
    assert code == 2
    assert_one_clean_line(err, "<stdin>", "empty")


# -- rule packs --------------------------------------------------------------------------------------

# A YAML error on line 4: the title is indented under the scalar of line 3.
BROKEN_YAML = textwrap.dedent(
    """\
    id: mine.broken
    category: usage_limit
    severity: high
      title: 利用停止
    """
)
# Valid YAML, but severity is not one the schema allows (line 3).
BAD_SEVERITY = textwrap.dedent(
    """\
    id: mine.bad-severity
    category: usage_limit
    severity: extreme
    title: 利用の停止
    explanation: 事業者の判断で利用を停止できるとする条項です。
    refs: []
    patterns:
      - [{LEMMA: 停止}]
    examples:
      match:
        - {text: 当社は利用を停止します。}
      no_match:
        - {text: 当社は利用を再開します。, why: 停止ではない}
    """
)


def rule_pack(tmp_path, text: str) -> tuple[Path, Path]:
    pack = tmp_path / "mine"
    pack.mkdir()
    rule = pack / "rule.yaml"
    rule.write_text(text, "utf-8")
    return pack, rule


def test_malformed_rule_pack_names_the_file_and_line(tmp_path, capsys):
    pack, rule = rule_pack(tmp_path, BROKEN_YAML)
    doc = CORPUS / "gov-portal" / "terms.txt"
    out = tmp_path / "report.jsonl"
    code, stdout, err = run(capsys, "analyze", str(doc), str(doc), "--rules", str(pack), "--format", "jsonl",
                            "-o", str(out), "--no-cache")
    assert code == 2
    assert_one_clean_line(err, f"{rule}:4:", "YAML")  # once for the run, not once per document
    assert stdout == "" and not out.exists()


def test_rule_pack_schema_error_names_the_file_and_line(tmp_path, capsys):
    pack, rule = rule_pack(tmp_path, BAD_SEVERITY)
    out = tmp_path / "report.json"
    code, _, err = run(capsys, "analyze", str(CORPUS / "gov-portal" / "terms.txt"), "--rules", str(pack),
                       "--format", "json", "-o", str(out))
    assert code == 2
    assert_one_clean_line(err, f"{rule}:3:", "severity")
    assert not out.exists()


def test_rules_test_with_a_malformed_pack_added(tmp_path, capsys):
    pack, rule = rule_pack(tmp_path, BROKEN_YAML)
    code, stdout, err = run(capsys, "rules", "test", "--rules", str(pack))
    assert code == 2
    assert stdout == ""
    assert_one_clean_line(err, f"{rule}:4:", "YAML")


def test_rules_test_of_a_malformed_pack_alone(tmp_path, capsys):
    pack, rule = rule_pack(tmp_path, BAD_SEVERITY)
    code, stdout, err = run(capsys, "rules", "test", str(pack))
    assert code == 2
    assert stdout == ""
    assert_one_clean_line(err, f"{rule}:3:", "severity")


def test_rules_directory_that_does_not_exist(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", str(CORPUS / "gov-portal" / "terms.txt"), "--rules",
                       str(tmp_path / "nope"), "--format", "json")
    assert code == 2
    assert_one_clean_line(err, str(tmp_path / "nope"), "not a directory")


# -- usage and output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, command", [
    (["analyze"], "kiyaku analyze"),
    (["diff", "only-one.txt"], "kiyaku diff"),
    (["analyze", "x.txt", "--format", "pdf"], "kiyaku analyze"),
    (["frobnicate"], "kiyaku"),
    (["rules", "frobnicate"], "kiyaku rules"),
    (["analyze", "x.txt", "--frobnicate"], "kiyaku"),
])
def test_usage_errors_are_one_line_naming_the_command(capsys, argv, command):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert_one_clean_line(err, "usage", f"(see `{command} --help`)")
    assert "kiyaku kiyaku" not in err


def test_several_documents_with_format_json_is_a_usage_error(tmp_path, capsys):
    doc = CORPUS / "gov-portal" / "terms.txt"
    out = tmp_path / "report.json"
    code, _, err = run(capsys, "analyze", str(doc), str(doc), "--format", "json", "-o", str(out))
    assert code == 2
    assert_one_clean_line(err, "jsonl or csv")
    assert not out.exists()


def test_output_path_that_is_a_directory(tmp_path, capsys):
    code, _, err = run(capsys, "analyze", str(tmp_path / "nowhere.txt"), "--format", "json", "-o", str(tmp_path))
    assert code == 2
    assert_one_clean_line(err, str(tmp_path), "is a directory")


def test_output_file_appears_only_when_complete(tmp_path):
    target = tmp_path / "report.jsonl"
    with pytest.raises(KeyboardInterrupt):
        with open_output(str(target)) as out:
            out.write("{}\n")
            assert not target.exists()  # written to a temporary file until the end
            raise KeyboardInterrupt
    assert not target.exists() and not list(tmp_path.iterdir())
    with open_output(str(target)) as out:
        pass  # nothing written: no file
    assert not target.exists()
    with open_output(str(target)) as out:
        out.write("{}\n")
        out.write("{}\n")
    assert target.read_text() == "{}\n{}\n" and len(list(tmp_path.iterdir())) == 1
    write_output(b"", str(tmp_path / "empty.bin"))  # an empty report is still a report
    assert (tmp_path / "empty.bin").read_bytes() == b""



@pytest.mark.nlp
def test_an_output_path_that_is_a_pipe_stays_a_pipe(tmp_path, monkeypatch):
    # `-o /dev/null` or a FIFO is a stream: writing through a temp file and a rename would replace the
    # device or pipe with a regular file (seen once with /dev/null). A FIFO stands in for the device here.
    import stat
    import threading

    from kiyaku.cli import main

    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "cache"))
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    document = Path(__file__).parent.parent / "corpora" / "gov-portal" / "terms.txt"
    assert main(["analyze", str(document), "--format", "json", "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and b'"schema": "kiyaku/analysis@1"' in received[0]
