"""Reorganizations are operations: old units close, new ones open, successions link them, history stays."""

import datetime
from importlib import resources

import pytest
from django.core.exceptions import ValidationError

from diaban.territory.importers import import_divisions, read_divisions
from diaban.territory.models import PartyOrganization, Succession, Unit, UnitLevel
from diaban.territory.services import level_abolish, unit_split, units_merge
from tests.conftest import make_unit

REFORM = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2024, 1, 1)
AFTER = datetime.date(2026, 1, 1)


@pytest.fixture
def ben_tre(db):
    """The real Bến Tre of early 2025 (9 districts, 148 communes), open-ended, with two hamlets in Ba Tri."""
    data = read_divisions(str(resources.files("diaban.territory") / "data" / "ben-tre-2024.json"))
    import_divisions(data, valid_from=datetime.date(2020, 1, 1), valid_until=None)
    province = Unit.objects.get(code="83")
    town = Unit.objects.get(code="29110")  # Thị trấn Ba Tri
    hamlets = [make_unit("hamlet", "Khu phố {}".format(i), town, kind="Khu phố") for i in (1, 2)]
    cell = PartyOrganization(kind="cell", name="Chi bộ Khu phố 1", unit=hamlets[0], member_count=30, meeting_day=5)
    cell.save()
    return province, town, hamlets, cell


def level_counts(root, date):
    qs = Unit.objects.within(root, include_self=False).valid_on(date)
    return {key: qs.filter(level__key=key).count() for key in ("district", "commune", "hamlet")}


@pytest.mark.django_db
def test_abolishing_the_district_level_on_1_7_2025(ben_tre):
    province, town, hamlets, cell = ben_tre
    result = level_abolish(
        level=UnitLevel.objects.get(key="district"), within=province, date=REFORM, decision="Luật 72/2025/QH15"
    )
    assert result == {"closed": 9, "moved": 148}
    # The tree as of 1/1/2024 is the three-tier one; today's has the communes directly under the province.
    assert level_counts(province, BEFORE) == {"district": 9, "commune": 148, "hamlet": 2}
    assert level_counts(province, AFTER) == {"district": 0, "commune": 148, "hamlet": 2}
    new_town = Unit.objects.filter(code="29110").valid_on(AFTER).get()
    assert new_town.parent == province and new_town.name == "Thị trấn Ba Tri"
    assert new_town.path.startswith(province.path) and new_town.depth == 2
    assert sorted(new_town.children.values_list("name", flat=True)) == ["Khu phố 1", "Khu phố 2"]
    # The old units keep their place, their dates and what was recorded against them.
    town.refresh_from_db()
    assert town.valid_until == datetime.date(2025, 6, 30) and town.parent.code == "836"
    cell.refresh_from_db()
    assert cell.unit == hamlets[0]
    old_hamlet_successor = Succession.objects.get(predecessor=hamlets[0]).successor
    assert old_hamlet_successor.parent == new_town and old_hamlet_successor.valid_from == REFORM
    ba_tri = Unit.objects.get(code="836")
    assert ba_tri.valid_until == datetime.date(2025, 6, 30)
    assert Succession.objects.get(predecessor=ba_tri).successor == province
    assert Succession.objects.get(predecessor=town).decision == "Luật 72/2025/QH15"


@pytest.mark.django_db
def test_merging_communes_moves_their_hamlets(ben_tre):
    province, town, hamlets, _cell = ben_tre
    an_duc = Unit.objects.get(code="29173")
    merged = units_merge(units=[town, an_duc], name="Xã Ba Tri", kind="Xã", code="29110", date=REFORM)
    assert merged.parent.code == "836" and merged.valid_from == REFORM
    assert {s.predecessor.code for s in Succession.objects.filter(successor=merged)} == {"29110", "29173"}
    assert sorted(merged.children.values_list("name", flat=True)) == ["Khu phố 1", "Khu phố 2"]
    assert Unit.objects.filter(code="29110").valid_on(BEFORE).get() == town
    assert Unit.objects.filter(code="29110").valid_on(AFTER).get() == merged
    assert not Unit.objects.within(town).valid_on(AFTER).exists()


@pytest.mark.django_db
def test_split_needs_every_child_placed_once(ben_tre):
    _province, town, hamlets, _cell = ben_tre
    with pytest.raises(ValidationError, match="Chưa giao cho đơn vị mới nào: Khu phố 2"):
        unit_split(
            unit=town,
            date=REFORM,
            parts=[
                {"name": "Thị trấn Ba Tri", "children": [hamlets[0]]},
                {"name": "Xã Ba Tri Mới", "children": []},
            ],
        )
    assert Unit.objects.get(pk=town.pk).valid_until is None
    parts = unit_split(
        unit=town,
        date=REFORM,
        parts=[
            {"name": "Thị trấn Ba Tri", "kind": "Thị trấn", "children": [hamlets[0]]},
            {"name": "Xã Ba Tri Mới", "kind": "Xã", "children": [hamlets[1]]},
        ],
    )
    assert [p.children.get().name for p in parts] == ["Khu phố 1", "Khu phố 2"]
    assert set(Succession.objects.filter(predecessor=town).values_list("kind", flat=True)) == {"split"}


@pytest.mark.django_db
def test_operations_refuse_bad_requests_with_vietnamese_messages(ben_tre):
    province, town, _hamlets, _cell = ben_tre
    with pytest.raises(ValidationError, match="Cần ít nhất hai đơn vị"):
        units_merge(units=[town], name="X", kind="Xã", date=REFORM)
    other_district = Unit.objects.get(code="28756")
    with pytest.raises(ValidationError, match="cùng đơn vị cấp trên"):
        units_merge(units=[town, other_district], name="X", kind="Xã", date=REFORM)
    with pytest.raises(ValidationError, match="Mã 29173 đã thuộc"):
        units_merge(units=[town, Unit.objects.get(code="29128")], name="X", kind="Xã", code="29173", date=REFORM)
    an_duc = Unit.objects.get(code="29173")
    level_abolish(level=UnitLevel.objects.get(key="district"), within=province, date=REFORM)
    with pytest.raises(ValidationError, match="không còn hiệu lực vào ngày 01/01/2026"):
        units_merge(units=[town, an_duc], name="X", kind="Xã", date=AFTER)
