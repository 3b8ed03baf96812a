"""Reads of guidance, drafts for comment and review sessions.

Visibility: `restrict` on the unit a guidance was sent to (a draft: the unit that sent it; a session: its
department's unit), or the user is among the recipients — a district cadre sees the province's guidance
sent to them even when their scope is the district. Who has read a guidance and who has answered a draft is
shown to those who see it through their scope; a recipient outside it sees only their own row.

Audiences (decided here, frozen by the services when something is sent):
- a guidance goes to the people not departed on the day it is published who work in the unit's subtree
  (home unit) or follow a unit in it (an assignment active that day);
- a draft goes to the people not departed on the day it is sent who follow the sending unit or a unit above
  it (an assignment active that day): those who follow a commune and those in charge of its district.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.core.scoping import CAPTURE, VIEW, restrict, scope_of
from diaban.guidance.choices import DEFAULT_REVIEW_PERIOD, period_bounds, period_key, period_label
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    DraftRecipient,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.meetings.models import MeetingReport
from diaban.people.models import Department, Person
from diaban.people.permissions import MANAGERS, role_of
from diaban.territory.models import Unit
from diaban.visits.models import TripReport
from diaban.visits.selectors import person_of


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def in_scope(user, obj) -> bool:
    """`obj` lies in the user's view scope (not only addressed to them)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


# ---------------------------------------------------------------------------------------------------------
# Guidance


def guidance_visible(user, action: str = VIEW):
    """Guidance sent to units in the user's scope, and (for reading) the guidance sent to them."""
    base = Guidance.objects.all()
    if not _signed_in(user):
        return base.none()
    scoped = restrict(base, user, action).values("pk")
    if action != VIEW:
        return base.filter(pk__in=scoped)
    received = GuidanceRecipient.objects.filter(person__user_id=user.pk).values("guidance_id")
    return base.filter(Q(pk__in=scoped) | Q(pk__in=received))


def with_read_counts(queryset):
    """Each guidance with `read_total`: recipients who have read it (one indexed count per row)."""
    read = (
        GuidanceRecipient.objects.filter(guidance=OuterRef("pk"), read_at__isnull=False)
        .order_by()
        .values("guidance")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(read_total=Coalesce(Subquery(read), 0))


def guidance_audience(unit: Unit, on: datetime.date):
    """People who receive a guidance sent to `unit` on `on` (see the module docstring)."""
    following = Assignment.objects.active_on(on).filter(subtree_q("unit__path", unit.path)).values("person_id")
    return Person.objects.active_on(on).filter(subtree_q("home_unit__path", unit.path) | Q(pk__in=following))


def receipts_visible(user):
    """Read receipts of guidance in the user's scope, and their own."""
    base = GuidanceRecipient.objects.all()
    if not _signed_in(user):
        return base.none()
    return base.filter(Q(pk__in=restrict(base, user).values("pk")) | Q(person__user_id=user.pk))


def receipt_counts(guidance: Guidance) -> dict:
    counts = guidance.recipients.aggregate(total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)))
    counts["unread"] = counts["total"] - counts["read"]
    counts["share"] = counts["read"] / counts["total"] if counts["total"] else None
    return counts


def receipts_of(guidance: Guidance, state: str = ""):
    """Recipients the Vietnamese way (given name first); `state` "read" or "unread" keeps those only."""
    rows = guidance.recipients.select_related("person__home_unit").order_by("person__sort_key", "id")
    if state == "read":
        rows = rows.filter(read_at__isnull=False)
    elif state == "unread":
        rows = rows.filter(read_at__isnull=True)
    return rows


def unread_for(person: Person, on: datetime.date | None = None):
    """The person's unread guidance: what is still to be conveyed first, the most pressing (earliest convey-by
    date) at the top; then what lapsed unread, the latest first (guidance of last year's months is no longer
    news, and must not hide this month's)."""
    on = on or today()
    lapsed = Q(guidance__convey_by__lt=on)
    return (
        GuidanceRecipient.objects.filter(person=person, read_at__isnull=True)
        .select_related("guidance__unit")
        .annotate(lapsed=Case(When(lapsed, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .annotate(
            soonest=Case(When(lapsed, then=Value(None)), default=F("guidance__convey_by")),
            latest=Case(When(lapsed, then=F("guidance__convey_by")), default=Value(None)),
        )
        .order_by("lapsed", F("soonest").asc(nulls_last=True), F("latest").desc(nulls_last=True), "guidance_id")
    )


def receipt_of(user, guidance: Guidance) -> GuidanceRecipient | None:
    if not _signed_in(user):
        return None
    return guidance.recipients.filter(person__user_id=user.pk).first()


# ---------------------------------------------------------------------------------------------------------
# Guidance conveyed in reports


def conveyed_visible(user):
    """Links of the guidance the user sees, and those they recorded themselves."""
    base = GuidanceConveyed.objects.all()
    if not _signed_in(user):
        return base.none()
    return base.filter(Q(guidance__in=guidance_visible(user)) | Q(person__user_id=user.pk))


def meeting_reports_visible(user):
    return restrict(MeetingReport.objects.all(), user)


def report_author(report) -> Person:
    """Who wrote a meeting report (the cadre who attended) or a trip report (the plan's owner)."""
    return report.attendance.person if isinstance(report, MeetingReport) else report.plan.owner


def report_date(report) -> datetime.date:
    """The day the guidance was conveyed: the meeting's date, or the trip's last day."""
    return report.attendance.meeting.date if isinstance(report, MeetingReport) else report.end_date


def guidance_for_report(report, user, limit: int = 30) -> list[Guidance]:
    """What the author could have conveyed in `report`: the guidance sent to them on or before its date
    (latest first), and what is already linked to it."""
    author = report_author(report)
    linked = _links_of(report).values("guidance_id")
    received = GuidanceRecipient.objects.filter(person=author).values("guidance_id")
    return list(
        Guidance.objects.filter(Q(pk__in=linked) | Q(pk__in=received, published_on__lte=report_date(report))).order_by(
            "-published_on", "-id"
        )[:limit]
    )


def _links_of(report):
    if isinstance(report, MeetingReport):
        return GuidanceConveyed.objects.filter(meeting_report=report)
    return GuidanceConveyed.objects.filter(trip_report=report)


def linked_ids(report) -> set[int]:
    return set(_links_of(report).values_list("guidance_id", flat=True))


@dataclass
class ReportLink:
    """A meeting or trip report of a cadre, as a line of a list leading to where they record what they conveyed."""

    kind: str  # "meeting" or "trip"
    pk: int
    day: datetime.date
    label: str

    @property
    def is_meeting(self) -> bool:
        return self.kind == "meeting"

    @property
    def convey_url(self) -> str:
        name = "conveyed_meeting_report" if self.is_meeting else "conveyed_trip_report"
        return reverse(name, kwargs={"pk": self.pk})


def recent_reports(person: Person, since: datetime.date, limit: int = 5) -> list[ReportLink]:
    """The person's meeting and trip reports since `since`, newest first: where they may record what they
    conveyed. One query (a union of the two kinds)."""
    text = CharField()
    meetings = (
        MeetingReport.objects.filter(attendance__person=person, attendance__meeting__date__gte=since)
        .annotate(
            day=F("attendance__meeting__date"),
            kind=Value("meeting", output_field=text),
            label=F("attendance__meeting__organization__name"),
        )
        .order_by()
        .values_list("pk", "day", "kind", "label")
    )
    trips = (
        TripReport.objects.filter(plan__owner=person, end_date__gte=since)
        .annotate(day=F("end_date"), kind=Value("trip", output_field=text), label=F("plan__title"))
        .order_by()
        .values_list("pk", "day", "kind", "label")
    )
    rows = meetings.union(trips, all=True).order_by("-day", "-pk")[:limit]
    return [ReportLink(kind=kind, pk=pk, day=day, label=label) for pk, day, kind, label in rows]


# ---------------------------------------------------------------------------------------------------------
# Drafts for comment


def drafts_visible(user, action: str = VIEW):
    """Drafts sent by units in the user's scope, and (for reading) those they were asked to comment on."""
    base = DraftDocument.objects.all()
    if not _signed_in(user):
        return base.none()
    scoped = restrict(base, user, action).values("pk")
    if action != VIEW:
        return base.filter(pk__in=scoped)
    asked = DraftRecipient.objects.filter(person__user_id=user.pk).values("document_id")
    return base.filter(Q(pk__in=scoped) | Q(pk__in=asked))


def comments_visible(user):
    """Comments on the drafts the user sees."""
    return DraftComment.objects.filter(document__in=drafts_visible(user))


def draft_followers(unit: Unit, on: datetime.date):
    """People asked to comment on a draft `unit` sends on `on` (see the module docstring)."""
    paths = [unit.path, *unit.ancestor_paths()]
    following = Assignment.objects.active_on(on).filter(unit__path__in=paths).values("person_id")
    return Person.objects.active_on(on).filter(pk__in=following)


def with_answer_counts(queryset):
    """Each draft with `answered_total`: invited cadres who have commented."""
    answered = (
        DraftRecipient.objects.filter(document=OuterRef("pk"))
        .filter(Exists(DraftComment.objects.filter(document=OuterRef("document"), person=OuterRef("person"))))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(answered_total=Coalesce(Subquery(answered), 0))


def answers_of(document: DraftDocument) -> list[DraftRecipient]:
    """The invited cadres in the Vietnamese order, each with `answered`."""
    commented = DraftComment.objects.filter(document=document, person=OuterRef("person"))
    return list(
        document.recipients.select_related("person__home_unit")
        .annotate(answered=Exists(commented))
        .order_by("person__sort_key", "id")
    )


def drafts_awaiting(person: Person, on: datetime.date):
    """Open drafts the person was asked about and has not commented on yet, the nearest deadline first."""
    commented = DraftComment.objects.filter(document=OuterRef("document"), person=person)
    return (
        DraftRecipient.objects.filter(person=person, document__deadline__gte=on)
        .exclude(Exists(commented))
        .select_related("document__unit")
        .order_by("document__deadline", "document_id")
    )


# ---------------------------------------------------------------------------------------------------------
# Review sessions


def sessions_visible(user, action: str = VIEW):
    """Sessions of departments in the user's scope, and (for reading) those of their own department or that
    they attended."""
    base = ReviewSession.objects.all()
    if not _signed_in(user):
        return base.none()
    scoped = restrict(base, user, action).values("pk")
    if action != VIEW:
        return base.filter(pk__in=scoped)
    person = person_of(user)
    if person is None:
        return base.filter(pk__in=scoped)
    own = base.filter(Q(department_id=person.department_id) | Q(department__head=person) | Q(attendees=person)).values(
        "pk"
    )
    return base.filter(Q(pk__in=scoped) | Q(pk__in=own))


def departments_recordable(user):
    """Departments whose sessions the user may record: organization staff and administrators in their capture
    scope; anyone for the departments they head."""
    if not _signed_in(user):
        return Department.objects.none()
    person = person_of(user)
    headed = Q(head=person) if person is not None else Q(pk__in=[])
    if role_of(user) in MANAGERS:
        return Department.objects.filter(
            Q(pk__in=restrict(Department.objects.all(), user, CAPTURE).values("pk")) | headed
        )
    return Department.objects.filter(headed)


def session_members(department: Department):
    """Who may be recorded as attending: the department's people, those of its sections, and its head."""
    return (
        Person.objects.filter(
            Q(department=department) | Q(department__parent=department) | Q(headed_departments=department)
        )
        .distinct()
        .order_by("sort_key", "id")
    )


@dataclass
class DueDepartment:
    """A department with no session in the current period of its cadence."""

    department: Department
    period: str
    start: datetime.date
    end: datetime.date
    last_date: datetime.date | None

    @property
    def label(self) -> str:
        return period_label(self.period, self.start)

    @property
    def key(self) -> str:
        return period_key(self.period, self.start)


def sessions_due(departments, on: datetime.date) -> list[DueDepartment]:
    """Departments (of the queryset) with people and no session in the period containing `on`, by the period
    of their latest session (quarterly when none). One query."""
    latest = ReviewSession.objects.filter(department=OuterRef("pk"), date__lte=on).order_by("-date", "-id")
    staffed = Person.objects.active_on(on).filter(department=OuterRef("pk"))
    rows = (
        departments.filter(Exists(staffed))
        .annotate(last_date=Subquery(latest.values("date")[:1]), last_period=Subquery(latest.values("period")[:1]))
        .select_related("unit__level", "head__user")
        .order_by("unit__path", "name", "id")
    )
    due = []
    for department in rows:
        kind = department.last_period or DEFAULT_REVIEW_PERIOD
        start, end = period_bounds(kind, on)
        if department.last_date is None or department.last_date < start:
            due.append(DueDepartment(department, kind, start, end, department.last_date))
    return due


def departments_visible(user):
    return restrict(Department.objects.all(), user)


def unit_options(units, user, action: str, limit: int = 300) -> list[Unit]:
    """Units to offer in a form, from `units` (already scoped and valid): the user's scope units and those
    one level below them; provinces for administrators."""
    scope = scope_of(user, action)
    if scope.everything:
        units = units.filter(depth=1)
    else:
        units = units.filter(Q(path__in=scope.paths) | Q(parent__path__in=scope.paths))
    return list(units.select_related("level", "parent").order_by("path")[:limit])
