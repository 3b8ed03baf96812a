"""Carrying the grassroots through the July 2025 reform: previewed, choices for split communes, carried once, the
old tree kept. On a small tree built here, then on the demo, which carries Bến Tre into today's Vĩnh Long."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from diaban.territory.carrying import carrying_plan
from diaban.territory.choices import OrganizationKind, SuccessionKind
from diaban.territory.models import PartyOrganization, ReorganizationEvent, Succession, Unit
from diaban.territory.services import carry_grassroots
from tests.conftest import make_unit

JAN_2024 = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 12, 7)
REFORM = datetime.date(2025, 7, 1)
LAST = datetime.date(2025, 6, 30)


def org(kind, name, unit, parent=None, members=0, cell_kind="residential"):
    node = PartyOrganization(kind=kind, name=name, unit=unit, parent=parent, member_count=members, cell_kind=cell_kind)
    node.place_under(parent)
    node.save()
    return node


@pytest.fixture
def small(db):
    """Old Tỉnh P (to 30/06/2025): Huyện D with Xã A (→ Xã N1) and Xã B (split into Xã N1 and Xã N2); today's Tỉnh Q."""
    p = make_unit("province", "Tỉnh P", code="91", valid_until=LAST)
    d = make_unit("district", "Huyện D", p, code="911", valid_until=LAST)
    a = make_unit("commune", "Xã A", d, code="91001", valid_until=LAST)
    b = make_unit("commune", "Xã B", d, code="91002", valid_until=LAST)
    a1 = make_unit("hamlet", "Ấp A1", a, kind="Ấp", valid_until=LAST)
    make_unit("group", "Tổ 1", a1, kind="Tổ", valid_until=LAST)
    b1 = make_unit("hamlet", "Ấp B1", b, kind="Ấp", valid_until=LAST)
    b2 = make_unit("hamlet", "Ấp B2", b, kind="Ấp")  # still open: carrying closes it
    q = make_unit("province", "Tỉnh Q", code="92", valid_from=REFORM)
    n1 = make_unit("commune", "Xã N1", q, code="92001", valid_from=REFORM)
    n2 = make_unit("commune", "Xã N2", q, code="92002", valid_from=REFORM)
    for old, new, kind in ((p, q, "merge"), (a, n1, "merge"), (b, n1, "split"), (b, n2, "split")):
        Succession.objects.create(predecessor=old, successor=new, kind=kind, date=REFORM)
    top = org(OrganizationKind.PROVINCIAL_COMMITTEE, "Đảng bộ tỉnh P", p)
    district = org(OrganizationKind.DISTRICT_COMMITTEE, "Đảng bộ huyện D", d, top)
    committee_a = org(OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng bộ xã A", a, district)
    committee_b = org(OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng bộ xã B", b, district)
    org(OrganizationKind.CELL, "Chi bộ ấp A1", a1, committee_a, members=20)
    org(OrganizationKind.CELL, "Chi bộ ấp B1", b1, committee_b, members=15)
    org(OrganizationKind.CELL, "Chi bộ ấp B2", b2, committee_b, members=12)
    agency = org(OrganizationKind.CELL, "Chi bộ Cơ quan", b, committee_b, members=9, cell_kind="agency")
    return dict(locals())


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
    outsider = make_unit("commune", "Xã Khác", small["q"], code="92003", valid_from=REFORM)
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
        "Chi bộ Cơ quan": ("Đảng bộ xã N2", "Xã N2", "Chi bộ Cơ quan"),
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
