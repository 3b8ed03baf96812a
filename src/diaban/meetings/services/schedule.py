"""The cell calendar: who keeps it, the regular meetings generated from the cell's meeting day, and a meeting
added, moved, postponed or marked held with its figures."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE, restrict
from diaban.meetings.choices import MeetingKind, MeetingStatus
from diaban.meetings.models import Meeting
from diaban.people.choices import Role
from diaban.people.permissions import role_of
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization

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
