"""A unit's lineage over a period: itself, and before a reorganization dated inside the period the units it took
the place of (only the carried parts of a split one), as a filter and as one Vietnamese sentence."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaban.meetings.models import Meeting
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.territory.choices import SuccessionKind
from diaban.territory.lineage import LineageBranches, lineage_data, lineage_note, lineage_q, unit_lineage
from diaban.territory.models import Succession, Unit
from tests.territory.lineage_tree import LAST_OLD, REFORM, build_reform_tree, make_cell, make_old_unit

D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))


@pytest.fixture
def reform(db):
    return build_reform_tree()


def _pieces(pieces):
    return [(p.unit.name, p.unit.valid_until, p.start, p.end, p.via and p.via.name, p.partial) for p in pieces]


def test_a_new_commune_over_2025_takes_its_predecessors_before_the_date(reform):
    pieces = unit_lineage(reform.n, *YEAR)
    assert _pieces(pieces) == [
        ("Xã N", None, REFORM, D(2025, 12, 31), None, False),
        ("Xã X", LAST_OLD, D(2025, 1, 1), LAST_OLD, "Xã X", False),
        ("Xã Y", LAST_OLD, D(2025, 1, 1), LAST_OLD, "Xã Y", False),
        # Xã Z was split: only its hamlet carried under Xã N, not Ấp Z2 (now under Xã M) nor Xã Z itself.
        ("Ấp Z1", LAST_OLD, D(2025, 1, 1), LAST_OLD, "Xã Z", True),
    ]
    assert lineage_note(pieces) == "Gồm số liệu trước 01/07/2025 của: Xã X, Xã Y, Xã Z (phần chuyển về)."
    assert [(d["name"], d["until"], d["partial"]) for d in lineage_data(pieces)] == [
        ("Xã X", "2025-06-30", False),
        ("Xã Y", "2025-06-30", False),
        ("Xã Z", "2025-06-30", True),
    ]


def test_a_split_predecessor_with_nothing_carried_here_counts_whole(reform):
    assert _pieces(unit_lineage(reform.k, *YEAR)) == [
        ("Xã K", None, REFORM, D(2025, 12, 31), None, False),
        ("Xã Z", LAST_OLD, D(2025, 1, 1), LAST_OLD, "Xã Z", False),
    ]


def test_a_carried_hamlet_takes_the_old_hamlet(reform):
    assert _pieces(unit_lineage(reform.new_x1, *YEAR))[1:] == [
        ("Ấp X1", LAST_OLD, D(2025, 1, 1), LAST_OLD, "Ấp X1", False)
    ]


@pytest.mark.parametrize("period", [(D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 7, 1), D(2025, 12, 31))])
def test_a_period_on_one_side_of_the_date_is_the_unit_alone(reform, period):
    pieces = unit_lineage(reform.n, *period)
    assert _pieces(pieces) == [("Xã N", None, *period, None, False)]
    assert lineage_note(pieces) == ""


def test_the_filter_selects_each_piece_over_its_own_dates(reform):
    pieces = unit_lineage(reform.n, *YEAR)
    # Units stand in for dated records, "dated" by their last day: the old ones, 30/06/2025, fall in the
    # predecessors' part of the year (Xã Z and its Ấp Z2 excepted); the new ones have none.
    found = Unit.objects.filter(lineage_q(pieces, "path", "valid_until"))
    assert sorted(u.name for u in found) == ["Xã X", "Xã Y", "Ấp X1", "Ấp Y1", "Ấp Z1"]
    assert all(u.valid_until == LAST_OLD for u in found)
    later = unit_lineage(reform.n, D(2025, 7, 1), D(2025, 12, 31))
    assert not Unit.objects.filter(lineage_q(later, "path", "valid_until")).exists()


def test_the_drill_down_places_old_paths_in_the_children_that_continue_them(reform, django_assert_max_num_queries):
    children = [reform.new_x1, reform.new_z1]
    with django_assert_max_num_queries(3):  # successions into the root and children, carried parts of splits
        branches = LineageBranches(reform.n, children, *YEAR)
    assert branches.child_of(reform.x1.path) == reform.new_x1
    assert branches.child_of(reform.z1.path) == reform.new_z1
    assert branches.child_of(reform.new_x1.path) == reform.new_x1
    assert branches.child_of(reform.y1.path) is None  # Ấp Y1 was not carried: it counts on Xã N's own row
    assert branches.child_of(reform.x.path) is None


# ---------------------------------------------------------------------------------------------------------
# The unit's page lists its predecessors with their history


def _held(cell, *days):
    for day in days:
        Meeting.objects.create(organization=cell, date=day, planned_date=day, status="held")


def _page(client, unit):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(unit.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_new_communes_page_lists_its_predecessors_with_their_history(reform, admin_client):
    _held(reform.cell_x1, D(2025, 2, 10), D(2025, 5, 10))
    _held(reform.cell_y1, D(2025, 3, 10))
    _held(reform.new_cell_x1, D(2025, 8, 10))  # Xã N's own, not a predecessor's
    html, few = _page(admin_client, reform.n)
    assert "Đơn vị tiền thân và lịch sử" in html
    assert "1 đơn vị trực thuộc, 1 chi bộ; 2 buổi sinh hoạt chi bộ đã họp" in html  # Xã X
    assert "1 đơn vị trực thuộc, 1 chi bộ; 1 buổi sinh hoạt chi bộ đã họp" in html  # Xã Y
    assert "2 đơn vị trực thuộc, 1 chi bộ; 0 buổi sinh hoạt chi bộ đã họp" in html  # Xã Z
    # Three more predecessors, with hamlets and cells: the page asks the database as often.
    for i in range(3):
        commune = make_old_unit("commune", "Xã Thêm {}".format(i), reform.district, code="9101{}".format(i))
        make_cell(
            make_old_unit("hamlet", "Ấp Thêm {}".format(i), commune, kind="Ấp"), reform.old_committee, until=LAST_OLD
        )
        Succession.objects.create(predecessor=commune, successor=reform.n, kind=SuccessionKind.MERGE, date=REFORM)
    html, more = _page(admin_client, reform.n)
    assert "Xã Thêm 2" in html and more == few


def test_predecessors_out_of_scope_are_named_without_their_history(reform, client):
    account = account_upsert(username="xa-n", password="x-123456789", role=Role.ORGANIZATION, capture_units=[reform.n])
    client.force_login(account.user)
    html, _count = _page(client, reform.n)
    assert "Xã X" in html and "đơn vị trực thuộc," not in html
