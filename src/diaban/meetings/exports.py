"""The compliance dashboard as an Excel workbook: one sheet per table of the page, with every row rather
than the first few, from the same selector results (`compliance_report`, `reporting_report`,
`cells_never_attended`, `cells_least_attended`), so the file, the page, the API and `diaban compliance`
cannot disagree. Shares are Excel percentages (0.875 shown as 87,5 %), counts are numbers."""

import datetime
import io

from django.db.models import Exists, OuterRef
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from diaban.core.dates import format_date
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.meetings.selectors import ComplianceReport, ReportingReport, ReportingRow
from diaban.people.models import Person
from diaban.territory.models import Unit

INTEGER, DECIMAL, PERCENT, MONTH = "#,##0", "0.0", "0.0%", "mm/yyyy"
TITLE_FONT, BOLD = Font(bold=True, size=13), Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(sheet, value, number_format=None, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _row(sheet, values, formats, font=None):
    return [_cell(sheet, v, f, font) for v, f in zip(values, formats, strict=True)]


def _share(numerator: int, denominator: int):
    """The share as Excel stores a percentage; blank when there is nothing to divide by (the page's "—")."""
    return numerator / denominator if denominator else None


class _Sheets:
    """Sheets of one workbook, each under the same two title lines: what, where, and over which period."""

    def __init__(self, report: ComplianceReport, reporting: ReportingReport):
        self.book = Workbook(write_only=True)
        self.unit = report.root
        self.period = "Từ {} đến {} · báo cáo dự sinh hoạt tính đến {}".format(
            format_date(report.start), format_date(report.end), format_date(reporting.as_of)
        )

    def add(self, name: str, heading: str, columns, rows):
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
            sheet.append(_row(sheet, row, formats))
        return sheet

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


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
    ("Báo cáo phải có", 12, INTEGER),
    ("Đã nhận", 10, INTEGER),
    ("Đúng hạn", 10, INTEGER),
    ("Tỷ lệ báo cáo", 11, PERCENT),
    ("Tỷ lệ đúng hạn", 11, PERCENT),
]


def _by_unit(sheets: _Sheets, report: ComplianceReport, reporting: ReportingReport):
    """The page's "Theo đơn vị" table; the root's own cadres are a row whenever either measure has them, so
    the rows add up to the total."""
    compliance = {b.unit.pk: b for b in report.branches}
    reports = {unit.pk: row for unit, _own, row in reporting.branches}
    root = report.root
    children = [b.unit for b in report.branches if not b.own_level]
    units = ([root] if root.pk in compliance or root.pk in reports else []) + children
    columns = [
        ("Đơn vị", 36, None),
        ("Mã", 10, None),
        ("Cán bộ thuộc diện quy định", 12, INTEGER),
        ("Đạt", 10, INTEGER),
        ("Chưa đạt", 10, INTEGER),
        ("Tỷ lệ đạt", 10, PERCENT),
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
    sheet = sheets.add("Theo đơn vị", "Thực hiện quy định dự sinh hoạt chi bộ theo đơn vị", columns, rows)
    total = [
        "Tổng",
        "",
        report.assessed,
        report.compliant,
        report.assessed - report.compliant,
        _share(report.compliant, report.assessed),
        *_reporting_values(reporting.total),
    ]
    sheet.append(_row(sheet, total, [fmt for _h, _w, fmt in columns], BOLD))


def _people(sheets: _Sheets, report: ComplianceReport, reporting: ReportingReport, home_names):
    """Everyone measured: those bound by a rule, and those with reports expected of them (the union, so the
    reporting columns add up to the total); a rule that does not bind a person leaves its cells blank."""
    rules = report.rules
    columns = [("Mã cán bộ", 14, None), ("Họ và tên", 28, None), ("Đơn vị công tác", 28, None)]
    for rule in rules:
        columns += [("{}: đã dự".format(rule.name), 14, INTEGER), ("{}: phải dự".format(rule.name), 14, DECIMAL)]
    columns += [("Tỷ lệ (quy định thấp nhất)", 12, PERCENT), ("Đạt", 8, None), *REPORTING_COLUMNS]
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
    sheets.add("Cán bộ", "Cán bộ thuộc diện quy định và báo cáo dự sinh hoạt", columns, rows)


def _behind(sheets: _Sheets, report: ComplianceReport):
    names = {rule.pk: rule.name for rule in report.rules}
    columns = [
        ("Mã cán bộ", 14, None),
        ("Họ và tên", 28, None),
        ("Đơn vị công tác", 28, None),
        ("Quy định chậm nhất", 36, None),
        ("Đã dự", 10, INTEGER),
        ("Phải dự", 10, DECIMAL),
        ("Tỷ lệ", 10, PERCENT),
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
    sheets.add("Chưa đạt", "Cán bộ chưa đạt số lần tối thiểu, chậm nhất trước", columns, rows)


def _months(sheets: _Sheets, reporting: ReportingReport):
    columns = [("Tháng", 10, MONTH), *REPORTING_COLUMNS]
    rows = [[datetime.date(year, month, 1), *_reporting_values(row)] for (year, month), row in reporting.months.items()]
    sheet = sheets.add("Theo tháng", "Báo cáo dự sinh hoạt theo tháng của buổi họp", columns, rows)
    total = ["Tổng", *_reporting_values(reporting.total)]
    sheet.append(_row(sheet, total, [None] + [fmt for _h, _w, fmt in REPORTING_COLUMNS], BOLD))


def _never(sheets: _Sheets, cells):
    columns = [("Chi bộ", 40, None), ("Địa bàn", 32, None), ("Mã địa bàn", 12, None), ("Vùng sâu, vùng xa", 10, None)]
    rows = ([c.name, c.unit.name, c.unit.code, "có" if c.unit.is_remote else ""] for c in cells.iterator())
    sheets.add("Chi bộ chưa có cán bộ dự", "Chi bộ chưa có cán bộ cấp trên dự", columns, rows)


def _remote(sheets: _Sheets, cells):
    columns = [
        ("Chi bộ", 40, None),
        ("Địa bàn", 32, None),
        ("Mã địa bàn", 12, None),
        ("Lượt cán bộ dự", 12, INTEGER),
        ("Buổi đã họp", 12, INTEGER),
    ]
    rows = ([c.name, c.unit.name, c.unit.code, c.visits, c.held] for c in cells.iterator())
    sheets.add("Chi bộ vùng sâu, vùng xa", "Chi bộ vùng sâu, vùng xa, ít được dự nhất trước", columns, rows)


def _rules(sheets: _Sheets, report: ComplianceReport):
    columns = [
        ("Quy định", 40, None),
        ("Số lần tối thiểu", 10, INTEGER),
        ("Mỗi", 8, None),
        ("Hoạt động được tính", 36, None),
        ("Văn bản", 32, None),
        ("Áp dụng từ", 12, None),
        ("Áp dụng đến", 12, None),
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
    sheets.add("Quy định", "Quy định dự sinh hoạt áp dụng", columns, rows)


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
    sheets = _Sheets(report, reporting)
    _by_unit(sheets, report, reporting)
    _people(sheets, report, reporting, home_names)
    _behind(sheets, report)
    _months(sheets, reporting)
    _never(sheets, never_attended)
    _remote(sheets, remote_cells)
    _rules(sheets, report)
    return sheets.save()
