"""The compliance dashboard as an Excel workbook: one sheet per table of the page, with every row rather
than the first few, from the same selector results (`compliance_report`, `reporting_report`,
`cells_never_attended`, `cells_least_attended`), so the file, the page, the API and `diaban compliance`
cannot disagree. Shares are Excel percentages (0.875 shown as 87,5 %), counts are numbers."""

import datetime

from django.db.models import Exists, OuterRef

from diaban.core.dates import format_date
from diaban.core.excel import DECIMAL, INTEGER, MONTH, PERCENT, STRONG, Column, ExcelBook
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.meetings.selectors.compliance import ComplianceReport
from diaban.meetings.selectors.reporting import ReportingReport, ReportingRow
from diaban.people.models import Person
from diaban.territory.models import Unit


def _share(numerator: int, denominator: int):
    """The share as Excel stores a percentage; blank when there is nothing to divide by (the page's "—")."""
    return numerator / denominator if denominator else None


def _reporting_values(row: ReportingRow | None) -> list:
    if row is None:
        return [None] * 5
    return [
        row.expected,
        row.received,
        row.on_time,
        _share(row.received, row.expected),
        _share(row.on_time, row.expected),
    ]


REPORTING_COLUMNS = [
    Column("Báo cáo phải có", 12, INTEGER),
    Column("Đã nhận", 10, INTEGER),
    Column("Đúng hạn", 10, INTEGER),
    Column("Tỷ lệ báo cáo", 11, PERCENT),
    Column("Tỷ lệ đúng hạn", 11, PERCENT),
]


def _by_unit(book: ExcelBook, report: ComplianceReport, reporting: ReportingReport):
    """The page's "Theo đơn vị" table; the root's own cadres are a row whenever either measure has them, so
    the rows add up to the total."""
    compliance = {b.unit.pk: b for b in report.branches}
    reports = {unit.pk: row for unit, _own, row in reporting.branches}
    root = report.root
    children = [b.unit for b in report.branches if not b.own_level]
    units = ([root] if root.pk in compliance or root.pk in reports else []) + children
    columns = [
        Column("Đơn vị", 36),
        Column("Mã", 10),
        Column("Cán bộ thuộc diện quy định", 12, INTEGER),
        Column("Đạt", 10, INTEGER),
        Column("Chưa đạt", 10, INTEGER),
        Column("Tỷ lệ đạt", 10, PERCENT),
        *REPORTING_COLUMNS,
    ]
    rows = []
    for unit in units:
        branch = compliance.get(unit.pk)
        if branch is None:
            figures = [0, 0, 0, None]
        else:
            figures = [branch.assessed, branch.compliant, branch.behind, _share(branch.compliant, branch.assessed)]
        name = "Cán bộ {}".format(root.name) if unit.pk == root.pk else unit.name
        rows.append([name, unit.code, *figures, *_reporting_values(reports.get(unit.pk))])
    sheet = book.sheet("Theo đơn vị", columns, title="Thực hiện quy định dự sinh hoạt chi bộ theo đơn vị")
    sheet.extend(rows)
    total = [
        "Tổng",
        "",
        report.assessed,
        report.compliant,
        report.assessed - report.compliant,
        _share(report.compliant, report.assessed),
        *_reporting_values(reporting.total),
    ]
    sheet.append(total, STRONG)


def _people(book: ExcelBook, report: ComplianceReport, reporting: ReportingReport, home_names):
    """Everyone measured: those bound by a rule, and those with reports expected of them (the union, so the
    reporting columns add up to the total); a rule that does not bind a person leaves its cells blank."""
    rules = report.rules
    columns = [Column("Mã cán bộ", 14), Column("Họ và tên", 28), Column("Đơn vị công tác", 28)]
    for rule in rules:
        columns += [
            Column("{}: đã dự".format(rule.name), 14, INTEGER),
            Column("{}: phải dự".format(rule.name), 14, DECIMAL),
        ]
    columns += [Column("Tỷ lệ (quy định thấp nhất)", 12, PERCENT), Column("Đạt", 8), *REPORTING_COLUMNS]
    reports = {row.person_id: row for row in reporting.people}
    measured = {row.person_id: row for row in report.people}
    ordered = sorted(
        [(row.sort_key, row.person_id, row) for row in report.people]
        + [(row.sort_key, row.person_id, row) for row in reporting.people if row.person_id not in measured],
        key=lambda item: (item[0], item[1]),
    )
    rows = []
    for _key, person_id, row in ordered:
        person = measured.get(person_id)
        if person is None:
            values = [row.code, row.full_name, home_names.get(row.home_path, "")] + [None] * (2 * len(rules) + 2)
        else:
            results = {r.rule_id: r for r in person.compliance.results}
            values = [person.code, person.full_name, person.home_unit]
            for rule in rules:
                result = results.get(rule.pk)
                values += [result.attended, result.required] if result else [None, None]
            values += [person.compliance.ratio, "có" if person.compliance.compliant else "chưa"]
        rows.append(values + _reporting_values(reports.get(person_id)))
    book.sheet("Cán bộ", columns, title="Cán bộ thuộc diện quy định và báo cáo dự sinh hoạt").extend(rows)


def _behind(book: ExcelBook, report: ComplianceReport):
    names = {rule.pk: rule.name for rule in report.rules}
    columns = [
        Column("Mã cán bộ", 14),
        Column("Họ và tên", 28),
        Column("Đơn vị công tác", 28),
        Column("Quy định chậm nhất", 36),
        Column("Đã dự", 10, INTEGER),
        Column("Phải dự", 10, DECIMAL),
        Column("Tỷ lệ", 10, PERCENT),
    ]
    rows = (
        [
            p.code,
            p.full_name,
            p.home_unit,
            names.get(p.compliance.binding.rule_id, "") if p.compliance.binding else "",
            p.attended,
            p.required,
            p.compliance.ratio,
        ]
        for p in report.behind
    )
    book.sheet("Chưa đạt", columns, title="Cán bộ chưa đạt số lần tối thiểu, chậm nhất trước").extend(rows)


def _months(book: ExcelBook, reporting: ReportingReport):
    columns = [Column("Tháng", 10, MONTH), *REPORTING_COLUMNS]
    rows = [[datetime.date(year, month, 1), *_reporting_values(row)] for (year, month), row in reporting.months.items()]
    sheet = book.sheet("Theo tháng", columns, title="Báo cáo dự sinh hoạt theo tháng của buổi họp")
    sheet.extend(rows)
    total = ["Tổng", *_reporting_values(reporting.total)]
    sheet.append(total, STRONG)


def _never(book: ExcelBook, cells):
    columns = [Column("Chi bộ", 40), Column("Địa bàn", 32), Column("Mã địa bàn", 12), Column("Vùng sâu, vùng xa", 10)]
    rows = ([c.name, c.unit.name, c.unit.code, "có" if c.unit.is_remote else ""] for c in cells.iterator())
    book.sheet("Chi bộ chưa có cán bộ dự", columns, title="Chi bộ chưa có cán bộ cấp trên dự").extend(rows)


def _remote(book: ExcelBook, cells):
    columns = [
        Column("Chi bộ", 40),
        Column("Địa bàn", 32),
        Column("Mã địa bàn", 12),
        Column("Lượt cán bộ dự", 12, INTEGER),
        Column("Buổi đã họp", 12, INTEGER),
    ]
    rows = ([c.name, c.unit.name, c.unit.code, c.visits, c.held] for c in cells.iterator())
    book.sheet("Chi bộ vùng sâu, vùng xa", columns, title="Chi bộ vùng sâu, vùng xa, ít được dự nhất trước").extend(
        rows
    )


def _rules(book: ExcelBook, report: ComplianceReport):
    columns = [
        Column("Quy định", 40),
        Column("Số lần tối thiểu", 10, INTEGER),
        Column("Mỗi", 8),
        Column("Hoạt động được tính", 36),
        Column("Văn bản", 32),
        Column("Áp dụng từ", 12),
        Column("Áp dụng đến", 12),
    ]
    rows = [
        [
            r.name,
            r.minimum,
            r.get_period_display(),
            r.get_activity_display(),
            r.document,
            format_date(r.valid_from),
            format_date(r.valid_until),
        ]
        for r in report.rules
    ]
    book.sheet("Quy định", columns, title="Quy định dự sinh hoạt áp dụng").extend(rows)


def home_unit_names(root: Unit, start: datetime.date, end: datetime.date, user) -> dict[str, str]:
    """Path → name of the home units under `root` of the people in scope who attended a meeting in
    [start, end]: the names the reporting rows do not carry (one query, whatever their number)."""
    attended = restrict(Person.objects.all(), user).filter(
        home_unit=OuterRef("pk"), attendances__meeting__date__gte=start, attendances__meeting__date__lte=end
    )
    units = Unit.objects.filter(subtree_q("path", root.path)).filter(Exists(attended))
    return dict(units.values_list("path", "name"))


def compliance_workbook(
    report: ComplianceReport, reporting: ReportingReport, never_attended, remote_cells, user
) -> bytes:
    """The workbook of the compliance page of `report.root`: `never_attended` and `remote_cells` are the
    querysets of `cells_never_attended` and of `cells_least_attended` cut to remote units, read in full."""
    measured = {row.person_id for row in report.people}
    home_names = {row.home_path: row.home_unit for row in report.people}
    if any(row.person_id not in measured and row.home_path not in home_names for row in reporting.people):
        home_names = {**home_unit_names(report.root, report.start, report.end, user), **home_names}
    period = "Từ {} đến {} · báo cáo dự sinh hoạt tính đến {}".format(
        format_date(report.start), format_date(report.end), format_date(reporting.as_of)
    )
    # Every sheet under the same title lines: what, where, over which period, and whose records it holds when the
    # period spans a reorganization.
    book = ExcelBook(subject=report.root.name, notes=[period, report.lineage_note] if report.lineage_note else [period])
    _by_unit(book, report, reporting)
    _people(book, report, reporting, home_names)
    _behind(book, report)
    _months(book, reporting)
    _never(book, never_attended)
    _remote(book, remote_cells)
    _rules(book, report)
    return book.save()
