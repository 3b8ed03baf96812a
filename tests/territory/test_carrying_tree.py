"""Carrying the grassroots through the July 2025 reform on a small tree built here: previewed, choices for a
split commune, carried once, the old tree kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from diaban.territory.carrying import carrying_plan
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit
from diaban.territory.services import carry_grassroots
from tests.conftest import make_unit
from tests.territory.reform_tree import build_small_reform

JAN_2024 = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 12, 7)
REFORM = datetime.date(2025, 7, 1)
LAST = datetime.date(2025, 6, 30)


@pytest.fixture
def small(db):
    return build_small_reform()


def test_a_preview_says_what_waits_for_a_choice_and_changes_nothing(small):
    units = Unit.objects.count()
    plan = carrying_plan(small["q"])
    assert [p.item.name for p in plan.hamlets] == ["Ấp A1"] and plan.groups == 1
    assert sorted(p.item.name for p in plan.undecided) == ["Chi bộ Cơ quan", "Ấp B1", "Ấp B2"]
    assert [c.name for c in plan.undecided[0].candidates] == ["Xã N1", "Xã N2"]
    assert [u.name for u in plan.committees] == ["Xã N1"] and plan.provincial_committee
    # Xã B's committee, and those above it, stay open while its hamlets wait.
    assert [o.name for o in plan.ending] == ["Đảng bộ xã A"]
    assert "Chờ chọn xã mới (xã cũ bị chia): 3" in plan.lines()
    assert Unit.objects.count() == units


def test_a_choice_outside_the_candidates_is_refused(small):
    outsider = make_unit("commune", "Xã Khác", small["q"], code="99003", valid_from=REFORM)
    with pytest.raises(ValidationError, match="Ấp B1 \\(Xã B\\): xã được chọn không phải một trong các xã kế thừa"):
        carrying_plan(small["q"], {"unit:{}".format(small["b1"].pk): outsider.pk})


def test_carried_with_choices_then_nothing_left(small):
    s = small
    choices = {
        "unit:{}".format(s["b1"].pk): s["n2"].pk,
        "unit:{}".format(s["b2"].pk): s["n1"].pk,
        "org:{}".format(s["agency"].pk): s["n2"].pk,
    }
    plan = carry_grassroots(s["q"], choices=choices)
    assert not plan.undecided and len(plan.hamlets) == 3
    today = {u.name: u.parent.name for u in Unit.objects.valid_on(TODAY).filter(level__key__in=["hamlet", "group"])}
    assert today == {"Ấp A1": "Xã N1", "Tổ 1": "Ấp A1", "Ấp B1": "Xã N2", "Ấp B2": "Xã N1"}
    before = {u.name: u.parent.name for u in Unit.objects.valid_on(JAN_2024).filter(level__key="hamlet")}
    assert before == {"Ấp A1": "Xã A", "Ấp B1": "Xã B", "Ấp B2": "Xã B"}
    s["b2"].refresh_from_db()
    assert s["b2"].valid_until == LAST
    assert Succession.objects.filter(kind=SuccessionKind.REPARENT, date=REFORM).count() == 4
    # Organizations: the old ones end on 30/06/2025; each cell continues under its new commune's committee.
    assert not PartyOrganization.objects.valid_on(TODAY).filter(unit__path__startswith=s["p"].path).exists()
    top = PartyOrganization.objects.valid_on(TODAY).get(kind=OrganizationKind.PROVINCIAL_COMMITTEE)
    assert top.name == "Đảng bộ tỉnh Q" and top.unit == s["q"] and top.member_count == 20 + 15 + 12 + 9
    cells = {}
    for c in PartyOrganization.objects.valid_on(TODAY).filter(kind=OrganizationKind.CELL):
        commune = c.unit.parent if c.unit.level.key == "hamlet" else c.unit
        cells[c.name] = (c.parent.name, commune.name, c.continues.name)
    assert cells == {
        "Chi bộ ấp A1": ("Đảng bộ xã N1", "Xã N1", "Chi bộ ấp A1"),
        "Chi bộ ấp B1": ("Đảng bộ xã N2", "Xã N2", "Chi bộ ấp B1"),
        "Chi bộ ấp B2": ("Đảng bộ xã N1", "Xã N1", "Chi bộ ấp B2"),
        "Chi bộ Cơ quan xã B (cũ)": ("Đảng bộ xã N2", "Xã N2", "Chi bộ Cơ quan"),  # told apart by its old commune
    }
    below = PartyOrganization.objects.valid_on(TODAY).exclude(pk=top.pk).values_list("path", flat=True)
    assert all(path.startswith(top.path) and len(path) > len(top.path) for path in below)
    assert ReorganizationEvent.objects.filter(province=s["q"]).count() == 2
    # Again: nothing left, nothing changed.
    counts = Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count()
    again = carry_grassroots(s["q"])
    assert again.empty and again.carried == 3 and "Không còn gì để chuyển." in again.lines()
    assert (Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count()) == counts
    assert ReorganizationEvent.objects.filter(province=s["q"]).count() == 2


def test_only_todays_provinces_can_be_carried_into(small):
    with pytest.raises(ValidationError, match="Tỉnh P không phải một tỉnh, thành phố từ ngày 01/07/2025"):
        carrying_plan(small["p"])
