"""The national-scale database the page benchmark reads.

Both official lists, then generated hamlets under every pre-2025 commune and a party organization tree
(provincial, district and commune committees, one cell per hamlet). The organizations matter: the unit
page totals the cells and members under a unit, a join that an empty table would make look free.
Generated rows are written with bulk_create and paths computed here, as the demo does, so that building
100,000+ rows takes seconds rather than one path query per row.
"""

import random
from collections import defaultdict

from django.db import transaction

from diaban.core.models import SEGMENT_LENGTH, encode_segment
from diaban.core.text import fold
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.importers import import_divisions, installed_divisions_file, read_divisions
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

SOURCE = "benchmark"
SEED = 2025
BATCH = 2000
USERNAME = "bench-admin"


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
