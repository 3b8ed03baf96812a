"""The history every app keeps: one abstract `Event`, written by `record()` and read back by `change_lines()`."""

import datetime
import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser

from diaban.assignments.choices import EventAction
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.core.history import Event, change_lines, fold_into_last_save
from diaban.core.scoping import SYSTEM
from diaban.feedback.models import RecommendationEvent
from diaban.meetings.choices import RuleEventAction
from diaban.meetings.models import AttendanceRuleEvent, ReportEvent
from diaban.meetings.services import attendance_rules
from diaban.people.choices import Role
from diaban.people.models import Person, PositionTitle
from diaban.visits.models import PlanEvent

LABELS = {"minimum": "số lần tối thiểu", "period": "kỳ tính"}


# ---------------------------------------------------------------------------------------------------------
# The change-labeller


def test_change_lines_read_before_and_after_under_the_field_label():
    changes = {"minimum": ["2", "3"], "period": ["năm", "quý"]}
    assert change_lines(changes, LABELS) == ["Số lần tối thiểu: 2 → 3", "Kỳ tính: năm → quý"]


def test_a_created_object_reads_its_values_alone():
    assert change_lines({"minimum": ["", "2"]}, LABELS, created=True) == ["Số lần tối thiểu: 2"]


def test_empty_values_read_as_a_dash_and_unlabelled_fields_keep_their_name():
    assert change_lines({"document": ["", "QĐ 1"], "minimum": ["2", ""]}, LABELS) == [
        "Document: — → QĐ 1",
        "Số lần tối thiểu: 2 → —",
    ]
    assert change_lines({"document": ["x", None]}, LABELS, created=True) == ["Document: —"]
    assert change_lines({}, LABELS) == []


def test_event_lines_use_its_own_changes():
    event = ReportEvent(changes={"minimum": [1, 2]})
    assert event.lines(LABELS) == ["Số lần tối thiểu: 1 → 2"]


# ---------------------------------------------------------------------------------------------------------
# The shape every history shares


@pytest.mark.parametrize("model", [AssignmentEvent, ReportEvent, AttendanceRuleEvent, PlanEvent, RecommendationEvent])
def test_every_history_is_an_event_in_time_order(model):
    assert issubclass(model, Event)
    assert Event._meta.abstract and not model._meta.abstract
    assert model._meta.ordering == ["at", "id"]
    actor = model._meta.get_field("actor")
    assert actor.null and actor.remote_field.on_delete.__name__ == "SET_NULL"


def test_a_recommendation_keeps_its_status_rather_than_changes_and_may_be_dated():
    names = {f.name for f in RecommendationEvent._meta.concrete_fields}
    assert "changes" not in names and {"status", "agency", "comment", "at"} <= names
    assert not RecommendationEvent._meta.get_field("at").auto_now_add
    assert ReportEvent._meta.get_field("at").auto_now_add


# ---------------------------------------------------------------------------------------------------------
# record()


@pytest.fixture
def staff(accounts):
    return accounts[Role.ORGANIZATION]


@pytest.fixture
def rule(tree, staff):
    return attendance_rules.attendance_rule_create(
        actor=staff,
        name="Tỉnh ủy viên dự sinh hoạt chi bộ",
        unit=tree.province_a,
        titles=[PositionTitle.objects.get(name="Tỉnh ủy viên", level__key="province")],
        minimum=3,
        period="year",
        document="Quy định 1120-QĐ/TU ngày 20/01/2020",
        valid_from=datetime.date(2020, 2, 1),
    )


def test_record_writes_one_event_with_actor_action_changes_and_time(rule, staff):
    before = rule.events.count()
    event = AttendanceRuleEvent.record(
        rule=rule, action=RuleEventAction.CHANGED, actor=staff, changes={"minimum": ["3", "4"]}
    )
    event.refresh_from_db()
    assert rule.events.count() == before + 1
    assert (event.rule, event.action, event.actor, event.changes) == (
        rule,
        RuleEventAction.CHANGED,
        staff,
        {"minimum": ["3", "4"]},
    )
    assert event.at is not None
    assert event.lines() == ["Số lần tối thiểu: 3 → 4"]


@pytest.mark.parametrize("actor", [None, SYSTEM, AnonymousUser()], ids=["none", "system", "anonymous"])
def test_record_keeps_no_actor_for_the_system(rule, actor):
    event = AttendanceRuleEvent.record(rule=rule, action=RuleEventAction.CHANGED, actor=actor)
    event.refresh_from_db()
    assert event.actor is None
    assert event.changes == {}


def test_record_stores_text_in_the_one_unicode_form_and_the_subclass_fields(tree, staff):
    person = Person.objects.create(code="T1", full_name="Nguyễn Văn Tỉnh", home_unit=tree.province_a)
    assignment = Assignment.objects.create(person=person, unit=tree.hamlets_a[1], start_date=datetime.date(2021, 1, 4))
    typed = unicodedata.normalize("NFD", " Cần bổ sung quyết định ")
    event = AssignmentEvent.record(
        assignment=assignment, action=EventAction.OVERRIDDEN, actor=staff, reason=typed, changes={"after": {}}
    )
    event.refresh_from_db()
    assert event.reason == "Cần bổ sung quyết định"
    assert unicodedata.is_normalized("NFC", event.reason)
    assert (event.assignment, event.action, event.actor) == (assignment, EventAction.OVERRIDDEN, staff)
    assert list(assignment.events.all()) == [event]


def test_fold_into_last_save_joins_a_recorded_save(rule, staff):
    event = AttendanceRuleEvent.record(
        rule=rule, action=RuleEventAction.CHANGED, actor=staff, changes={"minimum": ["3", "4"]}
    )
    assert fold_into_last_save(event, action=RuleEventAction.CHANGED, actor=staff, changes={"minimum": ["4", "5"]})
    event.refresh_from_db()
    assert event.changes == {"minimum": ["3", "5"]}
