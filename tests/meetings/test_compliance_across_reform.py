"""Compliance and the reporting rate of a new commune over a year that spans 01/07/2025 include what was recorded in
the units it absorbed before that date, and say so; the drill-down lists its children at the year's end."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import Activity, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport
from diaban.meetings.selectors.compliance import compliance_data, compliance_report, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.people.models import Person, Position, PositionTitle
from diaban.territory.models import Unit
from tests.territory.lineage_tree import LAST_OLD, REFORM, build_reform_tree

D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
NOTE = "Gồm số liệu trước 01/07/2025 của: Xã X, Xã Y, Xã Z (phần chuyển về)."


def _rule(unit, title, **dates):
    rule = AttendanceRule.objects.create(
        name="Dự sinh hoạt chi bộ ấp được phân công ({})".format(unit.name),
        unit=unit,
        activity=Activity.ASSIGNED,
        minimum=1,
        period=Period.QUARTER,
        document="Quy định thử nghiệm",
        **dates,
    )
    rule.titles.add(title)
    return rule


def _attend(cell, person, day, submitted=None):
    meeting = Meeting.objects.create(organization=cell, date=day, planned_date=day, status=MeetingStatus.HELD)
    attendance = Attendance.objects.create(meeting=meeting, person=person, source="cadre")
    if submitted is not None:
        MeetingReport.objects.create(
            attendance=attendance,
            due_date=day + datetime.timedelta(days=5),
            first_submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9))),
            submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9))),
        )
    return attendance


@pytest.fixture
def case(db):
    """Under the old province's quarterly rule (to 30/06/2025): An, at home in Ấp X1, assigned there, attended on
    10/02 (report on time) and 10/05/2025 (none). Under the new province's (from 01/07/2025): Bình, at home in
    Xã N, assigned to the carried Ấp X1, attended on 10/08/2025 (report late). Chi, at home in Ấp Z2 (the part of
    the split Xã Z that went to Xã M), assigned there, attended on 10/03/2025: not Xã N's."""
    t = build_reform_tree()
    title = PositionTitle.objects.get(name="Huyện ủy viên")
    _rule(t.old_province, title, valid_from=D(2020, 1, 1), valid_until=LAST_OLD)
    _rule(t.province, title, valid_from=REFORM)
    t.an = Person.objects.create(code="CB-AN", full_name="Lê Văn An", home_unit=t.x1)
    t.binh = Person.objects.create(code="CB-BINH", full_name="Trần Thị Bình", home_unit=t.n)
    t.chi = Person.objects.create(code="CB-CHI", full_name="Võ Văn Chí", home_unit=t.z2)
    for person, unit, start, end in (
        (t.an, t.x1, D(2024, 1, 1), LAST_OLD),
        (t.binh, t.new_x1, REFORM, None),
        (t.chi, t.z2, D(2024, 1, 1), LAST_OLD),
    ):
        Position.objects.create(person=person, title=title, start_date=start, end_date=end)
        Assignment.objects.create(person=person, unit=unit, start_date=start, end_date=end, override_reason="thử")
    _attend(t.cell_x1, t.an, D(2025, 2, 10), submitted=D(2025, 2, 12))
    _attend(t.cell_x1, t.an, D(2025, 5, 10))
    _attend(t.new_cell_x1, t.binh, D(2025, 8, 10), submitted=D(2025, 9, 1))
    _attend(t.cell_z2, t.chi, D(2025, 3, 10), submitted=D(2025, 3, 11))
    return t


def test_compliance_of_a_new_commune_over_2025_includes_its_predecessors(case):
    report = compliance_report(case.n, *YEAR, SYSTEM)
    rows = {row.code: row for row in report.people}
    assert set(rows) == {"CB-AN", "CB-BINH"}  # Chí's Ấp Z2 went to Xã M
    # An, measured to 30/06/2025: quarters I and II, one each; attended both.
    assert (rows["CB-AN"].required, rows["CB-AN"].attended) == (pytest.approx(2.0), 2)
    # Bình, from 01/07/2025: quarters III and IV; attended one.
    assert (rows["CB-BINH"].required, rows["CB-BINH"].attended) == (pytest.approx(2.0), 1)
    assert (report.assessed, report.compliant) == (2, 1)
    assert report.lineage_note == NOTE
    # The drill-down: Xã N's hamlets at the end of 2025; An counts in the carried Ấp X1, Bình on Xã N itself.
    branches = [(b.unit.name, b.own_level, b.assessed, b.compliant) for b in report.branches]
    assert branches == [("Xã N", True, 1, 0), ("Ấp X1", False, 1, 1), ("Ấp Z1", False, 0, 0)]


def test_reporting_of_a_new_commune_over_2025_includes_its_predecessors(case):
    reporting = reporting_report(case.n, *YEAR, SYSTEM, as_of=D(2026, 1, 31))
    total = reporting.total
    # An: 2 expected, 1 received on time; Bình: 1 expected, received late. Chí's report is Xã M's.
    assert (total.expected, total.received, total.on_time) == (3, 2, 1)
    assert reporting.lineage_note == NOTE
    by_unit = {(unit.name, own): (row.expected, row.received) for unit, own, row in reporting.branches}
    assert by_unit == {("Xã N", True): (1, 1), ("Ấp X1", False): (2, 1), ("Ấp Z1", False): (0, 0)}
    months = {key: row.expected for key, row in reporting.months.items()}
    assert months == {(2025, 2): 1, (2025, 5): 1, (2025, 8): 1}


def test_a_year_on_one_side_of_the_date_reads_the_unit_alone(case):
    before = compliance_report(case.n, D(2025, 7, 1), D(2025, 12, 31), SYSTEM)
    assert [row.code for row in before.people] == ["CB-BINH"] and before.lineage_note == ""
    old = compliance_report(case.x, D(2025, 1, 1), LAST_OLD, SYSTEM)
    assert [row.code for row in old.people] == ["CB-AN"] and old.lineage_note == ""


def test_the_year_of_a_unit_that_took_others_place_is_not_cut_at_its_first_day(case):
    assert year_span(case.n, 2025) == YEAR
    assert year_span(case.x, 2025) == (D(2025, 1, 1), LAST_OLD)
    lone = Unit.objects.create(
        level=case.n.level, name="Xã Mới Lập", kind="Xã", parent=case.province, valid_from=REFORM
    )
    assert year_span(lone, 2025) == (REFORM, D(2025, 12, 31))


def test_page_api_and_command_say_whose_figures_they_include(case, admin_client):
    page = admin_client.get(reverse("compliance_detail", kwargs={"pk": case.n.pk}) + "?nam=2025")
    assert page.status_code == 200
    assert NOTE in page.content.decode()
    api = admin_client.get(reverse("api:compliance-detail", kwargs={"pk": case.n.pk}) + "?year=2025").json()
    assert api["lineage_note"] == NOTE and api["reporting"]["lineage_note"] == NOTE
    assert [p["name"] for p in api["predecessors"]] == ["Xã X", "Xã Y", "Xã Z"]
    assert api == json.loads(json.dumps(compliance_data(compliance_report(case.n, *YEAR, SYSTEM), None) | {
        "reporting": api["reporting"]
    }))  # fmt: skip
    out = StringIO()
    call_command("compliance", unit="92001", year="2025", stdout=out)
    assert NOTE in out.getvalue()


def test_a_cadre_who_goes_on_in_the_new_commune_is_measured_over_both_halves(case):
    """Dũng, at home in Xã Y, held his post there to 30/06/2025 and the same post in Xã N (the position names the
    unit) from 01/07/2025: Xã N's 2025 counts him over the whole year, under each province's rule in turn; Xã Y's
    first half counts him too; the place shown is Xã N."""
    title = PositionTitle.objects.get(name="Huyện ủy viên")
    dung = Person.objects.create(code="CB-DUNG", full_name="Phạm Văn Dũng", home_unit=case.y)
    Position.objects.create(person=dung, title=title, start_date=D(2024, 1, 1), end_date=LAST_OLD)
    Position.objects.create(person=dung, title=title, start_date=REFORM, unit=case.n, organization="Đảng ủy Xã N")
    Assignment.objects.create(person=dung, unit=case.y1, start_date=D(2024, 1, 1), end_date=LAST_OLD,
                              override_reason="thử")  # fmt: skip
    Assignment.objects.create(person=dung, unit=case.new_x1, start_date=REFORM, override_reason="thử")
    _attend(case.cell_y1, dung, D(2025, 4, 10))  # quarter II, old Ấp Y1
    _attend(case.new_cell_x1, dung, D(2025, 7, 20))  # quarter III, Xã N's Ấp X1
    _attend(case.new_cell_x1, dung, D(2025, 11, 5))  # quarter IV

    old_rule = AttendanceRule.objects.get(unit=case.old_province)
    new_rule = AttendanceRule.objects.get(unit=case.province)

    def by_rule(row):
        return {r.rule_id: (r.required, r.attended) for r in row.compliance.results}

    rows = {row.code: row for row in compliance_report(case.n, *YEAR, SYSTEM).people}
    # One a quarter: quarters I and II under the old province's rule (one attended), III and IV under the new
    # one's (both attended); he is behind on the first.
    assert by_rule(rows["CB-DUNG"]) == {old_rule.pk: (pytest.approx(2.0), 1), new_rule.pk: (pytest.approx(2.0), 2)}
    assert (rows["CB-DUNG"].required, rows["CB-DUNG"].attended, rows["CB-DUNG"].compliance.compliant) == (
        pytest.approx(2.0),
        1,
        False,
    )
    assert rows["CB-DUNG"].home_unit == "Xã N"
    old = {row.code: row for row in compliance_report(case.y, D(2025, 1, 1), LAST_OLD, SYSTEM).people}
    assert by_rule(old["CB-DUNG"]) == {old_rule.pk: (pytest.approx(2.0), 1)}
