"""The Bến Tre demo's territory: the official lists, then the generated hamlets, groups and party organizations.

Real: the province, its 9 districts and 148 communes with their GSO codes and names (three-tier list of
vietnam-provinces 0.6.0, early 2025, shipped as territory/data/ben-tre-2024.json), and today's two-tier
official national list (shipped as territory/data/divisions-2025.json.gz), Bến Tre and its communes linked to
their successors in the new Vĩnh Long.
Generated (deterministic, seed DEMO_SEED): hamlets and quarters (983, of which 129 in Ba Tri, as in the
articles), 14,676 residents' groups, one residential cell per hamlet, the committees above them, and a
remote-area flag on some hamlets. Generated units carry local codes with dashes ("28756-03") and the
source "demo", so they are never mistaken for official ones. The words of hamlet names are in data/territory.json.
"""

import random
from importlib import resources

from diaban.core.text import in_sentence
from diaban.demo.builders import Numbering, bulk_child_units, organization
from diaban.demo.common import data
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.importers import (
    OFFICIAL_SOURCE,
    import_divisions,
    official_divisions_file,
    read_divisions,
)
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

DEMO_SEED = 2021
DEMO_SOURCE = "demo"
PROVINCE_CODE = "83"
BA_TRI_CODE = "836"
HAMLETS_TOTAL = 983
HAMLETS_BA_TRI = 129
GROUPS_TOTAL = 14676
COASTAL_DISTRICTS = {"836", "835", "837"}  # Ba Tri, Bình Đại, Thạnh Phú

_WORDS = data("territory")
# Hamlet names are two of these words ("Ấp Phú Thạnh"), the first from the first list, the second from the second.
_FIRST = _WORDS["hamlet_first_words"]
_SECOND = _WORDS["hamlet_second_words"]


def _split(total: int, parts: int, minimum: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` counts of at least `minimum`, at random but reproducibly."""
    counts = [minimum] * parts
    for _i in range(total - minimum * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def _hamlet_names(commune: Unit, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, name) of the hamlets of a commune: quarters numbered in wards and towns, named hamlets in communes."""
    if commune.kind in ("Phường", "Thị trấn"):
        return [("Khu phố", "Khu phố {}".format(i)) for i in range(1, count + 1)]
    names: list[str] = []
    while len(names) < count:
        name = "{} {}".format(rng.choice(_FIRST), rng.choice(_SECOND))
        if name.split()[0] != name.split()[1] and name not in names:
            names.append(name)
    return [("Ấp", "Ấp " + n) for n in names]


def _generate(province: Unit, rng: random.Random, log) -> None:
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    districts = list(province.children.filter(level__key="district").order_by("code"))
    communes = list(Unit.objects.within(province).filter(level__key="commune").order_by("code"))
    by_district: dict[int, list[Unit]] = {}
    for c in communes:
        by_district.setdefault(c.parent_id, []).append(c)
    ba_tri = next(d for d in districts if d.code == BA_TRI_CODE)
    others = [c for c in communes if c.parent_id != ba_tri.pk]
    hamlet_counts = dict(
        zip(
            [c.pk for c in by_district[ba_tri.pk]],
            _split(HAMLETS_BA_TRI, len(by_district[ba_tri.pk]), 4, rng),
            strict=True,
        )
    )
    hamlet_counts.update(
        zip([c.pk for c in others], _split(HAMLETS_TOTAL - HAMLETS_BA_TRI, len(others), 4, rng), strict=True)
    )
    district_code = {d.pk: d.code for d in districts}
    rows = []
    for commune in communes:
        coastal = district_code[commune.parent_id] in COASTAL_DISTRICTS
        for i, (kind, name) in enumerate(_hamlet_names(commune, hamlet_counts[commune.pk], rng), start=1):
            rows.append((commune, kind, name, "{}-{:02d}".format(commune.code, i), coastal and rng.random() < 0.12))
    hamlets = bulk_child_units(rows, level=levels["hamlet"], source=DEMO_SOURCE)
    log("Ấp, khu phố: {}".format(len(hamlets)))
    group_counts = _split(GROUPS_TOTAL, len(hamlets), 8, rng)
    rows = []
    for hamlet, count in zip(hamlets, group_counts, strict=True):
        for i in range(1, count + 1):
            rows.append(
                (
                    hamlet,
                    "Tổ nhân dân tự quản",
                    "Tổ nhân dân tự quản số {}".format(i),
                    "{}-{:02d}".format(hamlet.code, i),
                    hamlet.is_remote,
                )
            )
    groups = bulk_child_units(rows, level=levels["group"], source=DEMO_SOURCE)
    log("Tổ nhân dân tự quản: {}".format(len(groups)))
    _organizations(province, districts, communes, hamlets, rng)


def _organizations(province, districts, communes, hamlets, rng) -> None:
    root_index = len(PartyOrganization.objects.filter(depth=1))
    top = organization(OrganizationKind.PROVINCIAL_COMMITTEE, "Đảng bộ tỉnh Bến Tre", province, None, root_index)
    top.save()
    district_orgs = PartyOrganization.objects.bulk_create(
        [
            organization(OrganizationKind.DISTRICT_COMMITTEE, "Đảng bộ " + in_sentence(d.name), d, top, i)
            for i, d in enumerate(districts)
        ]
    )
    by_unit = {o.unit_id: o for o in district_orgs}
    number = Numbering()
    grassroots = []
    for commune in communes:
        parent = by_unit[commune.parent_id]
        grassroots.append(
            organization(
                OrganizationKind.GRASSROOTS_COMMITTEE,
                "Đảng bộ " + in_sentence(commune.name),
                commune,
                parent,
                number(parent),
            )
        )
    grassroots = PartyOrganization.objects.bulk_create(grassroots)
    by_commune = {o.unit_id: o for o in grassroots}
    cells = []
    for hamlet in hamlets:
        parent = by_commune[hamlet.parent_id]
        cells.append(
            organization(
                OrganizationKind.CELL,
                "Chi bộ " + in_sentence(hamlet.name),
                hamlet,
                parent,
                number(parent),
                members=rng.randint(9, 46),
                meeting_day=rng.choice([3, 5, 5, 5, 5, 7, 10]),
            )
        )
    # Each commune also has an agency cell (Chi bộ Cơ quan) meeting at the commune's office.
    for commune in communes:
        parent = by_commune[commune.pk]
        cells.append(
            organization(
                OrganizationKind.CELL,
                "Chi bộ Cơ quan",
                commune,
                parent,
                number(parent),
                members=rng.randint(8, 20),
                meeting_day=5,
                cell_kind=CellKind.AGENCY,
            )
        )
    PartyOrganization.objects.bulk_create(cells, batch_size=2000)
    committee_members = {o.pk: 0 for o in grassroots}
    for cell in cells:
        committee_members[cell.parent_id] += cell.member_count
    for o in grassroots:
        o.member_count = committee_members[o.pk]
    PartyOrganization.objects.bulk_update(grassroots, ["member_count"])
    district_members = {o.pk: 0 for o in district_orgs}
    for o in grassroots:
        district_members[o.parent_id] += o.member_count
    for o in district_orgs:
        o.member_count = district_members[o.pk]
    PartyOrganization.objects.bulk_update(district_orgs, ["member_count"])
    top.member_count = sum(district_members.values())
    top.save(update_fields=["member_count"])


def load_territory(log) -> Unit:
    """Both official lists, then the generated hamlets, groups and organizations of Bến Tre once. Returns the
    province (the three-tier Bến Tre)."""
    data_file = resources.files("diaban.territory") / "data" / "ben-tre-2024.json"
    report = import_divisions(read_divisions(str(data_file)), source="vietnam-provinces 0.6.0 (Bến Tre)")
    log("Bến Tre (ba cấp, đến 30/06/2025): " + "; ".join(report.lines()[1:]))
    report = import_divisions(read_divisions(official_divisions_file()), source=OFFICIAL_SOURCE)
    log("Cả nước (hai cấp, từ 01/07/2025): " + "; ".join(report.lines()[1:]))
    province = Unit.objects.get(level__key="province", code=PROVINCE_CODE, valid_from=None)
    if not Unit.objects.within(province).filter(source=DEMO_SOURCE).exists():
        _generate(province, random.Random(DEMO_SEED), log)
    else:
        log("Ấp, tổ và chi bộ mẫu đã có: giữ nguyên.")
    return province
