"""The meetings part of the cadre's home page: next meetings, reports due and overdue, progress against
each rule, the recommendations they carried, and their calendar address."""

from django.db.models import Case, F, Q, Value, When
from django.urls import reverse

from diaban.core.dates import today
from diaban.feedback.choices import ANSWERED_STATUSES
from diaban.feedback.models import Recommendation
from diaban.meetings.ical import feed_for
from diaban.meetings.selectors import cadre


def cadre_panel(request, person, role):
    if person is None:
        return None
    on = today()
    pending = cadre.reports_pending(person)
    year, progress = cadre.person_progress(person, on.year)
    feed = feed_for(request.user)
    recommendations = _my_recommendations(person)
    return {
        "template": "meetings/_home_panel.html",
        "upcoming": cadre.upcoming_meetings(person, on),
        "overdue": [a for a in pending if a.report_due < on],
        "due": [a for a in pending if a.report_due >= on],
        "progress_year": year,
        "progress": progress,
        "recommendations": recommendations,
        "to_convey": sum(1 for r in recommendations if r.to_convey == 0),
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token})),
    }


def _my_recommendations(person) -> list:
    """What the cadre carried: answers still to tell the grassroots first, the newest answer first; then the latest
    raised (one query)."""
    to_convey = Q(status__in=ANSWERED_STATUSES, conveyed_on__isnull=True)
    return list(
        Recommendation.objects.filter(carried_by=person)
        .annotate(to_convey=Case(When(to_convey, then=Value(0)), default=Value(1)))
        .select_related("unit")
        .order_by("to_convey", F("answered_on").desc(nulls_last=True), "-raised_on", "-id")[:6]
    )


def cells_panel(request, person, role):
    """Cell secretaries (grassroots users): the cells whose calendar they keep, with the next meeting."""
    from diaban.core.scoping import CAPTURE, restrict
    from diaban.meetings.choices import MeetingStatus
    from diaban.meetings.models import Meeting
    from diaban.people.choices import Role
    from diaban.territory.choices import OrganizationKind
    from diaban.territory.models import PartyOrganization

    if role != Role.GRASSROOTS:
        return None
    cells = list(
        restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), request.user, CAPTURE)
        .select_related("unit")
        .order_by("path")[:10]
    )
    upcoming = {}
    for meeting in Meeting.objects.filter(
        organization__in=cells, date__gte=today(), status=MeetingStatus.PLANNED
    ).order_by("-date"):
        upcoming[meeting.organization_id] = meeting  # ordered latest first: the earliest one stays
    for cell in cells:
        cell.next_meeting = upcoming.get(cell.pk)
    return {"template": "meetings/_cells_panel.html", "cells": cells}
