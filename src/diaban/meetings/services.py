"""Writes of the cell calendar, of cadres' attendance and reports, and of the attendance rules.

Who may write: the cell's grassroots users (bí thư chi bộ, văn phòng đảng ủy) and organization staff keep a
cell's calendar, within their capture scope; a cadre records their own attendance at a meeting they can see;
organization staff set the attendance rules of the units in their capture scope.
Every function validates and raises ValidationError (field → Vietnamese message) or PermissionDenied.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.history import fold_into_last_save
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import nfc
from diaban.core.uploads import PHOTOS_AND_SCANS, check_upload
from diaban.feedback.models import RecommendationSource
from diaban.feedback.services import recording as feedback_recording
from diaban.meetings.choices import (
    Activity,
    AttendanceSource,
    MeetingKind,
    MeetingStatus,
    Period,
    ReportEventAction,
    ReportStatus,
    RuleEventAction,
)
from diaban.meetings.models import (
    Attendance,
    AttendanceRule,
    AttendanceRuleEvent,
    Meeting,
    MeetingReport,
    ReportAttachment,
    ReportEvent,
    report_due_date,
)
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.permissions import MANAGERS, role_of
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit

# Roles that keep a cell's calendar (in their capture scope).
CALENDAR_KEEPERS = {Role.GRASSROOTS, Role.ORGANIZATION, Role.ADMINISTRATOR}


def can_keep_calendar(user, organization: PartyOrganization) -> bool:
    if role_of(user) not in CALENDAR_KEEPERS:
        return False
    return restrict(PartyOrganization.objects.filter(pk=organization.pk), user, CAPTURE).exists()


def require_calendar_keeper(user, organization: PartyOrganization) -> None:
    if not can_keep_calendar(user, organization):
        raise PermissionDenied(
            "Chỉ chi bộ (bí thư, văn phòng đảng ủy) và Ban Tổ chức trong phạm vi của mình mới được cập nhật lịch "
            "sinh hoạt của {}.".format(organization.name)
        )


def meeting_day_in(year: int, month: int, day: int) -> datetime.date:
    """The cell's meeting day in a month; a day past the month's end falls on its last day (31 → 30/4)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def regular_dates(meeting_day: int, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        date = meeting_day_in(year, month, meeting_day)
        if start <= date <= end:
            result.append(date)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def calendar_generate(*, organizations, start: datetime.date, end: datetime.date) -> int:
    """Planned regular meetings of `organizations` (cells with a meeting day) from `start` to `end`, skipping
    months that already have theirs: running it twice creates nothing new. Returns how many were created.

    Only while the cell's unit exists: a unit closed by a reorganization gets no meetings after its last day.
    """
    if end < start:
        raise ValidationError(
            {"end": "Ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(end), format_date(start))}
        )
    cells = organizations.filter(kind=OrganizationKind.CELL, meeting_day__isnull=False).values_list(
        "pk", "meeting_day", "unit__valid_from", "unit__valid_until"
    )
    wanted = []
    for pk, day, valid_from, valid_until in cells.iterator(chunk_size=2000):
        first = max(start, valid_from) if valid_from else start
        last = min(end, valid_until) if valid_until else end
        for date in regular_dates(day, first, last) if first <= last else ():
            wanted.append((pk, date))
    if not wanted:
        return 0
    existing = set(
        Meeting.objects.filter(
            organization__in=organizations,
            kind=MeetingKind.REGULAR,
            planned_date__gte=start,
            planned_date__lte=end,
        ).values_list("organization_id", "planned_date")
    )
    new = [
        Meeting(organization_id=pk, kind=MeetingKind.REGULAR, date=date, planned_date=date)
        for pk, date in wanted
        if (pk, date) not in existing
    ]
    Meeting.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _check_figures(meeting: Meeting) -> None:
    errors = {}
    total, present, excused = meeting.members_total, meeting.members_present, meeting.members_excused
    if present is not None and total is not None and present > total:
        errors["members_present"] = "Số đảng viên dự ({}) lớn hơn tổng số đảng viên ({}).".format(present, total)
    elif excused is not None and total is not None and (present or 0) + excused > total:
        errors["members_excused"] = "Số dự ({}) cộng số vắng có lý do ({}) lớn hơn tổng số đảng viên ({}).".format(
            present or 0, excused, total
        )
    if meeting.kind == MeetingKind.THEMATIC and not meeting.topic.strip():
        errors["topic"] = "Buổi sinh hoạt chuyên đề cần có chủ đề."
    if meeting.status == MeetingStatus.HELD and meeting.date > today():
        errors["status"] = "Buổi họp ngày {} chưa diễn ra, chưa thể ghi là đã họp.".format(format_date(meeting.date))
    if errors:
        raise ValidationError(errors)


MEETING_FIELDS = (
    "date",
    "status",
    "topic",
    "members_total",
    "members_present",
    "members_excused",
    "committee_met_before",
    "note",
)


@transaction.atomic
def meeting_create(*, actor, organization: PartyOrganization, date: datetime.date, kind=MeetingKind.THEMATIC, **fields):
    """A meeting besides the calendar: usually a thematic one (chuyên đề)."""
    require_calendar_keeper(actor, organization)
    if organization.kind != OrganizationKind.CELL:
        raise ValidationError({"organization": "{} không phải chi bộ.".format(organization.name)})
    meeting = Meeting(organization=organization, kind=kind, date=date, planned_date=date)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        setattr(meeting, name, value)
    meeting.check_text_lengths(fields)
    _check_figures(meeting)
    if (
        kind == MeetingKind.REGULAR
        and Meeting.objects.filter(organization=organization, kind=MeetingKind.REGULAR, planned_date=date).exists()
    ):
        raise ValidationError({"date": "Chi bộ đã có buổi thường kỳ ngày {}.".format(format_date(date))})
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Move (a new date), postpone, mark held with the members' attendance, or correct the details."""
    require_calendar_keeper(actor, meeting.organization)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        setattr(meeting, name, value)
    if meeting.status == MeetingStatus.POSTPONED and meeting.attendances.exists():
        raise ValidationError({"status": "Đã có cán bộ ghi nhận dự buổi họp này; bỏ các ghi nhận đó trước khi hoãn."})
    meeting.check_text_lengths(fields)
    _check_figures(meeting)
    meeting.save()
    return meeting


def _visible_meeting(user, meeting: Meeting) -> bool:
    return restrict(Meeting.objects.filter(pk=meeting.pk), user, VIEW).exists()


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, person: Person) -> Attendance:
    """`person` attended `meeting`: recorded by the cadre themselves or by the cell. A meeting someone attended
    was held, so a planned meeting becomes held."""
    own = getattr(person, "user_id", None) is not None and person.user_id == getattr(actor, "pk", None)
    if own:
        if not _visible_meeting(actor, meeting):
            raise PermissionDenied("Buổi họp này nằm ngoài phạm vi của bạn.")
        source = AttendanceSource.CADRE
    else:
        require_calendar_keeper(actor, meeting.organization)
        source = AttendanceSource.CELL
    if meeting.status == MeetingStatus.POSTPONED:
        raise ValidationError({"meeting": "Buổi họp ngày {} đã hoãn.".format(format_date(meeting.date))})
    if meeting.date > today():
        raise ValidationError(
            {"meeting": "Buổi họp ngày {} chưa diễn ra, chưa thể ghi nhận dự.".format(format_date(meeting.date))}
        )
    if person.departed_on is not None and person.departed_on <= meeting.date:
        raise ValidationError(
            {"person": "{} đã thôi công tác từ ngày {}.".format(person.full_name, format_date(person.departed_on))}
        )
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"source": source, "recorded_by": actor if actor.pk else None}
    )
    if not created:
        raise ValidationError({"person": "{} đã được ghi nhận dự buổi họp này.".format(person.full_name)})
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return attendance


@transaction.atomic
def attendance_remove(*, actor, attendance: Attendance) -> None:
    own = attendance.person.user_id is not None and attendance.person.user_id == getattr(actor, "pk", None)
    if not own:
        require_calendar_keeper(actor, attendance.meeting.organization)
    if MeetingReport.objects.filter(attendance=attendance).exists():
        raise ValidationError(
            {
                "attendance": "{} đã lập báo cáo về buổi họp này; không bỏ ghi nhận dự được.".format(
                    attendance.person.full_name
                )
            }
        )
    attendance.delete()


# ---------------------------------------------------------------------------------------------------------
# Meeting reports (báo cáo dự sinh hoạt chi bộ)

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
    now = timezone.now()
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


# ---------------------------------------------------------------------------------------------------------
# Attendance rules (quy định dự sinh hoạt chi bộ)

RULE_FIELDS = (
    "name",
    "unit",
    "titles",
    "excluded_titles",
    "activity",
    "minimum",
    "period",
    "document",
    "valid_from",
    "valid_until",
)
RULE_MINIMUM = (1, 1000)
# The rule's texts, all required, with what to say when one is missing.
RULE_TEXTS = {
    "name": "Cần ghi tên quy định.",
    "document": "Cần ghi văn bản ban hành quy định (số, ngày và cơ quan ban hành).",
}


def can_set_rules(user, unit: Unit) -> bool:
    """Organization staff and administrators set the rules of the units in their capture scope."""
    return role_of(user) in MANAGERS and restrict(Unit.objects.filter(pk=unit.pk), user, CAPTURE).exists()


def _require_rule_keeper(actor, unit: Unit | None) -> None:
    if role_of(actor) not in MANAGERS:
        raise PermissionDenied("Chỉ Ban Tổ chức mới được đặt và sửa quy định dự sinh hoạt.")
    if unit is not None and not can_set_rules(actor, unit):
        raise PermissionDenied("{} nằm ngoài phạm vi nhập liệu của bạn.".format(unit.name))


def _choice_error(value, choices, label: str) -> str | None:
    if value in choices.values:
        return None
    if not value:
        return "Chọn {}: {}.".format(label, ", ".join("{} ({})".format(v, lb) for v, lb in choices.choices))
    return '"{}" không hợp lệ; chọn một trong: {}.'.format(value, ", ".join(choices.values))


def _minimum_error(value) -> str | None:
    if value is None:
        return "Cần ghi số lần tối thiểu."
    if isinstance(value, bool) or not isinstance(value, int):
        return "Số lần tối thiểu phải là một số nguyên."
    low, high = RULE_MINIMUM
    if value < low:
        return "Số lần tối thiểu phải từ {} trở lên.".format(low)
    if value > high:
        return "Số lần tối thiểu không quá {}.".format(high)
    return None


def _check_rule(rule: AttendanceRule, titles: list, excluded: list) -> None:
    """Every problem of the rule as it would be stored, at once (field → message)."""
    errors = {}
    for name, missing in RULE_TEXTS.items():
        label = AttendanceRule._meta.get_field(name).verbose_name  # as the API and the pages name it
        try:
            setattr(rule, name, limits.clean_text(getattr(rule, name), limits.TITLE, field=name, label=label))
        except ValidationError as exc:
            errors.update({field: messages[0] for field, messages in exc.message_dict.items()})
        else:
            if not getattr(rule, name):
                errors[name] = missing
    if rule.unit_id is None:
        errors["unit"] = "Chọn địa bàn ban hành quy định."
    for name, choices, label in (("activity", Activity, "hoạt động được tính"), ("period", Period, "kỳ tính")):
        message = _choice_error(getattr(rule, name), choices, label)
        if message:
            errors[name] = message
    message = _minimum_error(rule.minimum)
    if message:
        errors["minimum"] = message
    if not titles:
        errors["titles"] = "Chọn ít nhất một chức vụ áp dụng."
    excluded_pks = {t.pk for t in excluded}
    both = sorted({t.name for t in titles if t.pk in excluded_pks})
    if both:
        errors["excluded_titles"] = "Chức vụ vừa áp dụng vừa bị trừ: {}.".format(", ".join(both))
    if rule.valid_from is None:
        errors["valid_from"] = "Cần ghi ngày bắt đầu áp dụng."
    elif rule.valid_until is not None and rule.valid_until < rule.valid_from:
        errors["valid_until"] = "Ngày hết áp dụng {} trước ngày bắt đầu áp dụng {}.".format(
            format_date(rule.valid_until), format_date(rule.valid_from)
        )
    if errors:
        raise ValidationError(errors)


def _rule_snapshot(rule: AttendanceRule) -> dict:
    """The stored rule as its history records it: text a person can read later."""
    return {
        "name": rule.name,
        "unit": rule.unit.name,
        "titles": ", ".join(t.name for t in rule.titles.all()),
        "excluded_titles": ", ".join(t.name for t in rule.excluded_titles.all()),
        "activity": rule.get_activity_display(),
        "minimum": str(rule.minimum),
        "period": rule.get_period_display(),
        "document": rule.document,
        "valid_from": format_date(rule.valid_from),
        "valid_until": format_date(rule.valid_until),
    }


def _unknown_rule_fields(fields) -> None:
    unknown = sorted(set(fields) - set(RULE_FIELDS))
    if unknown:
        raise ValidationError({name: "Không sửa được trường này." for name in unknown})


@transaction.atomic
def attendance_rule_create(*, actor, **fields) -> AttendanceRule:
    """Set a rule: holders of `titles` (not of `excluded_titles`) working in `unit` attend at least `minimum`
    cell meetings each `period` from `valid_from` (to `valid_until`), under `document`. Organization staff, for a
    unit in their capture scope."""
    _unknown_rule_fields(fields)
    unit = fields.pop("unit", None)
    _require_rule_keeper(actor, unit)
    titles = list(fields.pop("titles", None) or ())
    excluded = list(fields.pop("excluded_titles", None) or ())
    fields.setdefault("activity", Activity.ASSIGNED)
    rule = AttendanceRule(unit=unit, **fields)
    _check_rule(rule, titles, excluded)
    rule.save()
    rule.titles.set(titles)
    rule.excluded_titles.set(excluded)
    after = _rule_snapshot(rule)
    AttendanceRuleEvent.record(
        rule=rule,
        action=RuleEventAction.CREATED,
        actor=actor,
        changes={name: ["", value] for name, value in after.items() if value},
    )
    return rule


@transaction.atomic
def attendance_rule_update(*, actor, rule: AttendanceRule, **fields) -> AttendanceRule:
    """Change a rule, checked as a whole as when it was set. Both the unit it stands in and, when it moves, its new
    unit must be in the actor's capture scope. The history keeps each field changed, before and after."""
    _unknown_rule_fields(fields)
    rule = AttendanceRule.objects.select_for_update(of=("self",)).select_related("unit").get(pk=rule.pk)
    _require_rule_keeper(actor, rule.unit)
    if fields.get("unit") is not None and fields["unit"].pk != rule.unit_id:
        _require_rule_keeper(actor, fields["unit"])
    before = _rule_snapshot(rule)
    titles = list(fields.pop("titles") or ()) if "titles" in fields else list(rule.titles.all())
    excluded = (
        list(fields.pop("excluded_titles") or ()) if "excluded_titles" in fields else list(rule.excluded_titles.all())
    )
    for name, value in fields.items():
        setattr(rule, name, value)
    _check_rule(rule, titles, excluded)
    rule.save()
    rule.titles.set(titles)
    rule.excluded_titles.set(excluded)
    after = _rule_snapshot(rule)
    changes = {name: [before[name], value] for name, value in after.items() if before[name] != value}
    if changes:
        AttendanceRuleEvent.record(rule=rule, action=RuleEventAction.CHANGED, actor=actor, changes=changes)
    return rule
