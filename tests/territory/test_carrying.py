"""Carrying the grassroots of Bến Tre into today's Vĩnh Long: previewed, carried once, history kept."""

import datetime

import pytest

from diaban.territory.carrying import carry_grassroots, carrying_plan
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit

JAN_2024 = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 12, 7)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM)


def hamlets_under(unit, on):
    return Unit.objects.within(unit, include_self=False).valid_on(on).filter(level__key="hamlet")


def test_the_preview_says_what_would_be_done_and_changes_nothing(vinh_long):
    units_before = Unit.objects.count()
    plan = carrying_plan(vinh_long)
    assert len(plan.hamlets) == 983
    assert plan.groups == 14676
    assert len(plan.committees) == 48  # Bến Tre's 148 communes went into 48 of Vĩnh Long's
    assert plan.provincial_committee
    assert not plan.undecided and not plan.unlinked
    lines = plan.lines()
    assert "Ấp, khu phố chuyển: 983 (kèm 14676 đơn vị bên dưới); đã chuyển trước đây: 0" in lines
    assert "Đảng bộ xã mới được lập: 48" in lines
    assert Unit.objects.count() == units_before


def test_carrying_keeps_the_old_tree_and_builds_todays(vinh_long):
    ben_tre = Unit.objects.get(level__key="province", code="83", valid_from=None)
    ba_tri = Unit.objects.get(code="836")
    old_ba_tri_hamlets = hamlets_under(ba_tri, JAN_2024).count()
    assert old_ba_tri_hamlets == 129

    carry_grassroots(vinh_long)

    # As of 01/01/2024 the hamlets are where they were: under their old communes and districts.
    assert hamlets_under(ben_tre, JAN_2024).count() == 983
    assert hamlets_under(ba_tri, JAN_2024).count() == 129
    # Today they are under the new communes of Vĩnh Long; Xã Ba Tri (29110) has those of its five predecessors.
    assert hamlets_under(vinh_long, TODAY).count() == 983
    xa_ba_tri = Unit.objects.get(code="29110", valid_from=REFORM)
    predecessors = Unit.objects.filter(successions_out__successor=xa_ba_tri)
    assert predecessors.count() == 5
    expected = sum(hamlets_under(p, JAN_2024).count() for p in predecessors)
    assert hamlets_under(xa_ba_tri, TODAY).count() == expected > 0
    groups_today = Unit.objects.within(vinh_long).valid_on(TODAY).filter(level__key="group").count()
    assert groups_today == 14676
    # Each carried hamlet is linked to its copy.
    hamlet = hamlets_under(xa_ba_tri, TODAY).first()
    link = Succession.objects.get(successor=hamlet)
    assert link.kind == "reparent" and link.date == REFORM and link.predecessor.name == hamlet.name

    # Organizations: district committees end, each new commune has its committee under the new provincial one.
    top = PartyOrganization.objects.valid_on(TODAY).get(kind=OrganizationKind.PROVINCIAL_COMMITTEE, unit=vinh_long)
    assert top.name == "Đảng bộ tỉnh Vĩnh Long"
    assert not PartyOrganization.objects.valid_on(TODAY).filter(kind=OrganizationKind.DISTRICT_COMMITTEE).exists()
    assert PartyOrganization.objects.valid_on(JAN_2024).filter(kind=OrganizationKind.DISTRICT_COMMITTEE).count() == 9
    committee = PartyOrganization.objects.valid_on(TODAY).get(
        unit=xa_ba_tri, kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    assert committee.parent == top and committee.name == "Đảng bộ xã Ba Tri"
    cell = PartyOrganization.objects.valid_on(TODAY).get(unit=hamlet)
    assert cell.parent == committee and cell.continues.unit == link.predecessor
    assert cell.member_count == cell.continues.member_count
    cells_today = PartyOrganization.objects.valid_on(TODAY).filter(
        kind=OrganizationKind.CELL, unit__path__startswith=vinh_long.path
    )
    assert cells_today.count() == 983 + 148  # a residential cell per hamlet, the agency cells of the old communes
    assert (
        top.member_count == sum(c.member_count for c in cells_today)
        or top.refresh_from_db()
        or (top.member_count == sum(c.member_count for c in cells_today))
    )
    assert ReorganizationEvent.objects.filter(province=vinh_long).count() == 2


def test_a_second_run_changes_nothing(vinh_long):
    carry_grassroots(vinh_long)
    counts = (Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count())
    plan = carrying_plan(vinh_long)
    assert plan.empty and plan.carried == 983
    assert "Không còn gì để chuyển." in plan.lines()
    carry_grassroots(vinh_long)
    assert (Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count()) == counts
    assert ReorganizationEvent.objects.filter(province=vinh_long).count() == 2
