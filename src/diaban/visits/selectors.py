"""Reads of field work: which plans a user sees, who approves a plan, which plans overlap, how often units
are visited.

Visibility: `restrict` (the owner's home unit lies in the user's scope) or the user takes part in the plan
(owner, companion, derived approver) — people always see the plans they go on or approve.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q

from diaban.core.models import subtree_q
from diaban.core.scoping import VIEW, restrict
from diaban.people.models import Department, LeaderInCharge, Person
from diaban.people.permissions import person_of
from diaban.territory.models import Unit
from diaban.visits.choices import ACTIVE_STATUSES, VISIT_STATUSES, PlanStatus
from diaban.visits.models import AgendaItem, TripReport, VisitPlan, VisitTarget


def _participant_q(user, prefix: str = "") -> Q:
    uid = user.pk
    return (
        Q(**{prefix + "owner__user_id": uid})
        | Q(**{prefix + "companions__user_id": uid})
        | Q(**{prefix + "department_approver__user_id": uid})
        | Q(**{prefix + "leader_approver__user_id": uid})
    )


def plans_visible(user, action: str = VIEW):
    """Plans in the user's scope, and the plans they go on or approve."""
    base = VisitPlan.objects.all()
    if user is None or not user.is_authenticated:
        return base.none()
    scoped = restrict(base, user, action).values("pk")
    taking_part = base.filter(_participant_q(user)).values("pk")
    return base.filter(Q(pk__in=scoped) | Q(pk__in=taking_part))


def trip_reports_visible(user):
    """A trip report is seen by whoever sees its plan (its scope is the plan's: the owner's home unit)."""
    return TripReport.objects.filter(plan__in=plans_visible(user).values("pk"))


def plan_detail_queryset(user):
    return (
        plans_visible(user)
        .select_related("owner", "department", "department_approver", "leader_approver", "merged_into", "created_by")
        .prefetch_related(
            "companions",
            Prefetch("targets", queryset=VisitTarget.objects.select_related("unit", "unit__parent")),
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("proposed_by")),
            "events__actor",
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Approvers


@dataclass(frozen=True)
class Approvers:
    department_head: Person
    leader: Person


def approvers_for(owner: Person, units: list[Unit], on: datetime.date, department=None) -> Approvers:
    """Who approves a plan of `owner` to `units`: the head of the owner's department (the next department up
    when the owner heads it), then the leader of the owner's agency in charge of every unit, through one area or
    several (without districts a leader is in charge of communes one by one), the one whose areas are narrowest;
    or the agency's head when no one is in charge of all of them. Raises a ValidationError naming what is
    missing. `department`: the owner's department when the plan was made (a plan keeps it), today's by default."""
    department = department or owner.department
    if department is None:
        raise ValidationError(
            "Chưa xác định được phòng, ban của {}: Ban Tổ chức cần ghi phòng, ban của cán bộ trước khi trình duyệt "
            "kế hoạch.".format(owner.full_name)
        )
    head = None
    node, seen = department, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        if node.head_id and node.head_id != owner.pk:
            head = node.head
            break
        node = node.parent
    if head is None:
        raise ValidationError("{} chưa có trưởng phòng để duyệt kế hoạch.".format(department.name))
    agency = department.agency()
    leader = None
    if units:
        leaders = (
            LeaderInCharge.objects.active_on(on)
            .filter(agency=agency)
            .exclude(person_id__in=[owner.pk, head.pk])
            .select_related("person", "unit")
        )
        areas = defaultdict(list)
        for lc in leaders:
            areas[lc.person_id].append(lc)
        ranked = []
        for rows in areas.values():
            # Each unit through the narrowest of the leader's areas holding it; the plan through its widest.
            narrowest = [max((r for r in rows if u.path.startswith(r.unit.path)), key=_area_rank, default=None)
                         for u in units]  # fmt: skip
            if all(narrowest):
                widest = min(narrowest, key=_area_rank)
                ranked.append((_area_rank(widest), widest.person))
        if ranked:
            leader = max(ranked, key=lambda pair: pair[0])[1]
    if leader is None and agency.head_id and agency.head_id not in (owner.pk, head.pk):
        leader = agency.head
    if leader is None:
        raise ValidationError(
            "Chưa có lãnh đạo {} phụ trách địa bàn này để duyệt kế hoạch; Ban Tổ chức cần phân công lãnh đạo "
            "phụ trách địa bàn.".format(agency.name)
        )
    return Approvers(department_head=head, leader=leader)


def _area_rank(lc: LeaderInCharge) -> tuple[int, int]:
    """Narrower areas first, then the area given first."""
    return (len(lc.unit.path), -lc.pk)


def awaiting_approval(user):
    """Plans waiting for this user's approval, oldest first."""
    person = person_of(user)
    if person is None:
        return VisitPlan.objects.none()
    return (
        VisitPlan.objects.filter(
            Q(status=PlanStatus.SUBMITTED, department_approver=person)
            | Q(status=PlanStatus.DEPARTMENT_APPROVED, leader_approver=person)
        )
        .select_related("owner")
        .order_by("start_date", "id")
    )


def can_approve(user, plan: VisitPlan) -> bool:
    person = person_of(user)
    if person is None:
        return False
    if plan.status == PlanStatus.SUBMITTED:
        return plan.department_approver_id == person.pk
    if plan.status == PlanStatus.DEPARTMENT_APPROVED:
        return plan.leader_approver_id == person.pk
    return False


# ---------------------------------------------------------------------------------------------------------
# Coordination


def overlap_window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.DIABAN_VISIT_OVERLAP_DAYS)


# Plans that still matter for coordination: not cancelled, not merged away.
_COORDINATED = (PlanStatus.DRAFT,) + tuple(ACTIVE_STATUSES)


def overlapping_plans(plan: VisitPlan, user) -> list[VisitPlan]:
    """Other people's plans (visible to `user`) for a unit of `plan` with dates at most the window apart."""
    window = overlap_window()
    unit_ids = list(plan.targets.values_list("unit_id", flat=True))
    if not unit_ids or plan.status in (PlanStatus.CANCELLED, PlanStatus.MERGED):
        return []
    return list(
        plans_visible(user)
        .filter(
            status__in=_COORDINATED,
            targets__unit_id__in=unit_ids,
            start_date__lte=plan.end_date + window,
            end_date__gte=plan.start_date - window,
        )
        .exclude(pk=plan.pk)
        .exclude(owner_id=plan.owner_id)
        .select_related("owner", "department")
        .distinct()
        .order_by("start_date", "id")
    )


@dataclass
class OverlapGroup:
    """Plans of different people for the same unit, close in time."""

    unit: Unit
    plans: list[VisitPlan] = field(default_factory=list)


def coordination_groups(user, since: datetime.date) -> list[OverlapGroup]:
    """Every unit that two or more people plan to visit (plans ending on or after `since`) within the window
    of each other, among the plans the user sees. Three queries whatever the number of plans."""
    window = overlap_window()
    plans = {
        p.pk: p
        for p in plans_visible(user)
        .filter(status__in=_COORDINATED, end_date__gte=since)
        .select_related("owner", "department")
    }
    by_unit: dict[int, list[VisitPlan]] = defaultdict(list)
    targets = VisitTarget.objects.filter(plan_id__in=list(plans)).values_list("plan_id", "unit_id")
    for plan_id, unit_id in targets:
        by_unit[unit_id].append(plans[plan_id])
    groups = []
    for unit_id, unit_plans in by_unit.items():
        unit_plans.sort(key=lambda p: (p.start_date, p.pk))
        chosen: list[VisitPlan] = []
        for i, a in enumerate(unit_plans):
            for b in unit_plans[i + 1 :]:
                if a.owner_id != b.owner_id and b.start_date <= a.end_date + window:
                    for p in (a, b):
                        if p not in chosen:
                            chosen.append(p)
        if chosen:
            groups.append(OverlapGroup(unit=unit_id, plans=chosen))
    units = Unit.objects.in_bulk([g.unit for g in groups])
    for g in groups:
        g.unit = units[g.unit]
    groups.sort(key=lambda g: (g.plans[0].start_date, g.unit.name))
    return groups


# ---------------------------------------------------------------------------------------------------------
# Visits received


@dataclass
class UnitVisits:
    unit: Unit
    by_month: list[int]  # 12 counts, January first

    @property
    def total(self) -> int:
        return sum(self.by_month)

    @property
    def busiest(self) -> int:
        return max(self.by_month)


@dataclass
class VisitCounts:
    root: Unit
    year: int
    level_name: str
    rows: list[UnitVisits]
    too_often: list[UnitVisits]
    too_rarely: list[UnitVisits]
    monthly_max: int


def visit_counts(root: Unit, year: int, user, level_key: str | None = None) -> VisitCounts:
    """Trips (approved or done) each unit below `root` receives per month of `year`, counted once per plan and
    unit. Units of the level most visited (or `level_key`) that received none are "too rarely" visited,
    remote ones first; units above the monthly maximum in any month are "too often" visited."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    visits = (
        restrict(VisitTarget.objects.all(), user)
        .filter(
            subtree_q("unit__path", root.path),
            plan__status__in=VISIT_STATUSES,
            plan__start_date__gte=start,
            plan__start_date__lte=end,
        )
        .values_list("unit_id", "unit__level__key", "plan__start_date")
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    levels: dict[str, int] = defaultdict(int)
    for unit_id, level, day in visits:
        counts[unit_id][day.month - 1] += 1
        levels[level] += 1
    if level_key is None:
        level_key = max(levels, key=levels.get) if levels else _default_level(root)
    units = (
        restrict(Unit.objects.all(), user)
        .filter(subtree_q("path", root.path), level__key=level_key)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("parent", "level")
    )
    rows = [UnitVisits(unit=u, by_month=counts.get(u.pk, [0] * 12)) for u in units]
    maximum = settings.DIABAN_VISITS_PER_MONTH_MAX
    too_often = sorted([r for r in rows if r.busiest > maximum], key=lambda r: (-r.busiest, r.unit.name))
    too_rarely = sorted([r for r in rows if r.total == 0], key=lambda r: (not r.unit.is_remote, r.unit.path))
    level_name = units[0].level.name if rows else ""
    return VisitCounts(root, year, level_name, rows, too_often, too_rarely, maximum)


def _default_level(root: Unit) -> str:
    """The level one step down from `root`, else the commune level."""
    child = Unit.objects.filter(parent=root).select_related("level").first()
    return child.level.key if child else "commune"


def departments_visible(user):
    return restrict(Department.objects.all(), user)
