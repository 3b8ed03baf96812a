"""`diaban remind`: reminders of upcoming meetings, reports due and reports overdue (and those other apps
register), as in-app notifications and e-mail. Each reminder has a key (what it is about); a key already sent to
a user is never sent again, so the command is safe to run every hour."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from diaban.core.dates import format_date, today
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance
from diaban.meetings.selectors.cadre import upcoming_meetings
from diaban.people.models import Notification, Person
from diaban.people.reminders import Reminder, reminder_sources

MEETING_AHEAD = datetime.timedelta(days=3)  # remind of a meeting this long before it
DUE_AHEAD = datetime.timedelta(days=2)  # remind of a report this long before its due date
OVERDUE_WINDOW = datetime.timedelta(days=60)  # older overdue reports are on the home page, not in the mailbox


def reminders_for(person: Person, on: datetime.date) -> list[Reminder]:
    result = []
    for meeting in upcoming_meetings(person, on, limit=20):
        if meeting.date <= on + MEETING_AHEAD:
            result.append(
                Reminder(
                    "meeting-{}".format(meeting.pk),
                    "Sinh hoạt chi bộ {} ngày {}.".format(meeting.organization.name, format_date(meeting.date)),
                    meeting.get_absolute_url(),
                )
            )
    grace = datetime.timedelta(days=settings.DIABAN_REPORT_DUE_DAYS)  # the oldest meeting whose report can be overdue
    pending = (
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .filter(meeting__date__gte=on - OVERDUE_WINDOW - grace)
        .filter(Q(report__isnull=True) | ~Q(report__status="submitted"))
        .select_related("meeting__organization", "report")
    )
    for attendance in pending:
        due = attendance.report_due
        meeting = attendance.meeting
        what = "báo cáo dự sinh hoạt {} ngày {}".format(meeting.organization.name, format_date(meeting.date))
        if due < on and due >= on - OVERDUE_WINDOW:
            result.append(
                Reminder(
                    "report-overdue-{}".format(attendance.pk),
                    "Quá hạn {} (hạn {}).".format(what, format_date(due)),
                    meeting.get_absolute_url(),
                )
            )
        elif on <= due <= on + DUE_AHEAD:
            result.append(
                Reminder(
                    "report-due-{}".format(attendance.pk),
                    "Sắp đến hạn {} (hạn {}).".format(what, format_date(due)),
                    meeting.get_absolute_url(),
                )
            )
    return result


def remind(on: datetime.date | None = None, base_url: str = "") -> dict:
    """Send what is due today to every cadre with an account. Returns counts."""
    on = on or today()
    counts = {"notifications": 0, "emails": 0, "people": 0}
    people = Person.objects.filter(user__isnull=False, user__is_active=True).filter(
        Q(departed_on__isnull=True) | Q(departed_on__gt=on)
    )
    for person in people.select_related("user"):
        counts["people"] += 1
        for reminder in reminders_for(person, on):
            _send(person.user, reminder, person.user.email or person.email, base_url, counts)
    for source in reminder_sources():
        for user, reminder in source(on):
            person = getattr(user, "person", None)
            _send(user, reminder, user.email or (person.email if person else ""), base_url, counts)
    return counts


def _send(user, reminder: Reminder, address: str, base_url: str, counts: dict) -> None:
    """One notification (and e-mail) unless this user already had this key."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, key=reminder.key, text=reminder.text, url=reminder.url
            )
    except IntegrityError:
        return  # sent before
    counts["notifications"] += 1
    if address:
        send_mail("[Địa Bàn] " + reminder.text, "{}\n\n{}{}".format(reminder.text, base_url, reminder.url),
                  None, [address])  # fmt: skip
        notification.emailed = True
        notification.save(update_fields=["emailed"])
        counts["emails"] += 1
