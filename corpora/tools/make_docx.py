"""Build corpora/docx-association/terms.docx from its source text (python-docx).

Article headings (第N条…, 附則) become "Heading 2" paragraphs; items marked （１） in the source become
paragraphs with Word automatic numbering (a numbering definition added with lxml, restarted for every
list), so the item marks exist only as numbering, not as typed text.
Run: python corpora/tools/make_docx.py [SOURCE] [OUT]
"""
from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HERE = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^(第[0-9０-９]+条|附則)")
ITEM = re.compile(r"^（[0-9０-９]+）")
ABSTRACT_ID = 90


def _add_abstract(numbering) -> None:
    """One list format: （1）, （2）, … at the first level, hanging indent."""
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/>'
            '<w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        ),
    )


def _new_list(numbering, num_id: int) -> None:
    """A numbering instance that restarts at 1."""
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{ABSTRACT_ID}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )


def _number(paragraph, num_id: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build(source: Path, out: Path) -> None:
    doc = Document()
    numbering = doc.part.numbering_part.element
    _add_abstract(numbering)
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_id = max(used, default=0) + 1
    current_list = None
    lines = source.read_text(encoding="utf-8").splitlines()
    doc.core_properties.title = lines[0]
    doc.add_paragraph(lines[0].strip(), style="Title")
    for line in lines[1:]:
        if not line.strip():
            continue
        if HEADING.match(line):
            doc.add_heading(line.strip(), level=2)
            current_list = None
        elif ITEM.match(line):
            if current_list is None:
                current_list = next_id
                _new_list(numbering, current_list)
                next_id += 1
            _number(doc.add_paragraph(ITEM.sub("", line, count=1).strip()), current_list)
        else:
            doc.add_paragraph(line.rstrip())
            current_list = None
    fixed = datetime(2023, 4, 1, tzinfo=timezone.utc)  # stable metadata across rebuilds
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.save(str(out))


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "docx-association" / "source.txt"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "docx-association" / "terms.docx"
    build(src, dst)
    print(dst)
