"""A meeting report as a Word document in the layout of Party documents, filled into docx/meeting_report.docx
(built by docx/build_template.py).

The issuing body on the left is the cadre's agency under the Party organization above the cadre's own
committee ("ĐẢNG BỘ TỈNH BẾN TRE" / "HUYỆN ỦY BA TRI"); the place is the seat of the cadre's committee, the
date that of the (last) submission, or today for a report not yet submitted.
"""

import io
from pathlib import Path

from django.utils import timezone
from docxtpl import DocxTemplate

from diaban.core.dates import format_date, today
from diaban.core.party_document import place_date, short_place
from diaban.core.text import in_sentence
from diaban.meetings.models import MeetingReport, QualityCriterion
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

TEMPLATE = Path(__file__).with_name("docx") / "meeting_report.docx"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NONE = "Không có."


def _committees(unit: Unit) -> tuple[PartyOrganization | None, PartyOrganization | None]:
    """The Party committee of `unit` (the nearest one at the unit or above it) and the committee above that."""
    paths = unit.ancestor_paths() + [unit.path]
    candidates = (
        PartyOrganization.objects.filter(unit__path__in=paths)
        .exclude(kind=OrganizationKind.CELL)
        .select_related("unit", "parent")
    )
    # The deepest unit first; on one unit, the main committee (the shallowest organization) first.
    ordered = sorted(candidates, key=lambda o: (-len(o.unit.path), len(o.path)))
    if not ordered:
        return None, None
    own = ordered[0]
    parent = own.parent if own.parent is not None and own.parent.kind != OrganizationKind.CELL else None
    return own, parent


def _paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines()]
    return [line for line in lines if line] or [NONE]


def _recommendations(report: MeetingReport) -> list[str]:
    """What the page shows: the recommendations filed from the report, else the lines the cadre wrote."""
    linked = [r.text for r in report.recommendations.order_by("pk")]
    if linked:
        texts = linked
    else:
        texts = [line.strip(" -•\t") for line in (report.recommendations_text or "").splitlines()]
    return ["- " + text for text in texts if text.strip()] or [NONE]


def _yes_no(value) -> str:
    return "chưa ghi nhận" if value is None else "có" if value else "không"


def _cell_title(name: str) -> str:
    """ "Chi bộ Ấp 1" → "chi bộ Ấp 1", for the title line "Kết quả dự sinh hoạt chi bộ …"."""
    if name.lower().startswith("chi bộ"):
        return in_sentence(name)
    return "chi bộ " + name


def report_context(report: MeetingReport) -> dict:
    """The template's variables: plain strings, and lists of strings for the paragraphs of each section."""
    attendance = report.attendance
    person, meeting = attendance.person, attendance.meeting
    cell = meeting.organization
    origin = person.home_unit or cell.unit
    own, above = _committees(origin)
    superior = (above or own).name.upper() if (above or own) else ""
    place = short_place(own.unit if own else origin)
    if report.submitted_at:
        date = timezone.localtime(report.submitted_at).date()
    else:
        date = today()

    parent = cell.parent
    when = "- Thời gian: ngày {}".format(format_date(meeting.date))
    if meeting.date != meeting.planned_date:
        when += " (dời từ ngày {} theo lịch)".format(format_date(meeting.planned_date))
    meeting_lines = [when + ".", "- Hình thức: sinh hoạt {}.".format(meeting.get_kind_display().lower())]
    if meeting.topic:
        meeting_lines.append("- Chủ đề: {}".format(meeting.topic))

    present = report.members_present if report.members_present is not None else meeting.members_present
    total = report.members_total if report.members_total is not None else meeting.members_total
    attendance_lines = [
        "- Số đảng viên dự: {}/{} đồng chí.".format(
            present if present is not None else "…", total if total is not None else "…"
        )
    ]
    if meeting.members_excused:
        attendance_lines.append("- Vắng có lý do: {} đồng chí.".format(meeting.members_excused))
    attendance_lines.append("- Chi ủy họp trước để chuẩn bị nội dung: {}.".format(_yes_no(report.committee_met_before)))

    met = list(report.criteria_met.order_by("order", "pk"))
    met_ids = {c.pk for c in met}
    considered = sum(1 for c in QualityCriterion.objects.all() if c.active or c.pk in met_ids)
    return {
        "superior": superior,
        "issuer": (person.agency or "").upper(),
        "place_date": place_date(place, date),
        "cell_name": cell.name,
        "cell_title": _cell_title(cell.name),
        "cell_parent": " ({})".format(parent.name) if parent else "",
        "meeting_date": format_date(meeting.date),
        "meeting_caption": "ngày {}".format(format_date(meeting.date)),
        "meeting_kind": meeting.get_kind_display().lower(),
        "meeting_lines": meeting_lines,
        "attendance_lines": attendance_lines,
        "content_lines": _paragraphs(report.content),
        "criteria_score": "{}/{}".format(len(met), considered),
        "criteria_lines": ["- {}".format(c.text) for c in met] or [NONE],
        "overall": report.get_overall_display() if report.overall else "chưa đánh giá",
        "assessment_lines": _paragraphs(report.assessment),
        "guidance_lines": _paragraphs(report.guidance),
        "answer_lines": _paragraphs(report.answers),
        "recommendation_lines": _recommendations(report),
        "proposal_lines": _paragraphs(report.proposals),
        "cadre_name": person.full_name,
    }


def report_docx(report: MeetingReport) -> bytes:
    document = DocxTemplate(TEMPLATE)
    # Escaped: what a cadre typed ("&", "<") must not break the document's XML.
    document.render(report_context(report), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_filename(report: MeetingReport) -> str:
    return "bao-cao-du-sinh-hoat-{}-{}.docx".format(report.pk, report.attendance.meeting.date.strftime("%Y%m%d"))
