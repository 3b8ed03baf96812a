"""Reads of assignments and coverage. Every queryset starts from `restrict`.

Coverage (DESIGN §4): the share of units of a level, in scope, with at least one active assignment on a
date. The page, the API and `diaban coverage` all call `coverage_report`, so they cannot disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Lower, Substr

from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.scoping import VIEW, restrict
from diaban.core.text import vietnamese_sort_key
from diaban.people.models import Person, Position
from diaban.territory.models import Succession, Unit, UnitLevel

# Load buckets: how many units a cadre follows.
LOAD_BUCKETS = (("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4–5", 4, 5), ("6–10", 6, 10), ("trên 10", 11, 10**9))


def assignments_visible(user, action: str = VIEW):
    return restrict(Assignment.objects.select_related("person", "unit__level", "organization", "rule"), user, action)


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
    """Units valid on `date` strictly below `root`."""
    return restrict(Unit.objects.all(), user).within(root, include_self=False).valid_on(date)


def _covered_q(root: Unit, date: datetime.date) -> Q:
    """Units with an assignment running on `date` (any unit under `root`).

    An IN over the subtree's assignments rather than a correlated EXISTS: for EXISTS PostgreSQL hashed every
    running assignment in the table, all provinces' included, where this hashes the subtree's only.
    """
    followed = Assignment.objects.active_on(date).filter(subtree_q("unit__path", root.path)).values("unit_id")
    return Q(pk__in=followed)


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
    cadres_idle: int | None
    busiest: list[dict]

    @property
    def has_units(self) -> bool:
        return any(row.total for row in self.levels)


def _levels_below(root: Unit) -> list[UnitLevel]:
    return list(UnitLevel.objects.filter(rank__gt=root.level.rank).order_by("rank"))


def _coverage_counts(root: Unit, date: datetime.date, user) -> list[dict]:
    """Units and covered units below `root` on `date` per branch (child of `root`) and level: one grouped
    query, from which both the levels and the branches are summed."""
    width = len(root.path) + SEGMENT_LENGTH
    return list(
        _units_below(root, date, user)
        .annotate(branch=Substr("path", 1, width))
        .values("branch", "level_id")
        .annotate(total=Count("id"), covered=Count("id", filter=_covered_q(root, date)))
        .order_by()
    )


def _cadres_by_level(root: Unit, date: datetime.date, user) -> dict:
    return dict(
        active_assignments_below(root, date, user)
        .values("unit__level_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
        .values_list("unit__level_id", "n")
    )


def coverage_by_level(
    root: Unit, date: datetime.date, user, *, levels=None, counts=None, cadres=None
) -> list[LevelCoverage]:
    """Units, covered units and distinct cadres per level below `root` on `date`.

    `levels` (those below `root`), `counts` (`_coverage_counts`) and `cadres` (level id → cadres) are
    queried unless the caller has them already."""
    counts = _coverage_counts(root, date, user) if counts is None else counts
    cadres = _cadres_by_level(root, date, user) if cadres is None else cadres
    found: dict[int, tuple[int, int]] = {}
    for row in counts:
        total, covered = found.get(row["level_id"], (0, 0))
        found[row["level_id"]] = (total + row["total"], covered + row["covered"])
    result = []
    for level in _levels_below(root) if levels is None else levels:
        if level.pk not in found and not cadres.get(level.pk):
            continue
        total, covered = found.get(level.pk, (0, 0))
        result.append(LevelCoverage(level, total, covered, cadres.get(level.pk, 0)))
    return result


def coverage_by_branch(
    root: Unit, date: datetime.date, user, levels: list[LevelCoverage], *, counts=None
) -> list[BranchCoverage]:
    """For each child of `root` valid on `date`, the coverage of every level in its subtree."""
    on = root.clamp_date(date)
    children = restrict(Unit.objects.filter(parent=root), user).valid_on(on).select_related("level")
    children = sorted(children, key=lambda u: (u.kind, vietnamese_sort_key(u.name)))
    branches = {child.path: BranchCoverage(child) for child in children}
    level_by_id = {row.level.pk: row.level for row in levels}
    for row in _coverage_counts(root, date, user) if counts is None else counts:
        branch = branches.get(row["branch"])
        if branch is not None and row["level_id"] in level_by_id:
            branch.levels[row["level_id"]] = LevelCoverage(level_by_id[row["level_id"]], row["total"], row["covered"])
    return list(branches.values())


def _cadre_figures(root: Unit, date: datetime.date, user, levels: list[UnitLevel]) -> dict:
    """Over the assignments running below `root`, in one row: cadres in all ("assigned"), per load bucket
    ("load_<i>", the buckets of LOAD_BUCKETS) and per level ("level_<id>").

    Counted in the database: a row per cadre sent to Python (6,900 for a province) cost more than the query.
    """
    per_person = (
        active_assignments_below(root, date, user)
        .values("person_id")
        .annotate(
            units=Count("unit_id", distinct=True),
            **{"in_{}".format(lv.pk): Count("unit_id", filter=Q(unit__level_id=lv.pk)) for lv in levels},
        )
        .order_by()
    )
    return per_person.aggregate(
        assigned=Count("person_id"),
        **{
            "load_{}".format(i): Count("person_id", filter=Q(units__gte=low, units__lte=high))
            for i, (_label, low, high) in enumerate(LOAD_BUCKETS)
        },
        **{"level_{}".format(lv.pk): Count("person_id", filter=Q(**{"in_{}__gt".format(lv.pk): 0})) for lv in levels},
    )


def busiest_cadres(root: Unit, date: datetime.date, user, limit: int = 10) -> list[dict]:
    """The cadres following the most units below `root`, then by name."""
    rows = (
        active_assignments_below(root, date, user)
        .values("person_id")
        # Min() of the person's own columns: grouping by them as well sorted every assignment by those texts.
        .annotate(
            n=Count("unit_id", distinct=True),
            name=Min("person__full_name"),
            person_code=Min("person__code"),
            sort_key=Min("person__sort_key"),
        )
        .order_by("-n", "sort_key", "person_id")[:limit]
    )
    return [
        {
            "person_id": row["person_id"],
            "person__full_name": row["name"],
            "person__code": row["person_code"],
            "person__sort_key": row["sort_key"],
            "n": row["n"],
        }
        for row in rows
    ]


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
        # by_name()'s order written as an expression (sort_key is lower-case already): ordered by the bare
        # column, PostgreSQL read the name index through every person in the country, expecting an idle
        # cadre every few rows, rather than finding the few idle ones first and sorting them.
        .order_by(Lower("sort_key"), "id")
    )


def uncovered_units(root: Unit, date: datetime.date, user, level: UnitLevel | None = None):
    """Units below `root` with no active assignment on `date`: remote areas first, then down the tree."""
    qs = _units_below(root, date, user).exclude(_covered_q(root, date)).select_related("level", "parent")
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("-is_remote", "level__rank", "path")


def coverage_report(
    root: Unit, date: datetime.date, user, branches: bool = True, people: bool = True
) -> CoverageReport:
    """Everything the coverage dashboard, the API and the CLI show, in a fixed number of queries: one pass
    over the units below `root`, one over the assignments for the figures, and with `people` the idle-cadre
    count and the busiest cadres (the dashboard loads those in a card of their own)."""
    below = _levels_below(root)
    counts = _coverage_counts(root, date, user)
    figures = _cadre_figures(root, date, user, below)
    cadres = {lv.pk: figures["level_{}".format(lv.pk)] for lv in below}
    levels = coverage_by_level(root, date, user, levels=below, counts=counts, cadres=cadres)
    return CoverageReport(
        root=root,
        date=date,
        levels=levels,
        branches=coverage_by_branch(root, date, user, levels, counts=counts) if branches else [],
        load=[(label, figures["load_{}".format(i)]) for i, (label, _low, _high) in enumerate(LOAD_BUCKETS)],
        cadres_assigned=figures["assigned"],
        cadres_idle=idle_cadres(root, date, user).count() if people else None,
        busiest=busiest_cadres(root, date, user) if people else [],
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
