"""The assignment policy check: may this person follow this unit on this date, and by which rule?

A person may follow a unit when, on the assignment's first day, they hold a position whose level matches a
rule in force for the unit's level (a rule for Standing Committee members only asks that the position be
one). When none matches, the refusal names the rules that govern the unit's level and says why the person
falls outside them, so organization staff know what to fix or why they are overriding.
"""

import datetime
from dataclasses import dataclass

from diaban.assignments.models import AssignmentRule
from diaban.core.dates import format_date
from diaban.people.models import Person, Position
from diaban.territory.models import Unit

LEVEL_ADJECTIVE = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}


def level_adjective(level) -> str:
    return LEVEL_ADJECTIVE.get(level.key, "cấp " + level.name.lower())


@dataclass(frozen=True)
class PolicyDecision:
    rule: AssignmentRule | None
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.rule is not None


def _who(rule: AssignmentRule) -> str:
    if rule.standing_committee_only:
        return "Ủy viên Ban Thường vụ {}".format(level_adjective(rule.position_level))
    return "cán bộ giữ chức vụ {}".format(level_adjective(rule.position_level))


def _matches(rule: AssignmentRule, position: Position) -> bool:
    return position.title.level_id == rule.position_level_id and (
        position.title.is_standing_committee or not rule.standing_committee_only
    )


def check_policy(person: Person, unit: Unit, date: datetime.date) -> PolicyDecision:
    """The rule allowing `person` to follow `unit` from `date`, or a Vietnamese explanation of the refusal."""
    positions = list(Position.objects.filter(person=person).held_on(date).select_related("title__level"))
    rules = list(AssignmentRule.objects.in_force_on(date).select_related("position_level", "target_level"))
    for rule in rules:
        if rule.target_level_id != unit.level_id:
            continue
        if any(_matches(rule, position) for position in positions):
            return PolicyDecision(rule)
    when = format_date(date)
    if not positions:
        return PolicyDecision(
            None,
            "{} không giữ chức vụ nào vào ngày {}: quy định phân công chỉ giao địa bàn cho người giữ chức vụ. "
            "Hãy ghi chức vụ của cán bộ trước khi phân công.".format(person.full_name, when),
        )
    held = "; ".join(
        "{}{} ({})".format(p.title.name, " " + p.organization if p.organization else "", level_adjective(p.title.level))
        for p in positions
    )
    governing = [r for r in rules if r.target_level_id == unit.level_id]
    if not governing:
        return PolicyDecision(
            None,
            "Không có quy tắc phân công nào cho cấp {} vào ngày {}, nên không ai được phân công theo dõi {}.".format(
                unit.level.name_plural, when, unit.name
            ),
        )
    allowed_for_person = sorted(
        {
            r.target_level.name_plural
            for r in rules
            for p in positions
            if p.title.level_id == r.position_level_id
            and (p.title.is_standing_committee or not r.standing_committee_only)
        }
    )
    parts = [
        "Quy tắc «{}»{}: {} chỉ do {} theo dõi.".format(
            r.name, " ({})".format(r.source) if r.source else "", r.target_level.name_plural, _who(r)
        )
        for r in governing
    ]
    parts.append(
        "{} giữ chức vụ {} nên không được phân công theo dõi {} ({}).".format(
            person.full_name, held, unit.name, unit.level.name.lower()
        )
    )
    if allowed_for_person:
        parts.append("Theo chức vụ này, cán bộ được theo dõi: {}.".format(", ".join(allowed_for_person)))
    return PolicyDecision(None, " ".join(parts))
