"""The July 2025 reform as data: official codes today, and successions of every mapped old unit whatever the
order the two structures are imported in."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from diaban.people.choices import Role
from diaban.territory.importers import import_divisions, official_divisions_file, read_divisions
from diaban.territory.models import Succession, Unit, UnitLevel
from diaban.territory.reform import REFORM_DATE, commune_conversion
from tests.conftest import build_accounts, build_tree, rolled_back
from tests.territory.test_importers import THREE_TIER_FILE

TODAY = datetime.date(2026, 12, 7)
JAN_2024 = datetime.date(2024, 1, 1)


def import_three_tier():
    return import_divisions(read_divisions(THREE_TIER_FILE), source="vietnam-provinces 0.6.0")


def import_two_tier():
    return import_divisions(read_divisions(official_divisions_file()), source="chính thức")


def reform_links() -> set[tuple[str, str, str, str]]:
    return set(
        Succession.objects.filter(date=REFORM_DATE).values_list(
            "predecessor__level__key", "predecessor__code", "successor__code", "kind"
        )
    )


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """Both national structures, in the README's order (two-tier, then three-tier), once for the module."""
    with rolled_back(django_db_blocker):
        two = import_two_tier()
        three = import_three_tier()
        yield two, three


def test_the_second_import_records_every_mapped_succession(national):
    two, three = national
    assert two.successions == 0  # nothing to link to yet
    assert three.links.created == {"province": 63, "commune": three.links.created["commune"]}
    old_communes = Succession.objects.filter(date=REFORM_DATE, predecessor__level__key="commune")
    assert old_communes.values("predecessor").distinct().count() == 10023
    assert old_communes.values("successor").distinct().count() == 3316
    # 440 old communes were split: each is linked to every candidate, as a split.
    split = old_communes.filter(kind="split").values("predecessor").distinct().count()
    assert split == 440
    assert len(three.links.unmapped) == 28
    lines = three.lines()
    assert (
        "Liên kết kế thừa mới: {} (tỉnh 63, xã {})".format(three.successions, three.links.created["commune"]) in lines
    )
    assert "Chưa liên kết được: 28 xã cũ" in lines
    chieng_ly = next(line for line in lines if "mã 03751" in line)
    assert "Xã Chiềng Ly" in chieng_ly and "không có trong bảng chuyển đổi" in chieng_ly


def test_a_rerun_links_nothing_twice(national):
    before = reform_links()
    again = import_three_tier()
    assert again.successions == 0
    assert again.links.unchanged["province"] == 63
    assert "Liên kết kế thừa mới: 0" in again.lines()
    assert reform_links() == before


def test_ba_tri_communes_went_into_seven_new_communes(national):
    ba_tri = Unit.objects.get(code="836", level__key="district")
    expected = {
        "29110": {"29110", "29113", "29161", "29164", "29173"},  # Xã Ba Tri ← TT Ba Tri, An Bình Tây, …
        "29122": {"29116", "29119", "29122"},
        "29125": {"29125", "29128"},
        "29137": {"29137", "29140", "29131"},
        "29143": {"29143", "29146", "29149"},
        "29158": {"29152", "29155", "29158"},
        "29167": {"29167", "29170", "29134"},
    }
    found: dict[str, set[str]] = {}
    for old, new in Succession.objects.filter(predecessor__parent=ba_tri).values_list(
        "predecessor__code", "successor__code"
    ):
        found.setdefault(new, set()).add(old)
    assert sorted(found) == sorted(expected)
    assert sum(len(v) for v in found.values()) == 22
    names = dict(Unit.objects.filter(code__in=expected, valid_from=REFORM_DATE).values_list("code", "name"))
    assert names["29122"] == "Xã Mỹ Chánh Hòa" and names["29110"] == "Xã Ba Tri"


def test_ben_tre_communes_went_into_48_of_vinh_longs_124_none_split(national):
    links = Succession.objects.filter(predecessor__level__key="commune", predecessor__parent__parent__code="83")
    assert links.values("predecessor").distinct().count() == 148
    assert links.values("successor").distinct().count() == 48
    assert not links.filter(kind="split").exists()
    vinh_long = Unit.objects.get(code="86", valid_from=REFORM_DATE)
    assert vinh_long.children.count() == 124


def test_codes_are_the_official_ones_and_reused_codes_name_one_unit_a_day(national):
    assert Unit.objects.valid_on(TODAY).get(code="00226", level__key="commune").name == (
        "Phường Văn Miếu - Quốc Tử Giám"
    )
    # 29122 is old Xã Mỹ Chánh until 30/06/2025 and new Xã Mỹ Chánh Hòa from 01/07/2025.
    assert Unit.objects.valid_on(JAN_2024).get(code="29122").name == "Xã Mỹ Chánh"
    assert Unit.objects.valid_on(TODAY).get(code="29122").name == "Xã Mỹ Chánh Hòa"
    # The table files two old communes under the wrong old province: the three-tier list is right.
    assert (
        Unit.objects.get(code="27691", valid_until=REFORM_DATE - datetime.timedelta(days=1)).parent.parent.code == "80"
    )
    assert commune_conversion()["communes"]["30781"]["province"] == "91"
    assert Succession.objects.filter(predecessor__code="30781", predecessor__level__key="commune").exists()


def test_the_unit_api_gives_predecessors_and_successors(national, client, django_db_blocker):
    tree = build_tree()
    accounts = build_accounts(tree)
    admin = accounts[Role.ORGANIZATION]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    my_hoa = Unit.objects.get(code="29116", valid_until=REFORM_DATE - datetime.timedelta(days=1))
    body = client.get("/api/units/{}/".format(my_hoa.pk)).json()
    assert [(s["unit"]["code"], s["unit"]["display"], s["kind"], s["date"]) for s in body["successors"]] == [
        ("29122", "Xã Mỹ Chánh Hòa", "merge", "2025-07-01")
    ]
    new = Unit.objects.get(code="29122", valid_from=REFORM_DATE)
    body = client.get("/api/units/{}/".format(new.pk)).json()
    assert sorted(p["unit"]["display"] for p in body["predecessors"]) == ["Xã Mỹ Chánh", "Xã Mỹ Hòa", "Xã Mỹ Nhơn"]
    assert body["successors"] == []


@pytest.mark.django_db(transaction=False)
def test_either_order_gives_the_same_successions():
    with transaction.atomic():
        import_two_tier()
        import_three_tier()
        readme_order = reform_links()
        transaction.set_rollback(True)
    import_three_tier()
    import_two_tier()
    other_order = reform_links()
    assert other_order == readme_order
    assert len({(lvl, old) for lvl, old, _new, _kind in other_order if lvl == "province"}) == 63
    assert len({(lvl, old) for lvl, old, _new, _kind in other_order if lvl == "commune"}) >= 10000


@pytest.mark.django_db
def test_existing_databases_take_the_official_codes_keeping_their_records():
    """A database holding the 2025.10.1 two-tier list: codes move to the official ones, units keep their ids."""
    migration = importlib.import_module("diaban.territory.migrations.0003_official_commune_codes")
    commune = UnitLevel.objects.get(key="commune")
    province = Unit.objects.create(
        level=UnitLevel.objects.get(key="province"), kind="Thành phố", name="Thành phố Hà Nội", code="01",
        valid_from=REFORM_DATE,
    )  # fmt: skip
    old = {"00196": "Phường Văn Miếu - Quốc Tử Giám", "00226": "Phường Kim Liên", "01537": "Xã Vinh Quý",
           "01558": "Xã Lý Quốc", "01561": "Xã Hạ Lang", "27811": "Xã Bình Hoà"}  # fmt: skip
    units = {
        code: Unit.objects.create(
            level=commune, kind="Xã", name=name, code=code, parent=province, valid_from=REFORM_DATE
        )
        for code, name in old.items()
    }
    hamlet = Unit.objects.create(
        level=UnitLevel.objects.get(key="hamlet"), kind="Tổ dân phố", name="Tổ 1", parent=units["00226"]
    )
    migration.to_official(apps, None)
    now = {u.pk: (u.code, u.name) for u in Unit.objects.filter(level=commune)}
    assert now[units["00196"].pk] == ("00226", "Phường Văn Miếu - Quốc Tử Giám")
    assert now[units["00226"].pk] == ("00229", "Phường Kim Liên")
    assert now[units["01537"].pk] == ("01561", "Xã Vinh Quý")
    assert now[units["01558"].pk] == ("01537", "Xã Lý Quốc")
    assert now[units["01561"].pk] == ("01558", "Xã Hạ Lang")
    assert now[units["27811"].pk] == ("27811", "Xã Bình Hòa")
    hamlet.refresh_from_db()
    assert hamlet.parent_id == units["00226"].pk
    # Already official: a second run changes nothing.
    migration.to_official(apps, None)
    assert {u.pk: (u.code, u.name) for u in Unit.objects.filter(level=commune)} == now


def test_import_units_prints_the_links(national, capsys):
    call_command("import_units")
    out = capsys.readouterr().out
    assert "Liên kết kế thừa mới: 0" in out and "Liên kết kế thừa đã có:" in out
