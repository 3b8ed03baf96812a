"""The coverage dashboard as an Excel workbook: the same figures as the page, every uncovered unit and every
idle cadre rather than the first few."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from diaban.assignments.selectors import CoverageReport, idle_cadres, uncovered_units
from diaban.core.dates import format_date


def _sheet(book, title, header, rows, widths):
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(row)


def coverage_workbook(report: CoverageReport, user) -> bytes:
    root, date = report.root, report.date
    book = Workbook(write_only=True)
    _sheet(
        book,
        "Theo cấp",
        ["Cấp", "Số đơn vị", "Có cán bộ theo dõi", "Chưa có", "Tỷ lệ (%)", "Số cán bộ", "Đơn vị", "Ngày"],
        [
            [
                row.level.name_plural.capitalize(),
                row.total,
                row.covered,
                row.uncovered,
                row.percent,
                row.cadres,
                root.name,
                format_date(date),
            ]
            for row in report.levels
        ],  # fmt: skip
        [28, 12, 18, 10, 10, 12, 28, 12],
    )
    header = ["Đơn vị trực thuộc", "Mã"]
    for row in report.levels:
        header += [
            "{}: có cán bộ".format(row.level.name_plural.capitalize()),
            "{}: tổng số".format(row.level.name_plural),
        ]
    _sheet(
        book,
        "Theo đơn vị trực thuộc",
        header,
        [
            [b.unit.name, b.unit.code]
            + [
                v
                for row in report.levels
                for v in (
                    (b.levels[row.level.pk].covered, b.levels[row.level.pk].total)
                    if row.level.pk in b.levels
                    else (None, None)
                )
            ]
            for b in report.branches
        ],  # fmt: skip
        [28, 12] + [16] * (2 * len(report.levels)),
    )
    _sheet(
        book,
        "Chưa có cán bộ",
        ["Đơn vị", "Mã", "Cấp", "Thuộc", "Vùng sâu, vùng xa"],
        (
            [u.name, u.code, u.level.name, u.parent.name if u.parent else "", "có" if u.is_remote else ""]
            for u in uncovered_units(root, date, user).iterator(chunk_size=2000)
        ),
        [32, 14, 24, 32, 10],
    )
    _sheet(
        book,
        "Cán bộ chưa phân công",
        ["Mã cán bộ", "Họ và tên", "Cơ quan công tác", "Thuộc"],
        ([p.code, p.full_name, p.agency, p.home_unit.name] for p in idle_cadres(root, date, user).iterator()),
        [16, 28, 36, 28],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
