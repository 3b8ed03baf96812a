"""Cadres and assignments of the Bến Tre demo, so that coverage on 01/01/2021 shows the articles' figures.

From the articles (Bến Tre, 2021; Ba Tri, 2019): Standing Committee members of the province in charge of
the 9 districts; provincial committee members and department leaders following the province's communes
(21 of them supporting Ba Tri's communes); 679 district cadres following the 983 hamlets and quarters (129
for Ba Tri's 129 hamlets, one each); 6,038 commune cadres following the 14,676 residents' groups. The
number of provincial cadres outside Ba Tri is not in the articles: here 110 for the other 126 communes.

Names, codes, decisions and the later history are generated (deterministic, seeded): a rotation, three
departures, a policy override and a few newly appointed cadres without a unit, all after 01/01/2021 and
made through the services, so that today's dashboard has uncovered units and idle cadres to show. The names
people are given are in data/names.json, the agencies and offices they work in in data/assignments.json.
"""

import datetime
import random

from diaban.assignments.choices import EventAction, Purpose
from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.core.dates import format_date
from diaban.demo.assignment_history import later_history
from diaban.demo.builders import bulk_people
from diaban.demo.common import CODE_PREFIX, data
from diaban.people.choices import CommitteeRole, Gender
from diaban.people.models import CommitteeMembership, Person, PositionTitle, Term
from diaban.territory.models import PartyOrganization, Unit

PROVINCE_START = datetime.date(2020, 11, 2)
DISTRICT_START = datetime.date(2020, 11, 10)
COMMUNE_START = datetime.date(2020, 11, 20)
POSITIONS_START = datetime.date(2020, 10, 16)  # after the 2020–2025 congresses
STANDING_MEMBERS = 15
DISTRICTS_FOLLOWED = 9
PROVINCIAL_BA_TRI = 21
PROVINCIAL_OTHERS = 110
DISTRICT_CADRES = 679
COMMUNE_CADRES = 6038

# Invented names: a family name, a middle name and a given name by gender.
_NAMES = data("names")
FAMILY = _NAMES["family"]
MIDDLE = {Gender(gender): names for gender, names in _NAMES["middle"].items()}
GIVEN = {Gender(gender): names for gender, names in _NAMES["given"].items()}
_AGENCIES = data("assignments")
_DEPARTMENTS = _AGENCIES["provincial_agencies"]
_DISTRICT_OFFICES = _AGENCIES["district_offices"]


def apportion(total: int, weights: list[int], minimum: int = 1) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders), each part at least `minimum`."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    weight_sum = sum(weights)
    shares = [rest * w / weight_sum for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: -(shares[i] - parts[i]))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


def spread(items: list, holders: int) -> list[list]:
    """`items` dealt to `holders` in contiguous runs (neighbouring units go to the same cadre)."""
    sizes = apportion(len(items), [1] * holders)
    out, start = [], 0
    for size in sizes:
        out.append(items[start : start + size])
        start += size
    return out


class Builder:
    """Invented cadres (name, birth year, phone drawn from `rng`) with their positions, memberships and assignments,
    gathered for one bulk write; the visits demo builds its Organization Committee staff with it too."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: list[Person] = []
        self.positions: list[tuple[Person, PositionTitle, str, datetime.date, None]] = []
        self.memberships: list[tuple[Person, PartyOrganization, str]] = []
        self.plan: list[tuple[Person, Unit, datetime.date, str]] = []  # person, unit, start, decision
        self.names: set[str] = set()

    def person(self, code, home, agency, title, organization, full_name=None, start=POSITIONS_START):
        if full_name is None:
            full_name, gender = self._name()
        else:
            gender = Gender.FEMALE if " Thị " in full_name else Gender.MALE
        person = Person(
            code=code,
            full_name=full_name,
            gender=gender,
            birth_year=self.rng.randint(1962, 1990),
            home_unit=home,
            agency=agency,
            phone="09{:08d}".format(self.rng.randrange(10**8)),
        )
        person.fill_keys()
        self.people.append(person)
        self.positions.append((person, title, organization, start, None))
        return person

    def _name(self) -> str:
        while True:
            gender = Gender.FEMALE if self.rng.random() < 0.32 else Gender.MALE
            name = "{} {} {}".format(
                self.rng.choice(FAMILY), self.rng.choice(MIDDLE[gender]), self.rng.choice(GIVEN[gender])
            )
            if name not in self.names or self.rng.random() < 0.02:
                self.names.add(name)
                return name, gender


def load_people_and_assignments(province: Unit, log) -> None:
    """Generate the cadres, positions, memberships and assignments, then the later history (idempotent)."""
    if Person.objects.filter(code__startswith=CODE_PREFIX + province.code + "-").exists():
        log("Cán bộ và phân công mẫu đã có: giữ nguyên.")
        return
    rng = random.Random(2021_01_01)
    titles = {(t.level.key, t.name): t for t in PositionTitle.objects.select_related("level")}
    term = Term.objects.get(name="2020–2025")
    committees = {
        o.unit_id: o
        for o in PartyOrganization.objects.exclude(kind="cell").filter(unit__path__startswith=province.path)
    }
    districts = list(province.children.filter(level__key="district").order_by("code"))
    ba_tri = next(d for d in districts if d.code == "836")
    communes = list(Unit.objects.within(province).filter(level__key="commune").order_by("code"))
    hamlets = list(Unit.objects.within(province).filter(level__key="hamlet").order_by("path"))
    groups = list(Unit.objects.within(province).filter(level__key="group").order_by("path"))
    b = Builder(rng)
    provincial_committee = committees[province.pk]

    # Provincial Standing Committee: 15 members, 9 of them in charge of a district each.
    standing_titles = ["Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy"] + [
        "Ủy viên Ban Thường vụ Tỉnh ủy"
    ] * (STANDING_MEMBERS - 4)
    standing = []
    for i, title in enumerate(standing_titles, start=1):
        full_name = "Trần Văn Hùng" if i == 2 else None  # the demo leader: a deputy secretary, in charge of no district
        person = b.person(
            "{}{}-T{:03d}".format(CODE_PREFIX, province.code, i),
            province,
            "Tỉnh ủy Bến Tre",
            titles[("province", title)],
            "Tỉnh ủy Bến Tre",
            full_name,
        )
        role = (
            CommitteeRole.SECRETARY
            if i == 1
            else CommitteeRole.DEPUTY_SECRETARY
            if i <= 4
            else CommitteeRole.STANDING_MEMBER
        )
        b.memberships.append((person, provincial_committee, role))
        standing.append(person)
    for person, district in zip(standing[STANDING_MEMBERS - DISTRICTS_FOLLOWED :], districts, strict=True):
        b.plan.append((person, district, PROVINCE_START, "province"))

    # Provincial committee members and department leaders following communes.
    provincial_pool = [
        ("Tỉnh ủy viên", None), ("Giám đốc Sở", "dept"), ("Phó Giám đốc Sở", "dept"),
        ("Trưởng ban, ngành, đoàn thể tỉnh", "dept"), ("Ủy viên Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"),
    ]  # fmt: skip

    def provincial(n):
        title, where = provincial_pool[n % len(provincial_pool)]
        agency = rng.choice(_DEPARTMENTS) if where == "dept" else where or rng.choice(_DEPARTMENTS)
        person = b.person(
            "{}{}-P{:04d}".format(CODE_PREFIX, province.code, n + 1),
            province,
            agency,
            titles[("province", title)],
            agency,
        )
        if title == "Tỉnh ủy viên":
            b.memberships.append((person, provincial_committee, CommitteeRole.MEMBER))
        return person

    ba_tri_communes = [c for c in communes if c.parent_id == ba_tri.pk]
    other_communes = [c for c in communes if c.parent_id != ba_tri.pk]
    counter = 0
    for chunk in spread(ba_tri_communes, PROVINCIAL_BA_TRI) + spread(other_communes, PROVINCIAL_OTHERS):
        person = provincial(counter)
        counter += 1
        for commune in chunk:
            b.plan.append((person, commune, PROVINCE_START, "province"))

    # District cadres following hamlets: 129 for Ba Tri's 129, the other 550 spread over 854.
    hamlets_by_district: dict[int, list[Unit]] = {}
    commune_district = {c.pk: c.parent_id for c in communes}
    for hamlet in hamlets:
        hamlets_by_district.setdefault(commune_district[hamlet.parent_id], []).append(hamlet)
    others = [d for d in districts if d.pk != ba_tri.pk]
    per_district = dict(
        zip(
            [d.pk for d in others],
            apportion(
                DISTRICT_CADRES - len(hamlets_by_district[ba_tri.pk]), [len(hamlets_by_district[d.pk]) for d in others]
            ),
            strict=True,
        )
    )
    per_district[ba_tri.pk] = len(hamlets_by_district[ba_tri.pk])
    district_titles = ["Huyện ủy viên", "Trưởng phòng", "Phó Trưởng phòng", "Trưởng ban, ngành, đoàn thể huyện",
                       "Ủy viên Ủy ban Kiểm tra Huyện ủy"]  # fmt: skip
    for district in districts:
        committee = committees[district.pk]
        chunks = spread(hamlets_by_district[district.pk], per_district[district.pk])
        for n, chunk in enumerate(chunks):
            title = district_titles[n % len(district_titles)]
            office = rng.choice(_DISTRICT_OFFICES)
            full_name = None
            if district.pk == ba_tri.pk and n == 0:  # the demo cadre account: Huyện ủy viên, organization committee
                full_name, office = "Lê Minh Tâm", "Ban Tổ chức Huyện ủy"
            person = b.person(
                "{}{}-{:04d}".format(CODE_PREFIX, district.code, n + 1),
                district,
                office + " " + district.name[6:] if district.name.startswith("Huyện ") else office,
                titles[("district", title)],
                district.name,
                full_name,
            )
            if title == "Huyện ủy viên":
                b.memberships.append((person, committee, CommitteeRole.MEMBER))
            for hamlet in chunk:
                b.plan.append((person, hamlet, DISTRICT_START, "district"))

    # Commune cadres following residents' groups: 6,038 over 14,676, in proportion to each commune's groups.
    hamlet_commune = {h.pk: h.parent_id for h in hamlets}
    groups_by_commune: dict[int, list[Unit]] = {}
    for group in groups:
        groups_by_commune.setdefault(hamlet_commune[group.parent_id], []).append(group)
    with_groups = [c for c in communes if c.pk in groups_by_commune]
    commune_titles = ["Đảng ủy viên", "Công chức xã", "Trưởng đoàn thể xã", "Phó Chủ tịch Ủy ban nhân dân xã"]
    for commune, cadres in zip(
        with_groups, apportion(COMMUNE_CADRES, [len(groups_by_commune[c.pk]) for c in with_groups]), strict=True
    ):
        committee = committees[commune.pk]
        for n, chunk in enumerate(spread(groups_by_commune[commune.pk], cadres)):
            title = commune_titles[0] if n < 3 else rng.choice(commune_titles[1:]) if n < 6 else "Công chức xã"
            person = b.person(
                "{}{}-{:03d}".format(CODE_PREFIX, commune.code, n + 1),
                commune,
                "Đảng ủy " + commune.name,
                titles[("commune", title)],
                commune.name,
            )
            if title == "Đảng ủy viên":
                b.memberships.append((person, committee, CommitteeRole.MEMBER))
            for group in chunk:
                b.plan.append((person, group, COMMUNE_START, "commune"))

    _write(b, term)
    log("Cán bộ: {}; phân công: {}".format(len(b.people), len(b.plan)))
    later_history(province, ba_tri, districts, titles, rng, log)


DECISIONS = {
    "province": ("Số 15-QĐ/TU (dữ liệu mẫu)", datetime.date(2020, 10, 30), "Thường trực Tỉnh ủy"),
    "district": ("Số 05-QĐ/HU (dữ liệu mẫu)", datetime.date(2020, 11, 6), "Ban Thường vụ Huyện ủy"),
    "commune": ("Số 03-QĐ/ĐU (dữ liệu mẫu)", datetime.date(2020, 11, 16), "Ban Thường vụ Đảng ủy"),
}


def bulk_assignments(assignments: list[Assignment]) -> None:
    """Save the demo's assignments and the "created" event of each, in bulk."""
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    AssignmentEvent.objects.bulk_create(
        [
            AssignmentEvent(
                assignment=a,
                action=EventAction.CREATED,
                changes={
                    "after": {
                        "person": a.person.full_name,
                        "unit": a.unit.name,
                        "start_date": format_date(a.start_date),
                        "decision_number": a.decision_number,
                        "rule": a.rule.name,
                    }
                },
                reason="Nạp dữ liệu mẫu",
            )
            for a in assignments
        ],
        batch_size=2000,
    )


def _write(b: Builder, term: Term) -> None:
    bulk_people(b.people, b.positions)
    CommitteeMembership.objects.bulk_create(
        [CommitteeMembership(person=p, committee=c, term=term, role=r) for p, c, r in b.memberships], batch_size=2000
    )
    rules = {
        r.target_level.key: r
        for r in AssignmentRule.objects.filter(valid_until__isnull=False).select_related("target_level")
    }
    assignments = []
    for person, unit, start, source in b.plan:
        number, date, signer = DECISIONS[source]
        rule = rules[unit.level.key] if unit.level.key != "district" else rules["district"]
        assignments.append(
            Assignment(
                person=person,
                unit=unit,
                purpose=Purpose.FOLLOW,
                start_date=start,
                decision_number=number,
                decision_date=date,
                decision_signer=signer,
                rule=rule,
            )
        )
    bulk_assignments(assignments)
