"""Meeting reports (báo cáo dự sinh hoạt chi bộ): the attending cadre's report, started from the meeting, saved as a
draft, submitted (its recommendations recorded), reopened, and its files."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import dates, limits
from diaban.core.history import fold_into_last_save
from diaban.core.scoping import CAPTURE, restrict
from diaban.core.text import nfc
from diaban.core.uploads import PHOTOS_AND_SCANS, check_upload
from diaban.feedback.models import RecommendationSource
from diaban.feedback.services import recording as feedback_recording
from diaban.meetings.choices import ReportEventAction, ReportStatus
from diaban.meetings.models import Attendance, MeetingReport, ReportAttachment, ReportEvent, report_due_date

REPORT_FIELDS = (
    "members_total",
    "members_present",
    "committee_met_before",
    "content",
    "overall",
    "assessment",
    "guidance",
    "answers",
    "proposals",
    "recommendations_text",
)


def is_report_author(actor, report: MeetingReport) -> bool:
    person = report.attendance.person
    return person.user_id is not None and person.user_id == getattr(actor, "pk", None)


def _report_value(report: MeetingReport, name: str):
    value = getattr(report, name)
    if name == "committee_met_before":
        return {True: "có", False: "không", None: ""}[value]
    if name == "overall":
        return report.get_overall_display() if value else ""
    return value if value is not None else ""


@transaction.atomic
def report_start(*, actor, attendance: Attendance) -> MeetingReport:
    """The attending cadre's report on `attendance`: the existing one, or a new draft prefilled from the meeting."""
    existing = MeetingReport.objects.filter(attendance=attendance).first()
    if existing is not None:
        return existing
    person = attendance.person
    if not (person.user_id is not None and person.user_id == getattr(actor, "pk", None)):
        raise PermissionDenied("Chỉ cán bộ đã dự buổi sinh hoạt mới lập báo cáo của mình.")
    meeting = attendance.meeting
    report = MeetingReport.objects.create(
        attendance=attendance,
        due_date=report_due_date(meeting.date),
        members_total=meeting.members_total,
        members_present=meeting.members_present,
        committee_met_before=meeting.committee_met_before,
        content=meeting.topic,
    )
    ReportEvent.record(report=report, action=ReportEventAction.CREATED, actor=actor)
    return report


def _check_report(report: MeetingReport, submitting: bool) -> None:
    errors = {}
    total, present = report.members_total, report.members_present
    if total is not None and present is not None and present > total:
        errors["members_present"] = "Số đảng viên dự ({}) lớn hơn tổng số đảng viên ({}).".format(present, total)
    try:  # each line becomes a recommendation
        limits.check_lines(report.recommendations_text, limits.TEXT, field="recommendations_text", label="kiến nghị")
    except ValidationError as exc:
        errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
    if submitting:
        if total is None or present is None:
            errors.setdefault("members_present", "Cần ghi số đảng viên dự và tổng số đảng viên trước khi nộp.")
        if not report.content.strip():
            errors["content"] = "Cần ghi nội dung buổi sinh hoạt trước khi nộp."
        if not report.overall:
            errors["overall"] = "Cần chọn đánh giá chung về chất lượng buổi sinh hoạt trước khi nộp."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_save(*, actor, report: MeetingReport, criteria=None, **fields) -> MeetingReport:
    """Save the author's draft (called as they type). A submitted report is locked: reopen it first."""
    report = MeetingReport.objects.select_for_update().get(pk=report.pk)
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới được sửa báo cáo.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp và bị khóa; cần Ban Tổ chức mở lại (có lý do) mới sửa được.")
    changes = {}
    for name, value in fields.items():
        if name not in REPORT_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        before = _report_value(report, name)
        setattr(report, name, value)
        after = _report_value(report, name)
        if before != after:
            changes[name] = [before, after]
    if criteria is not None:
        before = sorted(report.criteria_met.values_list("pk", flat=True))
        after = sorted({c.pk for c in criteria})
        if before != after:
            report.criteria_met.set(after)
            changes["criteria_met"] = [len(before), len(after)]
    report.check_text_lengths(fields)
    _check_report(report, submitting=False)
    report.save()
    if changes:
        last = report.events.order_by("-at", "-id").first()
        if not fold_into_last_save(last, action=ReportEventAction.SAVED, actor=actor, changes=changes):
            ReportEvent.record(report=report, action=ReportEventAction.SAVED, actor=actor, changes=changes)
    return report


@transaction.atomic
def report_submit(*, actor, report: MeetingReport) -> MeetingReport:
    """Submit and lock. Each line of the recommendations becomes a recommendation record of the cell's unit."""
    report = MeetingReport.objects.select_for_update().get(pk=report.pk)
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới được nộp báo cáo.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp.")
    _check_report(report, submitting=True)
    meeting = report.attendance.meeting
    linked = {r.text: r for r in report.recommendations.all()}
    lines = [nfc(line).strip(" -•\t") for line in report.recommendations_text.splitlines()]
    for line in [line for line in lines if line]:
        if line not in linked:
            linked[line] = feedback_recording.recommendation_from_report(
                actor=actor,
                unit=meeting.organization.unit,
                text=line,
                source=RecommendationSource.MEETING,
                raised_on=meeting.date,
                carried_by=report.attendance.person,
            )
            report.recommendations.add(linked[line])
    now = dates.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    ReportEvent.record(report=report, action=ReportEventAction.SUBMITTED, actor=actor)
    return report


def can_reopen_report(actor, report: MeetingReport) -> bool:
    from diaban.people.permissions import can_manage_people

    return can_manage_people(actor) and restrict(MeetingReport.objects.filter(pk=report.pk), actor, CAPTURE).exists()


@transaction.atomic
def report_reopen(*, actor, report: MeetingReport, reason: str) -> MeetingReport:
    """Organization staff reopen a submitted report for correction, with a reason kept in the history.
    Timeliness stays measured by the first submission."""
    from diaban.people.permissions import can_manage_people

    if (
        not can_manage_people(actor)
        or not restrict(MeetingReport.objects.filter(pk=report.pk), actor, CAPTURE).exists()
    ):
        raise PermissionDenied("Chỉ Ban Tổ chức trong phạm vi của mình mới được mở lại báo cáo đã nộp.")
    if not report.is_locked:
        raise ValidationError("Báo cáo chưa nộp, không cần mở lại.")
    reason = limits.clean_text(reason, limits.NOTE, field="reason", label="lý do mở lại")
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do mở lại báo cáo."})
    report.status = ReportStatus.REOPENED
    report.save(update_fields=["status", "updated_at"])
    ReportEvent.record(report=report, action=ReportEventAction.REOPENED, actor=actor, reason=reason)
    return report


@transaction.atomic
def report_attach(*, actor, report: MeetingReport, upload) -> ReportAttachment:
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới được đính kèm tệp.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp và bị khóa; cần mở lại mới đính kèm thêm được.")
    name = check_upload(upload, allowed=PHOTOS_AND_SCANS, field="file")
    attachment = ReportAttachment.objects.create(report=report, file=upload, name=name)
    ReportEvent.record(report=report, action=ReportEventAction.SAVED, actor=actor, changes={"attachment": ["", name]})
    return attachment
