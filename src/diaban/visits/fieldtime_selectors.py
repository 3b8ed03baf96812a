"""Reads of field time (definition in `visits.fieldtime`): the trips, attendances and leave of a set of people in
a constant number of queries, a department's figures person by person and month by month, and the rule that sets
its target (the same as plain data for the command line: `visits.fieldtime_data`).

Scoping: departments through `restrict(Department…)` (the caller's detail view), their members through
`restrict(Person…)`. The trips and meetings of a person the user sees all count, whoever owns the plan: only
dates are read, never what the plan says.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max, Q, QuerySet

from diaban.core.dates import format_date, today
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.core.text import fold
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance
from diaban.people.models import Department, Leave, Person
from diaban.visits.choices import PlanStatus
from diaban.visits.fieldtime import FieldTime, combine, person_field_time
from diaban.visits.models import FieldTimeRule, VisitPlan

# A longer period is refused: the month-by-month chart and the day-by-day count stay readable and quick.
MAX_PERIOD_DAYS = 3 * 366


# ---------------------------------------------------------------------------------------------------------
# Periods


def year_period(year: int) -> tuple[datetime.date, datetime.date]:
    """A calendar year; the current one up to today (future working days have no trips yet)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    now = today()
    if start > now:
        raise ValidationError("Năm {} chưa bắt đầu; chọn năm nay hoặc một năm đã qua.".format(year))
    return start, min(end, now)


def check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError("Ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(end), format_date(start)))
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError("Khoảng thời gian dài quá 3 năm; chọn khoảng ngắn hơn.")


# ---------------------------------------------------------------------------------------------------------
# People


def field_time_for_people(people, start: datetime.date, end: datetime.date) -> dict[int, FieldTime]:
    """Field time of each person (Person objects, or a queryset of them) from `start` to `end`, by person id.

    Four queries whatever the number of people: trips owned, trips accompanied, attendances, leave (plus one
    to read the people when given a queryset)."""
    if isinstance(people, QuerySet):
        keys = people.values("pk")
        people = list(people)
    else:
        people = list(people)
        keys = [p.pk for p in people]
    trips: dict[int, list] = defaultdict(list)
    meetings: dict[int, list] = defaultdict(list)
    leaves: dict[int, list] = defaultdict(list)
    if people:
        for person_id, *dates in _trips(VisitPlan.objects.filter(owner_id__in=keys), "", "owner_id", start, end):
            trips[person_id].append(_trip_dates(*dates))
        companions = VisitPlan.companions.through.objects.filter(person_id__in=keys)
        for person_id, *dates in _trips(companions, "visitplan__", "person_id", start, end):
            trips[person_id].append(_trip_dates(*dates))
        attended = Attendance.objects.filter(
            person_id__in=keys, meeting__status=MeetingStatus.HELD, meeting__date__gte=start, meeting__date__lte=end
        ).values_list("person_id", "meeting__date")
        for person_id, day in attended:
            meetings[person_id].append(day)
        away = Leave.objects.filter(person_id__in=keys, start_date__lte=end, end_date__gte=start)
        for person_id, first, last in away.values_list("person_id", "start_date", "end_date"):
            leaves[person_id].append((first, last))
    return {
        p.pk: person_field_time(
            start,
            end,
            trips=trips.get(p.pk, ()),
            meetings=meetings.get(p.pk, ()),
            leaves=leaves.get(p.pk, ()),
            departed_on=p.departed_on,
        )
        for p in people
    }


def _trips(queryset, prefix: str, person_field: str, start, end):
    """Done plans overlapping the period by their actual dates: the report's when there is one."""
    p = prefix
    overlapping = Q(
        **{p + "report__isnull": False, p + "report__start_date__lte": end, p + "report__end_date__gte": start}
    ) | Q(**{p + "report__isnull": True, p + "start_date__lte": end, p + "end_date__gte": start})
    return (
        queryset.filter(**{p + "status": PlanStatus.DONE})
        .filter(overlapping)
        .values_list(person_field, p + "start_date", p + "end_date", p + "report__start_date", p + "report__end_date")
    )


def _trip_dates(plan_start, plan_end, report_start, report_end):
    return (report_start, report_end) if report_start is not None else (plan_start, plan_end)


# ---------------------------------------------------------------------------------------------------------
# Departments and rules


@dataclass
class _Family:
    """A department with the departments above it (`chain`, itself first) and below it (`subtree`, itself
    included); every department read, by id, and the children of each."""

    by_id: dict[int, Department]
    children: dict[int, list[int]]
    chain: list[int]
    subtree: list[int]

    def subtree_of(self, pk: int) -> list[int]:
        result, seen, queue = [], set(), [pk]
        while queue:
            node = queue.pop()
            if node in seen:
                continue
            seen.add(node)
            result.append(node)
            queue.extend(self.children.get(node, ()))
        return result

    def children_of(self, pk: int) -> list[Department]:
        return sorted((self.by_id[c] for c in self.children.get(pk, ())), key=lambda d: (d.name, d.pk))


def _family(department: Department) -> _Family:
    """One query. Departments sit on a unit at or below their parent's unit (a phòng belongs to its ban's
    committee), so the departments on the unit's ancestors and subtree hold the whole chain and subtree."""
    cached = getattr(department, "_field_time_family", None)
    if cached is not None:
        return cached
    unit = department.unit
    rows = Department.objects.filter(Q(unit__path__in=unit.ancestor_paths()) | subtree_q("unit__path", unit.path))
    by_id = {d.pk: d for d in rows.only("pk", "name", "parent_id", "unit_id")}
    by_id[department.pk] = department
    children: dict[int, list[int]] = defaultdict(list)
    for d in by_id.values():
        if d.parent_id is not None:
            children[d.parent_id].append(d.pk)
    chain, node, seen = [], department.pk, set()
    while node is not None and node in by_id and node not in seen:
        seen.add(node)
        chain.append(node)
        node = by_id[node].parent_id
    family = _Family(by_id, children, chain, [])
    family.subtree = family.subtree_of(department.pk)
    department._field_time_family = family
    return family


class _Rules:
    """The rules in force on a date for a family of departments, looked up narrowest department first."""

    def __init__(self, family: _Family, on: datetime.date):
        self.family = family
        self.by_department: dict[int, FieldTimeRule] = {}
        ids = set(family.chain) | set(family.subtree)
        rules = FieldTimeRule.objects.in_force_on(on).filter(department_id__in=ids).select_related("department")
        # Several rules of one department in force together: the latest issued wins.
        for rule in sorted(rules, key=lambda r: (r.valid_from or datetime.date.min, r.pk)):
            self.by_department[rule.department_id] = rule

    def for_department(self, pk: int | None) -> FieldTimeRule | None:
        seen = set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            if pk in self.by_department:
                return self.by_department[pk]
            parent = self.family.by_id.get(pk)
            pk = parent.parent_id if parent is not None else None
        return None


def rule_for(department: Department, on: datetime.date) -> FieldTimeRule | None:
    """The field-time rule in force on `on` for `department`: its own, else the nearest department's above."""
    return _Rules(_family(department), on).for_department(department.pk)


# ---------------------------------------------------------------------------------------------------------
# A department's figures


@dataclass
class PersonRow:
    person: Person
    figure: FieldTime
    rule: FieldTimeRule | None

    @property
    def meets(self) -> bool | None:
        if self.rule is None:
            return None
        return self.figure.meets(self.rule.share_numerator, self.rule.share_denominator)


@dataclass
class BranchRow:
    """A department directly below the one shown, with its own members and those below it."""

    department: Department
    figure: FieldTime
    members: int
    at_target: int


@dataclass
class DepartmentFieldTime:
    department: Department
    start: datetime.date
    end: datetime.date
    rule: FieldTimeRule | None
    rows: list[PersonRow]
    total: FieldTime
    branches: list[BranchRow] = field(default_factory=list)
    ancestors: list[Department] = field(default_factory=list)

    @property
    def at_target(self) -> int:
        return sum(1 for r in self.rows if r.meets)

    @property
    def assessed(self) -> int:
        """Members with a target and at least one working day: those who can meet it or not."""
        return sum(1 for r in self.rows if r.meets is not None)

    @property
    def meets(self) -> bool | None:
        if self.rule is None:
            return None
        return self.total.meets(self.rule.share_numerator, self.rule.share_denominator)

    def chart(self) -> dict:
        """Month by month: the department's ratio and, with a rule, the target (percent)."""
        target = round(100 * self.rule.share, 1) if self.rule else None
        return {
            "labels": [m.label for m in self.total.months],
            "ratio": [round(100 * m.ratio, 1) if m.ratio is not None else None for m in self.total.months],
            "field_days": [m.field_days for m in self.total.months],
            "working_days": [m.working_days for m in self.total.months],
            "target": [target] * len(self.total.months) if target is not None else None,
        }


def department_members(department: Department, user, start: datetime.date):
    """People of the department or one below it whom the user sees, still working when the period starts,
    in the Vietnamese order."""
    family = _family(department)
    return (
        restrict(Person.objects.filter(department_id__in=family.subtree), user)
        .filter(Q(departed_on__isnull=True) | Q(departed_on__gt=start))
        .select_related("department")
        .order_by("sort_key", "id")
    )


def department_field_time(
    department: Department, start: datetime.date, end: datetime.date, user
) -> DepartmentFieldTime:
    """Field time of a department's members from `start` to `end`, each against the rule of their own
    department (or the nearest above), the department's total and its month-by-month series. A constant
    number of queries: family, members, four for the facts, rules, visible ancestors."""
    check_period(start, end)
    family = _family(department)
    members = list(department_members(department, user, start))
    figures = field_time_for_people(members, start, end)
    rules = _Rules(family, end)
    rows = [PersonRow(p, figures[p.pk], rules.for_department(p.department_id)) for p in members]
    total = combine((r.figure for r in rows), start, end)
    result = DepartmentFieldTime(department, start, end, rules.for_department(department.pk), rows, total)
    result.branches = _branches(family, department, rows, start, end)
    above = family.chain[1:]
    visible = {d.pk: d for d in restrict(Department.objects.filter(pk__in=above), user)} if above else {}
    result.ancestors = [visible[pk] for pk in reversed(above) if pk in visible]
    return result


def _branches(family: _Family, department: Department, rows: list[PersonRow], start, end) -> list[BranchRow]:
    """The departments directly below, each with the members of its subtree."""
    children = family.children_of(department.pk)
    if not children:
        return []
    top_of: dict[int, int] = {}
    for child in children:
        for pk in family.subtree_of(child.pk):
            top_of[pk] = child.pk
    grouped: dict[int, list[PersonRow]] = defaultdict(list)
    for row in rows:
        if row.person.department_id in top_of:
            grouped[top_of[row.person.department_id]].append(row)
    return [
        BranchRow(
            child,
            combine((r.figure for r in grouped[child.pk]), start, end),
            len(grouped[child.pk]),
            sum(1 for r in grouped[child.pk] if r.meets),
        )
        for child in children
    ]


def default_year(department: Department, user) -> int:
    """The latest year up to this one in which a member made a trip done or attended a held meeting; this year
    when none did."""
    now = today()
    members = restrict(Person.objects.filter(department_id__in=_family(department).subtree), user).values("pk")
    trip = (
        VisitPlan.objects.filter(status=PlanStatus.DONE, start_date__lte=now)
        .filter(Q(owner_id__in=members) | Q(companions__in=members))
        .aggregate(latest=Max("start_date"))["latest"]
    )
    meeting = Attendance.objects.filter(
        person_id__in=members, meeting__status=MeetingStatus.HELD, meeting__date__lte=now
    ).aggregate(latest=Max("meeting__date"))["latest"]
    dates = [d for d in (trip, meeting) if d is not None]
    return max(dates).year if dates else now.year


def own_field_time(user, start: datetime.date, end: datetime.date) -> PersonRow | None:
    """The signed-in cadre's own figure, against their department's rule; None for accounts of no cadre."""
    person = (
        Person.objects.filter(user_id=user.pk).select_related("department__unit").first()
        if user.is_authenticated
        else None
    )
    if person is None:
        return None
    figure = field_time_for_people([person], start, end)[person.pk]
    rule = rule_for(person.department, end) if person.department is not None else None
    return PersonRow(person, figure, rule)


def departments_for_field_time(user, text: str = ""):
    """Departments the user sees, by level then name; `text` finds them by name, accents and case ignored
    (names are short and few, so they are folded here rather than stored folded)."""
    queryset = (
        restrict(Department.objects.all(), user).select_related("unit", "parent").order_by("unit__path", "name", "id")
    )
    key = fold(text)
    if key:
        matching = [pk for pk, name in queryset.values_list("pk", "name") if key in fold(name)]
        queryset = queryset.filter(pk__in=matching)
    return queryset
