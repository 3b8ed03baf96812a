"""The coverage dashboard as an Excel workbook: the same figures as the page, every uncovered unit and every
idle cadre rather than the first few."""

from diaban.assignments.selectors import CoverageReport, idle_cadres, uncovered_units
from diaban.core.dates import format_date
from diaban.core.excel import STRONG, Column, ExcelBook


def _columns(headers, widths) -> list[Column]:
    return [Column(header, width) for header, width in zip(headers, widths, strict=True)]


def coverage_workbook(report: CoverageReport, user) -> bytes:
    root, date = report.root, report.date
    book = ExcelBook()
    book.sheet(
        "Theo cấp",
        _columns(
            ["Cấp", "Số đơn vị", "Có cán bộ theo dõi", "Chưa có", "Tỷ lệ (%)", "Số cán bộ", "Đơn vị", "Ngày"],
            [28, 12, 18, 10, 10, 12, 28, 12],
        ),
        header=STRONG,
    ).extend(
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
    )
    headers = ["Đơn vị trực thuộc", "Mã"]
    for row in report.levels:
        headers += [
            "{}: có cán bộ".format(row.level.name_plural.capitalize()),
            "{}: tổng số".format(row.level.name_plural),
        ]
    book.sheet(
        "Theo đơn vị trực thuộc", _columns(headers, [28, 12] + [16] * (2 * len(report.levels))), header=STRONG
    ).extend(
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
    )
    book.sheet(
        "Chưa có cán bộ",
        _columns(["Đơn vị", "Mã", "Cấp", "Thuộc", "Vùng sâu, vùng xa"], [32, 14, 24, 32, 10]),
        header=STRONG,
    ).extend(
        [u.name, u.code, u.level.name, u.parent.name if u.parent else "", "có" if u.is_remote else ""]
        for u in uncovered_units(root, date, user).iterator(chunk_size=2000)
    )
    book.sheet(
        "Cán bộ chưa phân công",
        _columns(["Mã cán bộ", "Họ và tên", "Cơ quan công tác", "Thuộc"], [16, 28, 36, 28]),
        header=STRONG,
    ).extend([p.code, p.full_name, p.agency, p.home_unit.name] for p in idle_cadres(root, date, user).iterator())
    return book.save()
