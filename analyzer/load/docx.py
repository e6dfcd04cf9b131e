"""The body text of a DOCX, read with python-docx, with Word's automatic numbers written out.

Paragraphs and table cells in reading order (content controls and tracked insertions included, deleted
and hidden text, text boxes and the fallback copies of drawings left out). A table row whose cells hold
one paragraph each becomes one line with the cells separated by a tab, as Word's own text export does.
List numbers come from ``numbering.xml`` (see :mod:`kiyaku.analyzer.load.docx_numbering`); the separator Word
puts after a number is written as a tab. Paragraphs with a heading style or an outline level are
recorded as headings.

Before anything is parsed, the archive's declared sizes are checked (Python's zipfile never inflates a
member past its declared size): more than ``MAX_UNCOMPRESSED`` bytes in all, or a member over 1 MB that
inflates more than ``MAX_RATIO`` times, is refused as a likely zip bomb.
"""
from __future__ import annotations

import io
import struct
import zipfile

from lxml import etree

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load.docx_numbering import Numbering, Styles, W
from kiyaku.analyzer.load.limits import TextBudget, inflated_size
from kiyaku.analyzer.structure.numbering import join_lines

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
_W = "{%s}" % W
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "del", _W + "moveFrom", _W + "txbxContent", _MC_FALLBACK, _W + "rPr", _W + "pPr"}


def extract(data: bytes, name: str) -> tuple[str, list[tuple[int, int, int]]]:
    """``(text, headings)`` of a DOCX body."""
    _check_archive(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = Styles(etree.tostring(document.styles.element))
        numbering_xml = _numbering_xml(document)
    except InputError:
        raise
    except Exception as err:  # python-docx and lxml raise KeyError, ValueError, XMLSyntaxError, …
        raise InputError(name, f"not a readable DOCX: {type(err).__name__}: {str(err)[:120]}") from None
    try:
        numbering = Numbering(numbering_xml, styles)
    except Exception as err:
        raise InputError(name, f"not a readable DOCX: broken numbering part ({err})") from None
    writer = _Writer(numbering, styles, TextBudget(name))
    writer.blocks(body)
    return writer.result()


def _check_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except Exception as err:  # BadZipFile, but also NotImplementedError for an unknown zip version, …
        raise InputError(name, f"not a readable DOCX: broken zip archive ({err})") from None
    if "word/document.xml" not in names and "[Content_Types].xml" in names:
        raise InputError(name, "a zip archive but not a DOCX (no word/document.xml): an Excel, PowerPoint or other file?")
    if "word/document.xml" not in names:
        raise InputError(name, "a zip archive but not a DOCX (no word/document.xml)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise InputError(name, f"DOCX parts decompress to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB (zip bomb?)")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise InputError(
                name, f"DOCX part {member.filename} decompresses more than {MAX_RATIO} times (zip bomb?)"
            )
        if member.compress_type == zipfile.ZIP_DEFLATED and _inflates_past(data, member):
            raise InputError(name, f"DOCX part {member.filename} inflates past the size its header declares (zip bomb?)")


def _inflates_past(data: bytes, member: zipfile.ZipInfo) -> bool:
    """Does the member's deflate stream hold more than its declared size?

    zipfile inflates a whole member in one call when it is read in full and only then cuts it to the
    declared size: a member that lies reaches gigabytes first. The stream is inflated here in bounded
    steps, counting, and given up on past the declared size.
    """
    offset = member.header_offset
    header = data[offset:offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return False  # zipfile will refuse it when python-docx reads it
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    try:
        return inflated_size(data[start:start + member.compress_size], member.file_size) is None
    except Exception:  # a broken stream: zipfile's own error will name it
        return False


def _numbering_xml(document) -> bytes | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            return etree.tostring(element) if element is not None else part.blob
    return None


class _Writer:
    def __init__(self, numbering: Numbering, styles: Styles, budget: TextBudget) -> None:
        self.numbering = numbering
        self.styles = styles
        self.budget = budget  # list numbers are written out: a 100,000-character lvlText on every paragraph
        self.lines: list[str] = []
        self.headings: list[tuple[int, int]] = []

    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                text, level = self.paragraph(child)
                self.add(text, level)
            elif tag == _W + "tbl":
                for row in child.iter(_W + "tr"):
                    if _nearest(row, _W + "tbl") is child:
                        self.row(row)
            elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "ins"):
                self.blocks(child)

    def row(self, row) -> None:
        cells = [c for c in row.iter(_W + "tc") if _nearest(c, _W + "tr") is row]
        simple = all(
            len(list(c.iter(_W + "tbl"))) == 0 and sum(1 for p in c.iter(_W + "p") if _text_of(p).strip()) <= 1
            for c in cells
        )
        if simple:
            texts = []
            for cell in cells:
                parts = [self.paragraph(p)[0] for p in cell.iter(_W + "p")]
                texts.append("".join(t for t in parts if t.strip()).strip())
            self.add("\t".join(t for t in texts if t), None)
        else:
            for cell in cells:
                self.blocks(cell)

    def paragraph(self, p) -> tuple[str, int | None]:
        ppr = p.find(_W + "pPr")
        style_id = None
        level = None
        if ppr is not None:
            style = ppr.find(_W + "pStyle")
            style_id = style.get(_W + "val") if style is not None else None
            outline = ppr.find(_W + "outlineLvl")
            if outline is not None:
                value = outline.get(_W + "val")
                level = int(value) + 1 if value and value.isdigit() and int(value) < 9 else None
        if level is None:
            level = self.styles.heading_level(style_id)
        text = _text_of(p)
        label = self.numbering.label(ppr, style_id or self.styles.default) if text.strip() or ppr is not None else ""
        if label and not text.strip():
            label = ""  # an empty numbered paragraph still counts, but shows nothing worth a line
        return label + text, level

    def add(self, text: str, level: int | None) -> None:
        text = self.budget.spend(text).replace("\r", "\n")
        for i, line in enumerate(text.split("\n")):
            line = line.rstrip()
            if not line.strip():
                if self.lines and self.lines[-1] != "":
                    self.lines.append("")
                continue
            if level is not None and i == 0:
                self.headings.append((len(self.lines), level))
            self.lines.append(line)

    def result(self) -> tuple[str, list[tuple[int, int, int]]]:
        return join_lines(self.lines, self.headings)


def _nearest(element, tag):
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _text_of(p) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields' results and tracked insertions."""
    out: list[str] = []
    _collect(p, out, top=True)
    return "".join(out)


def _collect(element, out: list[str], top: bool = False) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "p" and not top:
            continue  # a paragraph nested in a drawing or text box is not part of this one
        if tag == _W + "r" and _hidden(child):
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab" and element.tag == _W + "r":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            code = child.get(_W + "char") or ""
            try:
                ch = chr(int(code, 16))
            except ValueError:
                continue
            if not ("\ue000" <= ch <= "\uf8ff"):  # Symbol-font glyphs have no character of their own
                out.append(ch)
        else:
            _collect(child, out)


def _hidden(run) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(_W + "val", "true") not in ("0", "false", "off")
