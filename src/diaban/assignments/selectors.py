"""Reads of people, assignments and coverage. Every queryset starts from `restrict`.

Coverage (DESIGN §4): the share of units of a level, in scope, with at least one active assignment on a
date. The page, the API and `diaban coverage` all call `coverage_report`, so they cannot disagree.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Substr

from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.scoping import VIEW, restrict
from diaban.core.text import vietnamese_sort_key
from diaban.people.models import Person, Position
from diaban.territory.models import Succession, Unit, UnitLevel

# Load buckets: how many units a cadre follows.
LOAD_BUCKETS = (("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4–5", 4, 5), ("6–10", 6, 10), ("trên 10", 11, 10**9))


def people_visible(user, action: str = VIEW):
    return restrict(Person.objects.select_related("home_unit__level"), user, action)


def assignments_visible(user, action: str = VIEW):
    return restrict(Assignment.objects.select_related("person", "unit__level", "organization", "rule"), user, action)


def positions_of(person: Person):
    return Position.objects.filter(person=person).select_related("title__level").order_by("-start_date", "id")


def assignment_history(assignment: Assignment):
    """The events of this assignment and of those it continues or that continue it (rotation chain)."""
    chain = [assignment.pk]
    if assignment.previous_id:
        chain.append(assignment.previous_id)
    nxt = getattr(assignment, "next", None) if hasattr(assignment, "next") else None
    if nxt is not None:
        chain.append(nxt.pk)
    return AssignmentEvent.objects.filter(assignment_id__in=chain).select_related("actor", "assignment__unit")


def rules_in_force(date: datetime.date):
    return AssignmentRule.objects.in_force_on(date).select_related("position_level", "target_level")


def _unit_valid_q(prefix: str, date: datetime.date) -> Q:
    return (Q(**{prefix + "valid_from__isnull": True}) | Q(**{prefix + "valid_from__lte": date})) & (
        Q(**{prefix + "valid_until__isnull": True}) | Q(**{prefix + "valid_until__gte": date})
    )


def active_assignments_below(root: Unit, date: datetime.date, user):
    """Assignments running on `date` on units valid that day strictly below `root`."""
    return (
        restrict(Assignment.objects.all(), user)
        .active_on(date)
        .filter(subtree_q("unit__path", root.path))
        .exclude(unit=root)
        .filter(_unit_valid_q("unit__", date))
    )


def _units_below(root: Unit, date: datetime.date, user):
    covered = Assignment.objects.active_on(date).filter(unit=OuterRef("pk"))
    return (
        restrict(Unit.objects.all(), user)
        .within(root, include_self=False)
        .valid_on(date)
        .annotate(is_covered=Exists(covered))
    )


# ---------------------------------------------------------------------------------------------------------
# Coverage


@dataclass
class LevelCoverage:
    level: UnitLevel
    total: int = 0
    covered: int = 0
    cadres: int = 0

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        """Rounded down like the text ("99,9 %"): only a complete level reads 100."""
        return int(self.share * 1000 + 1e-9) / 10


@dataclass
class BranchCoverage:
    """One child of the root with the coverage of each level inside it (drilling down the tree)."""

    unit: Unit
    levels: dict = field(default_factory=dict)  # level id → LevelCoverage


@dataclass
class CoverageReport:
    root: Unit
    date: datetime.date
    levels: list[LevelCoverage]
    branches: list[BranchCoverage]
    load: list[tuple[str, int]]
    cadres_assigned: int
    cadres_idle: int
    busiest: list[dict]

    @property
    def has_units(self) -> bool:
        return any(row.total for row in self.levels)


def coverage_by_level(root: Unit, date: datetime.date, user) -> list[LevelCoverage]:
    """Units, covered units and distinct cadres per level below `root` on `date` (two grouped queries)."""
    rows = (
        _units_below(root, date, user)
        .values("level_id")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(is_covered=True)))
        .order_by()
    )
    found = {row["level_id"]: row for row in rows}
    cadres = dict(
        active_assignments_below(root, date, user)
        .values("unit__level_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
        .values_list("unit__level_id", "n")
    )
    result = []
    for level in UnitLevel.objects.filter(rank__gt=root.level.rank).order_by("rank"):
        row = found.get(level.pk)
        if row is None and not cadres.get(level.pk):
            continue
        result.append(
            LevelCoverage(level, row["total"] if row else 0, row["covered"] if row else 0, cadres.get(level.pk, 0))
        )
    return result


def coverage_by_branch(root: Unit, date: datetime.date, user, levels: list[LevelCoverage]) -> list[BranchCoverage]:
    """For each child of `root` valid on `date`, the coverage of every level in its subtree (one grouped query)."""
    on = root.clamp_date(date)
    children = restrict(Unit.objects.filter(parent=root), user).valid_on(on).select_related("level")
    children = sorted(children, key=lambda u: (u.kind, vietnamese_sort_key(u.name)))
    branches = {child.path: BranchCoverage(child) for child in children}
    width = len(root.path) + SEGMENT_LENGTH
    rows = (
        _units_below(root, date, user)
        .annotate(branch=Substr("path", 1, width))
        .values("branch", "level_id")
        .annotate(total=Count("id"), covered=Count("id", filter=Q(is_covered=True)))
        .order_by()
    )
    level_by_id = {row.level.pk: row.level for row in levels}
    for row in rows:
        branch = branches.get(row["branch"])
        if branch is not None and row["level_id"] in level_by_id:
            branch.levels[row["level_id"]] = LevelCoverage(level_by_id[row["level_id"]], row["total"], row["covered"])
    return list(branches.values())


def cadre_load(root: Unit, date: datetime.date, user) -> tuple[list[tuple[str, int]], int, list[dict]]:
    """(cadres per load bucket, cadres with any unit, the ten busiest) for assignments below `root`."""
    per_person = list(
        active_assignments_below(root, date, user)
        .values("person_id", "person__full_name", "person__code", "person__sort_key")
        .annotate(n=Count("unit_id", distinct=True))
        .order_by()
    )
    counts = Counter(row["n"] for row in per_person)
    buckets = [(label, sum(c for n, c in counts.items() if low <= n <= high)) for label, low, high in LOAD_BUCKETS]
    busiest = sorted(per_person, key=lambda r: (-r["n"], r["person__sort_key"]))[:10]
    return buckets, len(per_person), busiest


def idle_cadres(root: Unit, date: datetime.date, user):
    """People working in `root`'s subtree on `date` (holding a position, not departed) who follow no unit."""
    busy = Assignment.objects.active_on(date).filter(person=OuterRef("pk"))
    holding = Position.objects.held_on(date).filter(person=OuterRef("pk"))
    return (
        restrict(Person.objects.all(), user)
        .filter(subtree_q("home_unit__path", root.path))
        .active_on(date)
        .filter(Exists(holding))
        .exclude(Exists(busy))
        .select_related("home_unit")
        .by_name()
    )


def uncovered_units(root: Unit, date: datetime.date, user, level: UnitLevel | None = None):
    """Units below `root` with no active assignment on `date`: remote areas first, then down the tree."""
    qs = _units_below(root, date, user).filter(is_covered=False).select_related("level", "parent")
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("-is_remote", "level__rank", "path")


def coverage_report(root: Unit, date: datetime.date, user, branches: bool = True) -> CoverageReport:
    """Everything the coverage dashboard, the API and the CLI show, in a fixed number of queries."""
    levels = coverage_by_level(root, date, user)
    load, assigned, busiest = cadre_load(root, date, user)
    return CoverageReport(
        root=root,
        date=date,
        levels=levels,
        branches=coverage_by_branch(root, date, user, levels) if branches else [],
        load=load,
        cadres_assigned=assigned,
        cadres_idle=idle_cadres(root, date, user).count(),
        busiest=busiest,
    )


def coverage_data(report: CoverageReport) -> dict:
    """The report as plain data: the API's answer and `diaban coverage --json`."""
    return {
        "unit": {"id": report.root.pk, "code": report.root.code, "name": report.root.name},
        "date": report.date.isoformat(),
        "levels": [
            {
                "level": row.level.key,
                "name": row.level.name,
                "units": row.total,
                "covered": row.covered,
                "uncovered": row.uncovered,
                "share": round(row.share, 4),
                "cadres": row.cadres,
            }
            for row in report.levels
        ],
        "branches": [
            {
                "unit": {"id": b.unit.pk, "code": b.unit.code, "name": b.unit.name},
                "levels": {row.level.key: {"units": row.total, "covered": row.covered} for row in b.levels.values()},
            }
            for b in report.branches
        ],
        "cadres_assigned": report.cadres_assigned,
        "cadres_without_unit": report.cadres_idle,
        "load": [{"units": label, "cadres": n} for label, n in report.load],
    }


def assignments_awaiting_successor(user, action: str = VIEW):
    """Assignments still open on a unit a reorganization closed and gave successors: they can move on.

    Open means not ended before the unit's last day; the unit's successors are prefetched (`successions_out`).
    """
    return (
        restrict(Assignment.objects.all(), user, action)
        .filter(unit__valid_until__isnull=False, unit__successions_out__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=F("unit__valid_until")))
        .distinct()
        .select_related("person", "unit__level", "unit__parent")
        .prefetch_related(
            Prefetch(
                "unit__successions_out",
                queryset=Succession.objects.select_related("successor__level").order_by("successor__name"),
            )
        )
        .order_by("unit__path", "person__sort_key")
    )
