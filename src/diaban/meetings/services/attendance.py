"""A cadre's attendance at a cell meeting: recorded by the cadre or by the cell, and taken back."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core.dates import format_date, today
from diaban.core.scoping import VIEW, restrict
from diaban.meetings.choices import AttendanceSource, MeetingStatus
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.meetings.services.schedule import require_calendar_keeper
from diaban.people.models import Person


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
