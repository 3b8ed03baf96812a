"""Cells below a unit by the cadres' attendance at their meetings: the least attended, and those no cadre
attended; remote areas first."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit


def cells_least_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` with the cadres' attendances at their meetings in [start, end]: remote areas first,
    then the least attended. `visits` counts attendances, `held` the meetings held."""
    in_period = Q(meetings__status=MeetingStatus.HELD, meetings__date__gte=start, meetings__date__lte=end)
    return (
        restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), user)
        .filter(subtree_q("unit__path", root.path))
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=end))
        .filter(Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=start))
        .annotate(
            visits=Count("meetings__attendances", filter=in_period),
            held=Count("meetings", filter=in_period, distinct=True),
        )
        .select_related("unit")
        .order_by("-unit__is_remote", "visits", "path")
    )


def cells_never_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` whose meetings in [start, end] no cadre attended: remote areas first."""
    attended = Attendance.objects.filter(
        meeting__organization=OuterRef("pk"),
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=start,
        meeting__date__lte=end,
    )
    return (
        restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), user)
        .filter(subtree_q("unit__path", root.path))
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=end))
        .filter(Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=start))
        .exclude(Exists(attended))
        .select_related("unit")
        .order_by("-unit__is_remote", "path")
    )
