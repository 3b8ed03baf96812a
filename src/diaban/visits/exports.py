"""Field work as an Excel workbook: the visit plans a user sees (as filtered), and, for a unit, the visits each
unit below it received per month (`selectors.visit_counts`, the coordination page's figures).

The plans are those of the list page with the same filters (views.exports subclasses the list view), every
page of them.

Dates are written dd/mm/yyyy as text, statuses in Vietnamese, several people or units in one cell separated
by "; ". The plans are read in a fixed number of queries whatever their number.
"""

import io

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from diaban.core.dates import format_date, today
from diaban.people.models import Person
from diaban.visits.choices import VISIT_STATUSES, PlanAction, TripReportStatus
from diaban.visits.models import AgendaItem, PlanEvent, VisitPlan, VisitTarget
from diaban.visits.selectors import VisitCounts

PLANS_SHEET = "Kế hoạch đi cơ sở"
COUNTS_SHEET = "Số lượt đến địa bàn"
TITLE_FONT, BOLD = Font(bold=True, size=13), Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------------------------------------------------
# Plans


def _with_columns(plans):
    """Everything the rows show, in six queries whatever the number of plans (under attributes of their own:
    the list's queryset may prefetch the same relations differently)."""
    approvals = PlanEvent.objects.filter(action=PlanAction.APPROVED).order_by("at", "id")
    return plans.select_related(
        "owner", "department", "department_approver", "leader_approver", "report"
    ).prefetch_related(
        Prefetch("companions", queryset=Person.objects.order_by("sort_key", "id"), to_attr="companion_list"),
        Prefetch("targets", queryset=VisitTarget.objects.select_related("unit"), to_attr="target_list"),
        Prefetch("agenda", queryset=AgendaItem.objects.filter(is_main=True), to_attr="main_items"),
        Prefetch("events", queryset=approvals, to_attr="approvals"),
    )


# ---------------------------------------------------------------------------------------------------------
# Cells


def _cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=value if value != "" else None)
    if isinstance(value, str) and value:
        cell.data_type = "s"  # text typed as "=…" stays text, never a formula run on opening
    if font is not None:
        cell.font = font
    return cell


def _sheet(book, name: str, title: str, subtitle: str, columns):
    """A sheet under two title lines, with the header on row 3; `columns`: (header, width) pairs."""
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A4"
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_cell(sheet, title, TITLE_FONT)])
    sheet.append([_cell(sheet, subtitle)])
    header = []
    for text, _width in columns:
        cell = _cell(sheet, text, BOLD)
        cell.alignment = WRAP
        header.append(cell)
    sheet.append(header)
    return sheet


PLAN_COLUMNS = [
    ("STT", 6),
    ("Tên đợt đi cơ sở", 40),
    ("Từ ngày", 12),
    ("Đến ngày", 12),
    ("Chủ trì", 24),
    ("Phòng, ban", 28),
    ("Cùng đi", 32),
    ("Địa bàn", 36),
    ("Nội dung trọng tâm", 44),
    ("Tình trạng", 22),
    ("Trưởng phòng duyệt", 24),
    ("Lãnh đạo phụ trách duyệt", 24),
    ("Duyệt xong ngày", 14),
    ("Nộp báo cáo chuyến đi ngày", 14),
]


def _approved_on(plan: VisitPlan) -> str:
    """The day the leader in charge approved the plan, for plans that stand approved (the latest approval:
    a plan merged after its approval is approved again)."""
    if plan.status not in VISIT_STATUSES or not plan.approvals:
        return ""
    return format_date(timezone.localtime(plan.approvals[-1].at).date())


def _report_submitted_on(plan: VisitPlan) -> str:
    report = getattr(plan, "report", None)
    if report is None or report.status != TripReportStatus.SUBMITTED or report.submitted_at is None:
        return ""
    return format_date(timezone.localtime(report.submitted_at).date())


def plan_rows(plans):
    for number, plan in enumerate(_with_columns(plans), start=1):
        main = plan.main_items[0].text if plan.main_items else ""
        yield [
            number,
            plan.title,
            format_date(plan.start_date),
            format_date(plan.end_date),
            plan.owner.full_name,
            plan.department.name if plan.department else "",
            "; ".join(p.full_name for p in plan.companion_list),
            "; ".join(t.unit.name for t in plan.target_list),
            main,
            plan.get_status_display(),
            plan.department_approver.full_name if plan.department_approver else "",
            plan.leader_approver.full_name if plan.leader_approver else "",
            _approved_on(plan),
            _report_submitted_on(plan),
        ]


def _counts_sheet(book, counts: VisitCounts) -> None:
    months = [("T{}".format(m), 6) for m in range(1, 13)]
    columns = [("Địa bàn", 32), ("Mã", 10), ("Thuộc", 28), ("Vùng sâu, vùng xa", 10), *months, ("Cả năm", 8)]
    columns.append(("Ghi chú", 24))
    subtitle = "Năm {} · {} · lượt đến theo kế hoạch đã duyệt hoặc đã đi · quá {} lượt trong một tháng là nhiều".format(
        counts.year, counts.level_name or "địa bàn", counts.monthly_max
    )
    sheet = _sheet(book, COUNTS_SHEET, "Số lượt đến địa bàn — {}".format(counts.root.name), subtitle, columns)
    often = {row.unit.pk for row in counts.too_often}
    for row in counts.rows:
        unit = row.unit
        note = "đến quá nhiều" if unit.pk in often else "chưa được đến" if row.total == 0 else ""
        values = [unit.name, unit.code, unit.parent.name if unit.parent else "", "có" if unit.is_remote else ""]
        sheet.append([_cell(sheet, v) for v in [*values, *row.by_month, row.total, note]])


def plans_workbook(plans, description: str, counts: VisitCounts | None = None) -> bytes:
    """`plans`: the list as filtered; `description`: its filters in words, for the title; `counts`: the
    visits received by the units below a unit, as a second sheet."""
    book = Workbook(write_only=True)
    subtitle = "{} · xuất ngày {}".format(description, format_date(today()))
    sheet = _sheet(book, PLANS_SHEET, "Kế hoạch đi cơ sở", subtitle, PLAN_COLUMNS)
    for values in plan_rows(plans):
        sheet.append([_cell(sheet, v) for v in values])
    if counts is not None:
        _counts_sheet(book, counts)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
