"""Field work as an Excel workbook: the visit plans a user sees (as filtered), and, for a unit, the visits each
unit below it received per month (`selectors.visit_counts`, the coordination page's figures).

The plans are those of the list page with the same filters (views.exports subclasses the list view), every
page of them.

Dates are written dd/mm/yyyy as text, statuses in Vietnamese, several people or units in one cell separated
by "; ". The plans are read in a fixed number of queries whatever their number.
"""

from django.db.models import Prefetch
from django.utils import timezone

from diaban.core.dates import format_date, today
from diaban.core.excel import Column, ExcelBook
from diaban.people.models import Person
from diaban.visits.choices import VISIT_STATUSES, PlanAction, TripReportStatus
from diaban.visits.models import AgendaItem, PlanEvent, VisitPlan, VisitTarget
from diaban.visits.selectors import VisitCounts

PLANS_SHEET = "Kế hoạch đi cơ sở"
COUNTS_SHEET = "Số lượt đến địa bàn"


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


PLAN_COLUMNS = [
    Column("STT", 6),
    Column("Tên đợt đi cơ sở", 40),
    Column("Từ ngày", 12),
    Column("Đến ngày", 12),
    Column("Chủ trì", 24),
    Column("Phòng, ban", 28),
    Column("Cùng đi", 32),
    Column("Địa bàn", 36),
    Column("Nội dung trọng tâm", 44),
    Column("Tình trạng", 22),
    Column("Trưởng phòng duyệt", 24),
    Column("Lãnh đạo phụ trách duyệt", 24),
    Column("Duyệt xong ngày", 14),
    Column("Nộp báo cáo chuyến đi ngày", 14),
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


def _counts_sheet(book: ExcelBook, counts: VisitCounts) -> None:
    months = [Column("T{}".format(m), 6) for m in range(1, 13)]
    columns = [Column("Địa bàn", 32), Column("Mã", 10), Column("Thuộc", 28), Column("Vùng sâu, vùng xa", 10)]
    columns += [*months, Column("Cả năm", 8), Column("Ghi chú", 24)]
    subtitle = "Năm {} · {} · lượt đến theo kế hoạch đã duyệt hoặc đã đi · quá {} lượt trong một tháng là nhiều".format(
        counts.year, counts.level_name or "địa bàn", counts.monthly_max
    )
    title = "Số lượt đến địa bàn — {}".format(counts.root.name)
    sheet = book.sheet(COUNTS_SHEET, columns, title=title, notes=[subtitle])
    often = {row.unit.pk for row in counts.too_often}
    for row in counts.rows:
        unit = row.unit
        note = "đến quá nhiều" if unit.pk in often else "chưa được đến" if row.total == 0 else ""
        values = [unit.name, unit.code, unit.parent.name if unit.parent else "", "có" if unit.is_remote else ""]
        sheet.append([*values, *row.by_month, row.total, note])


def plans_workbook(plans, description: str, counts: VisitCounts | None = None) -> bytes:
    """`plans`: the list as filtered; `description`: its filters in words, for the title; `counts`: the
    visits received by the units below a unit, as a second sheet."""
    book = ExcelBook()
    subtitle = "{} · xuất ngày {}".format(description, format_date(today()))
    book.sheet(PLANS_SHEET, PLAN_COLUMNS, title="Kế hoạch đi cơ sở", notes=[subtitle]).extend(plan_rows(plans))
    if counts is not None:
        _counts_sheet(book, counts)
    return book.save()
