"""What a cadre sees of their own: their reports and those still due, the meetings coming up in the units they
follow, and their progress against the rules binding them."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from diaban.assignments.models import Assignment
from diaban.core.models import within_any_q
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.compliance import PersonFacts, person_compliance
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.meetings.selectors.compliance import overlapping_q, rule_facts, rules_binding
from diaban.people.models import Person, Position


def my_reports(person: Person):
    """The cadre's attendances with their reports, newest meeting first (the home page's 'reports due')."""
    return (
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .select_related("meeting__organization__unit", "report")
        .order_by("-meeting__date", "-id")
    )


def _assigned_area_q(person: Person, on: datetime.date, field_name: str) -> Q | None:
    paths = list(Assignment.objects.active_on(on).filter(person=person).values_list("unit__path", flat=True))
    if not paths:
        return None
    return within_any_q(field_name, paths)


def upcoming_meetings(person: Person, on: datetime.date, limit: int = 5) -> list[Meeting]:
    """Planned meetings from `on` on, in the cells of the units the person follows that day."""
    area = _assigned_area_q(person, on, "organization__unit__path")
    if area is None:
        return []
    return list(
        Meeting.objects.filter(area, date__gte=on)
        .exclude(status=MeetingStatus.POSTPONED)
        .select_related("organization__unit")
        .order_by("date", "id")[:limit]
    )


def reports_pending(person: Person) -> list[Attendance]:
    """Meetings the person attended whose report is not submitted (none yet, a draft, or reopened), oldest
    first; `report_due` gives each one's due date."""
    return list(
        my_reports(person)
        .filter(Q(report__isnull=True) | ~Q(report__status="submitted"))
        .order_by("meeting__date", "id")
    )


@dataclass
class RuleProgress:
    rule: AttendanceRule
    required: float
    attended: int

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.attended / self.required)) if self.required else 0


def person_progress(person: Person, year: int, look_back: int = 3) -> tuple[int, list[RuleProgress]]:
    """The person's attended ÷ required for each rule binding them in `year` — or, if none does, in the latest
    of the `look_back` years before in which one did (a cadre whose units were reorganized still sees it).
    The facts of all those years are read once: six queries whatever the history (two more for each unit other
    than the home unit that a position of theirs was held in)."""
    if person.home_unit_id is None:
        return year, []
    first, last = datetime.date(year - look_back, 1, 1), datetime.date(year, 12, 31)
    positions = list(
        Position.objects.filter(person=person)
        .filter(overlapping_q("", first, last))
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    # The rules of every unit they worked in: their home unit, and where a position of theirs was held.
    places = {person.home_unit.pk: person.home_unit} | {p.unit.pk: p.unit for p in positions if p.unit is not None}
    rules = {rule.pk: rule for place in places.values() for rule in rules_binding(place, first, last)}
    rules = list(rules.values())
    if not rules:
        return year, []
    facts = PersonFacts(person.pk, person.home_unit.path, person.departed_on)
    facts.positions = [(p.title_id, p.start_date, p.end_date, p.unit.path if p.unit else None) for p in positions]
    facts.assignments = list(
        Assignment.objects.filter(person=person)
        .filter(overlapping_q("", first, last))
        .values_list("unit__path", "start_date", "end_date")
    )
    facts.attendances = list(
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .filter(meeting__date__gte=first, meeting__date__lte=last)
        .values_list("meeting_id", "meeting__date", "meeting__organization__unit__path")
    )
    by_id = {r.pk: r for r in rules}
    all_facts = [rule_facts(r) for r in rules]
    for candidate in range(year, year - look_back - 1, -1):
        start, end = datetime.date(candidate, 1, 1), datetime.date(candidate, 12, 31)
        result = person_compliance(all_facts, facts, start, end)
        if result.results:
            return candidate, [RuleProgress(by_id[r.rule_id], r.required, r.attended) for r in result.results]
    return year, []
