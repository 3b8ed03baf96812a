"""The trends page as an Excel workbook: one sheet per table, from the same `TrendsReport` as the page, the API and
`diaban recommendations-report`, so they cannot disagree. Counts are numbers, months Excel dates shown mm/yyyy,
medians numbers of working days with one decimal."""

from diaban.core.dates import format_date
from diaban.core.excel import DATE, DECIMAL, INTEGER, MONTH, PERCENT, Column, ExcelBook
from diaban.feedback.trends import NO_TOPIC, TrendsReport

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


def _unit_label(entry, root) -> str:
    return "Tại {}".format(root.name) if entry.own_level else entry.unit.name


def _add(book: ExcelBook, name: str, heading: str, columns, rows) -> None:
    book.sheet(name, columns, title=heading).extend(rows)


def trends_workbook(report: TrendsReport) -> bytes:
    period = "Kiến nghị nêu từ {} đến {}; tồn đọng tính đến {}".format(
        format_date(report.start), format_date(report.end), format_date(report.end)
    )
    # Every sheet under the same title lines: what and where, over which period, and whose records it holds when the
    # period spans a reorganization.
    book = ExcelBook(subject=report.unit.name, notes=[period, report.lineage_note] if report.lineage_note else [period])
    total = report.total
    by_topic, by_unit, by_month, agencies, lead_agency, lead_topic, oldest, heat = SHEETS
    _add(
        book,
        by_topic,
        "Kiến nghị theo lĩnh vực",
        [Column("Lĩnh vực", 40), Column("Số kiến nghị", 12, INTEGER), Column("Tỷ lệ", 10, PERCENT)],
        [[t.name, t.count, t.count / total if total else None] for t in report.by_topic]
        + [["Tổng", total, 1 if total else None]],
    )
    _add(
        book,
        by_unit,
        "Kiến nghị theo đơn vị",
        [Column("Đơn vị", 40), Column("Mã", 10), Column("Số kiến nghị", 12, INTEGER)],
        [[_unit_label(u, report.unit), u.unit.code, u.count] for u in report.by_unit] + [["Tổng", None, total]],
    )
    _add(
        book,
        by_month,
        "Kiến nghị theo tháng",
        [Column("Tháng", 12, MONTH), Column("Số kiến nghị", 12, INTEGER)],
        [[m.month, m.count] for m in report.by_month] + [["Tổng", total]],
    )
    _add(
        book,
        agencies,
        "Kiến nghị đang mở, quá hạn theo cơ quan",
        [Column("Cơ quan", 44), Column("Đang mở", 10, INTEGER), Column("Quá hạn", 10, INTEGER)],
        [[a.name, a.open, a.overdue] for a in report.agencies] + [["Tổng", report.open_total, report.overdue_total]],
    )
    lead_columns = [Column("Số đã trả lời", 12, INTEGER), Column("Trung vị (ngày làm việc)", 14, DECIMAL)]
    _add(
        book,
        lead_agency,
        "Thời gian trả lời theo cơ quan",
        [Column("Cơ quan", 44), *lead_columns],
        [[r.name, r.answered, r.median] for r in report.lead_by_agency]
        + [["Tất cả", report.answered_total, report.median_lead]],
    )
    _add(
        book,
        lead_topic,
        "Thời gian trả lời theo lĩnh vực",
        [Column("Lĩnh vực", 40), *lead_columns],
        [[r.name, r.answered, r.median] for r in report.lead_by_topic]
        + [["Tất cả", report.answered_total, report.median_lead]],
    )
    _add(
        book,
        oldest,
        "Kiến nghị đang mở lâu nhất",
        [
            Column("Số", 8),
            Column("Ngày nêu", 12, DATE),
            Column("Địa bàn", 28),
            Column("Lĩnh vực", 24),
            Column("Nội dung", 60),
            Column("Cơ quan", 36),
            Column("Hạn trả lời", 12, DATE),
            Column("Số ngày làm việc", 10, INTEGER),
            Column("Quá hạn", 8),
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
    _add(
        book,
        heat,
        "Kiến nghị theo lĩnh vực và đơn vị",
        [Column("Lĩnh vực", 36)] + [Column(_unit_label(u, report.unit), 12, INTEGER) for u in report.by_unit]
        + [Column("Tổng", 10, INTEGER)],
        [[row.topic.name, *row.counts, row.topic.count] for row in report.heat]
        + [["Tổng", *(u.count for u in report.by_unit), total]],
    )  # fmt: skip
    return book.save()
