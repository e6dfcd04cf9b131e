"""Word documents staff edit in Japanese: A4, Japanese margins, ja-JP, an East Asian font in styles and theme.

Word takes the East Asian font of a run from the style's ``w:rFonts/@w:eastAsia`` or, failing that,
from the theme's ``a:ea`` typeface; both are set so a Japanese Word shows 游明朝 wherever the staff
type, and the language is ja-JP so its proofing and line breaking (禁則) are Japanese.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

JA_SERIF = "游明朝"
JA_SANS = "游ゴシック"
LATIN = "Century"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3")


def created_now() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds pin the creation time)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).replace(tzinfo=None)
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def japanese_document(title: str):
    """A new python-docx document: A4 portrait, margins 35/30/30/30 mm, ja-JP, 游明朝; title and creation time."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = docx.Document()
    props = doc.core_properties
    props.title = title
    props.author = "kiyaku"
    props.language = "ja-JP"
    props.created = props.modified = created_now()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(35), Mm(30)
    section.left_margin, section.right_margin = Mm(30), Mm(30)
    for name in STYLES:
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        east_asian = JA_SERIF if name == "Normal" else JA_SANS
        fonts.set(qn("w:ascii"), LATIN)
        fonts.set(qn("w:hAnsi"), LATIN)
        fonts.set(qn("w:eastAsia"), east_asian)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)  # a theme attribute would win over the named font
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "ja-JP")
        lang.set(qn("w:eastAsia"), "ja-JP")
    _theme_fonts(doc)
    return doc


def _theme_fonts(doc) -> None:
    """The theme's East Asian typefaces (major: headings, minor: body) set to the Japanese fonts."""
    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            xml = re.sub(
                r'(<a:majorFont>.*?<a:ea typeface=")[^"]*(")', rf"\g<1>{JA_SANS}\g<2>", xml, count=1, flags=re.S
            )
            xml = re.sub(
                r'(<a:minorFont>.*?<a:ea typeface=")[^"]*(")', rf"\g<1>{JA_SERIF}\g<2>", xml, count=1, flags=re.S
            )
            part._blob = xml.encode("utf-8")
