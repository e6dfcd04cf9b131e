"""Build corpora/pdf-clinic/terms.pdf from its source text (reportlab, Japanese CID font).

Long lines are wrapped at the page width, as a word processor would, so the PDF has visually
wrapped lines the extractor must rejoin; every page carries its number in the footer.
Run: python corpora/tools/make_pdf.py [SOURCE] [OUT]
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent.parent
FONT = "HeiseiMin-W3"
SIZE = 10.5
LEADING = 17
MARGIN = 22 * mm


def wrap(line: str, width: float) -> list[str]:
    """Break a line into pieces no wider than ``width`` (Japanese wraps between any two characters)."""
    out, current = [], ""
    for ch in line:
        if pdfmetrics.stringWidth(current + ch, FONT, SIZE) > width and current:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return out


def build(source: Path, out: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    page_w, page_h = A4
    width = page_w - 2 * MARGIN
    pdf = canvas.Canvas(str(out), pagesize=A4, invariant=1)  # invariant: byte-identical rebuilds
    pdf.setTitle(source.read_text(encoding="utf-8").splitlines()[0])
    page = 1

    def footer() -> None:
        pdf.setFont(FONT, 9)
        pdf.drawCentredString(page_w / 2, 12 * mm, f"- {page} -")

    lines = source.read_text(encoding="utf-8").splitlines()
    y = page_h - MARGIN
    for index, line in enumerate(lines):
        pieces = wrap(line, width) if line else [""]
        for piece in pieces:
            if y < MARGIN + 10 * mm:
                footer()
                pdf.showPage()
                page += 1
                y = page_h - MARGIN
            pdf.setFont(FONT, 14 if index == 0 else SIZE)
            if index == 0:
                pdf.drawCentredString(page_w / 2, y, piece)
            else:
                pdf.drawString(MARGIN, y, piece)
            y -= LEADING if index else LEADING * 2
    footer()
    pdf.save()


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pdf-clinic" / "source.txt"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "pdf-clinic" / "terms.pdf"
    build(src, dst)
    print(dst)
