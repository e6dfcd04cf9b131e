"""Time and peak memory on hostile shapes of input, beside the same volume of ordinary terms text.

    python bench/pathological.py                    # every shape at full size (several minutes)
    python bench/pathological.py --scale 0.1        # a tenth of every size: a quick look
    python bench/pathological.py --only one-line leaders --timeout 120

Each shape is generated here (nothing is downloaded, no real document is used). Each run is one fresh
`kiyaku analyze FILE --format json --no-cache -o /dev/null` process; its wall time and peak RSS (the
kernel's ru_maxrss of the process) are printed beside a run on ordinary terms text of the same number
of characters (the project's own corpus documents, concatenated and renumbered), with the ratio of the
per-character times. A refused input (exit 2, one line) is a bounded outcome too: its line is shown.

Goal (issues 16 and 17): every shape ≤ 3× the per-character time of ordinary text, ≥ 50,000 chars/s,
peak RSS ≤ 1.5 GB, whether it is analysed or refused.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

# Runs the command given as arguments and prints "seconds maxrss_kb exit" and its stderr's last line:
# RUSAGE_CHILDREN of a fresh process is exactly the peak of the one child it waited for. A run past the
# timeout, or past the memory limit (so a bomb cannot take the machine down), is killed and says so.
_WRAPPER = r"""
import os, resource, subprocess, sys, time
timeout, limit_kb = float(sys.argv[1]), int(sys.argv[2])
t = time.perf_counter()
p = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
code = None
while code is None:
    try:
        code = p.wait(0.1)
    except subprocess.TimeoutExpired:
        try:
            rss = int(next(l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")).split()[1])
        except (OSError, StopIteration):
            rss = 0
        if time.perf_counter() - t > timeout or rss > limit_kb:
            p.kill(); p.wait()
            code = "timeout" if rss <= limit_kb else "killed"
err = p.stderr.read().decode("utf-8", "replace").strip().splitlines()
elapsed = time.perf_counter() - t
print(f"{elapsed:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {code}")
print(err[-1] if err and code not in ("timeout", "killed") else "")
"""


# ------------------------------------------------------------------------------------------- text


def _corpus_texts() -> list[str]:
    sys.path.insert(0, str(ROOT))
    try:
        from kiyaku.analyzer.load import load  # after the layout change
    except ImportError:  # pragma: no cover - before it
        from analyzer.load import load
    texts = []
    for path in sorted(CORPORA.glob("*/*")):
        if path.suffix in (".txt", ".md") and path.name != "source.txt":
            texts.append(load(str(path)).text)
    return texts


_ARTICLE = re.compile(r"^第[0-9０-９一二三四五六七八九十百]+条", re.M)


def ordinary(chars: int) -> str:
    """``chars`` characters of ordinary terms: corpus documents one after another, articles renumbered."""
    texts = _corpus_texts()
    out, size, n, i = [], 0, 0, 0
    while size < chars:
        text = texts[i % len(texts)]
        i += 1

        def renumber(_m):
            nonlocal n
            n += 1
            return f"第{n}条"

        piece = _ARTICLE.sub(renumber, text) + "\n"
        out.append(piece)
        size += len(piece)
    return "".join(out)[:chars]


# ----------------------------------------------------------------------------------------- shapes


def one_line(scale: float) -> tuple[bytes, str, int]:
    """Ordinary text with every newline and 。 removed: one 5 MB line, one sentence."""
    text = ordinary(int(5_000_000 * scale / 3)).replace("\n", "").replace("。", "")
    return text.encode("utf-8"), ".txt", len(text)


def headings(scale: float) -> tuple[bytes, str, int]:
    """200,000 article headings 第N条, increasing, each with a one-line body."""
    n = int(200_000 * scale)
    text = "".join(f"第{i}条（規定）\n本条は規定する。\n" for i in range(1, n + 1))
    return text.encode("utf-8"), ".txt", len(text)


def items(scale: float) -> tuple[bytes, str, int]:
    """One article with 100,000 items （N）."""
    n = int(100_000 * scale)
    text = "第1条（定義）\n次の各号に定める。\n" + "".join(f"（{i}）利用者は情報を登録する。\n" for i in range(1, n + 1))
    return text.encode("utf-8"), ".txt", len(text)


def nested_html(scale: float) -> tuple[bytes, str, int]:
    """10,000 nested <div>s, a sentence in each."""
    n = int(10_000 * scale)
    body = "".join(f"<div><p>第{i}条　当社は情報を管理する。</p>" for i in range(1, n + 1)) + "</div>" * n
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>規約</title></head><body>{body}</body></html>"
    chars = n * len("第1条　当社は情報を管理する。\n")
    return page.encode("utf-8"), ".html", chars


def _docx(document_xml: str, numbering_xml: str | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + ('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' if numbering_xml else "")
        + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>' if numbering_xml else "")
        + "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/document.xml", document_xml)
        if numbering_xml:
            z.writestr("word/numbering.xml", numbering_xml)
    return buf.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(paragraphs: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{paragraphs}</w:body></w:document>'


def docx_paragraphs(scale: float) -> tuple[bytes, str, int]:
    """A DOCX with 100,000 paragraphs (an article heading every tenth)."""
    n = int(100_000 * scale)
    paras, chars = [], 0
    for i in range(n):
        text = f"第{i // 10 + 1}条（規定）" if i % 10 == 0 else f"当社は利用者の情報を適切に管理する（管理番号{i * 7919 % 100003}）。"
        paras.append(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
        chars += len(text) + 1
    return _docx(_document("".join(paras))), ".docx", chars


def _pdf(pages: list[bytes]) -> bytes:
    """A minimal PDF, one content stream per page (each given already encoded, with its filter)."""
    objects: list[bytes] = []
    kids = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # pages, filled below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for stream, filters in pages:
        content_id = len(objects) + 1
        objects.append(b"<< /Length %d %s>>\nstream\n" % (len(stream), filters) + stream + b"\nendstream")
        page_id = len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, content_id)
        )
        kids.append(page_id)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_pages(scale: float) -> tuple[bytes, str, int]:
    """A PDF of 2,000 pages, one word each."""
    n = int(2_000 * scale)
    pages = [(b"BT /F1 12 Tf 72 720 Td (Terms%d) Tj ET" % i, b"") for i in range(n)]
    return _pdf(pages), ".pdf", n * 8


def pdf_flate_bomb(scale: float) -> tuple[bytes, str, int]:
    """A ~1 MB PDF whose one content stream inflates to ~1 GB of text operators."""
    size = int(1_000_000_000 * scale)
    chunk = b"BT /F1 12 Tf 72 720 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\n" * 16_000
    comp = zlib.compressobj(9)
    parts = [comp.compress(chunk) for _ in range(max(1, size // len(chunk)))]
    parts.append(comp.flush())
    data = _pdf([(b"".join(parts), b"/Filter /FlateDecode ")])
    return data, ".pdf", len(data)  # refused or not, it is measured against its own volume


def docx_lying_sizes(scale: float) -> tuple[bytes, str, int]:
    """A ~2 MB DOCX whose document.xml declares a tiny size and inflates to ~2 GB."""
    size = int(2_000_000_000 * scale)
    filler = b"<w:p><w:r><w:t>" + b"A" * 60 + b"</w:t></w:r></w:p>"
    body = _document("").encode()
    head, tail = body.split(b"</w:body>")
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = filler * (1_000_000 // len(filler))
    parts = [comp.compress(head)] + [comp.compress(block) for _ in range(max(1, size // len(block)))]
    parts += [comp.compress(b"</w:body>" + tail), comp.flush()]
    data = bytearray(_docx(_document("<w:p><w:r><w:t>x</w:t></w:r></w:p>")))
    # Rebuild with the bomb as word/document.xml, its headers claiming 100 bytes.
    buf = io.BytesIO(bytes(data))
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
    raw = out.getvalue()
    bomb = b"".join(parts)
    data = _append_member(raw, "word/document.xml", bomb, claimed=100)
    return data, ".docx", len(data)


def _append_member(archive: bytes, name: str, deflated: bytes, claimed: int) -> bytes:
    """Add a deflated member whose local and central headers claim ``claimed`` bytes uncompressed."""
    import struct

    end = archive.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", archive[end + 12 : end + 20])
    count = struct.unpack("<H", archive[end + 10 : end + 12])[0]
    body, central = archive[:cd_offset], archive[cd_offset : cd_offset + cd_size]
    fname = name.encode()
    crc = 0
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), claimed, len(fname), 0) + fname
    offset = len(body)
    entry = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), claimed, len(fname), 0, 0, 0, 0, 0, offset
    ) + fname
    new_central = central + entry
    body = body + local + deflated
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(new_central), len(body), 0)
    return body + new_central + eocd


def docx_numbering_bomb(scale: float) -> tuple[bytes, str, int]:
    """A ~15 KB DOCX: a numbering lvlText of 100,000 characters on 2,000 numbered paragraphs."""
    n = int(2_000 * scale) or 1
    lvl = "第%1条" + "あ" * 100_000
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {_W}><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{lvl}"/></w:lvl>'
        f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    para = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>当社は管理する。</w:t></w:r></w:p>'
    data = _docx(_document(para * n), numbering)
    return data, ".docx", len(data)


def css_counter_bomb(scale: float) -> tuple[bytes, str, int]:
    """A ~350 KB HTML page whose CSS counter content holds 100,000 characters, on 2,000 list items."""
    n = int(2_000 * scale) or 1
    css = "ol{counter-reset:a} li{counter-increment:a} li::before{content:\"" + "あ" * 100_000 + "\" counter(a) \"．\"}"
    items = "".join("<li>当社は情報を管理する。</li>" for _ in range(n))
    page = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body><ol>{items}</ol></body></html>"
    data = page.encode("utf-8")
    return data, ".html", len(data)


def leaders(scale: float) -> tuple[bytes, str, int]:
    """「第1条（目的）」, a run of spaces, then text: 400 spaces took 56 s (issue 17)."""
    run = 400  # already tiny: the run that took 56 s, at every scale
    text = "第1条（目的）" + " " * run + "本規約は目的を定める。\n第2条（定義）\n用語を定義する。\n"
    return text.encode("utf-8"), ".txt", len(text)


def long_article(scale: float) -> tuple[bytes, str, int]:
    """One article of 4 MB: many sentences on one paragraph each (the engine's per-unit scope)."""
    target = int(4_000_000 * scale / 3)  # 4 MB of UTF-8
    body = ordinary(target)
    body = _ARTICLE.sub("", body)  # no article heading: it all stays in 第1条
    text = "第1条（総則）\n" + body
    return text.encode("utf-8"), ".txt", len(text)


SHAPES = {
    "one-line": one_line,
    "headings": headings,
    "items": items,
    "nested-html": nested_html,
    "docx-paragraphs": docx_paragraphs,
    "pdf-pages": pdf_pages,
    "leaders": leaders,
    "long-article": long_article,
    "pdf-flate-bomb": pdf_flate_bomb,
    "docx-lying-sizes": docx_lying_sizes,
    "docx-numbering-bomb": docx_numbering_bomb,
    "css-counter-bomb": css_counter_bomb,
}


# ------------------------------------------------------------------------------------------- runs


MEMORY_LIMIT_KB = 4 * 1024 * 1024


def measure(path: Path, timeout: float) -> tuple[float, int, str, str]:
    kiyaku = [sys.executable, "-m", _cli_module(), "analyze", str(path), "--format", "json", "--no-cache", "-o", os.devnull]
    out = subprocess.run([sys.executable, "-c", _WRAPPER, str(timeout), str(MEMORY_LIMIT_KB), *kiyaku], capture_output=True, text=True).stdout
    first, _, message = out.partition("\n")
    seconds, rss, code = first.split()
    return float(seconds), int(rss) // 1024, code, message.strip()


def _cli_module() -> str:
    try:
        import kiyaku.cli  # noqa: F401

        return "kiyaku.cli"
    except ImportError:  # pragma: no cover - before the layout change
        return "analyzer.cli"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.1 for a quick look)")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="these shapes only")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is given up")
    parser.add_argument("--no-baseline", action="store_true", help="skip the ordinary-text runs")
    args = parser.parse_args()
    names = args.only or list(SHAPES)
    baselines: dict[int, tuple[float, int]] = {}
    print(f"{'shape':22} {'chars':>11} {'bytes':>11} {'time s':>8} {'RSS MB':>7} {'exit':>7}"
          f" {'chars/s':>9} | {'ordinary s':>10} {'RSS MB':>7} {'ratio':>6}  message")
    with tempfile.TemporaryDirectory(prefix="kiyaku-patho-") as tmp:
        for name in names:
            data, suffix, chars = SHAPES[name](args.scale)
            path = Path(tmp) / f"{name}{suffix}"
            path.write_bytes(data)
            seconds, rss, code, message = measure(path, args.timeout)
            rate = chars / seconds if seconds else 0
            row = f"{name:22} {chars:>11,} {len(data):>11,} {seconds:>8.2f} {rss:>7} {code:>7} {rate:>9,.0f}"
            if args.no_baseline:
                print(row + f" | {'':>10} {'':>7} {'':>6}  {message[:90]}", flush=True)
                continue
            volume = min(chars, 20_000_000)  # ordinary text is never longer than the size limit admits
            bucket = max(100, int(float(f"{volume:.1g}")))  # one ordinary run per leading digit and magnitude
            if bucket not in baselines:
                ord_path = Path(tmp) / f"ordinary-{bucket}.txt"
                ord_path.write_text(ordinary(bucket), encoding="utf-8")
                o_seconds, o_rss, o_code, _ = measure(ord_path, args.timeout)
                baselines[bucket] = (o_seconds, o_rss)
                print(f"{'(ordinary text)':22} {bucket:>11,} {'':>11} {o_seconds:>8.2f} {o_rss:>7} {o_code:>7}"
                      f" {bucket / o_seconds:>9,.0f}", flush=True)
            o_seconds, o_rss = baselines[bucket]
            ratio = (seconds / chars) / (o_seconds / bucket) if o_seconds else float("nan")
            print(row + f" | {o_seconds:>10.2f} {o_rss:>7} {ratio:>6.2f}  {message[:90]}", flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
