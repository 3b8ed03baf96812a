"""Assignments through the July 2025 reform, under the two-tier policy.

An open assignment on an old unit carried into today's province (territory.carrying) moves to the unit's one
successor when a rule in force from 01/07/2025 lets cadres of the same level follow units of the successor's level
(a provincial cadre's commune, a commune cadre's residents' groups); a cadre's several old units merging into one
become one assignment, each old one saying where it went. When no rule of that level continues (a district cadre's
hamlets: the district level ended), the assignment ends on 30/06/2025 with that reason, and the hamlet is offered
to the commune's cadres (it shows as not followed on the coverage page). An old unit split among several new ones
moves nothing by itself: its assignments wait on the page of moves after a reorganization, where a person picks
the successor. Running it again finds nothing open on the old units and changes nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from diaban.assignments.choices import EndReason, EventAction
from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.assignments.policy import level_adjective
from diaban.assignments.services import _changes, _snapshot
from diaban.core.models import within_any_q
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit
from diaban.territory.reform import LAST_OLD_DAY, REFORM_DATE
from diaban.territory.services import carry_grassroots

LEVEL_ENDED = "{} không còn từ 01/07/2025 (chính quyền địa phương hai cấp): {} chuyển cho cán bộ cấp xã theo dõi"


@dataclass
class Move:
    """Open assignments of one person on old units that become one assignment on `successor`."""

    old: list[Assignment]
    successor: Unit
    rule: AssignmentRule


@dataclass
class AssignmentPlan:
    province: Unit
    date: datetime.date
    moves: list[Move] = field(default_factory=list)
    ending: list[Assignment] = field(default_factory=list)  # no rule of their level continues
    waiting: list[Assignment] = field(default_factory=list)  # their unit was split: a person picks the successor

    @property
    def empty(self) -> bool:
        return not (self.moves or self.ending)

    def lines(self) -> list[str]:
        moved = sum(len(m.old) for m in self.moves)
        out = [
            "Phân công chuyển sang địa bàn kế thừa: {} (thành {} phân công)".format(moved, len(self.moves)),
            "Phân công kết thúc ngày {} vì cấp theo dõi không còn: {}".format(
                (self.date - datetime.timedelta(days=1)).strftime("%d/%m/%Y"), len(self.ending)
            ),
        ]
        if self.waiting:
            out.append("Phân công chờ chọn địa bàn kế thừa (địa bàn bị chia): {}".format(len(self.waiting)))
        return out


def _open_on_old_units(old_paths: list[str]):
    within = within_any_q("unit__path", old_paths)
    return (
        Assignment.objects.filter(within, unit__valid_until=LAST_OLD_DAY)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=REFORM_DATE))
        .select_related("person", "unit__level", "organization", "rule__position_level", "rule")
        .order_by("person_id", "start_date", "id")
    )


def assignment_plan(province: Unit) -> AssignmentPlan:
    """What carrying the assignments into today's `province` would do (run after the units are carried)."""
    plan = AssignmentPlan(province=province, date=REFORM_DATE)
    old_paths = [
        s.predecessor.path
        for s in Succession.objects.filter(successor=province, date=REFORM_DATE).select_related("predecessor")
    ]
    if not old_paths:
        return plan
    assignments = list(_open_on_old_units(old_paths))
    successors: dict[int, list[Unit]] = defaultdict(list)
    for link in Succession.objects.filter(
        predecessor_id__in={a.unit_id for a in assignments}, date=REFORM_DATE
    ).select_related("successor__level"):
        if link.successor.path.startswith(province.path):
            successors[link.predecessor_id].append(link.successor)
    rules = {
        (r.position_level_id, r.target_level_id): r
        for r in AssignmentRule.objects.in_force_on(REFORM_DATE).filter(standing_committee_only=False)
    }
    followed_today = {level for _position, level in rules}
    grouped: dict[tuple, Move] = {}
    for assignment in assignments:
        candidates = successors.get(assignment.unit_id, [])
        if not candidates:
            if assignment.unit.level_id not in followed_today:
                plan.ending.append(assignment)  # a level that is gone (the districts): nothing to move to
            continue  # else not carried yet: the units come first
        position_level = assignment.rule.position_level_id if assignment.rule_id else None
        if len(candidates) > 1:
            plan.waiting.append(assignment)
            continue
        successor = candidates[0]
        rule = rules.get((position_level, successor.level_id))
        if rule is None:
            plan.ending.append(assignment)
            continue
        key = (assignment.person_id, assignment.purpose, successor.pk)
        if key in grouped:
            grouped[key].old.append(assignment)
        else:
            grouped[key] = Move([assignment], successor, rule)
    plan.moves = list(grouped.values())
    return plan


def _level_ended_reason(assignment: Assignment) -> str:
    if assignment.unit.level.key == "district":
        return "Cấp huyện không còn từ 01/07/2025 (chính quyền địa phương hai cấp): kết thúc phụ trách huyện"
    level = level_adjective(assignment.rule.position_level) if assignment.rule_id else "cấp theo dõi"
    return LEVEL_ENDED.format(level[:1].upper() + level[1:], assignment.unit.kind.lower() or "địa bàn")


@transaction.atomic
def carry_assignments(province: Unit, *, actor=None) -> AssignmentPlan:
    """Carry out `assignment_plan` and record it in each assignment's history and in the reorganization's."""
    plan = assignment_plan(province)
    if plan.empty:
        return plan
    last_day = plan.date - datetime.timedelta(days=1)
    cells = _continued_cells([a for m in plan.moves for a in m.old])
    user = _user(actor)
    events: list[AssignmentEvent] = []
    ended: list[Assignment] = []
    new: list[Assignment] = []
    for move in plan.moves:
        first = move.old[0]
        organization = cells.get(first.organization_id) if first.organization_id else None
        new.append(
            Assignment(
                person=first.person,
                unit=move.successor,
                organization=organization,
                purpose=first.purpose,
                start_date=plan.date,
                decision_number=first.decision_number,
                decision_date=first.decision_date,
                decision_signer=first.decision_signer,
                note=first.note,
                rule=move.rule,
                previous=first,
            )
        )
    created = Assignment.objects.bulk_create(new, batch_size=2000)
    for move, assignment in zip(plan.moves, created, strict=True):
        names = ", ".join(a.unit.name for a in move.old)
        reason = "Sắp xếp địa bàn: {} → {}".format(names, move.successor.name)
        if len(move.old) > 1:
            reason += " (gộp thành một phân công)"
        events.append(
            AssignmentEvent(
                assignment=assignment, action=EventAction.MOVED, actor=user, changes=_changes(assignment), reason=reason
            )
        )
        for old in move.old:
            events.append(_ending(old, last_day, EventAction.MOVED, user, reason))
            ended.append(old)
    for old in plan.ending:
        events.append(_ending(old, last_day, EventAction.ENDED, user, _level_ended_reason(old)))
        ended.append(old)
    ids = [a.pk for a in ended]
    for start in range(0, len(ids), 2000):
        Assignment.objects.filter(pk__in=ids[start : start + 2000]).update(
            end_date=last_day, end_reason=EndReason.REORGANIZED
        )
    AssignmentEvent.objects.bulk_create(events, batch_size=2000)
    ReorganizationEvent.record(
        action=ReorganizationEvent.Action.ASSIGNMENTS,
        actor=actor,
        province=province,
        date=plan.date,
        changes={
            "phân công chuyển": [None, sum(len(m.old) for m in plan.moves)],
            "phân công mới": [None, len(created)],
            "phân công kết thúc": [None, len(plan.ending)],
        },
    )
    return plan


def _ending(assignment: Assignment, last_day, action, user, reason: str) -> AssignmentEvent:
    """End `assignment` on `last_day` for the reorganization (saved in bulk by the caller) and return its event."""
    before = _snapshot(assignment)
    assignment.end_date, assignment.end_reason = last_day, EndReason.REORGANIZED
    return AssignmentEvent(
        assignment=assignment, action=action, actor=user, changes=_changes(assignment, before), reason=reason
    )


def _user(actor):
    return actor if getattr(actor, "pk", None) is not None else None


def _continued_cells(assignments: list[Assignment]) -> dict:
    ids = {a.organization_id for a in assignments if a.organization_id}
    if not ids:
        return {}
    return {o.continues_id: o for o in PartyOrganization.objects.filter(continues_id__in=ids).valid_on(REFORM_DATE)}


def carry_all(province: Unit, *, actor=None, choices=None):
    """Units and organizations, then assignments: the whole carrying of one province, in one transaction."""
    with transaction.atomic():
        units = carry_grassroots(province, actor=actor, choices=choices)
        assignments = carry_assignments(province, actor=actor)
    return units, assignments
