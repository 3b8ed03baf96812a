"""The national-scale database the page benchmarks read.

Both official lists, then generated hamlets under every pre-2025 commune and a party organization tree
(provincial, district and commune committees, one cell per hamlet). The organizations matter: the unit
page totals the cells and members under a unit, a join that an empty table would make look free.
Generated rows are written with bulk_create and paths computed here, as the demo does, so that building
100,000+ rows takes seconds rather than one path query per row.

`add_cadres` then gives the coverage dashboard something to count: a provincial cadre per district and per
commune, a district cadre per hamlet, each with an assignment for the 2015–2020 term and one for the
current term, some departures and some units left without anyone, as `coverage_date` sees them.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction

from diaban.assignments.choices import EndReason
from diaban.assignments.models import Assignment, AssignmentRule
from diaban.core.models import SEGMENT_LENGTH, encode_segment
from diaban.core.text import fold
from diaban.people.choices import DepartureReason, Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.importers import import_divisions, installed_divisions_file, read_divisions
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

SOURCE = "benchmark"
SEED = 2025
BATCH = 2000
USERNAME = "bench-admin"
# The coverage benchmark looks at this date: inside the three-tier period, after the departures below.
COVERAGE_DATE = datetime.date(2024, 1, 1)
PREVIOUS_TERM = (datetime.date(2015, 11, 20), datetime.date(2020, 11, 19))
CURRENT_TERM_START = datetime.date(2020, 11, 20)
DEPARTED_ON = datetime.date(2023, 6, 30)
UNFOLLOWED = 0.01  # units nobody was given in the current term
DEPARTED = 0.005  # cadres gone before COVERAGE_DATE, their units uncovered since
IDLE_PER_PROVINCE = 3  # cadres holding a position but following nothing
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hương", "Lan", "Long", "Mai", "Minh", "Nam", "Ngân",
          "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến"]  # fmt: skip


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _hamlets(communes, average: int, level: UnitLevel, rng: random.Random) -> list[Unit]:
    """Between half and one and a half times `average` hamlets per commune, so communes differ in size."""
    new = []
    for commune in communes:
        quarters = commune.kind in ("Phường", "Thị trấn")
        for i in range(rng.randint(max(1, average // 2), average + average // 2)):
            kind = "Khu phố" if quarters else "Ấp"
            name = "{} {}".format(kind, i + 1)
            path = commune.path + encode_segment(i)
            new.append(
                Unit(
                    level=level,
                    kind=kind,
                    name=name,
                    code="{}-{:02d}".format(commune.code, i + 1),
                    parent_id=commune.pk,
                    path=path,
                    depth=len(path) // SEGMENT_LENGTH,
                    valid_from=commune.valid_from,
                    valid_until=commune.valid_until,
                    source=SOURCE,
                    search_key=fold(name),
                )
            )
    return Unit.objects.bulk_create(new, batch_size=BATCH)


def _organizations(provinces, districts, communes, hamlets, rng: random.Random) -> int:
    members = {h.pk: rng.randint(9, 46) for h in hamlets}
    total = defaultdict(int)
    parent_of = {u.pk: u.parent_id for u in [*districts, *communes, *hamlets]}
    for hamlet_pk, count in members.items():
        unit = hamlet_pk
        while unit in parent_of:
            unit = parent_of[unit]
            total[unit] += count

    counters: dict[int | None, int] = defaultdict(int)

    def org(kind, unit, parent, name, member_count, day=None):
        key = parent.pk if parent else None
        path = (parent.path if parent else "") + encode_segment(counters[key])
        counters[key] += 1
        return PartyOrganization(
            kind=kind,
            cell_kind=CellKind.RESIDENTIAL,
            name=name,
            unit=unit,
            parent=parent,
            path=path,
            depth=len(path) // SEGMENT_LENGTH,
            member_count=member_count,
            meeting_day=day,
            search_key=fold(name),
        )

    created = 0
    committee_of: dict[int, PartyOrganization] = {}
    for kind, units in (
        (OrganizationKind.PROVINCIAL_COMMITTEE, provinces),
        (OrganizationKind.DISTRICT_COMMITTEE, districts),
        (OrganizationKind.GRASSROOTS_COMMITTEE, communes),
    ):
        rows = [
            org(kind, u, committee_of.get(u.parent_id), "Đảng bộ " + _lower_first(u.name), total[u.pk]) for u in units
        ]
        for o in PartyOrganization.objects.bulk_create(rows, batch_size=BATCH):
            committee_of[o.unit_id] = o
        created += len(rows)
    cells = [
        org(
            OrganizationKind.CELL,
            h,
            committee_of[h.parent_id],
            "Chi bộ " + _lower_first(h.name),
            members[h.pk],
            day=rng.choice([3, 5, 5, 5, 7, 10]),
        )
        for h in hamlets
    ]
    PartyOrganization.objects.bulk_create(cells, batch_size=BATCH)
    return created + len(cells)


def build(three_tier_file, hamlets_per_commune: int, log=print):
    rng = random.Random(SEED)
    """Fill the current (fresh) database; returns the superuser to request the pages as."""
    log("  importing the three-tier list …")
    import_divisions(read_divisions(three_tier_file), source="vietnam-provinces 0.6.0")
    log("  importing the two-tier list …")
    import_divisions(read_divisions(installed_divisions_file()), source="vietnam-provinces (hai cấp)")
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    # The three-tier units are those open at the start (valid_from empty); the two-tier ones start in 2025.
    old = Unit.objects.filter(valid_from__isnull=True).order_by("path")
    provinces = list(old.filter(level=levels["province"]))
    districts = list(old.filter(level=levels["district"]))
    communes = list(old.filter(level=levels["commune"]))
    with transaction.atomic():
        log("  generating about {} hamlets under each of {:,} communes …".format(hamlets_per_commune, len(communes)))
        hamlets = _hamlets(communes, hamlets_per_commune, levels["hamlet"], rng)
        log("  generating party organizations …")
        organizations = _organizations(provinces, districts, communes, hamlets, rng)
    account = account_upsert(
        username=USERNAME,
        password="benchmark-only-" + USERNAME,
        role=Role.ADMINISTRATOR,
        full_name="Quản Trị Đo Hiệu Năng",
    )
    log("  database: {:,} units, {:,} party organizations".format(Unit.objects.count(), organizations))
    return account.user


def add_cadres(log=print) -> dict:
    """People, positions and assignments over the pre-2025 tree built by `build` (deterministic).

    Returns counts of what was written. Events are not written: nothing on the coverage page reads them.
    """
    rng = random.Random(SEED + 1)
    old = Unit.objects.filter(valid_from__isnull=True).select_related("level").order_by("path")
    units = {key: list(old.filter(level__key=key)) for key in ("province", "district", "commune", "hamlet")}
    by_pk = {u.pk: u for key in units for u in units[key]}
    province_of = {}
    for key in ("province", "district", "commune", "hamlet"):
        for u in units[key]:
            province_of[u.pk] = u.pk if key == "province" else province_of[u.parent_id]
    # Standing Committee members follow districts, other provincial cadres communes, district cadres hamlets.
    ordinary = PositionTitle.objects.filter(is_standing_committee=False).order_by("rank")
    titles = {
        "district": list(PositionTitle.objects.filter(name="Ủy viên Ban Thường vụ Tỉnh ủy")),
        "commune": list(ordinary.filter(level__key="province")),
        "hamlet": list(ordinary.filter(level__key="district")),
    }
    rules = {
        r.target_level.key: r
        for r in AssignmentRule.objects.filter(valid_until__isnull=False, valid_from__isnull=True).select_related(
            "target_level"
        )
    }

    people, positions, plan = [], [], []  # plan: (person, unit, departed)

    def person(home: Unit, code: str, follows: str, departed: bool = False) -> Person:
        name = "{} {} {}".format(rng.choice(_FAMILY), rng.choice(_MIDDLE), rng.choice(_GIVEN))
        p = Person(code=code, full_name=name, home_unit=home, agency=home.name)
        if departed:
            p.departed_on, p.departure_reason = DEPARTED_ON, DepartureReason.TRANSFERRED
        p.fill_keys()
        people.append(p)
        positions.append((p, rng.choice(titles[follows]), DEPARTED_ON if departed else None))
        return p

    for key in ("district", "commune", "hamlet"):
        for unit in units[key]:
            if rng.random() < UNFOLLOWED:
                continue
            home = by_pk[province_of[unit.pk]] if key != "hamlet" else by_pk[by_pk[unit.parent_id].parent_id]
            departed = rng.random() < DEPARTED
            plan.append((person(home, "BN-{}".format(unit.code), key, departed), unit, departed))
    for province in units["province"]:
        for i in range(IDLE_PER_PROVINCE):
            person(province, "BN-{}-N{}".format(province.code, i + 1), "commune")

    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=BATCH)
        Position.objects.bulk_create(
            [
                Position(person=p, title=t, organization=p.agency, start_date=PREVIOUS_TERM[0], end_date=end)
                for p, t, end in positions
            ],
            batch_size=BATCH,
        )
        assignments = []
        for p, unit, departed in plan:
            rule = rules[unit.level.key]
            assignments.append(
                Assignment(
                    person=p,
                    unit=unit,
                    start_date=PREVIOUS_TERM[0],
                    end_date=PREVIOUS_TERM[1],
                    end_reason=EndReason.ENDED,
                    rule=rule,
                )
            )
            assignments.append(
                Assignment(
                    person=p,
                    unit=unit,
                    start_date=CURRENT_TERM_START,
                    end_date=DEPARTED_ON if departed else None,
                    end_reason=EndReason.DEPARTED if departed else "",
                    rule=rule,
                )
            )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    written = {"people": len(people), "assignments": len(assignments)}
    log("  cadres: {people:,} people, {assignments:,} assignments".format(**written))
    return written
