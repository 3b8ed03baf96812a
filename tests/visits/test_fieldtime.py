"""Field time (days at the grassroots ÷ working days) checked against an independent day-by-day count with
Vietnam's 2025 public holidays written out by hand, on a period with lunar Tết and a leave; random periods,
trips and leave; a department's sums and the rule that sets its target."""

import datetime
import random

import pytest

from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting
from diaban.people.models import Department, Leave, Person
from diaban.visits.choices import PlanStatus, TripReportStatus
from diaban.visits.fieldtime import combine, meets_target, person_field_time
from diaban.visits.fieldtime_selectors import department_field_time, field_time_for_people, rule_for
from diaban.visits.models import FieldTimeRule, TripReport, VisitPlan
from diaban.visits.services.approval import plan_approve, plan_submit
from diaban.visits.services.plans import plan_create
from diaban.visits.services.trip_reports import trip_report_save, trip_report_start, trip_report_submit
from tests.visits.conftest import AGENDA

D = datetime.date
JAN_1, DEC_31 = D(2025, 1, 1), D(2025, 12, 31)

# Vietnam's public holidays of 2025 as the government announced them (Tết: 27/01–31/01; 02/05 given in
# exchange for Saturday 26/04), copied by hand rather than read from the `holidays` package.
HOLIDAYS_2025 = {
    D(2025, 1, 1),
    D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31),
    D(2025, 4, 7),
    D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2),
    D(2025, 9, 1), D(2025, 9, 2),
}  # fmt: skip


def independent_count(start, end, *, trips=(), meetings=(), leaves=(), departed_on=None):
    """The definition read literally, one day at a time: (field days, working days, days at the grassroots
    not counted), each also per (year, month)."""
    field = working = uncounted = 0
    months = {}
    day = start
    while day <= end:
        on_leave = any(first <= day <= last for first, last in leaves)
        gone = departed_on is not None and day >= departed_on
        is_working = day.isoweekday() <= 5 and day not in HOLIDAYS_2025 and not on_leave and not gone
        out = any(first <= day <= last for first, last in trips) or day in meetings
        month = months.setdefault((day.year, day.month), [0, 0])
        if is_working:
            working += 1
            month[1] += 1
            if out:
                field += 1
                month[0] += 1
        elif out:
            uncounted += 1
        day += datetime.timedelta(days=1)
    return field, working, uncounted, months


# ---------------------------------------------------------------------------------------------------------
# Building the facts


def _done_trip(owner, start, end, report=None, companions=(), status=PlanStatus.DONE):
    plan = VisitPlan.objects.create(
        title="Đi cơ sở {}".format(start.strftime("%d/%m")), owner=owner, start_date=start, end_date=end, status=status
    )
    plan.companions.set(companions)
    if report is not None:
        TripReport.objects.create(
            plan=plan, start_date=report[0], end_date=report[1], status=TripReportStatus.SUBMITTED
        )
    return plan


def _meeting(cell, day, people, status=MeetingStatus.HELD):
    meeting = Meeting.objects.create(
        organization=cell, kind="thematic", topic="Chuyên đề", date=day, planned_date=day, status=status
    )
    for person in people:
        Attendance.objects.create(meeting=meeting, person=person, source="cell")
    return meeting


def _done_through_services(field, tree, who, planned, actual):
    """A trip done the way a cadre does it: plan, two approvals, report with the actual dates, submit."""
    user = field.users[who]
    plan = plan_create(
        actor=user, title="Đi xã Đức Hòa", start_date=planned[0], end_date=planned[1],
        units=[tree.communes_a[0]], agenda=AGENDA,
    )  # fmt: skip
    plan_submit(actor=user, plan=plan)
    plan_approve(actor=field.users["truongphong"], plan=plan)
    plan_approve(actor=field.users["phoban"], plan=plan)
    report = trip_report_start(actor=user, plan=plan)
    part = report.units.first()
    trip_report_save(
        actor=user,
        report=report,
        fields={"start_date": actual[0], "end_date": actual[1]},
        units={part.pk: {"situation": "Chi bộ sinh hoạt đều, nề nếp"}},
    )
    trip_report_submit(actor=user, report=report)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    return plan


@pytest.fixture
def quarter(field, tree):
    return build_quarter(field, tree)


def build_quarter(field, tree):
    """The first quarter of 2025 of the specialist (Nguyễn Thị Thu Hà): a trip over a weekend, a trip whose
    report moved it by a day, a trip over Tết, a meeting on a trip day, a leave with a meeting in it, a trip
    cut by the period's end, and what must not count (a plan not done, a meeting not held)."""
    me, other = field.specialist, field.specialist2
    cell = tree.cell_a
    facts = {"trips": [], "meetings": set(), "leaves": []}
    # Thursday 09/01 to Monday 13/01: Saturday and Sunday are not counted.
    _done_trip(me, D(2025, 1, 9), D(2025, 1, 13), report=(D(2025, 1, 9), D(2025, 1, 13)))
    facts["trips"].append((D(2025, 1, 9), D(2025, 1, 13)))
    # Planned 20–21/01, done 21–22/01 according to the report: the report's dates count.
    _done_through_services(
        field, tree, "chuyenvien", (D(2025, 1, 20), D(2025, 1, 21)), (D(2025, 1, 21), D(2025, 1, 22))
    )
    facts["trips"].append((D(2025, 1, 21), D(2025, 1, 22)))
    # Over Tết, Thursday 30/01 to Monday 03/02: only Monday counts.
    _done_trip(me, D(2025, 1, 30), D(2025, 2, 3), report=(D(2025, 1, 30), D(2025, 2, 3)))
    facts["trips"].append((D(2025, 1, 30), D(2025, 2, 3)))
    # A meeting on 10/01, a day of the first trip: the day counts once.
    _meeting(cell, D(2025, 1, 10), [me])
    facts["meetings"].add(D(2025, 1, 10))
    # Leave Monday 17/02 to Friday 21/02, with a meeting attended on Wednesday 19/02: not counted.
    Leave.objects.create(person=me, start_date=D(2025, 2, 17), end_date=D(2025, 2, 21))
    facts["leaves"].append((D(2025, 2, 17), D(2025, 2, 21)))
    _meeting(cell, D(2025, 2, 19), [me])
    facts["meetings"].add(D(2025, 2, 19))
    # A meeting on Wednesday 05/03; one planned for 06/03 but not held.
    _meeting(cell, D(2025, 3, 5), [me, other])
    facts["meetings"].add(D(2025, 3, 5))
    _meeting(cell, D(2025, 3, 6), [me], status=MeetingStatus.PLANNED)
    # Approved but never done, and cancelled: not at the grassroots.
    _done_trip(me, D(2025, 3, 10), D(2025, 3, 11), status=PlanStatus.APPROVED)
    _done_trip(me, D(2025, 3, 17), D(2025, 3, 17), status=PlanStatus.CANCELLED)
    # Companion on a colleague's trip, 12–13/03 (no report yet on a done plan: the plan's dates).
    _done_trip(other, D(2025, 3, 12), D(2025, 3, 13), companions=[me])
    facts["trips"].append((D(2025, 3, 12), D(2025, 3, 13)))
    # Friday 28/03 to Wednesday 02/04: the period ends on 31/03.
    _done_trip(me, D(2025, 3, 28), D(2025, 4, 2), report=(D(2025, 3, 28), D(2025, 4, 2)))
    facts["trips"].append((D(2025, 3, 28), D(2025, 4, 2)))
    return facts


# ---------------------------------------------------------------------------------------------------------
# (a) The headline: one person, a period with Tết and a leave


def test_field_time_equals_an_independent_count_over_tet_and_a_leave(field, quarter):
    start, end = D(2025, 1, 1), D(2025, 3, 31)
    figure = field_time_for_people([field.specialist], start, end)[field.specialist.pk]
    field_days, working_days, uncounted, months = independent_count(start, end, **quarter)
    assert (figure.field_days, figure.working_days, figure.uncounted_days) == (field_days, working_days, uncounted)
    assert [(m.year, m.month, m.field_days, m.working_days) for m in figure.months] == [
        (y, m, f, w) for (y, m), (f, w) in sorted(months.items())
    ]
    # Worked out by hand. Working days: January 23 weekdays less 01/01 and Tết 27–31/01 = 17; February 20
    # weekdays less the leave 17–21/02 = 15; March 21. Field days: January 09, 10, 13, 21, 22 = 5 (10/01 has
    # a trip and a meeting: once; 30–31/01 are Tết); February 03 = 1 (19/02 is on leave); March 05, 12, 13,
    # 28, 31 = 5. Not counted: 11–12/01, 30/01–02/02, 19/02, 29–30/03 = 9.
    assert (figure.field_days, figure.working_days, figure.uncounted_days) == (11, 53, 9)
    assert [(m.field_days, m.working_days) for m in figure.months] == [(5, 17), (1, 15), (5, 21)]
    assert round(figure.ratio, 4) == 0.2075


def test_january_and_february_2025_by_hand(field, quarter):
    figure = field_time_for_people([field.specialist], D(2025, 1, 1), D(2025, 2, 28))[field.specialist.pk]
    assert (figure.field_days, figure.working_days) == (6, 32)
    assert [(m.label, m.field_days, m.working_days) for m in figure.months] == [("01/2025", 5, 17), ("02/2025", 1, 15)]
    # Tết week alone: no working day, no ratio.
    tet = field_time_for_people([field.specialist], D(2025, 1, 27), D(2025, 2, 2))[field.specialist.pk]
    assert (tet.field_days, tet.working_days, tet.ratio, tet.uncounted_days) == (0, 0, None, 4)


def test_the_colleague_counts_the_shared_meeting_and_their_own_trip(field, quarter):
    """The same facts seen from the trip's owner: their trip, the meeting they attended, nothing of the
    specialist's own trips or leave."""
    figure = field_time_for_people([field.specialist2], D(2025, 3, 1), D(2025, 3, 31))[field.specialist2.pk]
    assert (figure.field_days, figure.working_days) == (3, 21)  # 05/03, 12/03, 13/03


def test_days_from_departure_on_are_not_working_days(field, quarter):
    me = field.specialist
    me.departed_on = D(2025, 3, 13)  # left work on Thursday 13/03: 13/03 is no longer a working day
    me.save()
    figure = field_time_for_people(Person.objects.filter(pk=me.pk), D(2025, 3, 1), D(2025, 3, 31))[me.pk]
    assert (figure.field_days, figure.working_days) == (2, 8)  # 05/03, 12/03 of 03–07/03, 10–12/03


# ---------------------------------------------------------------------------------------------------------
# (b) Random periods, trips and leave against the independent count


@pytest.mark.parametrize("seed", range(6))
def test_random_periods_trips_and_leave_match_the_independent_count(field, tree, seed):
    rng = random.Random(seed)
    people = [field.specialist, field.specialist2, field.specialist3]
    facts = {p.pk: {"trips": [], "meetings": set(), "leaves": []} for p in people}

    def some_day(first=JAN_1, last=DEC_31):
        return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))

    for _ in range(14):
        owner = rng.choice(people)
        companions = rng.sample([p for p in people if p != owner], rng.randint(0, 2))
        start = some_day()
        end = start + datetime.timedelta(days=rng.randint(0, 6))
        done = rng.random() < 0.75
        report = None
        if rng.random() < 0.7:
            shift = datetime.timedelta(days=rng.randint(-2, 2))
            report = (start + shift, end + shift + datetime.timedelta(days=rng.randint(0, 2)))
        _done_trip(owner, start, end, report=report, companions=companions,
                   status=PlanStatus.DONE if done else PlanStatus.APPROVED)  # fmt: skip
        if done:
            for person in [owner, *companions]:
                facts[person.pk]["trips"].append(report or (start, end))
    for day in {some_day() for _ in range(12)}:
        held = rng.random() < 0.8
        going = rng.sample(people, rng.randint(1, 3))
        _meeting(tree.cell_a, day, going, status=MeetingStatus.HELD if held else MeetingStatus.POSTPONED)
        if held:
            for person in going:
                facts[person.pk]["meetings"].add(day)
    for person in people:
        for _ in range(rng.randint(0, 3)):
            first = some_day()
            last = first + datetime.timedelta(days=rng.randint(0, 9))
            Leave.objects.create(person=person, start_date=first, end_date=last)
            facts[person.pk]["leaves"].append((first, last))
    if rng.random() < 0.5:
        people[2].departed_on = some_day(D(2025, 3, 1))
        people[2].save()
    for _ in range(4):
        start = some_day(D(2025, 1, 1), D(2025, 12, 1))
        end = some_day(start, D(2025, 12, 31))
        figures = field_time_for_people(Person.objects.filter(pk__in=[p.pk for p in people]), start, end)
        for person in people:
            expected = independent_count(start, end, departed_on=person.departed_on, **facts[person.pk])
            got = figures[person.pk]
            assert (got.field_days, got.working_days, got.uncounted_days) == expected[:3], (seed, start, end, person)
            assert {(m.year, m.month): [m.field_days, m.working_days] for m in got.months} == expected[3]


def test_pure_computation_on_plain_dates():
    """No database: a working-day rule given by the caller, intervals that overlap, meetings outside the
    period, and the target compared in whole numbers."""
    every_day = lambda day: True  # noqa: E731
    figure = person_field_time(
        D(2025, 1, 1), D(2025, 1, 10), trips=[(D(2024, 12, 30), D(2025, 1, 2)), (D(2025, 1, 2), D(2025, 1, 3))],
        meetings=[D(2025, 1, 3), D(2025, 1, 20)], leaves=[(D(2025, 1, 9), D(2025, 1, 12))], working_day=every_day,
    )  # fmt: skip
    assert (figure.field_days, figure.working_days, figure.uncounted_days) == (3, 8, 0)
    assert meets_target(10, 30, 1, 3) and not meets_target(9, 30, 1, 3) and meets_target(0, 0, 1, 3) is None
    both = combine([figure, figure], D(2025, 1, 1), D(2025, 1, 10))
    assert (both.field_days, both.working_days, both.ratio) == (6, 16, 6 / 16)
    with pytest.raises(ValueError):
        person_field_time(D(2025, 1, 2), D(2025, 1, 1))


# ---------------------------------------------------------------------------------------------------------
# (c) A department: sums over its members, each against their rule; the rule lookup


def test_rule_in_force_for_the_narrowest_department(field):
    agency, dept, dept2 = field.agency, field.dept, field.dept2
    assert rule_for(dept, D(2025, 3, 31)) is None
    old = FieldTimeRule.objects.create(
        name="Quy chế cũ", department=agency, share_numerator=1, share_denominator=4, source="QC 01",
        valid_from=D(2018, 1, 1),
    )  # fmt: skip
    third = FieldTimeRule.objects.create(
        name="Dành 1/3 thời gian đi cơ sở", department=agency, source="Quy chế 05-QC/BTCTU",
        valid_from=D(2021, 1, 1),
    )  # fmt: skip
    own = FieldTimeRule.objects.create(
        name="Phòng Tổ chức cán bộ: 2/5", department=dept2, share_numerator=2, share_denominator=5,
        source="QĐ 12", valid_from=D(2025, 4, 1), valid_until=D(2025, 12, 31),
    )  # fmt: skip
    assert rule_for(agency, D(2020, 6, 30)) == old  # before the newer rule
    assert rule_for(dept, D(2025, 3, 31)) == third  # the newest of the agency's, inherited
    assert rule_for(dept2, D(2025, 3, 31)) == third  # its own is not yet in force
    assert rule_for(dept2, D(2025, 6, 30)) == own  # its own, narrower
    assert rule_for(dept2, D(2026, 1, 31)) == third  # its own has ended


def test_department_sums_its_members_and_counts_who_meets_the_target(field, tree, quarter):
    start, end = D(2025, 1, 1), D(2025, 3, 31)
    rule = FieldTimeRule.objects.create(
        name="Dành 1/3 thời gian đi cơ sở", department=field.agency, source="Quy chế 05-QC/BTCTU",
        valid_from=D(2021, 1, 1),
    )  # fmt: skip
    FieldTimeRule.objects.create(
        name="Phòng Tổ chức cán bộ: 1/10", department=field.dept2, share_numerator=1, share_denominator=10,
        source="QĐ 12", valid_from=D(2024, 1, 1),
    )  # fmt: skip
    # The specialist of the second department: 6 days in March (a week-long trip), above 1/10, below 1/3.
    _done_trip(field.specialist3, D(2025, 3, 3), D(2025, 3, 10), report=(D(2025, 3, 3), D(2025, 3, 10)))
    # Someone who left before the period and someone of province B are not members here.
    gone = Person.objects.create(code="BTC-99", full_name="Hồ Văn Xưa", home_unit=tree.province_a,
                                 department=field.dept, departed_on=D(2024, 12, 31))  # fmt: skip
    elsewhere = Person.objects.create(
        code="BTC-B1", full_name="Lý Thị Xa", home_unit=tree.province_b, department=field.dept
    )
    _done_trip(elsewhere, D(2025, 1, 6), D(2025, 1, 10))

    leader = field.users["truongban"]  # sees province A only
    result = department_field_time(field.agency, start, end, leader)
    names = [r.person.full_name for r in result.rows]
    assert gone.full_name not in names and elsewhere.full_name not in names
    # Seven people of the agency and its two departments, in the Vietnamese order (given name first).
    assert names == ["Lê Văn Bình", "Phạm Văn Đức", "Nguyễn Thị Thu Hà", "Ngô Thị Hạnh", "Võ Minh Khoa",
                     "Đỗ Thị Mai", "Trần Quốc Việt"]  # fmt: skip
    by_code = {r.person.code: r for r in result.rows}
    assert (by_code["BTC-11"].figure.field_days, by_code["BTC-11"].figure.working_days) == (11, 53)
    assert by_code["BTC-11"].rule == rule and by_code["BTC-11"].meets is False
    assert by_code["BTC-21"].rule.share_denominator == 10 and by_code["BTC-21"].meets is True
    assert by_code["BTC-12"].figure.field_days == 3 and by_code["BTC-12"].meets is False
    # The total is the sum of days, not an average of ratios.
    assert result.total.field_days == sum(r.figure.field_days for r in result.rows) == 11 + 3 + 6
    assert result.total.working_days == 53 + 6 * 58  # everyone else works every working day of the quarter
    assert [m.field_days for m in result.total.months] == [5, 1, 5 + 3 + 6]
    assert (result.rule, result.at_target, result.assessed) == (rule, 1, 7)
    # The two departments below, each with its own members.
    branches = {b.department.pk: b for b in result.branches}
    assert (branches[field.dept.pk].members, branches[field.dept.pk].figure.field_days) == (3, 14)
    assert (branches[field.dept2.pk].members, branches[field.dept2.pk].at_target) == (2, 1)
    # A department below: only its members; the rule inherited from the agency.
    narrow = department_field_time(field.dept, start, end, SYSTEM)
    assert {r.person.code for r in narrow.rows} == {"BTC-10", "BTC-11", "BTC-12", "BTC-B1"}  # the system sees B
    assert narrow.rule == rule and [a.pk for a in narrow.ancestors] == [field.agency.pk]


def test_without_a_rule_no_target(field, quarter):
    result = department_field_time(field.dept, D(2025, 1, 1), D(2025, 3, 31), field.users["truongban"])
    assert result.rule is None and result.assessed == 0 and result.chart()["target"] is None
    assert all(r.meets is None for r in result.rows)


def test_a_department_of_another_level_is_not_mixed_in(field, tree):
    """Departments are found through their unit's ancestors and subtree: a district committee's department
    is neither above nor below the province's."""
    district_agency = Department.objects.create(name="Ban Tổ chức Huyện ủy", unit=tree.district_a)
    Person.objects.create(code="H-1", full_name="Cao Văn Huyện", home_unit=tree.district_a, department=district_agency)
    result = department_field_time(field.agency, D(2025, 1, 1), D(2025, 1, 31), SYSTEM)
    assert "H-1" not in {r.person.code for r in result.rows}
    FieldTimeRule.objects.create(name="1/3 cấp tỉnh", department=field.agency, source="QC")
    assert rule_for(district_agency, D(2025, 1, 31)) is None
