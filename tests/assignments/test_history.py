"""Rotation, departure, reorganization and bulk assignment: the past is never edited, coverage follows."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from diaban.assignments.choices import EndReason, EventAction
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.assignments.selectors import assignments_awaiting_successor, coverage_by_level
from diaban.assignments.services import (
    assignment_create,
    assignment_end,
    assignment_move_to_successor,
    assignment_rotate,
    assignments_bulk_create,
    person_depart,
)
from diaban.people.choices import DepartureReason
from diaban.territory.choices import SuccessionKind
from diaban.territory.models import Succession
from tests.conftest import make_unit

START = datetime.date(2021, 1, 4)
ROTATION = datetime.date(2023, 7, 1)
DAY = datetime.timedelta(days=1)


def hamlets_covered(tree, staff, date):
    rows = {row.level.key: row for row in coverage_by_level(tree.province_a, date, staff)}
    return rows["hamlet"].covered, rows["hamlet"].total


@pytest.mark.django_db
def test_rotation_keeps_the_old_assignment_and_coverage_is_right_either_side(tree, staff, cadres):
    first, second = tree.hamlets_a[1], tree.hamlets_a[2]
    old = assignment_create(
        actor=staff, person=cadres["district"], unit=first, start_date=START, decision_number="5-QĐ"
    )
    # hamlets_a[0] is followed by the fixture's own assignment: 2 of 4 hamlets before the rotation.
    assert hamlets_covered(tree, staff, ROTATION - DAY) == (2, 4)
    new = assignment_rotate(
        actor=staff, assignment=old, new_unit=second, date=ROTATION, note="Luân chuyển theo kế hoạch 2023"
    )
    old.refresh_from_db()
    assert (old.unit, old.start_date, old.end_date, old.end_reason) == (first, START, ROTATION - DAY, EndReason.ROTATED)
    assert old.decision_number == "5-QĐ"
    assert (new.unit, new.start_date, new.end_date, new.previous) == (second, ROTATION, None, old)
    covered = {
        date: set(Assignment.objects.active_on(date).filter(person=cadres["district"]).values_list("unit", flat=True))
        for date in (ROTATION - DAY, ROTATION)
    }
    assert covered == {ROTATION - DAY: {first.pk}, ROTATION: {second.pk}}
    assert hamlets_covered(tree, staff, ROTATION - DAY) == (2, 4)
    assert hamlets_covered(tree, staff, ROTATION) == (2, 4)
    # The history tells who did what and when, on both assignments.
    old_events = list(old.events.values_list("action", flat=True))
    assert old_events == [EventAction.CREATED, EventAction.ROTATED]
    rotated = old.events.get(action=EventAction.ROTATED)
    assert rotated.actor == staff and rotated.changes["end_date"] == ["", "30/06/2023"]
    assert rotated.reason == "Luân chuyển theo kế hoạch 2023"
    assert new.events.get().action == EventAction.ROTATED


@pytest.mark.django_db
def test_rotation_on_or_before_the_start_is_refused(tree, staff, cadres):
    old = assignment_create(actor=staff, person=cadres["district"], unit=tree.hamlets_a[1], start_date=START)
    with pytest.raises(ValidationError, match="phải sau ngày bắt đầu phân công 04/01/2021"):
        assignment_rotate(actor=staff, assignment=old, new_unit=tree.hamlets_a[2], date=START)
    old.refresh_from_db()
    assert old.end_date is None and Assignment.objects.filter(person=cadres["district"]).count() == 1


@pytest.mark.django_db
def test_departure_ends_every_running_assignment_with_the_reason(tree, staff, cadres):
    person = cadres["district"]
    running = [
        assignment_create(actor=staff, person=person, unit=hamlet, start_date=START) for hamlet in tree.hamlets_a[1:3]
    ]
    finished = assignment_create(actor=staff, person=person, unit=tree.hamlets_a[3], start_date=START)
    assignment_end(actor=staff, assignment=finished, end_date=datetime.date(2022, 1, 31))
    leaving = datetime.date(2024, 4, 1)
    ended = person_depart(actor=staff, person=person, date=leaving, reason=DepartureReason.RETIRED, note="Nghỉ hưu")
    assert {a.pk for a in ended} == {a.pk for a in running}
    for assignment in Assignment.objects.filter(pk__in=[a.pk for a in running]):
        assert (assignment.end_date, assignment.end_reason) == (leaving - DAY, EndReason.DEPARTED)
        assert assignment.events.get(action=EventAction.DEPARTED).reason == "nghỉ hưu: Nghỉ hưu"
    finished.refresh_from_db()
    assert finished.end_date == datetime.date(2022, 1, 31)
    person.refresh_from_db()
    assert person.departed_on == leaving and person.departure_reason == DepartureReason.RETIRED
    assert hamlets_covered(tree, staff, leaving - DAY) == (3, 4)
    assert hamlets_covered(tree, staff, leaving) == (1, 4)
    with pytest.raises(ValidationError, match="đã thôi công tác từ ngày 01/04/2024"):
        assignment_create(actor=staff, person=person, unit=tree.hamlets_a[3], start_date=datetime.date(2024, 5, 1))


@pytest.mark.django_db
def test_a_reorganization_offers_to_move_assignments_to_the_successor(tree, staff, cadres):
    old_commune = tree.communes_a[1]
    assignment = assignment_create(actor=staff, person=cadres["province"], unit=old_commune, start_date=START)
    merged_on = datetime.date(2025, 7, 1)
    old_commune.valid_until = merged_on - DAY
    old_commune.save()
    new_commune = make_unit("commune", "Xã Đức Phú A", tree.district_a, code="83199", valid_from=merged_on)
    Succession.objects.create(predecessor=old_commune, successor=new_commune, kind=SuccessionKind.MERGE, date=merged_on)
    assert list(assignments_awaiting_successor(staff)) == [assignment]
    moved = assignment_move_to_successor(actor=staff, assignment=assignment, successor=new_commune, override_reason="")
    assignment.refresh_from_db()
    assert (assignment.end_date, assignment.end_reason) == (merged_on - DAY, EndReason.REORGANIZED)
    assert (moved.unit, moved.start_date, moved.previous, moved.rule.name) == (
        new_commune,
        merged_on,
        assignment,
        "Tỉnh nắm tới xã, phường, đặc khu",
    )
    assert moved.events.get().action == EventAction.MOVED
    assert list(assignments_awaiting_successor(staff)) == []


@pytest.mark.django_db
def test_bulk_assignment_is_all_or_nothing_and_names_each_bad_line(tree, staff, cadres):
    items = [
        {"person": cadres["district"], "unit": tree.hamlets_a[1], "start_date": START},
        {"person": cadres["district"], "unit": tree.communes_a[0], "start_date": START},  # against the policy
        {"person": cadres["district"], "unit": tree.hamlets_a[2], "start_date": START},
        {"person": cadres["district"], "unit": tree.hamlets_b[0], "start_date": START},  # outside the scope
    ]
    before = Assignment.objects.count(), AssignmentEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        assignments_bulk_create(actor=staff, items=items)
    messages = refused.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Dòng 2: Quy tắc «Tỉnh nắm tới xã»")
    assert messages[1] == "Dòng 4: Ấp 1 Xã Đức Hòa B nằm ngoài phạm vi nhập liệu của bạn."
    assert (Assignment.objects.count(), AssignmentEvent.objects.count()) == before
    created = assignments_bulk_create(actor=staff, items=[items[0], items[2]])
    assert [a.unit for a in created] == [tree.hamlets_a[1], tree.hamlets_a[2]]
