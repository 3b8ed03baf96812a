"""Field time is a cadre's own days at the grassroots, wherever they went: over a period that spans 01/07/2025 a
new commune's department counts its members' trips to the communes that commune absorbed and their meetings in
the old cells before that date, as their trips and meetings after it, with nothing to add about predecessors."""

import datetime
import re

import pytest
from django.urls import reverse

from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting
from diaban.people.models import Department, Person
from diaban.visits.choices import PlanStatus
from diaban.visits.fieldtime_selectors import department_field_time
from diaban.visits.models import VisitPlan, VisitTarget
from tests.territory.lineage_tree import LAST_OLD, REFORM, build_reform_tree

D = datetime.date


def _trip(owner, unit, start, end):
    plan = VisitPlan.objects.create(
        title="Đi {}".format(unit.name), owner=owner, start_date=start, end_date=end, status=PlanStatus.DONE
    )
    VisitTarget.objects.create(plan=plan, unit=unit)


@pytest.fixture
def case(db):
    """Xã N's department and its cadre: a trip to Xã X on Monday–Tuesday 10–11/03/2025, the old Ấp X1 cell's
    meeting on Monday 10/02/2025, a trip to Xã N itself on Monday–Tuesday 15–16/09/2025."""
    t = build_reform_tree()
    t.department = Department.objects.create(name="Ban Xây dựng Đảng Đảng ủy xã N", unit=t.n)
    t.cadre = Person.objects.create(code="CB-AN", full_name="Lê Văn An", home_unit=t.n, department=t.department)
    _trip(t.cadre, t.x, D(2025, 3, 10), D(2025, 3, 11))
    _trip(t.cadre, t.n, D(2025, 9, 15), D(2025, 9, 16))
    meeting = Meeting.objects.create(
        organization=t.cell_x1, date=D(2025, 2, 10), planned_date=D(2025, 2, 10), status=MeetingStatus.HELD
    )
    Attendance.objects.create(meeting=meeting, person=t.cadre, source="cadre")
    return t


def _field_days(case, start, end) -> tuple[int, dict]:
    result = department_field_time(case.department, start, end, SYSTEM)
    return result.total.field_days, {m.label: m.field_days for m in result.total.months if m.field_days}


def test_a_year_spanning_the_reform_counts_the_days_in_the_absorbed_communes(case):
    assert _field_days(case, D(2025, 1, 1), D(2025, 12, 31)) == (5, {"02/2025": 1, "03/2025": 2, "09/2025": 2})
    assert _field_days(case, D(2025, 1, 1), LAST_OLD) == (3, {"02/2025": 1, "03/2025": 2})
    assert _field_days(case, REFORM, D(2025, 12, 31)) == (2, {"09/2025": 2})


def test_the_page_shows_the_same_days(case, admin_client):
    url = reverse("field_time_detail", kwargs={"pk": case.department.pk})
    html = admin_client.get(url, {"tu": "01/01/2025", "den": "31/12/2025"}).content.decode()
    assert re.search(r"data-field-days>5<", html)
    assert "Gồm số liệu trước" not in html
