"""Attendance compliance (DESIGN §4), computed from plain facts so that it can be checked by hand.

For a person, a rule and a period asked about [start, end]:

- A day is *eligible* for the rule when the rule is in force that day, the person holds (that day) a
  position whose title the rule names and none of the titles it excludes, has not departed, and — for
  rules counting attendance in assigned units — has at least one assignment running that day.
- **Required** (prorated): for each calendar period of the rule (month, quarter or year) that meets
  [start, end], the rule's minimum × eligible days of that calendar period inside [start, end] ÷ all days of
  that calendar period. A cadre assigned for half a year to a rule of 2 a year owes 1; asked about one
  month of a yearly rule, 2 × 31 ÷ 365. The count is not capped per calendar period: over a year, a monthly
  rule asks for 12 attendances, whenever in the year they fall.
- **Attended**: meetings held in [start, end] that the person attended on an eligible day, in a place the
  rule counts: inside a unit the person was assigned to that day (assigned units), or inside the person's
  home unit (the area they lead).
- The person's **compliance** is the lowest attended ÷ required over the rules that require anything of
  them (each rule is an obligation of its own; one meeting may count for several); compliant when ≥ 1.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from diaban.meetings.choices import Activity, Period

ONE_DAY = datetime.timedelta(days=1)

# Intervals are (start, end) pairs of dates, both days included; a list of them is kept sorted and disjoint.
Interval = tuple[datetime.date, datetime.date]


def days(interval: Interval) -> int:
    return (interval[1] - interval[0]).days + 1


def union(intervals) -> list[Interval]:
    result: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] <= i[1]):
        if result and start - ONE_DAY <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    result, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    result = []
    for start, end in a:
        for b_start, b_end in b:
            if b_end < start or b_start > end:
                continue
            if b_start > start:
                result.append((start, b_start - ONE_DAY))
            if b_end >= end:
                break
            start = b_end + ONE_DAY
        else:
            result.append((start, end))
    return result


def contains(intervals: list[Interval], date: datetime.date) -> bool:
    return any(start <= date <= end for start, end in intervals)


def calendar_periods(period: str, start: datetime.date, end: datetime.date) -> list[Interval]:
    """The whole calendar months, quarters or years that meet [start, end]."""
    months = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[period]
    first_month = (start.month - 1) // months * months + 1
    cursor = datetime.date(start.year, first_month, 1)
    result = []
    while cursor <= end:
        month_index = cursor.month - 1 + months
        following = datetime.date(cursor.year + month_index // 12, month_index % 12 + 1, 1)
        result.append((cursor, following - ONE_DAY))
        cursor = following
    return result


@dataclass(frozen=True)
class RuleFacts:
    id: int
    minimum: int
    period: str
    activity: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    titles: frozenset
    excluded_titles: frozenset = frozenset()
    unit_path: str = ""  # the rule binds the positions held here (in the home unit unless one names its own)


@dataclass
class PersonFacts:
    """What compliance needs to know of one person over the period asked about."""

    person_id: int
    home_path: str
    departed_on: datetime.date | None = None
    # (title id, start, end or None[, path of the unit where it is held, when not the home unit])
    positions: list = field(default_factory=list)
    assignments: list = field(default_factory=list)  # (unit path, start, end or None)
    attendances: list = field(default_factory=list)  # (meeting id, date, unit path of the cell)


@dataclass
class RuleResult:
    rule_id: int
    required: float
    attended: int

    @property
    def ratio(self) -> float:
        return self.attended / self.required if self.required else 0.0


@dataclass
class PersonCompliance:
    person_id: int
    results: list[RuleResult]

    @property
    def assessed(self) -> bool:
        return bool(self.results)

    @cached_property
    def binding(self) -> RuleResult | None:
        """The rule the person is furthest behind on."""
        return min(self.results, key=lambda r: (r.ratio, -r.required), default=None)

    @property
    def ratio(self) -> float:
        binding = self.binding
        return binding.ratio if binding else 0.0

    @property
    def compliant(self) -> bool:
        return self.assessed and self.ratio >= 1 - 1e-9


def _open_end(end):
    return end or datetime.date.max


def held_where(person: PersonFacts, position: tuple) -> str:
    """The path of the unit a position is held in: its own unit if it has one, else the person's home unit."""
    return (position[3] if len(position) > 3 else None) or person.home_path


def _held_under(rule: RuleFacts, person: PersonFacts) -> list[tuple]:
    """The person's positions held under the rule's unit: a rule binds people where it was issued."""
    return [p for p in person.positions if held_where(person, p).startswith(rule.unit_path)]


def eligible_days(rule: RuleFacts, person: PersonFacts, start: datetime.date, end: datetime.date) -> list[Interval]:
    window = [(max(start, rule.valid_from), min(end, _open_end(rule.valid_until)))]
    if person.departed_on is not None:
        window = intersect(window, [(datetime.date.min, person.departed_on - ONE_DAY)])
    positions = _held_under(rule, person)
    holding = union((p[1], _open_end(p[2])) for p in positions if p[0] in rule.titles)
    excluded = union((p[1], _open_end(p[2])) for p in positions if p[0] in rule.excluded_titles)
    eligible = subtract(intersect(window, holding), excluded)
    if rule.activity == Activity.ASSIGNED:
        eligible = intersect(eligible, union((s, _open_end(e)) for _path, s, e in person.assignments))
    return eligible


def _counts_here(rule: RuleFacts, person: PersonFacts, date: datetime.date, cell_path: str) -> bool:
    if rule.activity == Activity.HOME_AREA:
        return cell_path.startswith(person.home_path)
    return any(s <= date <= _open_end(e) and cell_path.startswith(path) for path, s, e in person.assignments)


def measure(rule: RuleFacts, person: PersonFacts, start: datetime.date, end: datetime.date) -> RuleResult:
    eligible = eligible_days(rule, person, start, end)
    required = 0.0
    if eligible:
        for period in calendar_periods(rule.period, start, end):
            inside = intersect(eligible, [period])
            if inside:
                required += rule.minimum * sum(days(i) for i in inside) / days(period)
    attended = len(
        {
            meeting
            for meeting, date, cell_path in person.attendances
            if start <= date <= end and contains(eligible, date) and _counts_here(rule, person, date, cell_path)
        }
    )
    return RuleResult(rule.id, required, attended)


def person_compliance(rules, person: PersonFacts, start: datetime.date, end: datetime.date) -> PersonCompliance:
    results = []
    for rule in rules:
        # A rule none of whose titles the person held under its unit requires nothing of them.
        if not any(p[0] in rule.titles for p in _held_under(rule, person)):
            continue
        result = measure(rule, person, start, end)
        if result.required > 0:
            results.append(result)
    return PersonCompliance(person.person_id, results)
