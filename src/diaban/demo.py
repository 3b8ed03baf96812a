"""The Bến Tre demo dataset (`make demo`, `diaban demo`).

Real: the province, its 9 districts and 148 communes with their GSO codes and names (three-tier list of
vietnam-provinces 0.6.0, early 2025, shipped as territory/data/ben-tre-2024.json), and today's two-tier
national list from the installed vietnam-provinces package, with Bến Tre linked to the new Vĩnh Long.
Generated (deterministic, seed DEMO_SEED): hamlets and quarters (983, of which 129 in Ba Tri, as in the
articles), 14,676 residents' groups, one residential cell per hamlet, the committees above them, and a
remote-area flag on some hamlets. Generated units carry local codes with dashes ("28756-03") and the
source "demo", so they are never mistaken for official ones.
"""

import datetime
import random
from importlib import resources

from django.db import transaction

from diaban.core.models import SEGMENT_LENGTH
from diaban.core.text import fold
from diaban.demo_assignments import load_people_and_assignments
from diaban.demo_feedback import load_feedback
from diaban.demo_guidance import load_guidance
from diaban.demo_meetings import load_meetings
from diaban.demo_reports import load_reports
from diaban.demo_visits import SEED as VISITS_SEED
from diaban.demo_visits import load_visits
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.territory.choices import CellKind, OrganizationKind
from diaban.territory.importers import import_divisions, installed_divisions_file, read_divisions
from diaban.territory.models import PartyOrganization, Unit, UnitLevel

DEMO_SEED = 2021
DEMO_SOURCE = "demo"
DEMO_PASSWORD = "diaban-demo"
PROVINCE_CODE = "83"
BA_TRI_CODE = "836"
HAMLETS_TOTAL = 983
HAMLETS_BA_TRI = 129
GROUPS_TOTAL = 14676
COASTAL_DISTRICTS = {"836", "835", "837"}  # Ba Tri, Bình Đại, Thạnh Phú
ON_DATE = datetime.date(2021, 1, 1)

_FIRST = [
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Long",
    "Mỹ",
    "Thạnh",
    "Hòa",
    "Phước",
    "Vĩnh",
    "Hưng",
    "Thới",
    "Lợi",
    "Giồng",
    "Thuận",
    "Đông",
    "Tây",
    "Nhơn",
    "Quới",
    "Hội",
]
_SECOND = [
    "Thạnh",
    "Hòa",
    "Lợi",
    "Hưng",
    "Phú",
    "Điền",
    "Quới",
    "Thuận",
    "Nhơn",
    "Định",
    "Khánh",
    "Trung",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hội",
    "Lộc",
    "Thành",
    "Xuân",
    "Mỹ",
    "Bình",
    "Long",
    "Phong",
]

ACCOUNTS = [
    # username, role, full name, title, organization
    (
        "tochuc",
        Role.ORGANIZATION,
        "Nguyễn Thị Thu Hà",
        "Chuyên viên Ban Tổ chức Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy Bến Tre",
    ),
    ("lanhdao", Role.LEADER, "Trần Văn Hùng", "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy Bến Tre"),
    ("canbo", Role.CADRE, "Lê Minh Tâm", "Huyện ủy viên, Trưởng Ban Tổ chức Huyện ủy", "Huyện ủy Ba Tri"),
    ("coso", Role.GRASSROOTS, "Võ Thị Ngọc Lan", "Bí thư Chi bộ", ""),
    (
        "coquan",
        Role.AGENCY,
        "Phạm Quốc Bảo",
        "Chánh Văn phòng Sở",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre",
    ),
    (
        "tochuchuyen",
        Role.ORGANIZATION,
        "Phan Thị Kim Ngân",
        "Chuyên viên Ban Tổ chức Huyện ủy",
        "Ban Tổ chức Huyện ủy Ba Tri",
    ),
    (
        "truongphong",
        Role.ORGANIZATION,
        "Trương Văn Nghĩa",
        "Trưởng phòng Tổ chức cơ sở đảng - đảng viên",
        "Ban Tổ chức Tỉnh ủy Bến Tre",
    ),
    ("phoban", Role.LEADER, "Võ Thị Mỹ Linh", "Phó Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy Bến Tre"),
    ("admin", Role.ADMINISTRATOR, "Huỳnh Thanh Sơn", "Quản trị hệ thống", "Văn phòng Tỉnh ủy Bến Tre"),
]


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


def _bulk_children(parent_units_and_rows, level: UnitLevel) -> list[Unit]:
    """Create children for many parents in one bulk insert; rows are (parent, kind, name, code, is_remote)."""
    new = []
    counters: dict[int, int] = {}
    for parent, kind, name, code, remote in parent_units_and_rows:
        index = counters.get(parent.pk, 0)
        counters[parent.pk] = index + 1
        path = parent.path + _segment(index)
        new.append(
            Unit(
                level=level,
                kind=kind,
                name=name,
                code=code,
                parent=parent,
                path=path,
                depth=len(path) // SEGMENT_LENGTH,
                valid_from=parent.valid_from,
                valid_until=parent.valid_until,
                is_remote=remote,
                source=DEMO_SOURCE,
                search_key=fold(name),
            )
        )
    return Unit.objects.bulk_create(new, batch_size=2000)


def _segment(index: int) -> str:
    from diaban.core.models import encode_segment

    return encode_segment(index)


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
    hamlets = _bulk_children(rows, levels["hamlet"])
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
    groups = _bulk_children(rows, levels["group"])
    log("Tổ nhân dân tự quản: {}".format(len(groups)))
    _organizations(province, districts, communes, hamlets, rng)


def _organizations(province, districts, communes, hamlets, rng) -> None:
    def org(kind, name, unit, parent, index, members=0, day=None, cell_kind=CellKind.RESIDENTIAL):
        from diaban.core.models import encode_segment

        path = (parent.path if parent else "") + encode_segment(index)
        return PartyOrganization(
            kind=kind,
            cell_kind=cell_kind,
            name=name,
            unit=unit,
            parent=parent,
            path=path,
            depth=len(path) // SEGMENT_LENGTH,
            member_count=members,
            meeting_day=day,
            search_key=fold(name),
        )

    root_index = len(PartyOrganization.objects.filter(depth=1))
    top = org(OrganizationKind.PROVINCIAL_COMMITTEE, "Đảng bộ tỉnh Bến Tre", province, None, root_index)
    top.save()
    district_orgs = PartyOrganization.objects.bulk_create(
        [
            org(OrganizationKind.DISTRICT_COMMITTEE, "Đảng bộ " + d.name[0].lower() + d.name[1:], d, top, i)
            for i, d in enumerate(districts)
        ]
    )
    by_unit = {o.unit_id: o for o in district_orgs}
    counters: dict[int, int] = {}
    grassroots = []
    for commune in communes:
        parent = by_unit[commune.parent_id]
        index = counters.get(parent.pk, 0)
        counters[parent.pk] = index + 1
        grassroots.append(
            org(
                OrganizationKind.GRASSROOTS_COMMITTEE,
                "Đảng bộ " + commune.name[0].lower() + commune.name[1:],
                commune,
                parent,
                index,
            )
        )
    grassroots = PartyOrganization.objects.bulk_create(grassroots)
    by_commune = {o.unit_id: o for o in grassroots}
    cells = []
    for hamlet in hamlets:
        parent = by_commune[hamlet.parent_id]
        index = counters.get(parent.pk, 0)
        counters[parent.pk] = index + 1
        cells.append(
            org(
                OrganizationKind.CELL,
                "Chi bộ " + hamlet.name[0].lower() + hamlet.name[1:],
                hamlet,
                parent,
                index,
                members=rng.randint(9, 46),
                day=rng.choice([3, 5, 5, 5, 5, 7, 10]),
            )
        )
    # Each commune also has an agency cell (Chi bộ Cơ quan) meeting at the commune's office.
    for commune in communes:
        parent = by_commune[commune.pk]
        index = counters.get(parent.pk, 0)
        counters[parent.pk] = index + 1
        cells.append(
            org(
                OrganizationKind.CELL,
                "Chi bộ Cơ quan",
                commune,
                parent,
                index,
                members=rng.randint(8, 20),
                day=5,
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


def load_demo(log=print) -> list[tuple[str, str, str]]:
    """Load (or complete) the demo; running it again changes nothing. Returns the demo accounts."""
    data_file = resources.files("diaban.territory") / "data" / "ben-tre-2024.json"
    with transaction.atomic():
        report = import_divisions(read_divisions(str(data_file)), source="vietnam-provinces 0.6.0 (Bến Tre)")
        log("Bến Tre (ba cấp, đến 30/06/2025): " + "; ".join(report.lines()[1:]))
        report = import_divisions(read_divisions(installed_divisions_file()), source="vietnam-provinces (hai cấp)")
        log("Cả nước (hai cấp, từ 01/07/2025): " + "; ".join(report.lines()[1:]))
        province = Unit.objects.get(level__key="province", code=PROVINCE_CODE, valid_from=None)
        if not Unit.objects.within(province).filter(source=DEMO_SOURCE).exists():
            _generate(province, random.Random(DEMO_SEED), log)
        else:
            log("Ấp, tổ và chi bộ mẫu đã có: giữ nguyên.")
        load_people_and_assignments(province, log)
        _accounts(province)
        _link_people_to_accounts(province)
        load_meetings(province, log)  # after the accounts: the demo cadre records some attendances himself
        load_reports(province, log)
        load_visits(province, random.Random(VISITS_SEED), log)  # after the accounts: plans of `tochuc` and others
        load_feedback(province, log)  # after the reports and trips: it gives their recommendations a life
        load_guidance(province, log)  # last: its audiences and sessions read everyone's people and departments
        _refresh_statistics()
    return [(a[0], DEMO_PASSWORD, a[1].label) for a in ACCOUNTS]


def _accounts(province: Unit) -> None:
    ba_tri = province.children.get(code=BA_TRI_CODE)
    new_province = Unit.objects.filter(level__key="province", code="86").exclude(valid_from=None).first()
    hamlet = Unit.objects.within(ba_tri).filter(level__key="hamlet").order_by("path").first()
    cell = PartyOrganization.objects.filter(unit=hamlet, kind=OrganizationKind.CELL).first()
    whole = [province] + ([new_province] if new_province else [])
    scopes = {
        "tochuc": {"capture_units": whole},
        "lanhdao": {"view_units": whole},
        "canbo": {"capture_units": [ba_tri]},
        "tochuchuyen": {"capture_units": [ba_tri]},
        "coso": {"capture_units": [hamlet]},
        "coquan": {"view_units": [province]},
        "admin": {},
        "truongphong": {"capture_units": whole},
        "phoban": {"view_units": whole},
    }
    for username, role, full_name, title, organization in ACCOUNTS:
        if username == "coso" and cell is not None:
            title, organization = "Bí thư " + cell.name, hamlet.name
        account_upsert(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            title=title,
            organization=organization,
            **scopes[username],
        )


# Demo accounts that are cadres themselves: the leader follows a district, the cadre a Ba Tri hamlet.
LINKED_PEOPLE = {"lanhdao": "CB83-T002", "canbo": "CB836-0001"}


def _link_people_to_accounts(province: Unit) -> None:
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=LINKED_PEOPLE)}
    for username, code in LINKED_PEOPLE.items():
        Person.objects.filter(code=code).exclude(user=users[username]).update(user=users[username])


def _refresh_statistics() -> None:
    """PostgreSQL plans by table statistics, which a bulk load leaves stale until autovacuum comes round; the
    dashboards' grouped queries over the fresh demo should not be planned on an empty-table estimate."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
