"""The cadre's meetings as an iCalendar feed (RFC 5545) behind a secret address."""

import datetime
import secrets

from django.db.models import Q
from icalendar import Calendar, Event

from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, CalendarFeed, Meeting

PAST = datetime.timedelta(days=180)
AHEAD = datetime.timedelta(days=400)


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


def feed_revoke(user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save()
    return feed


def feed_meetings(person, on: datetime.date | None = None) -> list[Meeting]:
    """Meetings of the cells in the units the person follows (while they follow them), and those they attended,
    from half a year back to a year ahead."""
    from diaban.assignments.models import Assignment

    on = on or today()
    start, end = on - PAST, on + AHEAD
    followed = Q(pk__in=[])
    assignments = Assignment.objects.filter(person=person, start_date__lte=end).exclude(end_date__lt=start)
    for path, a_start, a_end in assignments.values_list("unit__path", "start_date", "end_date"):
        followed |= subtree_q("organization__unit__path", path) & Q(
            date__gte=max(start, a_start), date__lte=min(end, a_end or end)
        )
    # One query for the meetings of every unit followed, one for those attended.
    meetings = {m.pk: m for m in Meeting.objects.filter(followed).select_related("organization__unit")}
    for attendance in Attendance.objects.filter(person=person, meeting__date__gte=start).select_related(
        "meeting__organization__unit"
    ):
        meetings[attendance.meeting_id] = attendance.meeting
    return sorted(meetings.values(), key=lambda m: (m.date, m.pk))


def calendar_bytes(person, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Dia Ban//Lich sinh hoat chi bo//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sinh hoạt chi bộ — {}".format(person.full_name))
    for meeting in feed_meetings(person):
        event = Event()
        event.add("uid", "meeting-{}@{}".format(meeting.pk, host))
        event.add("summary", "Sinh hoạt {} — {}".format(meeting.get_kind_display().lower(), meeting.organization.name))
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
        event.add("location", meeting.organization.unit.name)
        description = meeting.topic or ""
        if meeting.status == MeetingStatus.POSTPONED:
            event.add("status", "CANCELLED")
            description = ("Hoãn. " + description).strip()
        else:
            event.add("status", "CONFIRMED")
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()
