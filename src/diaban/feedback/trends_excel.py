"""The trends page as an Excel workbook: one sheet per table, from the same `TrendsReport` as the page, the API and
`diaban recommendations-report`, so they cannot disagree. Counts are numbers, months Excel dates shown mm/yyyy,
medians numbers of working days with one decimal."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from diaban.core.dates import format_date
from diaban.feedback.trends import NO_TOPIC, TrendsReport

INTEGER, DECIMAL, PERCENT, MONTH, DATE = "#,##0", "0.0", "0.0%", "mm/yyyy", "dd/mm/yyyy"
TITLE_FONT, BOLD = Font(bold=True, size=13), Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# Sheet names, in the page's order (Excel allows 31 characters, no / ? * [ ] :).
SHEETS = (
    "Theo lĩnh vực",
    "Theo đơn vị",
    "Theo tháng",
    "Tồn đọng theo cơ quan",
    "Thời gian trả lời theo cơ quan",
    "Thời gian trả lời theo lĩnh vực",
    "Tồn đọng lâu nhất",
    "Lĩnh vực × đơn vị",
)


def _cell(sheet, value, number_format=None, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


class _Book:
    """Sheets under the same two title lines: what and where, and over which period."""

    def __init__(self, report: TrendsReport):
        self.book = Workbook(write_only=True)
        self.unit = report.unit
        self.period = "Kiến nghị nêu từ {} đến {}; tồn đọng tính đến {}".format(
            format_date(report.start), format_date(report.end), format_date(report.end)
        )

    def add(self, name: str, heading: str, columns, rows) -> None:
        """`columns`: (header, width, number format) triples; `rows`: lists of values."""
        sheet = self.book.create_sheet(name)
        sheet.freeze_panes = "A4"
        for index, (_header, width, _fmt) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append([_cell(sheet, "{} — {}".format(heading, self.unit.name), font=TITLE_FONT)])
        sheet.append([_cell(sheet, self.period)])
        header = []
        for text, _width, _fmt in columns:
            cell = _cell(sheet, text, font=BOLD)
            cell.alignment = WRAP
            header.append(cell)
        sheet.append(header)
        formats = [fmt for _header, _width, fmt in columns]
        for row in rows:
            sheet.append([_cell(sheet, v, f) for v, f in zip(row, formats, strict=True)])

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def _unit_label(entry, root) -> str:
    return "Tại {}".format(root.name) if entry.own_level else entry.unit.name


def trends_workbook(report: TrendsReport) -> bytes:
    book = _Book(report)
    total = report.total
    by_topic, by_unit, by_month, agencies, lead_agency, lead_topic, oldest, heat = SHEETS
    book.add(
        by_topic,
        "Kiến nghị theo lĩnh vực",
        [("Lĩnh vực", 40, None), ("Số kiến nghị", 12, INTEGER), ("Tỷ lệ", 10, PERCENT)],
        [[t.name, t.count, t.count / total if total else None] for t in report.by_topic]
        + [["Tổng", total, 1 if total else None]],
    )
    book.add(
        by_unit,
        "Kiến nghị theo đơn vị",
        [("Đơn vị", 40, None), ("Mã", 10, None), ("Số kiến nghị", 12, INTEGER)],
        [[_unit_label(u, report.unit), u.unit.code, u.count] for u in report.by_unit] + [["Tổng", None, total]],
    )
    book.add(
        by_month,
        "Kiến nghị theo tháng",
        [("Tháng", 12, MONTH), ("Số kiến nghị", 12, INTEGER)],
        [[m.month, m.count] for m in report.by_month] + [["Tổng", total]],
    )
    book.add(
        agencies,
        "Kiến nghị đang mở, quá hạn theo cơ quan",
        [("Cơ quan", 44, None), ("Đang mở", 10, INTEGER), ("Quá hạn", 10, INTEGER)],
        [[a.name, a.open, a.overdue] for a in report.agencies] + [["Tổng", report.open_total, report.overdue_total]],
    )
    lead_columns = [("Số đã trả lời", 12, INTEGER), ("Trung vị (ngày làm việc)", 14, DECIMAL)]
    book.add(
        lead_agency,
        "Thời gian trả lời theo cơ quan",
        [("Cơ quan", 44, None), *lead_columns],
        [[r.name, r.answered, r.median] for r in report.lead_by_agency]
        + [["Tất cả", report.answered_total, report.median_lead]],
    )
    book.add(
        lead_topic,
        "Thời gian trả lời theo lĩnh vực",
        [("Lĩnh vực", 40, None), *lead_columns],
        [[r.name, r.answered, r.median] for r in report.lead_by_topic]
        + [["Tất cả", report.answered_total, report.median_lead]],
    )
    book.add(
        oldest,
        "Kiến nghị đang mở lâu nhất",
        [
            ("Số", 8, None),
            ("Ngày nêu", 12, DATE),
            ("Địa bàn", 28, None),
            ("Lĩnh vực", 24, None),
            ("Nội dung", 60, None),
            ("Cơ quan", 36, None),
            ("Hạn trả lời", 12, DATE),
            ("Số ngày làm việc", 10, INTEGER),
            ("Quá hạn", 8, None),
        ],
        [
            [
                o.recommendation.pk,
                o.recommendation.raised_on,
                o.recommendation.unit.name,
                o.recommendation.topic.name if o.recommendation.topic_id else NO_TOPIC,
                o.recommendation.text,
                o.agency_name,
                o.deadline,
                o.age,
                "Có" if o.overdue else "",
            ]
            for o in report.oldest
        ],
    )
    book.add(
        heat,
        "Kiến nghị theo lĩnh vực và đơn vị",
        [("Lĩnh vực", 36, None)] + [(_unit_label(u, report.unit), 12, INTEGER) for u in report.by_unit]
        + [("Tổng", 10, INTEGER)],
        [[row.topic.name, *row.counts, row.topic.count] for row in report.heat]
        + [["Tổng", *(u.count for u in report.by_unit), total]],
    )  # fmt: skip
    return book.save()
