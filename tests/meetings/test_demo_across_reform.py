"""On the demo: Xã Ba Tri (29110, from 01/07/2025) over 2025 holds the meetings of its five predecessors before
01/07/2025, counted here straight from the old communes' meetings."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from diaban.assignments.carrying import carry_all
from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Meeting
from diaban.meetings.selectors.cells import cells_least_attended
from diaban.meetings.selectors.compliance import compliance_report, year_span
from diaban.territory.models import Succession, Unit

D = datetime.date
REFORM = D(2025, 7, 1)
PREDECESSORS = {"Thị trấn Ba Tri", "Xã An Bình Tây", "Xã Vĩnh Hòa", "Xã Vĩnh An", "Xã An Đức"}


@pytest.fixture
def ba_tri(demo, db):
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM)
    carry_all(vinh_long)
    return Unit.objects.get(level__key="commune", code="29110", valid_from=REFORM)


def _held_in(units, start, end) -> int:
    held = Meeting.objects.none()
    for unit in units:
        held |= Meeting.objects.filter(organization__unit__path__startswith=unit.path)
    return held.filter(status=MeetingStatus.HELD, date__gte=start, date__lte=end).count()


def test_xa_ba_tri_2025_counts_the_meetings_of_its_five_predecessors(ba_tri, client):
    old = [link.predecessor for link in Succession.objects.filter(successor=ba_tri).select_related("predecessor")]
    assert {u.name for u in old} == PREDECESSORS
    before = _held_in(old, D(2025, 1, 1), D(2025, 6, 30))
    after = _held_in([ba_tri], REFORM, D(2025, 12, 31))
    assert before > 0

    start, end = year_span(ba_tri, 2025)
    assert (start, end) == (D(2025, 1, 1), D(2025, 12, 31))
    cells = list(cells_least_attended(ba_tri, start, end, SYSTEM))
    assert sum(c.held for c in cells) == before + after
    # The old communes' cells count with their meetings before the date; none of another commune's.
    assert all(any(c.unit.path.startswith(u.path) for u in [ba_tri, *old]) for c in cells)

    report = compliance_report(ba_tri, start, end, SYSTEM)
    assert report.lineage_note.startswith("Gồm số liệu trước 01/07/2025 của: ")
    assert all(name in report.lineage_note for name in PREDECESSORS)
    # The drill-down: the hamlets of Xã Ba Tri at the end of 2025, those carried from its predecessors.
    assert {b.unit.parent_id for b in report.branches if not b.own_level} == {ba_tri.pk}

    # The page's Excel file says it too, under every sheet's title.
    client.force_login(get_user_model().objects.get(username="tochuc"))
    workbook = client.get("/tuan-thu/{}/xuat-excel/".format(ba_tri.pk), {"nam": "2025"})
    assert workbook.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.content)).worksheets
    assert all(sheet.cell(row=3, column=1).value == report.lineage_note for sheet in sheets)

    # Over the second half alone, only what was recorded in Xã Ba Tri itself.
    later = list(cells_least_attended(ba_tri, REFORM, end, SYSTEM))
    assert sum(c.held for c in later) == after
