"""Cells below a unit by the cadres' attendance at their meetings: the least attended, and those no cadre
attended; remote areas first. Over a period that spans a reorganization, the cells of the units the root took the
place of count with their meetings before that date (`territory.lineage.unit_lineage`)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from diaban.core.models import subtree_q, within_any_q
from diaban.core.scoping import restrict
from diaban.core.text import format_int
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting
from diaban.territory.choices import OrganizationKind
from diaban.territory.lineage import lineage_q, unit_lineage
from diaban.territory.models import PartyOrganization, Unit


def _cells_in_lineage(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells located in the root's lineage over [start, end], whose unit was valid during its piece; and the
    condition on their meetings' dates (each piece's own part of the period)."""
    pieces = unit_lineage(root, start, end)
    located = Q()
    for piece in pieces:
        located |= (
            subtree_q("unit__path", piece.path)
            & (Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=piece.end))
            & (Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=piece.start))
        )
    cells = restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), user).filter(located)
    return cells, pieces


def cells_least_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` with the cadres' attendances at their meetings in [start, end]: remote areas first,
    then the least attended. `visits` counts attendances, `held` the meetings held."""
    cells, pieces = _cells_in_lineage(root, start, end, user)
    in_period = Q(meetings__status=MeetingStatus.HELD, meetings__date__gte=start, meetings__date__lte=end)
    if len(pieces) > 1:
        in_period &= lineage_q(pieces, "unit__path", "meetings__date")
    return (
        cells.annotate(
            visits=Count("meetings__attendances", filter=in_period),
            held=Count("meetings", filter=in_period, distinct=True),
        )
        .select_related("unit")
        .order_by("-unit__is_remote", "visits", "path")
    )


def cells_never_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` whose meetings in [start, end] no cadre attended: remote areas first."""
    cells, pieces = _cells_in_lineage(root, start, end, user)
    attended = Attendance.objects.filter(
        meeting__organization=OuterRef("pk"),
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=start,
        meeting__date__lte=end,
    )
    if len(pieces) > 1:
        attended = attended.filter(lineage_q(pieces, "meeting__organization__unit__path", "meeting__date"))
    return cells.exclude(Exists(attended)).select_related("unit").order_by("-unit__is_remote", "path")


def meetings_held_before(units: list[Unit], user) -> dict[int, str]:
    """For a unit's page, of each predecessor: "34 buổi sinh hoạt chi bộ đã họp" while it was valid (one query)."""
    inside = within_any_q("organization__unit__path", [unit.path for unit in units])
    counts = (
        restrict(Meeting.objects.filter(status=MeetingStatus.HELD), user)
        .filter(inside)
        .aggregate(
            **{
                "u{}".format(u.pk): Count(
                    "id",
                    filter=subtree_q("organization__unit__path", u.path)
                    & (Q(date__lte=u.valid_until) if u.valid_until else Q()),
                )
                for u in units
            }
        )
    )
    return {u.pk: "{} buổi sinh hoạt chi bộ đã họp".format(format_int(counts["u{}".format(u.pk)] or 0)) for u in units}
