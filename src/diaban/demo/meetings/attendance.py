"""The cadres' attendance: provincial and district cadres at meetings of cells in the units they followed that
day, each with a profile (on quota, behind, never going), remote hamlets visited least."""

import datetime
import math
import random

from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.meetings.facts import BEFORE_REFORM, YEARLY_MINIMUM, Span
from diaban.meetings.choices import AttendanceSource
from diaban.meetings.models import Attendance
from diaban.territory.models import Unit


def followers_of(province: Unit, span: Span = BEFORE_REFORM) -> dict:
    """The cadres following communes and hamlets of `province` during `span`, with their assignments in it, by
    person code: provincial and district cadres before the reform, provincial and commune cadres after it (whose
    home units are the old province's). Cadres following residents' groups attend no cell meetings here."""
    rows = (
        Assignment.objects.filter(subtree_q("unit__path", province.path))
        .filter(unit__level__key__in=YEARLY_MINIMUM, start_date__lte=span.end)
        .exclude(end_date__lt=span.start)
        .order_by()
        .values_list(
            "person__code",
            "start_date",
            "unit__path",
            "person_id",
            "person__departed_on",
            "person__user_id",
            "unit__level__key",
            "end_date",
        )
    )
    people = {}
    for code, start, path, person_id, departed, user_id, level, end in sorted(rows, key=lambda r: r[:3]):
        person = people.setdefault(
            code, {"id": person_id, "departed": departed, "user": user_id, "assignments": [], "yearly": 0}
        )
        last = departed - datetime.timedelta(days=1) if departed else None
        end = min(d for d in (end, last, span.end) if d is not None)
        if start <= end:
            person["assignments"].append((path, start, end))
            person["yearly"] = max(person["yearly"], YEARLY_MINIMUM[level])
    return {code: p for code, p in people.items() if p["assignments"]}


def _profile(rng: random.Random, person: dict, remote_only: bool) -> str:
    """How a cadre keeps their quota: most do; some fall behind (other work); a few never go. Cadres whose
    only hamlets are remote fall behind far more often."""
    if remote_only:
        zero, behind = 0.10, 0.55
    elif person["yearly"] == YEARLY_MINIMUM["district"]:  # Standing Committee members
        zero, behind = 0.0, 0.12
    else:
        zero, behind = 0.006, 0.16
    draw = rng.random()
    return "zero" if draw < zero else "behind" if draw < zero + behind else "keeps"


def record_attendances(cells: dict, people: dict, rng: random.Random, span: Span = BEFORE_REFORM) -> tuple[int, int]:
    attendances, recorded_at = [], []
    attendees = set()
    for code, person in people.items():
        candidates = {}
        for path, start, end in person["assignments"]:
            for cell in cells["under"].get(path, []):
                for date, kind, meeting_id in cell["held"]:
                    if start <= date <= end:
                        candidates[meeting_id] = (date, cell["path"], kind, meeting_id, cell)
        ordered = sorted(candidates.values(), key=lambda c: c[:3])
        remote_only = bool(ordered) and all(c[4]["remote"] for c in ordered)
        profile = None
        for period_start, period_end in span.periods:
            if code == DEMO_CADRE:
                profile = "keeps"
            elif profile is None or rng.random() < 0.3:  # a cadre's year is not always like the last
                profile = _profile(rng, person, remote_only)
            in_period = [c for c in ordered if period_start <= c[0] <= period_end]
            count = _target(profile, _required(person, period_start, period_end), remote_only, rng)
            chosen = _choose(in_period, count, profile == "keeps", rng)
            if code == DEMO_CADRE:
                chosen = _with_recent(chosen, in_period, span.recent_from)
            for date, _path, _kind, meeting_id, _cell in chosen:
                attendance, when = _attendance(person, meeting_id, date, rng)
                attendances.append(attendance)
                recorded_at.append(when)
                attendees.add(code)
    Attendance.objects.bulk_create(attendances, batch_size=1000)
    # The insert stamps recorded_at with the time of loading; put back when each was recorded.
    for attendance, when in zip(attendances, recorded_at, strict=True):
        attendance.recorded_at = when
    Attendance.objects.bulk_update(attendances, ["recorded_at"], batch_size=1000)
    return len(attendances), len(attendees)


def _required(person: dict, start: datetime.date, end: datetime.date) -> float:
    """The person's yearly count prorated over the days of [start, end] they were assigned."""
    days = set()
    for _path, a_start, a_end in person["assignments"]:
        first, last = max(start, a_start), min(end, a_end)
        days.update(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    year_days = 366 if start.year % 4 == 0 else 365
    return person["yearly"] * len(days) / year_days


def _target(profile: str, required: float, remote_only: bool, rng: random.Random) -> int:
    needed = math.ceil(required - 1e-9)
    if profile == "zero" or needed == 0:
        return 0
    if profile == "behind":
        return rng.randint(1, max(1, needed // 2) if remote_only else needed - 1) if needed > 1 else 0
    return needed + rng.choice([0, 0, 0, 1] if remote_only else [0, 0, 1, 1, 2, 3])


def _choose(candidates: list, count: int, spread: bool, rng: random.Random) -> list:
    """`count` meetings over the quarters in turn, at most one a day, by the cells' weights; with `spread`, cells
    not yet attended in the period first (a cadre keeping up goes round all the cells they follow)."""
    quarters = {}
    for candidate in candidates:
        quarters.setdefault((candidate[0].year, (candidate[0].month - 1) // 3), []).append(candidate)
    keys = sorted(quarters)
    if not keys:
        return []
    offset = rng.randrange(len(keys))
    chosen, days, visited = [], set(), set()
    for n in range(count):
        pool = [c for c in quarters[keys[(offset + n) % len(keys)]] if c[0] not in days]
        if not pool:
            pool = [c for c in candidates if c[0] not in days]
        if spread:  # the remote ones only when the weights fall that way
            pool = [c for c in pool if c[1] not in visited and not c[4]["remote"]] or pool
        if not pool:
            break
        pick = rng.choices(pool, weights=[c[4]["weight"] for c in pool])[0]
        chosen.append(pick)
        days.add(pick[0])
        visited.add(pick[1])
    return sorted(chosen, key=lambda c: c[:3])


def _with_recent(chosen: list, candidates: list, since: datetime.date) -> list:
    """The demo cadre attended a meeting on or after `since` (June 2025 before the reform, the last weeks before
    today after it): what he opens first shows a recent meeting."""
    if any(c[0] >= since for c in chosen):
        return chosen
    recent = [c for c in candidates if c[0] >= since]
    return sorted(chosen + recent[:1], key=lambda c: c[:3])


def _attendance(person: dict, meeting_id: int, date: datetime.date, rng: random.Random):
    """Recorded by the cadre the same evening or soon after, or by the cell when it writes up its minutes."""
    if rng.random() < 0.55:
        source, delay, hour = AttendanceSource.CADRE, rng.choice([0, 0, 0, 1, 2]), rng.randint(17, 21)
    else:
        source, delay, hour = AttendanceSource.CELL, rng.randint(0, 5), rng.randint(8, 16)
    when = datetime.datetime.combine(date + datetime.timedelta(days=delay), datetime.time(hour, rng.randrange(60)))
    when = min(when, datetime.datetime.combine(today(), datetime.time(7)))  # not after the day the demo is built
    attendance = Attendance(
        meeting_id=meeting_id,
        person_id=person["id"],
        source=source,
        recorded_by_id=person["user"] if source == AttendanceSource.CADRE else None,
    )
    return attendance, timezone.make_aware(when)
