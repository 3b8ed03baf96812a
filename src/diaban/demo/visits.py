"""Field work of the Bến Tre demo: a year (01/07/2024–30/06/2025) of visit plans by the staff of the province's
Organization Committee and of Ba Tri's, with their two-step approval, trip reports, recommendations and leave.

From the articles: specialists plan their trips with several contents at once, the department head and the
committee leader in charge of the area approve them, the trip report gives findings per content, guidance and
the grassroots' recommendations; specialists are expected to spend a third of their working time at the
grassroots, and many do not ("chưa thực hiện đúng quy định giành 1/3 thời gian đi cơ sở", Nghệ An); remote
areas are visited least while some units receive several teams in one month.

Assumed for Bến Tre (the articles do not say): that the one-third rule applies there (the FieldTimeRule says
where the figure comes from), the four departments' staff, which deputy head is in charge of which district.
Generated (deterministic, seeded): names, codes, dates, texts, who went where.

Figures elsewhere stay as they were: the new people follow no unit and hold no title an attendance rule names,
and Ba Tri keeps its three "cadres without a unit" (a figure the coverage page shows): its leader in charge is
an existing committee member who already follows a hamlet, made Deputy Secretary, and the district specialist
of the `tochuchuyen` account has a person record without a position. Loaded once; a second run changes nothing.
The agenda items, findings, comments and other texts are in data/visits.json.
"""

import datetime
import random
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from diaban.core.dates import format_date
from diaban.core.models import SEGMENT_LENGTH
from diaban.core.workdays import working_days
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.assignments import POSITIONS_START, Builder
from diaban.demo.builders import bulk_people
from diaban.demo.common import data, refresh_statistics, stamps_as_given
from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance
from diaban.people.choices import CommitteeRole, Gender
from diaban.people.models import (
    CommitteeMembership,
    Department,
    LeaderInCharge,
    Leave,
    LeaveKind,
    Person,
    Position,
    PositionTitle,
)
from diaban.territory.models import Unit
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import (
    AgendaItem,
    FieldTimeRule,
    Finding,
    FollowUp,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
    VisitTarget,
)
from diaban.visits.selectors import approvers_for

SEED = 2024_07_01
START = datetime.date(2024, 7, 1)
END = datetime.date(2025, 6, 30)
AGENCY = "Ban Tổ chức Tỉnh ủy Bến Tre"
BA_TRI_AGENCY = "Ban Tổ chức Huyện ủy Ba Tri"
DEPARTMENTS = {
    "tccs": "Phòng Tổ chức cơ sở đảng - đảng viên",
    "tccb": "Phòng Tổ chức cán bộ",
    "bvct": "Phòng Bảo vệ chính trị nội bộ",
    "cscb": "Phòng Chính sách cán bộ",
}
AGENCY_HEAD = "CB83-T005"  # a Standing Committee member in charge of no district
CODES = {"tochuc": "CB83-B011", "truongphong": "CB83-B010", "phoban": "CB83-B001", "tochuchuyen": "CB836-B01"}
DEPUTY_DISTRICTS = (["836", "835", "837", "834", "833"], ["829", "831", "832", "838"])  # Ba Tri to `phoban`
LEADERS_FROM = datetime.date(2022, 1, 1)
SHOWCASE_COMMUNE = "29161"  # Xã An Hiệp, Ba Tri
SHOWCASE_TITLES = (
    "Xã An Hiệp: hướng dẫn kết nạp đảng viên, kiện toàn chi ủy ấp",
    "Xã An Hiệp: khảo sát đội ngũ cán bộ chủ chốt trước sắp xếp",
)
# Their contents (short titles of AGENDA below), the main one first.
SHOWCASE_AGENDA = (
    ["Hướng dẫn kết nạp đảng viên", "Hỗ trợ kiện toàn chi ủy", "Kiểm tra thực hiện Quy định 13-QĐ/TU"],
    ["Khảo sát đội ngũ cán bộ chủ chốt", "Hướng dẫn rà soát quy hoạch cán bộ"],
)
TOCHUC_DRAFT, TOCHUC_RETURNED = "29146", "29116"  # Xã Phú Lễ, Xã Mỹ Hòa (Ba Tri)
FIELD_RULE = "Cán bộ, chuyên viên Ban Tổ chức dành 1/3 thời gian đi cơ sở"
FIELD_RULE_SOURCE = (
    "Quy chế làm việc của Ban Tổ chức Tỉnh ủy (giả định của dữ liệu mẫu cho Bến Tre; mức 1/3 theo «quy định "
    "giành 1/3 thời gian đi cơ sở» nêu trong bài của Ban Tổ chức Tỉnh ủy Nghệ An)"
)
DEPARTMENT_HEAD_TITLE = "Trưởng phòng cấp tỉnh"  # not in the catalogue of the migrations; no rule names it
WINDOW = datetime.timedelta(days=7)  # DIABAN_VISIT_OVERLAP_DAYS' default: plans this close are "overlapping"

D = datetime.date
_TEXTS = data("visits")
# Agenda items by department: (kind, short title, text, (first, last) day it fits or None).
AGENDA = {
    key: [
        (AgendaKind(kind), short, text, tuple(D.fromisoformat(day) for day in fits) if fits else None)
        for kind, short, text, fits in items
    ]
    for key, items in _TEXTS["agenda"].items()
}
DOCUMENTS = _TEXTS["documents"]  # by department, to study before the trip
FINDINGS = {AgendaKind(kind): texts for kind, texts in _TEXTS["findings"].items()}  # by kind of agenda item
SITUATIONS = _TEXTS["situations"]
DRY_SEASON = _TEXTS["dry_season"]
GUIDANCE = _TEXTS["guidance"]
SUMMARIES = _TEXTS["summaries"]
CONVEYED = _TEXTS["conveyed"]
RECOMMENDATIONS = _TEXTS["recommendations"]
FOLLOW_UPS = _TEXTS["follow_ups"]
RETURN_COMMENTS = _TEXTS["return_comments"]
CANCEL_COMMENTS = _TEXTS["cancel_comments"]
COUNTERPARTS = _TEXTS["counterparts"]

# Status of a generated plan, its weight, and the first day its trip may start: plans still waiting for a step
# are those of the last weeks; a plan approved but never reported may be months old.
STATUSES = [
    ("done", 80, START),
    ("approved", 6, D(2024, 10, 1)),
    ("cancelled", 4.5, START),
    ("returned", 3, D(2025, 2, 1)),
    ("submitted", 2.5, D(2025, 6, 9)),
    ("dept_ok", 2.5, D(2025, 6, 9)),
    ("draft", 1.5, D(2025, 6, 9)),
]
QUIET = ("done", "cancelled")  # plans of these statuses may overlap one another (the history shows it)


@dataclass
class Member:
    """A person who may plan trips: their department key, share of days to reach, own districts."""

    person: Person
    key: str
    share: float
    districts: list = field(default_factory=list)
    target: int = 0
    done: int = 0
    busy: set = field(default_factory=set)


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


def load_visits(province: Unit, rng: random.Random, log) -> None:
    """Departments, leaders in charge, leave, the field-time rule and a year of plans, once."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CODES)}
    if Department.objects.filter(unit=province, name=AGENCY, parent=None).exists():
        for username, code in CODES.items():
            Person.objects.filter(code=code).exclude(user=users[username]).update(user=users[username])
        log("Kế hoạch đi cơ sở mẫu đã có: giữ nguyên.")
        return
    ba_tri = province.children.get(code="836")
    org = _organization(province, ba_tri, users, rng)
    calendar = working_days(START - datetime.timedelta(days=60), END + datetime.timedelta(days=40))
    leaves = _leave(org, rng)
    trips = _schedule(org, province, ba_tri, calendar, rng)
    written = _write(trips, calendar, rng)
    refresh_statistics(VisitPlan, VisitTarget, AgendaItem, PlanEvent, TripReport, UnitVisitReport, Leave)
    by_status = {s: sum(1 for t in trips if t.status == s) for s, _w, _f in STATUSES}
    log(
        "Ban Tổ chức Tỉnh ủy: 4 phòng, {} cán bộ các phòng; Ban Tổ chức Huyện ủy Ba Tri: {} cán bộ; {} lần nghỉ "
        "phép, nghỉ ốm".format(len(org["province"]), len(org["ba_tri"]) + 1, len(leaves))
    )
    log(
        "Kế hoạch đi cơ sở {}–{}: {} ({} đã đi, {} đã duyệt chưa báo cáo, {} chờ duyệt, {} bị trả lại, {} hủy, {} "
        "dự thảo); {} báo cáo chuyến đi, {} kiến nghị".format(
            format_date(START), format_date(END), len(trips), by_status["done"], by_status["approved"],
            by_status["submitted"] + by_status["dept_ok"], by_status["returned"], by_status["cancelled"],
            by_status["draft"], written["reports"], written["recommendations"],
        )
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# People and departments


def _organization(province: Unit, ba_tri: Unit, users: dict, rng: random.Random) -> dict:
    """The two agencies, their departments and people, the leaders in charge and the field-time rule."""
    titles = {(t.level.key, t.name): t for t in PositionTitle.objects.select_related("level")}
    head_title, _created = PositionTitle.objects.get_or_create(
        name=DEPARTMENT_HEAD_TITLE, level=province.level, defaults={"rank": 9}
    )
    agency = Department.objects.create(name=AGENCY, unit=province)
    departments = {
        key: Department.objects.create(name=name, unit=province, parent=agency) for key, name in DEPARTMENTS.items()
    }
    ba_tri_agency = Department.objects.create(name=BA_TRI_AGENCY, unit=ba_tri)
    existing = {p.code: p for p in Person.objects.filter(code__in=[AGENCY_HEAD, DEMO_CADRE, "CB83-P9001"])}
    b = Builder(rng)

    def name_of(username):
        user = users[username]
        return "{} {}".format(user.first_name, user.last_name)

    def staff(code, key, title, full_name=None, start=None):
        where = departments[key].name + ", " + AGENCY if key in departments else AGENCY
        start = start or D(rng.randint(2008, 2021), rng.choice([1, 3, 8, 10]), 1)
        person = b.person(code, province, AGENCY, title, where, full_name, start)
        person.department = departments.get(key, agency)
        person.user = next((users[u] for u, c in CODES.items() if c == code), None)
        return person

    deputies = [
        staff(CODES["phoban"], "agency", titles[("province", "Phó Trưởng ban, ngành, đoàn thể tỉnh")],
              name_of("phoban"), D(2021, 3, 1)),
        staff("CB83-B002", "agency", titles[("province", "Phó Trưởng ban, ngành, đoàn thể tỉnh")], None, D(2019, 8, 1)),
    ]  # fmt: skip
    members, heads = [], []
    specialist = titles[("province", "Chuyên viên cấp tỉnh")]
    for n, key in enumerate(DEPARTMENTS, start=1):
        head = staff("CB83-B{:03d}".format(n * 10), key, head_title, name_of("truongphong") if key == "tccs" else None)
        heads.append(head)
        members.append(Member(head, key, rng.uniform(0.07, 0.16)))
        count = rng.randint(4, 6) - (2 if key == "tccs" else 0)  # `tochuc` and Đoàn Thị Mỹ Duyên join it below
        for i in range(1, count + 1):
            code = "CB83-B{:03d}".format(n * 10 + i + (1 if key == "tccs" else 0))
            members.append(Member(staff(code, key, specialist), key, 0))
        if key == "tccs":
            members.append(Member(staff(CODES["tochuc"], key, specialist, name_of("tochuc")), key, 0))
    bulk_people(b.people, b.positions)
    duyen = existing["CB83-P9001"]  # the provincial specialist already in the demo (demo.assignments)
    duyen.department = departments["tccs"]
    duyen.save(update_fields=["department"])
    members.append(Member(duyen, "tccs", 0))
    chief = existing[AGENCY_HEAD]
    chief.department, chief.agency = agency, AGENCY
    chief.save(update_fields=["department", "agency"])
    Position.objects.create(
        person=chief, title=titles[("province", "Trưởng ban, ngành, đoàn thể tỉnh")], organization=AGENCY,
        start_date=POSITIONS_START,
    )  # fmt: skip
    agency.head = chief
    agency.save(update_fields=["head"])
    for department, head in zip(departments.values(), heads, strict=True):
        department.head = head
        department.save(update_fields=["head"])
    # Most specialists spend less than a third of their working days at the grassroots, a few more.
    specialists = [m for m in members if m.person not in heads]
    eager = set(rng.sample([m.person.code for m in specialists if m.person.code != CODES["tochuc"]], 4))
    districts = list(province.children.filter(level__key="district").order_by("code"))
    for m in specialists:
        m.share = rng.uniform(0.35, 0.42) if m.person.code in eager else rng.uniform(0.14, 0.30)
    for m in members:
        m.districts = rng.sample(districts, rng.randint(2, 4))
    for deputy, codes in zip(deputies, DEPUTY_DISTRICTS, strict=True):
        LeaderInCharge.objects.bulk_create(
            [
                LeaderInCharge(person=deputy, agency=agency, unit=d, start_date=LEADERS_FROM, end_date=END)
                for d in districts
                if d.code in codes
            ]
        )
    FieldTimeRule.objects.create(name=FIELD_RULE, department=agency, source=FIELD_RULE_SOURCE)
    return {
        "agency": agency,
        "departments": departments,
        "province": members,
        "ba_tri": _ba_tri(ba_tri, ba_tri_agency, existing[DEMO_CADRE], users, titles, rng),
        "ba_tri_agency": ba_tri_agency,
    }


def _ba_tri(ba_tri: Unit, agency: Department, head: Person, users: dict, titles: dict, rng) -> list[Member]:
    """Ba Tri's Organization Committee: the demo cadre heads it, the people the demo already placed there work in
    it with the `tochuchuyen` specialist, and a Deputy Secretary of the district committee is in charge."""
    agency.head = head
    agency.save(update_fields=["head"])
    head.department = agency
    head.save(update_fields=["department"])
    user = users["tochuchuyen"]
    specialist = Person(
        code=CODES["tochuchuyen"], full_name="{} {}".format(user.first_name, user.last_name), home_unit=ba_tri,
        agency=BA_TRI_AGENCY, department=agency, user=user, birth_year=1992,
    )  # fmt: skip
    specialist.gender = Gender.FEMALE if " Thị " in specialist.full_name else Gender.MALE
    specialist.save()
    staff = list(
        Person.objects.filter(home_unit=ba_tri, agency=BA_TRI_AGENCY, departed_on__isnull=True)
        .exclude(pk__in=[head.pk, specialist.pk])
        .order_by("code")
    )
    Person.objects.filter(pk__in=[p.pk for p in staff]).update(department=agency)
    for p in staff:
        p.department = agency
    # The Deputy Secretary: the first Ba Tri committee member outside the Organization Committee who follows a hamlet.
    member_title = titles[("district", "Huyện ủy viên")]
    deputy = (
        Person.objects.filter(home_unit=ba_tri, departed_on__isnull=True, positions__title=member_title)
        .filter(assignments__end_date__isnull=True)
        .exclude(agency=BA_TRI_AGENCY)
        .order_by("code")
        .first()
    )
    deputy.agency = "Huyện ủy Ba Tri"
    deputy.save(update_fields=["agency"])
    Position.objects.create(
        person=deputy, title=titles[("district", "Phó Bí thư Huyện ủy")], organization="Huyện ủy Ba Tri",
        start_date=POSITIONS_START,
    )  # fmt: skip
    CommitteeMembership.objects.filter(person=deputy, committee__unit=ba_tri).update(
        role=CommitteeRole.DEPUTY_SECRETARY
    )
    LeaderInCharge.objects.create(person=deputy, agency=agency, unit=ba_tri, start_date=LEADERS_FROM, end_date=END)
    members = [Member(specialist, "batri", 0.22)]
    members += [Member(p, "batri", rng.uniform(0.04, 0.10)) for p in staff]
    for m in members:
        m.districts = [ba_tri]
    return members


def _leave(org: dict, rng: random.Random) -> list[Leave]:
    """Annual leave (5–12 working days) for about half the staff, one sick leave, away from the cell meetings
    they attended; the days count as busy."""
    everyone = org["province"] + org["ba_tri"]
    attended = defaultdict(set)
    rows = Attendance.objects.filter(person__in=[m.person for m in everyone], meeting__status=MeetingStatus.HELD)
    for person_id, day in rows.values_list("person_id", "meeting__date"):
        attended[person_id].add(day)
    leaves = []

    def add(member, kind, note, firsts, days):
        for first in firsts:
            span = _span(first, days)
            if not any(span["start_date"] <= d <= span["end_date"] for d in attended[member.person.pk]):
                leaves.append(Leave(person=member.person, kind=kind, note=note, **span))
                member.busy.update(working_days(span["start_date"], span["end_date"]))
                return

    starts = [D(2024, 7, 15), D(2024, 8, 5), D(2024, 12, 23), D(2025, 2, 10), D(2025, 4, 14)]
    for m in everyone:
        if rng.random() < 0.5:
            days = rng.randint(5, 12)
            firsts = [s + datetime.timedelta(days=rng.randint(0, 10)) for s in rng.sample(starts, len(starts))]
            add(m, LeaveKind.ANNUAL, "Nghỉ phép năm", firsts, days)
    sick = rng.choice([m for m in org["province"] if m.person.code != CODES["tochuc"]])
    add(sick, LeaveKind.SICK, "Nghỉ ốm, có giấy ra viện", [D(2024, 10, 14), D(2024, 11, 11)], 4)
    Leave.objects.bulk_create(leaves)
    return leaves


def _span(first: datetime.date, days: int) -> dict:
    """A leave of `days` working days from the first working day on or after `first`."""
    days_off = working_days(first, first + datetime.timedelta(days=days * 2 + 14))[:days]
    return {"start_date": days_off[0], "end_date": days_off[-1]}


# ---------------------------------------------------------------------------------------------------------
# Where and when


def _schedule(org: dict, province: Unit, ba_tri: Unit, calendar: list, rng: random.Random) -> list[Trip]:
    """Every trip of the year: the showcase pair and `tochuc`'s draft and returned plans first, then units visited
    too often in a month, then trips until each person has their share of days."""
    year = [d for d in calendar if START <= d <= END]
    units = Unit.objects.within(province).select_related("level", "parent")
    communes = list(units.filter(level__key="commune").order_by("code"))
    hamlets = list(units.filter(level__key="hamlet", parent__parent=ba_tri).order_by("path"))
    with_remote_hamlets = set(units.filter(level__key="hamlet", is_remote=True).values_list("parent_id", flat=True))
    # Where specialists go: some communes attract them, many hardly ever see one, fewer still by the sea.
    weight = {}
    for c in communes:
        w = rng.lognormvariate(0, 0.5) * (0.03 if rng.random() < 0.3 else 1.0)
        weight[c.pk] = w * (0.4 if c.pk in with_remote_hamlets else 1.0)
    for h in hamlets:
        weight[h.pk] = rng.lognormvariate(0, 0.5) * (0.2 if h.is_remote else 1.0)
    units_of: dict[int, list] = {}
    for u in communes + hamlets:
        units_of.setdefault(u.parent_id, []).append(u)
    districts = sorted({c.parent for c in communes}, key=lambda d: d.code)
    people = org["province"] + org["ba_tri"]
    for m in people:  # the working days of the year, less leave
        m.target = round(m.share * sum(1 for d in year if d not in m.busy))
    _count_meetings(people, year)
    bookings: dict[int, list] = {}
    trips: list[Trip] = []
    by_code = {m.person.code: m for m in people}
    by_unit_code = {c.code: c for c in communes}
    showcase = by_unit_code[SHOWCASE_COMMUNE]
    pools: dict = {}
    run = {}  # working days in a row from each working day of the year (no trip stops over a weekend)
    for day in reversed(year):
        run[day] = run.get(day + datetime.timedelta(days=1), 0) + 1

    def pool(first, month, length):
        """The days a trip of `length` days may start on."""
        key = (first, month, length)
        if key not in pools:
            pools[key] = [d for d in year if d >= first and run[d] >= length and month in (None, (d.year, d.month))]
        return pools[key]

    def free(m, days):
        return not any(d in m.busy for d in days)

    def clashes(targets, start, end, owner, status):
        for u in targets:
            if u.pk == showcase.pk and end >= D(2025, 5, 15) and status != "special":
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
        (tochuc, D(2025, 6, 17), 2, showcase, "approved", SHOWCASE_TITLES[0]),
        (other, D(2025, 6, 19), 1, showcase, "approved", SHOWCASE_TITLES[1]),
        (tochuc, D(2025, 6, 25), 2, by_unit_code[TOCHUC_DRAFT], "draft", ""),
        (tochuc, D(2025, 6, 10), 1, by_unit_code[TOCHUC_RETURNED], "returned", ""),
    ]
    for member, start, length, unit, status, title in specials:
        days = days_from(start, length)
        book(Trip(member, days[0], days[-1], [unit], status, title=title), days, "special")

    def trip(member, status, first, targets=None, month=None):
        """One trip of `member`, or None when the draw does not fit their calendar or clashes."""
        length = rng.choices([1, 2, 3], [20, 40, 40] if member.key != "batri" else [80, 20, 0])[0]
        if status == "done":
            length = min(length, max(1, member.target - member.done))
        days = days_from(rng.choice(pool(first, month, length)), length)
        if not free(member, days):
            return None
        targets = targets or _units(member, units_of, districts, weight, rng)
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
    for month in [(2024, 9), (2024, 11), (2025, 3), (2025, 4)]:
        commune = rng.choice([c for c in communes if weight[c.pk] > 1 and c.pk != showcase.pk])
        for member in rng.sample(going, rng.randint(3, 4)):
            for _attempt in range(20):
                if trip(member, "done", START, [commune], month):
                    break
    for _attempt in range(40000):
        short = [m for m in people if m.target > m.done]
        if not short:
            break
        member = rng.choices(short, [m.target - m.done for m in short])[0]
        if member is tochuc:  # her home page shows the special plans above and nothing else in hand
            status, first = "done", START
        else:
            status, _w, first = rng.choices(STATUSES, [w for _s, w, _f in STATUSES])[0]
        trip(member, status, first)
    trips.sort(key=lambda t: (t.start, t.owner.person.code))
    return trips


def _units(member: Member, units_of: dict, districts: list, weight: dict, rng: random.Random) -> list[Unit]:
    """1–3 communes of one district (provincial staff) or 1–3 hamlets of one commune (Ba Tri's), by weight."""
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
    return chosen


def _count_meetings(people: list[Member], year: list) -> None:
    """Cell meetings the staff attended on working days of the year are field days already (no trip that day)."""
    by_pk = {m.person.pk: m for m in people}
    working = set(year)
    rows = Attendance.objects.filter(
        person_id__in=list(by_pk), meeting__status=MeetingStatus.HELD, meeting__date__gte=START, meeting__date__lte=END
    ).values_list("person_id", "meeting__date")
    for person_id, day in sorted(rows):
        member = by_pk[person_id]
        if day in working and day not in member.busy:
            member.busy.add(day)
            member.done += 1


# ---------------------------------------------------------------------------------------------------------
# Writing


def _write(trips: list[Trip], calendar: list, rng: random.Random) -> dict:
    """The plans and everything hanging from them, in bulk, with the times each step happened."""
    plans, events, targets, companions, agenda = [], [], [], [], []
    reports = []  # (plan, trip, its history)
    derived = {}
    for trip in trips:
        _fill(trip, derived, rng)
        plan, steps = _plan(trip, calendar, rng)
        plans.append(plan)
        events.append(steps)
    with stamps_as_given(VisitPlan, PlanEvent, TripReport, Recommendation):
        VisitPlan.objects.bulk_create(plans, batch_size=500)
        for plan, trip, steps in zip(plans, trips, events, strict=True):
            targets += [VisitTarget(plan=plan, unit=u, order=i) for i, u in enumerate(trip.units)]
            companions += [VisitPlan.companions.through(visitplan_id=plan.pk, person_id=m.person.pk)
                           for m in trip.companions]  # fmt: skip
            for i, (kind, text) in enumerate(trip.agenda):
                agenda.append(AgendaItem(plan=plan, kind=kind, text=text, is_main=i == 0, proposed_by=plan.owner,
                                         order=i))  # fmt: skip
            for step in steps:
                step.plan = plan
            if trip.status == "done" or (trip.status == "approved" and steps[-1].action == PlanAction.REPORT_SAVED):
                reports.append((plan, trip, steps))
        VisitTarget.objects.bulk_create(targets, batch_size=2000)
        VisitPlan.companions.through.objects.bulk_create(companions, batch_size=2000)
        AgendaItem.objects.bulk_create(agenda, batch_size=2000)
        PlanEvent.objects.bulk_create([e for steps in events for e in steps], batch_size=2000)
        recommendations = _reports(reports, agenda, rng)
    return {"reports": len(reports), "recommendations": recommendations}


def _fill(trip: Trip, derived: dict, rng: random.Random) -> None:
    """Title, agenda (the main item first) and the approvers, derived as the services derive them. The demo's
    leaders are in charge of whole districts all year, so the approvers of an owner depend only on the districts
    visited: derived once per owner and districts (`derived`)."""
    bank = [item for item in AGENDA[trip.owner.key] + (AGENDA["common"] if trip.owner.key != "batri" else [])
            if item[3] is None or item[3][0] <= trip.start <= item[3][1]]  # fmt: skip
    items = rng.sample(bank, rng.randint(2, min(4, len(bank))))
    if trip.title in SHOWCASE_TITLES:  # the showcase's own contents, so that the merged plan reads well
        shorts = SHOWCASE_AGENDA[SHOWCASE_TITLES.index(trip.title)]
        items = sorted([i for i in bank if i[1] in shorts], key=lambda i: shorts.index(i[1]))
    trip.agenda = [(kind, text) for kind, _short, text, _when in items]
    if not trip.title:
        trip.title = "{} — {}".format(items[0][1], ", ".join(u.name for u in trip.units))
    if trip.status != "draft":
        key = (trip.owner.person.pk, tuple(sorted({u.path[: 2 * SEGMENT_LENGTH] for u in trip.units})))
        if key not in derived:
            derived[key] = approvers_for(trip.owner.person, trip.units, trip.start)
        trip.approvers = derived[key]


def _plan(trip: Trip, calendar: list, rng: random.Random) -> tuple[VisitPlan, list[PlanEvent]]:
    """The plan row and its history, each step on a working day before the trip, in order."""
    owner = trip.owner.person
    approvers = trip.approvers
    head_user = approvers.department_head.user_id if approvers else None
    leader_user = approvers.leader.user_id if approvers else None
    i = bisect_left(calendar, trip.start) - rng.randint(8, 14) - (6 if trip.returned_first else 0)
    clock = [timezone.make_aware(datetime.datetime.combine(calendar[i], datetime.time(8)))]
    steps = []
    cancel_after_approval = trip.status == "cancelled" and rng.random() < 0.6

    def step(action, actor, comment="", changes=None, gap=(0, 2), day=None):
        nonlocal i
        if day is None:
            i = min(i + rng.randint(*gap), bisect_left(calendar, trip.start) - 1)
            day = calendar[i]
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.randrange(60))))
        at = max(at, clock[-1] + datetime.timedelta(minutes=rng.randint(5, 50)))
        clock.append(at)
        steps.append(PlanEvent(action=action, actor_id=actor, comment=comment, changes=changes or {}, at=at))

    step(PlanAction.CREATED, owner.user_id, gap=(0, 0))
    if trip.status == "cancelled" and not cancel_after_approval:
        step(PlanAction.CANCELLED, owner.user_id, rng.choice(CANCEL_COMMENTS), gap=(1, 3))
    elif trip.status != "draft":
        step(PlanAction.SUBMITTED, owner.user_id)
        if trip.returned_first:
            by_leader = rng.random() < 0.3
            if by_leader:
                step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
            step(PlanAction.RETURNED, leader_user if by_leader else head_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
            step(PlanAction.UPDATED, owner.user_id, changes={"agenda": [len(trip.agenda) - 1, len(trip.agenda)]},
                 gap=(1, 2))  # fmt: skip
            step(PlanAction.SUBMITTED, owner.user_id)
        if trip.status == "returned":
            if owner.code != CODES["tochuc"] and rng.random() < 0.4:
                step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
                step(PlanAction.RETURNED, leader_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
            else:
                step(PlanAction.RETURNED, head_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
        elif trip.status != "submitted":
            step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
            if trip.status != "dept_ok":
                step(PlanAction.APPROVED, leader_user, gap=(1, 2))
        if trip.status == "cancelled":
            step(PlanAction.CANCELLED, owner.user_id, rng.choice(CANCEL_COMMENTS), gap=(0, 1))
    end = bisect_left(calendar, trip.end)
    if trip.status == "done" or (trip.status == "approved" and trip.title not in SHOWCASE_TITLES and
                                 trip.start < D(2025, 6, 1) and rng.random() < 0.35):  # fmt: skip
        i = end + rng.randint(0, 3)
        step(PlanAction.REPORT_SAVED, owner.user_id, changes={"report": ["", "lập báo cáo"]}, day=calendar[i])
        if trip.status == "done":
            late = rng.random() < 0.2
            step(PlanAction.REPORT_SUBMITTED, owner.user_id, day=calendar[i + rng.randint(6, 12) if late else
                 i + rng.randint(0, 4)])  # fmt: skip
    status = {"returned": PlanStatus.DRAFT, "dept_ok": PlanStatus.DEPARTMENT_APPROVED}.get(trip.status, trip.status)
    submitted = any(s.action == PlanAction.SUBMITTED for s in steps)
    plan = VisitPlan(
        title=trip.title, owner=owner, department=owner.department,
        start_date=trip.start, end_date=trip.end, status=status,
        counterparts=_counterparts(trip, rng), documents_studied=_documents(trip, rng),
        department_approver=approvers.department_head if submitted else None,
        leader_approver=approvers.leader if submitted else None,
        created_by_id=owner.user_id, created_at=steps[0].at, updated_at=steps[-1].at,
    )  # fmt: skip
    plan.normalize_text()
    return plan, steps


def _counterparts(trip: Trip, rng: random.Random) -> str:
    lines = []
    for unit in trip.units:
        if unit.level.key == "hamlet":
            lines.append("Chi ủy chi bộ " + unit.name[0].lower() + unit.name[1:])
        else:
            name = unit.name[0].lower() + unit.name[1:]
            lines += [pattern.format(name) for pattern in rng.sample(COUNTERPARTS, 2)]
    return "\n".join(lines)


def _documents(trip: Trip, rng: random.Random) -> str:
    pool = DOCUMENTS[trip.owner.key] + DOCUMENTS["common"]
    return "\n".join(rng.sample(pool, rng.randint(1, 3)))


def _reports(reports: list, agenda: list, rng: random.Random) -> int:
    """Trip reports: submitted for trips done, drafts for some approved trips; a part per unit with a finding per
    agenda item, guidance, recommendations (records once submitted, as the service makes them), follow-ups."""
    items_of = {}
    for item in agenda:
        items_of.setdefault(item.plan_id, []).append(item)
    rows = []
    for plan, trip, steps in reports:
        submitted = steps[-1].at if steps[-1].action == PlanAction.REPORT_SUBMITTED else None
        rows.append(
            TripReport(
                plan=plan,
                status=TripReportStatus.SUBMITTED if submitted else TripReportStatus.DRAFT,
                start_date=trip.start,
                end_date=trip.end,
                summary=rng.choice(SUMMARIES) if submitted else "",
                guidance_conveyed=rng.choice(CONVEYED) if submitted and rng.random() < 0.6 else "",
                submitted_at=submitted,
                first_submitted_at=submitted,
                updated_at=steps[-1].at,
            )
        )
    TripReport.objects.bulk_create(rows, batch_size=1000)
    parts, raised = [], []
    for report, (_row, trip, _steps) in zip(rows, reports, strict=True):
        for unit in trip.units:
            dry = trip.start.month in (12, 1, 2, 3, 4, 5)
            lines = rng.sample(RECOMMENDATIONS, rng.choice([1, 1, 2])) if rng.random() < 0.3 else []
            part = UnitVisitReport(
                report=report,
                unit=unit,
                situation=DRY_SEASON if dry and rng.random() < 0.3 else rng.choice(SITUATIONS),
                guidance_given=rng.choice(GUIDANCE),
                recommendations_text="\n".join(lines),
            )
            parts.append(part)
            if report.status == TripReportStatus.SUBMITTED:
                raised += [(part, line, trip, report) for line in lines]
    UnitVisitReport.objects.bulk_create(parts, batch_size=2000)
    findings, follow_ups = [], []
    for part in parts:
        report = part.report
        for item in items_of[report.plan_id]:
            if report.status == TripReportStatus.SUBMITTED or rng.random() < 0.5:
                findings.append(Finding(unit_report=part, agenda_item=item, text=rng.choice(FINDINGS[item.kind])))
            else:
                findings.append(Finding(unit_report=part, agenda_item=item, text=""))
        if report.status == TripReportStatus.SUBMITTED and rng.random() < 0.5:
            due = report.end_date + datetime.timedelta(days=rng.randint(20, 45))
            done = due - datetime.timedelta(days=rng.randint(-5, 15)) if rng.random() < 0.6 else None
            follow_ups.append(FollowUp(unit_report=part, text=rng.choice(FOLLOW_UPS), due_date=due, done_on=done))
    Finding.objects.bulk_create(findings, batch_size=2000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    records = Recommendation.objects.bulk_create(
        [
            Recommendation(
                unit=part.unit,
                text=line,
                source=RecommendationSource.VISIT,
                raised_on=report.start_date,
                carried_by=trip.owner.person,
                created_by_id=trip.owner.person.user_id,
                created_at=report.submitted_at,
                updated_at=report.submitted_at,
            )
            for part, line, trip, report in raised
        ],
        batch_size=2000,
    )
    UnitVisitReport.recommendations.through.objects.bulk_create(
        [
            UnitVisitReport.recommendations.through(unitvisitreport_id=part.pk, recommendation_id=record.pk)
            for (part, _line, _trip, _report), record in zip(raised, records, strict=True)
        ],
        batch_size=2000,
    )
    return len(records)
