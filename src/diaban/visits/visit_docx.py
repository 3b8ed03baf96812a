"""A visit plan and a trip report as Word documents in the layout of Party documents, filled into
docx/visit_plan.docx and docx/trip_report.docx (built by docx/build_template.py).

The issuing body on the left is the Party committee of the plan's agency over the agency's name ("ĐẢNG BỘ TỈNH
BẾN TRE" / "BAN TỔ CHỨC TỈNH ỦY"), both read from the data: the agency is the top of the plan's department
chain, the committee the nearest Party committee at or above the agency's unit. The place is that unit's name
without its kind ("Bến Tre").
"""

import datetime
import io
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from docxtpl import DocxTemplate

from diaban.core.dates import format_date, today
from diaban.core.party_document import place_date, short_place
from diaban.feedback.models import Recommendation
from diaban.people.models import Department, Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit
from diaban.visits.choices import VISIT_STATUSES, AgendaKind, PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import AgendaItem, Finding, TripReport, UnitVisitReport, VisitPlan, VisitTarget
from diaban.visits.selectors import plans_visible, trip_reports_visible

DOCX_DIR = Path(__file__).with_name("docx")
PLAN_TEMPLATE = DOCX_DIR / "visit_plan.docx"
REPORT_TEMPLATE = DOCX_DIR / "trip_report.docx"
NONE = "Không có."


# ---------------------------------------------------------------------------------------------------------
# Reads: what each document needs, in a number of queries that does not grow with the plan


def plans_for_docx(user):
    """The plans the user sees, with everything the plan's document shows of them."""
    companions = Person.objects.select_related("department").order_by("sort_key", "id")
    return (
        plans_visible(user)
        .select_related(
            "owner__department", "owner__home_unit", "department__unit", "department_approver", "leader_approver"
        )
        .prefetch_related(
            Prefetch("companions", queryset=companions),
            Prefetch("targets", queryset=VisitTarget.objects.select_related("unit__parent")),
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("proposed_by")),
            "events",
        )
    )


def reports_for_docx(user):
    """Trip reports in the user's scope or of the plans they see (the trip report page's rule)."""
    companions = Person.objects.select_related("department").order_by("sort_key", "id")
    return (
        trip_reports_visible(user)
        .select_related("plan__owner__department", "plan__owner__home_unit", "plan__department__unit")
        .prefetch_related(
            Prefetch("plan__companions", queryset=companions),
            Prefetch("units", queryset=UnitVisitReport.objects.select_related("unit__parent")),
            Prefetch("units__findings", queryset=Finding.objects.select_related("agenda_item")),
            "units__follow_ups",
            Prefetch("units__recommendations", queryset=Recommendation.objects.order_by("pk")),
        )
    )


def docx_refusal(plan: VisitPlan) -> str:
    """Why `plan` has no document yet ("" when it has one): only a plan approved in both steps is one the
    committee has issued."""
    if plan.status in VISIT_STATUSES:
        return ""
    if plan.status == PlanStatus.MERGED and plan.merged_into_id:
        return "Kế hoạch “{}” đã gộp vào kế hoạch khác; hãy tải bản kế hoạch đã gộp.".format(plan.title)
    return (
        "Kế hoạch “{}” đang ở bước “{}”: chỉ tải được bản DOCX của kế hoạch đã được trưởng phòng và lãnh đạo "
        "phụ trách duyệt.".format(plan.title, plan.get_status_display())
    )


# ---------------------------------------------------------------------------------------------------------
# Shared parts


def _paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines()]
    return [line for line in lines if line] or [NONE]


def _dashed(text: str) -> list[str]:
    """One "- " item per line typed ("mỗi dòng một …" fields), whatever bullet the cadre typed."""
    items = [line.strip(" -•+*\t") for line in (text or "").splitlines()]
    return ["- " + item for item in items if item] or [NONE]


def _committee(unit: Unit) -> PartyOrganization | None:
    """The Party committee nearest to `unit`, at it or above it (on one unit, the main committee)."""
    candidates = (
        PartyOrganization.objects.filter(unit__path__in=unit.ancestor_paths() + [unit.path])
        .exclude(kind=OrganizationKind.CELL)
        .select_related("unit")
    )
    ordered = sorted(candidates, key=lambda o: (-len(o.unit.path), len(o.path)))
    return ordered[0] if ordered else None


def _issuer(plan: VisitPlan) -> tuple[Department | None, dict]:
    """The header's lines and the place: from the plan's agency (else the owner's home unit and agency)."""
    department = plan.department or plan.owner.department
    agency = department.agency() if department else None
    unit = agency.unit if agency else plan.owner.home_unit
    committee = _committee(unit)
    superior = committee.name if committee else "Đảng bộ " + unit.name
    name = agency.name if agency else plan.owner.agency
    return agency, {"superior": superior.upper(), "issuer": (name or "").upper(), "place": short_place(unit)}


def _units(targets) -> tuple[str, list[str]]:
    units = [t.unit for t in targets]
    lines = []
    for unit in units:
        line = "- {}".format(unit.name)
        if unit.parent is not None:
            line += " ({})".format(unit.parent.name)
        if unit.is_remote:
            line += "; vùng sâu, vùng xa"
        lines.append(line + ".")
    return ", ".join(u.name for u in units), lines or [NONE]


def _member(person: Person, role: str, bullet: str) -> str:
    line = "{} Đồng chí {}".format(bullet, person.full_name)
    if person.department is not None:
        line += ", {}".format(person.department.name)
    return line + ": {}.".format(role)


def _members(plan: VisitPlan, bullet: str = "-") -> list[str]:
    return [_member(plan.owner, "chủ trì", bullet)] + [_member(p, "cùng đi", bullet) for p in plan.companions.all()]


def _period(start: datetime.date, end: datetime.date) -> str:
    if start == end:
        return "ngày {}".format(format_date(start))
    return "từ ngày {} đến ngày {}".format(format_date(start), format_date(end))


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _render(template: Path, context: dict) -> bytes:
    document = DocxTemplate(template)
    # Escaped: what a cadre typed ("&", "<") must not break the document's XML.
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# The plan


def _approvals(plan: VisitPlan) -> dict[str, datetime.date]:
    """The date of the latest department and leader approval in the history (a plan returned or merged after
    an approval is approved again; the latest approval is the one that stands)."""
    dates = {}
    for event in plan.events.all():  # oldest first
        if event.action in (PlanAction.DEPARTMENT_APPROVED, PlanAction.APPROVED):
            dates[event.action] = _local_date(event.at)
    return dates


def _agenda_groups(plan: VisitPlan) -> list[dict]:
    """The agenda by kind, in the order of the duties (nắm, góp ý, kiểm tra, hỗ trợ); the main item marked,
    and after a merge, whose item each is."""
    items = list(plan.agenda.all())
    groups = []
    for kind in AgendaKind:
        lines = []
        for item in (i for i in items if i.kind == kind):
            line = "- {}".format(item.text.strip())
            notes = []
            if item.is_main:
                notes.append("nội dung trọng tâm")
            if item.proposed_by_id and item.proposed_by_id != plan.owner_id:
                notes.append("đồng chí {} đề xuất".format(item.proposed_by.full_name))
            if notes:
                line += " ({})".format("; ".join(notes))
            lines.append(line)
        if lines:
            groups.append({"heading": "{}. {}".format(len(groups) + 1, _upper_first(str(kind.label))), "lines": lines})
    return groups or [{"heading": NONE, "lines": []}]


def plan_context(plan: VisitPlan) -> dict:
    agency, header = _issuer(plan)
    approvals = _approvals(plan)
    approved_on = approvals.get(PlanAction.APPROVED)
    head_on = approvals.get(PlanAction.DEPARTMENT_APPROVED)
    units_title, unit_lines = _units(plan.targets.all())
    main = next((item for item in plan.agenda.all() if item.is_main), None)
    head = plan.department_approver
    # Heading of the first step: the head of the agency itself approves the plans of department heads.
    head_heading = (
        "TRƯỞNG BAN" if head is not None and agency is not None and agency.head_id == head.pk else "TRƯỞNG PHÒNG"
    )
    by = plan.department.name if plan.department else "Đồng chí {}".format(plan.owner.full_name)

    def approved(date):
        return "(đã duyệt ngày {})".format(format_date(date)) if date else "(chưa ghi nhận ngày duyệt)"

    return {
        "superior": header["superior"],
        "issuer": header["issuer"],
        # The plan is issued when the leader in charge approves it.
        "place_date": place_date(header["place"], approved_on or today()),
        "units_title": units_title,
        "period_title": _period(plan.start_date, plan.end_date),
        "intro": "Thực hiện nhiệm vụ theo dõi, hỗ trợ cơ sở, {} xây dựng kế hoạch đi cơ sở “{}” như sau:".format(
            by, plan.title
        ),
        "purpose_lines": ["- {}".format(main.text.strip())] if main else [NONE],
        "time_lines": [
            "- {} ({} ngày).".format(_upper_first(_period(plan.start_date, plan.end_date)), plan.days),
        ],
        "unit_lines": unit_lines,
        "member_lines": _members(plan),
        "agenda_groups": _agenda_groups(plan),
        "counterpart_lines": _dashed(plan.counterparts),
        "document_lines": _dashed(plan.documents_studied),
        "leader_heading": "LÃNH ĐẠO BAN PHỤ TRÁCH",
        "leader_note": approved(approved_on),
        "leader_name": plan.leader_approver.full_name if plan.leader_approver else "",
        "head_heading": head_heading,
        "head_note": approved(head_on),
        "head_name": head.full_name if head else "",
        "owner_note": "(lập ngày {})".format(format_date(_local_date(plan.created_at))),
        "owner_name": plan.owner.full_name,
    }


def plan_docx(plan: VisitPlan) -> bytes:
    return _render(PLAN_TEMPLATE, plan_context(plan))


def plan_filename(plan: VisitPlan) -> str:
    return "ke-hoach-di-co-so-{}-{}.docx".format(plan.pk, plan.start_date.strftime("%Y%m%d"))


# ---------------------------------------------------------------------------------------------------------
# The trip report


def _findings(part: UnitVisitReport) -> list[str]:
    lines = []
    # The agenda's order: the main item first.
    for finding in sorted(part.findings.all(), key=lambda f: (not f.agenda_item.is_main, f.agenda_item.order, f.pk)):
        text = " ".join(line.strip() for line in finding.text.splitlines() if line.strip())
        lines.append("- {}: {}".format(finding.agenda_item.text.strip(), text or "chưa ghi kết quả."))
    return lines or [NONE]


def _recommendations(part: UnitVisitReport) -> list[str]:
    """What the page shows: the recommendations filed when the report was submitted, else the lines typed."""
    linked = [r.text for r in part.recommendations.all()]
    return ["- " + text for text in linked] if linked else _dashed(part.recommendations_text)


def _follow_ups(part: UnitVisitReport) -> list[str]:
    lines = []
    for item in part.follow_ups.all():
        line = "- {} (hạn {}".format(item.text, format_date(item.due_date))
        if item.done_on:
            line += "; xong ngày {}".format(format_date(item.done_on))
        lines.append(line + ").")
    return lines or [NONE]


def _status_line(report: TripReport) -> str:
    if report.status == TripReportStatus.SUBMITTED and report.submitted_at:
        moment = timezone.localtime(report.submitted_at)
        return "Đã nộp lúc {} ngày {}".format(moment.strftime("%H:%M"), format_date(moment.date()))
    if report.first_submitted_at:
        return "BẢN NHÁP – mở lại để sửa, chưa nộp lại"
    return "BẢN NHÁP – chưa nộp"


def report_context(report: TripReport) -> dict:
    plan = report.plan
    _agency, header = _issuer(plan)
    parts = list(report.units.all())
    units_title = ", ".join(part.unit.name for part in parts)
    submitted = report.status == TripReportStatus.SUBMITTED and report.submitted_at
    time_line = "- Thời gian: {}".format(_period(report.start_date, report.end_date))
    if (report.start_date, report.end_date) != (plan.start_date, plan.end_date):
        time_line += " (kế hoạch: {})".format(_period(plan.start_date, plan.end_date))
    return {
        "superior": header["superior"],
        "issuer": header["issuer"],
        "place_date": place_date(header["place"], _local_date(report.submitted_at) if submitted else today()),
        "units_title": units_title,
        "period_title": _period(report.start_date, report.end_date),
        "status_line": _status_line(report),
        "intro": "Thực hiện kế hoạch đi cơ sở “{}”, {}, đoàn công tác đã đến làm việc tại {}. Kết quả như sau:".format(
            plan.title, _period(report.start_date, report.end_date), units_title or "cơ sở"
        ),
        "time_lines": [time_line + ".", "- Thành phần đoàn công tác:"],
        "member_lines": _members(plan, bullet="+"),
        "parts": [
            {
                "heading": "{}. {}".format(i, part.unit.name)
                + (" ({})".format(part.unit.parent.name) if part.unit.parent else ""),
                "situation_lines": _paragraphs(part.situation),
                "finding_lines": _findings(part),
                "guidance_lines": _paragraphs(part.guidance_given),
                "recommendation_lines": _recommendations(part),
                "follow_up_lines": _follow_ups(part),
            }
            for i, part in enumerate(parts, start=1)
        ],
        "summary_lines": _paragraphs(report.summary),
        "guidance_lines": _paragraphs(report.guidance_conveyed),
        "owner_name": plan.owner.full_name,
    }


def report_docx(report: TripReport) -> bytes:
    return _render(REPORT_TEMPLATE, report_context(report))


def report_filename(report: TripReport) -> str:
    return "bao-cao-di-co-so-{}-{}.docx".format(report.pk, report.start_date.strftime("%Y%m%d"))
