"""Working days in Vietnam: Monday to Friday, less the public holidays (lunar Tết included) from the
`holidays` package, which follows the government's yearly decisions on Tết and substituted days off.

Known limit: a Saturday the government turns into a working day (to make up for a bridged day off) is not
in the package, so it counts as a weekend day.
"""

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[datetime.date, str]:
    """Vietnam's public holidays of a year, named in Vietnamese."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def is_holiday(day: datetime.date) -> bool:
    return day in public_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def days_between(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    """Every day from `start` to `end`, both included."""
    for offset in range((end - start).days + 1):
        yield start + datetime.timedelta(days=offset)


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The working days from `start` to `end`, both included."""
    return [day for day in days_between(start, end) if is_working_day(day)]


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `start` (a deadline of N working days)."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_day(day: datetime.date, n: int = 0) -> datetime.date:
    """The n-th working day after `day`; for 0, `day` itself or the next working day."""
    if n > 0:
        return add_working_days(day, n)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def working_days_after(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie after `start`, up to and including `end` (0 when `end` ≤ `start`): the lead time of
    an answer given on `end` to something received on `start`; `add_working_days(start, n)` is the day it reaches n."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            weekdays += 1
    off = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in public_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return weekdays - off
