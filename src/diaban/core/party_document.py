"""The layout of Party documents (Hướng dẫn 36-HD/VPTW) that every generated Word template shares: A4, margins
20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 14 pt; the issuing body on the left and "ĐẢNG CỘNG
SẢN VIỆT NAM" with place and date on the right; the title; the sections; "Nơi nhận" and the signatures.

The templates' build scripts (meetings/docx, visits/docx) write their documents with these blocks and commit the
result; the output is reproducible (fixed document properties and zip timestamps), so a test checks that each
committed template is what its script builds.
"""

import datetime
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = 14
TEXT_WIDTH_MM = 210 - 30 - 15
FIXED_TIME = datetime.datetime(2024, 1, 1)

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_font(element_rpr, name: str) -> None:
    """All four script slots: Word picks the East Asian or complex-script font for some Vietnamese letters."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)


def styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_font(normal.element.get_or_add_rPr(), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    # The document defaults name theme fonts; the template must not depend on the reader's theme.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_font(rpr, FONT)
            # Spelling and hyphenation in Word follow the document's language.
            language = rpr.find(qn("w:lang"))
            if language is not None:
                language.set(qn("w:val"), "vi-VN")


def paragraph(
    container,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=None,
    indent: bool = False,
    after: float = 0,
    before: float = 0,
):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    return paragraph


def body(document, text: str, **kwargs):
    """A paragraph of the report: justified, first line indented, 6 pt after, as in Party documents."""
    kwargs.setdefault("align", JUSTIFY)
    kwargs.setdefault("indent", True)
    kwargs.setdefault("after", 6)
    return paragraph(document, text, **kwargs)


def tag(document, tag: str):
    """A docxtpl paragraph tag ({%p … %}): docxtpl replaces the whole paragraph by the tag."""
    return paragraph(document, tag)


def lines(document, variable: str) -> None:
    """Each item of a list of strings as its own body paragraph."""
    tag(document, "{%p for line in " + variable + " %}")
    body(document, "{{ line }}")
    tag(document, "{%p endfor %}")


def layout_table(document, widths_mm):
    """A borderless table of fixed column widths, for the two-column header and signature blocks."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement("w:" + edge)
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # Word checks the order of table properties: borders come before the (fixed) layout.
    table._tbl.tblPr.find(qn("w:tblLayout")).addprevious(borders)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    cells = table.rows[0].cells
    for cell in cells:
        # A new cell holds one empty paragraph; the blocks add their own.
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def start():
    """A new document with the page, the styles and the header block (issuing body, Party name, place and date),
    filled by the template's `superior`, `issuer` and `place_date`."""
    document = Document()
    page(document)
    styles(document)
    # python-docx starts with one empty paragraph in the body; the header table comes first.
    element = document.element.body
    for empty in list(element.iterchildren(qn("w:p"))):
        element.remove(empty)
    issuer, party = layout_table(document, [72, TEXT_WIDTH_MM - 72])
    paragraph(issuer, "{{ superior }}", align=CENTER)
    paragraph(issuer, "{{ issuer }}", bold=True, align=CENTER)
    paragraph(issuer, "*", align=CENTER)
    paragraph(party, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=CENTER, after=6)
    paragraph(party, "{{ place_date }}", italic=True, align=CENTER)
    paragraph(document, "", after=12)
    return document


def recipients_and_signature(document, recipients: list[str], name: str, heading: str = "NGƯỜI BÁO CÁO") -> None:
    """ "Nơi nhận" on the left, the signer's heading and name on the right."""
    paragraph(document, "", after=6)
    left, right = layout_table(document, [80, TEXT_WIDTH_MM - 80])
    paragraph(left, "Nơi nhận:", italic=True, underline=True)
    for line in recipients:
        paragraph(left, line, size=12)
    paragraph(right, heading, bold=True, align=CENTER)
    for _ in range(4):
        paragraph(right, "", align=CENTER)
    paragraph(right, name, bold=True, align=CENTER)


def finish(document, title: str) -> bytes:
    """The document's bytes, the same for the same content on every build."""
    # The blank template's preview picture would show in file browsers instead of this layout.
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]
    properties = document.core_properties
    properties.author = properties.last_modified_by = ""
    properties.title = title
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return reproducible(out.getvalue())


def reproducible(content: bytes) -> bytes:
    """The same zip with fixed entry timestamps, so that two builds are identical."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def place_date(place: str, date: datetime.date) -> str:
    """ "Ba Tri, ngày 05 tháng 3 năm 2024": days below 10 and the months January and February written with a
    leading zero, as in Party and State documents."""
    month = "{:02d}".format(date.month) if date.month < 3 else str(date.month)
    return "{}, ngày {:02d} tháng {} năm {}".format(place, date.day, month, date.year)


def short_place(unit) -> str:
    """ "Huyện Ba Tri" → "Ba Tri": the place name of a unit without its kind."""
    name = unit.name.strip()
    prefix = (unit.kind or "").strip()
    if prefix and name.lower().startswith(prefix.lower() + " "):
        return name[len(prefix) + 1 :].strip()
    return name
