"""Carrying the grassroots on the demo, which carries Bến Tre into today's Vĩnh Long (the preview and the choices
for a split commune: test_carrying_tree.py)."""

import datetime

import pytest

from diaban.territory.carrying import carrying_plan
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit
from diaban.territory.services import carry_grassroots

JAN_2024 = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 12, 7)
REFORM = datetime.date(2025, 7, 1)
LAST = datetime.date(2025, 6, 30)


# ---------------------------------------------------------------------------------------------------------
# The demo: Bến Tre carried into today's Vĩnh Long by organization staff on 05/07/2025


@pytest.fixture
def vinh_long(demo, db):
    return Unit.objects.get(level__key="province", code="86", valid_from=REFORM)


def hamlets_under(unit, on):
    return Unit.objects.within(unit, include_self=False).valid_on(on).filter(level__key="hamlet")


def test_the_demo_keeps_the_old_tree_and_lives_in_todays(vinh_long):
    ben_tre = Unit.objects.get(level__key="province", code="83", valid_from=None)
    ba_tri = Unit.objects.get(code="836")
    assert hamlets_under(ben_tre, JAN_2024).count() == 983
    assert hamlets_under(ba_tri, JAN_2024).count() == 129
    assert hamlets_under(vinh_long, TODAY).count() == 983
    assert Unit.objects.within(vinh_long).valid_on(TODAY).filter(level__key="group").count() == 14676
    # Xã Ba Tri (29110) has the hamlets of its five predecessors.
    xa_ba_tri = Unit.objects.get(code="29110", valid_from=REFORM)
    predecessors = Unit.objects.filter(successions_out__successor=xa_ba_tri)
    assert predecessors.count() == 5
    assert hamlets_under(xa_ba_tri, TODAY).count() == sum(hamlets_under(p, JAN_2024).count() for p in predecessors) > 0
    hamlet = hamlets_under(xa_ba_tri, TODAY).first()
    link = Succession.objects.get(successor=hamlet)
    assert link.kind == "reparent" and link.date == REFORM and link.predecessor.name == hamlet.name
    # Organizations: district committees ended, each new commune has its committee under Vĩnh Long's.
    top = PartyOrganization.objects.valid_on(TODAY).get(kind=OrganizationKind.PROVINCIAL_COMMITTEE, unit=vinh_long)
    assert top.name == "Đảng bộ tỉnh Vĩnh Long"
    assert not PartyOrganization.objects.valid_on(TODAY).filter(kind=OrganizationKind.DISTRICT_COMMITTEE).exists()
    assert PartyOrganization.objects.valid_on(JAN_2024).filter(kind=OrganizationKind.DISTRICT_COMMITTEE).count() == 9
    committees = PartyOrganization.objects.valid_on(TODAY).filter(kind=OrganizationKind.GRASSROOTS_COMMITTEE)
    assert committees.count() == 48 and all(c.parent_id == top.pk for c in committees)
    committee = committees.get(unit=xa_ba_tri)
    assert committee.name == "Đảng bộ xã Ba Tri"
    assert committee.children.valid_on(TODAY).filter(cell_kind="agency").count() == 5
    cell = PartyOrganization.objects.valid_on(TODAY).get(unit=hamlet)
    assert cell.parent == committee and cell.continues.unit == link.predecessor
    cells_today = PartyOrganization.objects.valid_on(TODAY).filter(kind=OrganizationKind.CELL)
    assert cells_today.count() == 983 + 148
    assert top.member_count == sum(c.member_count for c in cells_today) > 0
    # Who did it and when.
    steps = ReorganizationEvent.objects.filter(province=vinh_long).order_by("id")
    assert [(s.action, s.actor.username, s.at.date()) for s in steps] == [
        ("units", "tochuc", datetime.date(2025, 7, 5)),
        ("organizations", "tochuc", datetime.date(2025, 7, 5)),
        ("assignments", "tochuc", datetime.date(2025, 7, 5)),
    ]


def test_on_the_demo_a_second_run_finds_everything_carried(vinh_long):
    counts = (Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count())
    plan = carrying_plan(vinh_long)
    assert plan.empty and plan.carried == 983 and not plan.undecided
    carry_grassroots(vinh_long)
    assert (Unit.objects.count(), PartyOrganization.objects.count(), Succession.objects.count()) == counts
    assert ReorganizationEvent.objects.filter(province=vinh_long).count() == 3
