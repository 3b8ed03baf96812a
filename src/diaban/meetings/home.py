"""The meetings part of the cadre's home page: next meetings, reports due and overdue, progress against
each rule, the recommendations they carried, and their calendar address."""

from django.urls import reverse

from diaban.core.dates import today
from diaban.feedback.models import Recommendation
from diaban.meetings import selectors
from diaban.meetings.ical import feed_for


def cadre_panel(request, person, role):
    if person is None:
        return None
    on = today()
    pending = selectors.reports_pending(person)
    year, progress = selectors.person_progress(person, on.year)
    feed = feed_for(request.user)
    return {
        "template": "meetings/_home_panel.html",
        "upcoming": selectors.upcoming_meetings(person, on),
        "overdue": [a for a in pending if a.due < on],
        "due": [a for a in pending if a.due >= on],
        "progress_year": year,
        "progress": progress,
        "recommendations": list(Recommendation.objects.filter(carried_by=person).select_related("unit")[:5]),
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token})),
    }
