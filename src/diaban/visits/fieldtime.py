"""Field time (thời gian đi cơ sở, DESIGN §4): how much of a cadre's working time is spent at the grassroots.

Definition, for a person and a period (both ends included):

- **Working days of the person**: Monday to Friday, less Vietnam's public holidays (lunar Tết included, from
  the `holidays` package through `diaban.core.workdays`), less the days of the person's recorded leave
  (nghỉ phép, ốm, đi học: `people.Leave`), less the days from the day the person left work
  (`Person.departed_on`, "thôi công tác từ ngày") on.
- **Field days**: the distinct working days of the person on which they were at the grassroots: every day from
  the first to the last day of each trip done (a visit plan with status "done" of which the person is the
  owner or a companion; the trip report's actual dates when the plan has a report, else the plan's dates),
  and the date of every held cell meeting the person attended. A day counts once, however many trips and
  meetings fall on it.
- A day at the grassroots that is not a working day of the person (a weekend, a public holiday, a leave day,
  a day after they left) is **not counted**, neither as a field day nor as a working day; the pages show how
  many such days there were.
- **Ratio** = field days ÷ working days; none when the person has no working day in the period.
- **Target**: the share (numerator/denominator, e.g. 1/3) of the field-time rule (`visits.FieldTimeRule`) in
  force on the period's last day for the person's department, or else for the nearest department above it;
  with no rule, no target. A person meets it when field days ÷ working days ≥ numerator ÷ denominator
  (compared in whole numbers, so 10 of 30 days meets 1/3 exactly).
- **A department**: the sum of its members' field days ÷ the sum of their working days, members being the
  people whose department is it or one below it; and how many members meet their target.
- **By month**: the same figures restricted to each calendar month of the period.

This module computes on plain dates only; `visits.fieldtime_selectors` reads trips, attendances and leave.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from diaban.core.workdays import days_between, is_working_day

ONE_DAY = datetime.timedelta(days=1)
Interval = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class MonthFigure:
    """Field days and working days of one calendar month (cut to the period)."""

    year: int
    month: int
    field_days: int
    working_days: int

    @property
    def ratio(self) -> float | None:
        return self.field_days / self.working_days if self.working_days else None

    @property
    def label(self) -> str:
        return "{:02d}/{}".format(self.month, self.year)


@dataclass(frozen=True)
class FieldTime:
    """A person's (or a group's) field time over a period, with the month-by-month breakdown.

    `uncounted_days`: days at the grassroots that were not working days of the person (weekends, holidays,
    leave, after leaving work), hence counted nowhere."""

    start: datetime.date
    end: datetime.date
    field_days: int
    working_days: int
    uncounted_days: int
    months: tuple[MonthFigure, ...]

    @property
    def ratio(self) -> float | None:
        return self.field_days / self.working_days if self.working_days else None

    def meets(self, numerator: int, denominator: int) -> bool | None:
        return meets_target(self.field_days, self.working_days, numerator, denominator)


def meets_target(field_days: int, working_days: int, numerator: int, denominator: int) -> bool | None:
    """field ÷ working ≥ numerator ÷ denominator, in whole numbers; None without working days."""
    if not working_days:
        return None
    return field_days * denominator >= numerator * working_days


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """The calendar months (year, month) the period touches, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@lru_cache(maxsize=32)
def calendar_working_days(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """Monday to Friday less public holidays, for everyone; computed once per period."""
    return frozenset(day for day in days_between(start, end) if is_working_day(day))


def _clipped_days(intervals: Iterable[Interval], start: datetime.date, end: datetime.date) -> set[datetime.date]:
    days: set[datetime.date] = set()
    for first, last in intervals:
        first, last = max(first, start), min(last, end)
        if first <= last:
            days.update(days_between(first, last))
    return days


def person_field_time(
    start: datetime.date,
    end: datetime.date,
    *,
    trips: Iterable[Interval] = (),
    meetings: Iterable[datetime.date] = (),
    leaves: Iterable[Interval] = (),
    departed_on: datetime.date | None = None,
    working_day: Callable[[datetime.date], bool] | None = None,
) -> FieldTime:
    """One person's field time from `start` to `end`: trips done (first and last day), dates of held meetings
    attended, leave (first and last day) and the day they left work, if any."""
    if end < start:
        raise ValueError("period ends before it starts: {} > {}".format(start, end))
    if working_day is None:
        calendar = calendar_working_days(start, end)
    else:
        calendar = frozenset(day for day in days_between(start, end) if working_day(day))
    away = _clipped_days(leaves, start, end)
    if departed_on is not None and departed_on <= end:
        away.update(days_between(max(departed_on, start), end))
    working = calendar - away
    present = _clipped_days(trips, start, end)
    present.update(day for day in meetings if start <= day <= end)
    field = present & working
    return FieldTime(
        start=start,
        end=end,
        field_days=len(field),
        working_days=len(working),
        uncounted_days=len(present - working),
        months=_by_month(start, end, field, working),
    )


def _by_month(start, end, field: set, working: set) -> tuple[MonthFigure, ...]:
    field_count = Counter((d.year, d.month) for d in field)
    working_count = Counter((d.year, d.month) for d in working)
    return tuple(
        MonthFigure(year, month, field_count[(year, month)], working_count[(year, month)])
        for year, month in months_between(start, end)
    )


def combine(figures: Iterable[FieldTime], start: datetime.date, end: datetime.date) -> FieldTime:
    """A group's field time: field days and working days summed over people, month by month (so the ratio is
    total field days ÷ total working days, not an average of ratios)."""
    field = working = uncounted = 0
    field_count: Counter = Counter()
    working_count: Counter = Counter()
    for figure in figures:
        field += figure.field_days
        working += figure.working_days
        uncounted += figure.uncounted_days
        for m in figure.months:
            field_count[(m.year, m.month)] += m.field_days
            working_count[(m.year, m.month)] += m.working_days
    months = tuple(
        MonthFigure(year, month, field_count[(year, month)], working_count[(year, month)])
        for year, month in months_between(start, end)
    )
    return FieldTime(start, end, field, working, uncounted, months)
