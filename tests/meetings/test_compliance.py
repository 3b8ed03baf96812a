"""Compliance equals an independent, day-by-day calculation, on cases that cross period boundaries, rule
changes, partial assignments, excluded titles and departures; and the page's selector gives the same."""

import datetime
import random

import pytest

from diaban.assignments.models import Assignment
from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import Activity, MeetingStatus, Period
from diaban.meetings.compliance import PersonFacts, RuleFacts, calendar_periods, measure, person_compliance
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.meetings.selectors.compliance import compliance_report
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle

D = datetime.date
DAY = datetime.timedelta(days=1)


# ---------------------------------------------------------------------------------------------------------
# The independent calculation: walk every day, no interval arithmetic.


def _daily(start, end):
    day = start
    while day <= end:
        yield day
        day += DAY


def _held(spans, day):
    return any(s <= day and (e is None or day <= e) for s, e in spans)


def _eligible_by_day(rule, person, day):
    if day < rule.valid_from or (rule.valid_until and day > rule.valid_until):
        return False
    if person.departed_on and day >= person.departed_on:
        return False
    if not _held([(s, e) for t, s, e in person.positions if t in rule.titles], day):
        return False
    if _held([(s, e) for t, s, e in person.positions if t in rule.excluded_titles], day):
        return False
    if rule.activity == Activity.ASSIGNED and not _held([(s, e) for _p, s, e in person.assignments], day):
        return False
    return True


def _period_of(period, day):
    """The calendar month / quarter / year containing `day`, as (first, last)."""
    if period == Period.YEAR:
        return D(day.year, 1, 1), D(day.year, 12, 31)
    months = 3 if period == Period.QUARTER else 1
    first_month = (day.month - 1) // months * months + 1
    first = D(day.year, first_month, 1)
    next_month = first_month + months
    following = D(day.year + (next_month > 12), (next_month - 1) % 12 + 1, 1)
    return first, following - DAY


def independent(rule, person, start, end):
    required = 0.0
    for day in _daily(start, end):
        if _eligible_by_day(rule, person, day):
            first, last = _period_of(rule.period, day)
            required += rule.minimum / ((last - first).days + 1)
    attended = set()
    for meeting, day, path in person.attendances:
        if not (start <= day <= end and _eligible_by_day(rule, person, day)):
            continue
        if rule.activity == Activity.HOME_AREA:
            ok = path.startswith(person.home_path)
        else:
            ok = any(path.startswith(p) and s <= day and (e is None or day <= e) for p, s, e in person.assignments)
        if ok:
            attended.add(meeting)
    return required, len(attended)


# ---------------------------------------------------------------------------------------------------------
# Hand-picked cases


def _rule(**kw):
    base = dict(id=1, minimum=2, period=Period.YEAR, activity=Activity.ASSIGNED, valid_from=D(2020, 1, 20),
                valid_until=None, titles=frozenset({10}), excluded_titles=frozenset({99}),
                unit_path="0001")  # fmt: skip
    base.update(kw)
    return RuleFacts(**base)


def _person(**kw):
    base = dict(person_id=7, home_path="00010002", positions=[(10, D(2020, 1, 1), None)],
                assignments=[("000100020003", D(2020, 1, 1), None)], attendances=[])  # fmt: skip
    base.update(kw)
    return PersonFacts(**base)


def test_half_year_assignment_owes_half_of_a_yearly_quota():
    person = _person(assignments=[("000100020003", D(2024, 7, 1), None)])
    result = measure(_rule(), person, D(2024, 1, 1), D(2024, 12, 31))
    assert result.required == pytest.approx(2 * 184 / 366)  # 1 July – 31 December of a leap year


def test_attendance_outside_the_assigned_unit_or_before_the_assignment_does_not_count():
    person = _person(
        assignments=[("000100020003", D(2024, 3, 1), D(2024, 8, 31))],
        attendances=[
            (1, D(2024, 2, 5), "000100020003"),  # before the assignment
            (2, D(2024, 3, 5), "0001000200030001"),  # inside the assigned unit's subtree: counts
            (3, D(2024, 4, 5), "000100020009"),  # another unit
            (4, D(2024, 9, 5), "000100020003"),  # after the assignment ended
        ],
    )
    assert measure(_rule(), person, D(2024, 1, 1), D(2024, 12, 31)).attended == 1


def test_rule_change_mid_year_splits_the_requirement():
    yearly = _rule(id=1, valid_until=D(2024, 6, 30))
    monthly = _rule(id=2, minimum=1, period=Period.MONTH, valid_from=D(2024, 7, 1))
    person = _person(attendances=[(m, D(2024, m, 5), "000100020003") for m in range(1, 13)])
    first = measure(yearly, person, D(2024, 1, 1), D(2024, 12, 31))
    second = measure(monthly, person, D(2024, 1, 1), D(2024, 12, 31))
    assert first.required == pytest.approx(2 * 182 / 366) and first.attended == 6
    assert second.required == pytest.approx(6) and second.attended == 6
    result = person_compliance([yearly, monthly], person, D(2024, 1, 1), D(2024, 12, 31))
    assert result.compliant and result.ratio == pytest.approx(1.0)  # the monthly rule binds


def test_a_quarter_asked_across_the_new_year():
    rule = _rule(minimum=1, period=Period.QUARTER)
    person = _person(attendances=[(1, D(2024, 12, 20), "000100020003")])
    result = measure(rule, person, D(2024, 11, 16), D(2025, 2, 14))
    assert result.required == pytest.approx(46 / 92 + 45 / 90)
    assert result.attended == 1


def test_excluded_title_and_departure_remove_days():
    person = _person(
        positions=[(10, D(2020, 1, 1), None), (99, D(2024, 4, 1), D(2024, 5, 31))],  # district secretary Apr–May
        departed_on=D(2024, 10, 1),
    )
    result = measure(_rule(minimum=1, period=Period.MONTH), person, D(2024, 1, 1), D(2024, 12, 31))
    assert result.required == pytest.approx(9 - 2)  # Jan–Sep, less April and May


def test_rules_of_another_committee_do_not_bind():
    assert not person_compliance([_rule(unit_path="0009")], _person(), D(2024, 1, 1), D(2024, 12, 31)).assessed


def test_calendar_periods_cover_the_asked_span():
    assert calendar_periods(Period.QUARTER, D(2024, 11, 16), D(2025, 2, 14)) == [
        (D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
    ]


# ---------------------------------------------------------------------------------------------------------
# Many random cases against the day-by-day calculation


def _random_span(rng, low, high):
    start = low + DAY * rng.randrange((high - low).days)
    end = None if rng.random() < 0.3 else start + DAY * rng.randrange(1, 500)
    return start, end


@pytest.mark.parametrize("seed", range(300))
def test_equals_the_day_by_day_calculation(seed):
    rng = random.Random(seed)
    low, high = D(2023, 1, 1), D(2026, 1, 1)
    valid_from, valid_until = _random_span(rng, D(2022, 6, 1), high)
    rule = _rule(
        minimum=rng.randint(1, 4),
        period=rng.choice(list(Period)),
        activity=rng.choice(list(Activity)),
        valid_from=valid_from,
        valid_until=valid_until,
        titles=frozenset({10, 11}),
    )
    positions = [(rng.choice([10, 11, 12, 99]), *_random_span(rng, low, high)) for _ in range(rng.randint(1, 3))]
    units = ["000100020003", "000100020004", "000100090001"]
    assignments = [(rng.choice(units), *_random_span(rng, low, high)) for _ in range(rng.randint(0, 3))]
    attendances = [
        (n, low + DAY * rng.randrange(1000), rng.choice(units) + rng.choice(["", "0001"])) for n in range(25)
    ]
    attendances.append(attendances[0])  # the same meeting twice counts once
    person = _person(
        positions=positions,
        assignments=assignments,
        attendances=attendances,
        departed_on=None if rng.random() < 0.7 else low + DAY * rng.randrange(1000),
    )
    start = low + DAY * rng.randrange(700)
    end = start + DAY * rng.randrange(1, 400)
    required, attended = independent(rule, person, start, end)
    result = measure(rule, person, start, end)
    assert result.required == pytest.approx(required)
    assert result.attended == attended


# ---------------------------------------------------------------------------------------------------------
# Through the database: the selector the page, the API and the CLI use


@pytest.fixture
def cadre_case(tree):
    """A district committee member of province A, assigned to a hamlet from 1 July 2024, under a quarterly rule
    in force from 1 April 2024; attended three meetings there and one elsewhere."""
    title = PositionTitle.objects.get(name="Huyện ủy viên")
    person = Person.objects.create(code="CB-X", full_name="Phạm Văn Bình", home_unit=tree.district_a)
    Position.objects.create(person=person, title=title, start_date=D(2020, 10, 1))
    hamlet = tree.hamlets_a[1]
    Assignment.objects.create(person=person, unit=hamlet, start_date=D(2024, 7, 1), override_reason="thử")
    rule = AttendanceRule.objects.create(
        name="Huyện ủy viên dự sinh hoạt chi bộ ấp",
        unit=tree.province_a,
        activity=Activity.ASSIGNED,
        minimum=1,
        period=Period.QUARTER,
        document="Quy định thử nghiệm",
        valid_from=D(2024, 4, 1),
    )
    rule.titles.add(title)
    cell = tree.cell_a.__class__.objects.create(
        kind=tree.cell_a.kind, name="Chi bộ ấp hai", unit=hamlet, parent=tree.committee_a, meeting_day=10
    )
    for day in [D(2024, 6, 10), D(2024, 7, 10), D(2024, 9, 10), D(2024, 11, 10)]:
        meeting = Meeting.objects.create(organization=cell, date=day, planned_date=day, status=MeetingStatus.HELD)
        Attendance.objects.create(meeting=meeting, person=person, source="cadre")
    other = Meeting.objects.create(organization=tree.cell_a, date=D(2024, 8, 5), planned_date=D(2024, 8, 5))
    other.status = MeetingStatus.HELD
    other.save()
    Attendance.objects.create(meeting=other, person=person, source="cell")
    return person


def test_selector_gives_the_hand_calculated_figures(cadre_case, tree):
    report = compliance_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), SYSTEM)
    row = next(p for p in report.people if p.person_id == cadre_case.pk)
    # Quarters III and IV fully eligible (1 each); 10/06 is before the assignment; 05/08 is in another hamlet.
    assert row.required == pytest.approx(2.0)
    assert row.attended == 3
    assert row.compliance.compliant
    assert report.assessed == 1 and report.compliant == 1
    branch = next(b for b in report.branches if b.unit == tree.district_a)
    assert (branch.assessed, branch.compliant) == (1, 1)


def test_selector_counts_only_held_meetings_and_the_users_scope(cadre_case, tree, accounts):
    Meeting.objects.filter(date__in=[D(2024, 9, 10), D(2024, 11, 10)]).update(status=MeetingStatus.POSTPONED)
    report = compliance_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), SYSTEM)
    assert report.people[0].attended == 1 and not report.people[0].compliance.compliant
    assert report.behind[0].person_id == cadre_case.pk

    outsider = compliance_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), accounts[Role.GRASSROOTS])
    assert outsider.people == []  # the person's home is the district, outside a hamlet secretary's scope
