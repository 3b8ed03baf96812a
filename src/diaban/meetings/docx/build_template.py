"""Builds meeting_report.docx, the docxtpl template of a meeting report in the layout of Party documents
(Hướng dẫn 36-HD/VPTW): A4, margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 14 pt;
the issuing body on the left and "ĐẢNG CỘNG SẢN VIỆT NAM" with place and date on the right; the title;
the sections; recipients and signature.

The template is committed next to this script; after changing the layout, rebuild it with

    .venv/bin/python src/diaban/meetings/docx/build_template.py

The output is reproducible (fixed document properties and zip timestamps), so a test checks that the
committed file is what this script builds.
"""

import datetime
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).with_name("meeting_report.docx")
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


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)


def _styles(document) -> None:
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


def _paragraph(
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


def _body(document, text: str, **kwargs):
    """A paragraph of the report: justified, first line indented, 6 pt after, as in Party documents."""
    kwargs.setdefault("align", JUSTIFY)
    kwargs.setdefault("indent", True)
    kwargs.setdefault("after", 6)
    return _paragraph(document, text, **kwargs)


def _tag(document, tag: str):
    """A docxtpl paragraph tag ({%p … %}): docxtpl replaces the whole paragraph by the tag."""
    return _paragraph(document, tag)


def _lines(document, variable: str) -> None:
    """Each item of a list of strings as its own body paragraph."""
    _tag(document, "{%p for line in " + variable + " %}")
    _body(document, "{{ line }}")
    _tag(document, "{%p endfor %}")


def _layout_table(document, widths_mm):
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


def build() -> bytes:
    document = Document()
    _page(document)
    _styles(document)
    # python-docx starts with one empty paragraph in the body; the header table comes first.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    issuer, party = _layout_table(document, [72, TEXT_WIDTH_MM - 72])
    _paragraph(issuer, "{{ superior }}", align=CENTER)
    _paragraph(issuer, "{{ issuer }}", bold=True, align=CENTER)
    _paragraph(issuer, "*", align=CENTER)
    _paragraph(party, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=CENTER, after=6)
    _paragraph(party, "{{ place_date }}", italic=True, align=CENTER)

    _paragraph(document, "", after=12)
    _paragraph(document, "BÁO CÁO", size=16, bold=True, align=CENTER)
    _paragraph(document, "Kết quả dự sinh hoạt {{ cell_title }}", bold=True, align=CENTER)
    _paragraph(document, "{{ meeting_caption }}", bold=True, align=CENTER)
    _paragraph(document, "-----", align=CENTER, after=12)

    _body(
        document,
        "Thực hiện nhiệm vụ theo dõi, hỗ trợ cơ sở, ngày {{ meeting_date }} tôi đã dự buổi sinh hoạt "
        "{{ meeting_kind }} của {{ cell_name }}{{ cell_parent }}. Kết quả như sau:",
    )

    _body(document, "I. TÌNH HÌNH BUỔI SINH HOẠT", bold=True)
    _body(document, "1. Buổi sinh hoạt", bold=True)
    _lines(document, "meeting_lines")
    _body(document, "2. Tình hình dự họp", bold=True)
    _lines(document, "attendance_lines")
    _body(document, "3. Nội dung sinh hoạt", bold=True)
    _lines(document, "content_lines")

    _body(document, "II. CHẤT LƯỢNG BUỔI SINH HOẠT", bold=True)
    _body(document, "1. Tiêu chí đạt: {{ criteria_score }}", bold=True)
    _lines(document, "criteria_lines")
    _body(document, "2. Đánh giá chung: {{ overall }}", bold=True)
    _lines(document, "assessment_lines")

    _body(document, "III. ĐỊNH HƯỚNG, GIẢI ĐÁP TẠI BUỔI SINH HOẠT", bold=True)
    _body(document, "1. Định hướng, góp ý", bold=True)
    _lines(document, "guidance_lines")
    _body(document, "2. Giải đáp tại chỗ", bold=True)
    _lines(document, "answer_lines")

    _body(document, "IV. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    _body(document, "1. Kiến nghị của cơ sở", bold=True)
    _lines(document, "recommendation_lines")
    _body(document, "2. Đề xuất với cấp ủy", bold=True)
    _lines(document, "proposal_lines")

    _paragraph(document, "", after=6)
    recipients, signature = _layout_table(document, [80, TEXT_WIDTH_MM - 80])
    _paragraph(recipients, "Nơi nhận:", italic=True, underline=True)
    _paragraph(recipients, "- Thường trực cấp ủy (để báo cáo),", size=12)
    _paragraph(recipients, "- Lưu hồ sơ theo dõi cơ sở.", size=12)
    _paragraph(signature, "NGƯỜI BÁO CÁO", bold=True, align=CENTER)
    for _ in range(4):
        _paragraph(signature, "", align=CENTER)
    _paragraph(signature, "{{ cadre_name }}", bold=True, align=CENTER)

    # The blank template's preview picture would show in file browsers instead of this layout.
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]
    properties = document.core_properties
    properties.author = properties.last_modified_by = ""
    properties.title = "Báo cáo kết quả dự sinh hoạt chi bộ"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _reproducible(out.getvalue())


def _reproducible(content: bytes) -> bytes:
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


if __name__ == "__main__":
    TEMPLATE.write_bytes(build())
    sys.stdout.write("{}\n".format(TEMPLATE))
