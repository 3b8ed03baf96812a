"""Where and when: every trip of a period, by whom, to which units, on which working days, in which state."""

import datetime
import random
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from diaban.demo.visits.facts import (
    CODES,
    QUIET,
    REFORM_START,
    WINDOW,
    Period,
)
from diaban.demo.visits.organization import Member
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance
from diaban.territory.models import Succession, Unit


@dataclass
class Trip:
    """A plan in the making: who, when, where, its state; the rest is filled in before it is written."""

    owner: Member
    start: datetime.date
    end: datetime.date
    units: list
    status: str
    companions: list = field(default_factory=list)
    title: str = ""
    returned_first: bool = False  # returned once, then resubmitted
    agenda: list = field(default_factory=list)
    approvers: object = None


@dataclass
class Places:
    """Where the staff go: the communes (by code) with the area each lies in, the hamlets (by path), and the
    communes with remote hamlets."""

    communes: list
    area_of: dict
    hamlets: list
    with_remote_hamlets: set


def places_before_reform(province: Unit, ba_tri: Unit) -> Places:
    """Bến Tre's communes in their districts, Ba Tri's hamlets (its committee's staff go there)."""
    units = Unit.objects.within(province).select_related("level", "parent")
    communes = list(units.filter(level__key="commune").order_by("code"))
    hamlets = list(units.filter(level__key="hamlet", parent__parent=ba_tri).order_by("path"))
    with_remote_hamlets = set(units.filter(level__key="hamlet", is_remote=True).values_list("parent_id", flat=True))
    return Places(communes, {c.pk: c.parent for c in communes}, hamlets, with_remote_hamlets)


def places_after_reform(vinh_long: Unit, old_province: Unit) -> Places:
    """Today's communes that succeeded Bến Tre's, each in the old district most of its predecessors lay in (the
    areas the deputy heads kept), and the hamlets carried under them."""
    units = Unit.objects.within(vinh_long).filter(valid_from=REFORM_START).select_related("level", "parent")
    links = Succession.objects.filter(
        date=REFORM_START, successor__parent=vinh_long, predecessor__path__startswith=old_province.path,
        predecessor__level__key="commune",
    ).select_related("predecessor__parent")  # fmt: skip
    districts: dict[int, Counter] = defaultdict(Counter)
    for link in links:
        districts[link.successor_id][link.predecessor.parent] += 1
    communes = list(units.filter(pk__in=list(districts), level__key="commune").order_by("code"))
    area_of = {c.pk: min(districts[c.pk].items(), key=lambda pair: (-pair[1], pair[0].code))[0] for c in communes}
    hamlets = list(units.filter(level__key="hamlet", parent__in=communes).order_by("path"))
    return Places(communes, area_of, hamlets, {h.parent_id for h in hamlets if h.is_remote})


def schedule_trips(org: dict, places: Places, period: Period, calendar: list, rng: random.Random) -> list[Trip]:
    """Every trip of the period: the showcase pair and `tochuc`'s draft and returned plans first, then units
    visited too often in a month, then trips until each person has their share of days (those done up to
    `period.now`)."""
    year = [d for d in calendar if period.start <= d <= period.end]
    communes, hamlets, with_remote_hamlets = places.communes, places.hamlets, places.with_remote_hamlets
    # Where specialists go: some communes attract them, many hardly ever see one, fewer still by the sea.
    weight = {}
    for c in communes:
        w = rng.lognormvariate(0, 0.5) * (0.03 if rng.random() < 0.3 else 1.0)
        weight[c.pk] = w * (0.4 if c.pk in with_remote_hamlets else 1.0)
    for h in hamlets:
        weight[h.pk] = rng.lognormvariate(0, 0.5) * (0.2 if h.is_remote else 1.0)
    units_of: dict[int, list] = {}  # by area the communes, by commune the hamlets
    for u in communes + hamlets:
        area = places.area_of.get(u.pk)
        units_of.setdefault(area.pk if area else u.parent_id, []).append(u)
    districts = sorted({places.area_of[c.pk] for c in communes}, key=lambda d: d.code)
    people = org["province"] + org["ba_tri"]
    past = [d for d in year if period.now is None or d <= period.now]
    for m in people:  # the working days of the period up to today, less leave
        m.target = round(m.share * sum(1 for d in past if d not in m.busy))
    _count_meetings(people, past)
    bookings: dict[int, list] = {}
    trips: list[Trip] = []
    by_code = {m.person.code: m for m in people}
    by_unit_code = {c.code: c for c in communes}
    special = period.showcase
    showcase = by_unit_code.get(special.commune)
    pools: dict = {}
    run = {}  # working days in a row from each working day of the year (no trip stops over a weekend)
    for day in reversed(year):
        run[day] = run.get(day + datetime.timedelta(days=1), 0) + 1

    def pool(first, last, month, length):
        """The days a trip of `length` days may start on."""
        key = (first, last, month, length)
        if key not in pools:
            pools[key] = [d for d in year if first <= d <= last and run[d] >= length
                          and month in (None, (d.year, d.month))]  # fmt: skip
        return pools[key]

    def free(m, days):
        return not any(d in m.busy for d in days)

    def clashes(targets, start, end, owner, status):
        for u in targets:
            if showcase and u.pk == showcase.pk and end >= special.quiet_from and status != "special":
                return True  # the showcase pair is the only trip to its commune in its weeks
            for s, e, o, st in bookings.get(u.pk, []):
                if o != owner.person.pk and s <= end + WINDOW and e >= start - WINDOW:
                    if "special" in (st, status) or st not in QUIET or status not in QUIET:
                        return True  # plans in hand overlap nothing but the showcase pair
        return False

    def book(trip, days, tag):
        for m in [trip.owner, *trip.companions]:
            m.busy.update(days)
            if trip.status == "done":
                m.done += len(days)
        for u in trip.units:
            bookings.setdefault(u.pk, []).append((trip.start, trip.end, trip.owner.person.pk, tag))
        trips.append(trip)

    def days_from(start, length):
        i = bisect_left(calendar, start)
        days = [calendar[i]]
        while len(days) < length and calendar[i + 1] == days[-1] + datetime.timedelta(days=1):
            i += 1
            days.append(calendar[i])
        return days

    # The showcase: `tochuc` and a specialist of Phòng Tổ chức cán bộ, the same Ba Tri commune two days apart.
    tochuc = by_code[CODES["tochuc"]]
    heads = {d.head_id for d in org["departments"].values()}
    other = next(m for m in org["province"] if m.key == "tccb" and m.person.pk not in heads)
    specials = [
        (tochuc, special.starts[0], special.lengths[0], showcase, "approved", special.titles[0]),
        (other, special.starts[1], special.lengths[1], showcase, "approved", special.titles[1]),
        (tochuc, special.draft[1], 2, by_unit_code.get(special.draft[0]), "draft", ""),
        (tochuc, special.returned[1], 1, by_unit_code.get(special.returned[0]), "returned", ""),
    ] if showcase else []  # fmt: skip
    for member, start, length, unit, status, title in specials:
        days = days_from(start, length)
        book(Trip(member, days[0], days[-1], [unit], status, title=title), days, "special")

    def trip(member, status, first, last, targets=None, month=None):
        """One trip of `member`, or None when the draw does not fit their calendar or clashes."""
        length = rng.choices([1, 2, 3], [20, 40, 40] if member.key != "batri" else [80, 20, 0])[0]
        if status == "done":
            length = min(length, max(1, member.target - member.done))
        starts = pool(first, last, month, length)
        if not starts:  # a period seen from its first days: nothing done yet
            return None
        days = days_from(rng.choice(starts), length)
        if not free(member, days):
            return None
        targets = targets or _units(member, units_of, districts, weight, period.with_hamlets, rng)
        if clashes(targets, days[0], days[-1], member, status):
            return None
        companions = []
        colleagues = [m for m in (org["ba_tri"] if member.key == "batri" else org["province"]) if m is not member]
        for _n in range(rng.choices([0, 1, 2], [15, 45, 40] if member.key != "batri" else [80, 20, 0])[0]):
            same = [m for m in colleagues if m.key == member.key] if rng.random() < 0.7 else colleagues
            fit = [m for m in same if m not in companions and free(m, days) and m.target > m.done]
            if fit:
                companions.append(rng.choice(fit))
        result = Trip(member, days[0], days[-1], targets, status, companions)
        result.returned_first = status in ("done", "approved") and rng.random() < 0.08
        book(result, days, status)
        return result

    # Units visited too often: three or four teams in one commune in one month.
    going = [m for m in org["province"] if m.person.pk not in heads]
    done = next(s for s in period.statuses if s[0] == "done")
    for month in period.crowded_months:
        commune = rng.choice([c for c in communes if weight[c.pk] > 1 and c != showcase])
        for member in rng.sample(going, rng.randint(3, 4)):
            for _attempt in range(20):
                if trip(member, "done", done[2], done[3], [commune], month):
                    break
    for _attempt in range(40000):
        short = [m for m in people if m.target > m.done]
        if not short:
            break
        member = rng.choices(short, [m.target - m.done for m in short])[0]
        if member is tochuc:  # her home page shows the special plans above and nothing else in hand
            status, _w, first, last = done
        else:
            status, _w, first, last = rng.choices(period.statuses, [s[1] for s in period.statuses])[0]
        trip(member, status, first, last)
    trips.sort(key=lambda t: (t.start, t.owner.person.code))
    return trips


def _units(member: Member, units_of: dict, districts: list, weight: dict, with_hamlets: float, rng) -> list[Unit]:
    """1–3 communes of one district (provincial staff) or 1–3 hamlets of one commune (Ba Tri's), by weight; after
    the reform a trip to one commune takes in one of its hamlets now and then (`with_hamlets` of them)."""
    if member.key == "batri":
        communes = units_of[member.districts[0].pk]
        commune = rng.choices(communes, [sum(weight[h.pk] for h in units_of.get(c.pk, [])) for c in communes])[0]
        choices = units_of[commune.pk]
    else:
        district = rng.choice(member.districts) if rng.random() < 0.85 else rng.choice(districts)
        choices = units_of[district.pk]
    count = min(len(choices), rng.choices([1, 2, 3], [70, 22, 8] if member.key != "batri" else [50, 30, 20])[0])
    chosen = []
    while len(chosen) < count:
        pick = rng.choices(choices, [weight[u.pk] for u in choices])[0]
        if pick not in chosen:
            chosen.append(pick)
    hamlets = units_of.get(chosen[0].pk, []) if member.key != "batri" and len(chosen) == 1 else []
    if with_hamlets and hamlets and rng.random() < with_hamlets:
        chosen.append(rng.choices(hamlets, [weight[h.pk] for h in hamlets])[0])
    return chosen


def _count_meetings(people: list[Member], days: list) -> None:
    """Cell meetings the staff attended on working days of the period are field days already (no trip that
    day)."""
    by_pk = {m.person.pk: m for m in people}
    working = set(days)
    rows = Attendance.objects.filter(
        person_id__in=list(by_pk), meeting__status=MeetingStatus.HELD, meeting__date__gte=days[0],
        meeting__date__lte=days[-1],
    ).values_list("person_id", "meeting__date")  # fmt: skip
    for person_id, day in sorted(rows):
        member = by_pk[person_id]
        if day in working and day not in member.busy:
            member.busy.add(day)
            member.done += 1
