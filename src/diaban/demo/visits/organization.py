"""People and departments: the two agencies, their departments and staff, the leaders in charge of the districts
(of today's communes after the reform), the field-time rule, and the staff's leave."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from diaban.core.workdays import working_days
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.assignments import POSITIONS_START, Builder
from diaban.demo.builders import bulk_people
from diaban.demo.visits.facts import (
    AGENCY,
    AGENCY_HEAD,
    BA_TRI_AGENCY,
    CODES,
    DEPARTMENT_HEAD_TITLE,
    DEPARTMENTS,
    DEPUTIES,
    DEPUTY_DISTRICTS,
    END,
    FIELD_RULE,
    FIELD_RULE_SOURCE,
    LEADERS_FROM,
    REFORM_START,
    D,
    Period,
)
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
from diaban.visits.models import FieldTimeRule


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


def build_organization(province: Unit, ba_tri: Unit, users: dict, rng: random.Random) -> dict:
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
        staff(DEPUTIES[1], "agency", titles[("province", "Phó Trưởng ban, ngành, đoàn thể tỉnh")], None, D(2019, 8, 1)),
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
    districts = list(province.children.filter(level__key="district").order_by("code"))
    _shares_and_areas(members, heads, districts, rng)
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


def _shares_and_areas(members: list[Member], heads: list[Person], areas: list, rng: random.Random) -> None:
    """Most specialists spend less than a third of their working days at the grassroots, a few more; each person
    goes mostly to two to four areas (districts, or after the reform the communes that succeeded them)."""
    specialists = [m for m in members if m.person not in heads]
    eager = set(rng.sample([m.person.code for m in specialists if m.person.code != CODES["tochuc"]], 4))
    for m in specialists:
        m.share = rng.uniform(0.35, 0.42) if m.person.code in eager else rng.uniform(0.14, 0.30)
    for m in members:
        m.districts = rng.sample(areas, rng.randint(2, 4))


def organization_after_reform(agency: Department, area_of: dict, rng: random.Random) -> dict:
    """The province's Organization Committee after the reform (assumed for the demo: its departments and people
    carry on, now working on today's Vĩnh Long): the same two deputy heads in charge, from 01/07/2025, of the new
    communes that succeeded their districts' (each by the district most of its predecessors lay in), and the
    departments' people with this period's shares of field time. Ba Tri's committee ended with its district."""
    deputies = {p.code: p for p in Person.objects.filter(code__in=DEPUTIES)}
    if not LeaderInCharge.objects.filter(agency=agency, start_date=REFORM_START).exists():
        LeaderInCharge.objects.bulk_create(
            [
                LeaderInCharge(person=deputies[code], agency=agency, unit_id=commune_id, start_date=REFORM_START)
                for code, districts in zip(DEPUTIES, DEPUTY_DISTRICTS, strict=True)
                for commune_id, district in area_of.items()
                if district.code in districts
            ]
        )
    departments = {key: agency.children.get(name=name) for key, name in DEPARTMENTS.items()}
    # Ba Tri's committee ended with its district; its specialist with an account went on in the province's
    # Phòng Tổ chức cơ sở đảng - đảng viên (assumed for the demo), where her plans have approvers again.
    Person.objects.filter(code=CODES["tochuchuyen"], department__name=BA_TRI_AGENCY).update(
        department=departments["tccs"], agency=agency.name
    )
    heads = [d.head for d in departments.values()]
    members = []
    for key, department in departments.items():
        staff = Person.objects.filter(department=department, departed_on__isnull=True).order_by("code")
        members += [Member(p, key, rng.uniform(0.07, 0.16) if p in heads else 0) for p in staff]
    _shares_and_areas(members, heads, sorted(set(area_of.values()), key=lambda d: d.code), rng)
    return {"agency": agency, "departments": departments, "province": members, "ba_tri": []}


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
        # Following a hamlet at the end of the year of field work (the reform ended those assignments on that day).
        .filter(
            Q(assignments__start_date__lte=END)
            & (Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=END))
        )
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


def leave_for(org: dict, period: Period, rng: random.Random) -> list[Leave]:
    """Annual leave (5–12 working days) for about half the staff, a sick leave when the period has one, away from
    the cell meetings they attended; the days count as busy."""
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

    starts = list(period.leave_starts)
    for m in everyone:
        if starts and rng.random() < 0.5:
            days = rng.randint(5, 12)
            firsts = [s + datetime.timedelta(days=rng.randint(0, 10)) for s in rng.sample(starts, len(starts))]
            add(m, LeaveKind.ANNUAL, "Nghỉ phép năm", firsts, days)
    if period.sick_leave:
        sick = rng.choice([m for m in org["province"] if m.person.code != CODES["tochuc"]])
        add(sick, LeaveKind.SICK, "Nghỉ ốm, có giấy ra viện", list(period.sick_leave), 4)
    Leave.objects.bulk_create(leaves)
    return leaves


def _span(first: datetime.date, days: int) -> dict:
    """A leave of `days` working days from the first working day on or after `first`."""
    days_off = working_days(first, first + datetime.timedelta(days=days * 2 + 14))[:days]
    return {"start_date": days_off[0], "end_date": days_off[-1]}
