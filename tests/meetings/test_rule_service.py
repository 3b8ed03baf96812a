"""Attendance rules are written by `meetings.services.attendance_rules`: every check in one place, the same Vietnamese
messages on every path, nothing stored on a refusal, and a history of who set or changed what."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import RuleEventAction
from diaban.meetings.models import AttendanceRule, AttendanceRuleEvent
from diaban.meetings.services import attendance_rules
from diaban.people.choices import Role
from diaban.people.models import PositionTitle
from diaban.people.services import account_upsert

D = datetime.date


def title(name, level="province"):
    return PositionTitle.objects.get(name=name, level__key=level)


def fields(tree, **changes):
    return {
        "name": "Tỉnh ủy viên dự sinh hoạt chi bộ",
        "unit": tree.province_a,
        "titles": [title("Tỉnh ủy viên")],
        "minimum": 3,
        "period": "year",
        "document": "Quy định 1120-QĐ/TU ngày 20/01/2020",
        "valid_from": D(2020, 2, 1),
        **changes,
    }


@pytest.fixture
def staff(accounts):
    return accounts[Role.ORGANIZATION]


@pytest.fixture
def rule(tree, staff):
    return attendance_rules.attendance_rule_create(actor=staff, **fields(tree))


def stored(rule) -> tuple:
    """Everything of the rule as the database holds it."""
    rule = AttendanceRule.objects.get(pk=rule.pk)
    names = ["name", "unit_id", "activity", "minimum", "period", "document", "valid_from", "valid_until"]
    return (
        tuple(getattr(rule, n) for n in names),
        sorted(rule.titles.values_list("pk", flat=True)),
        sorted(rule.excluded_titles.values_list("pk", flat=True)),
    )


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


CASES = {
    "no title": ({"titles": []}, {"titles": ["Chọn ít nhất một chức vụ áp dụng."]}),
    "title applied and excluded": (
        {"excluded_titles": ["Tỉnh ủy viên"]},
        {"excluded_titles": ["Chức vụ vừa áp dụng vừa bị trừ: Tỉnh ủy viên."]},
    ),
    "ends before it starts": (
        {"valid_until": D(2020, 1, 31)},
        {"valid_until": ["Ngày hết áp dụng 31/01/2020 trước ngày bắt đầu áp dụng 01/02/2020."]},
    ),
    "minimum 0": ({"minimum": 0}, {"minimum": ["Số lần tối thiểu phải từ 1 trở lên."]}),
    "minimum 1001": ({"minimum": 1001}, {"minimum": ["Số lần tối thiểu không quá 1000."]}),
    "minimum not a number": ({"minimum": "ba"}, {"minimum": ["Số lần tối thiểu phải là một số nguyên."]}),
    "no minimum": ({"minimum": None}, {"minimum": ["Cần ghi số lần tối thiểu."]}),
    "name too long": ({"name": "x" * 301}, {"name": ["Tên quy định dài 301 ký tự, tối đa 300."]}),
    "document too long": ({"document": "y" * 1200}, {"document": ["Văn bản dài 1.200 ký tự, tối đa 300."]}),
    "no name": ({"name": "   "}, {"name": ["Cần ghi tên quy định."]}),
    "unknown period": (
        {"period": "week"},
        {"period": ['"week" không hợp lệ; chọn một trong: month, quarter, year.']},
    ),
    "no start": ({"valid_from": None}, {"valid_from": ["Cần ghi ngày bắt đầu áp dụng."]}),
    "unknown field": ({"rank": 1}, {"rank": ["Không sửa được trường này."]}),
}


def _resolve(changes):
    """Titles named in a case, as the objects the service takes."""
    return {
        name: [title(t) for t in value] if name in ("titles", "excluded_titles") else value
        for name, value in changes.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CASES.values(), ids=CASES.keys())
def test_create_refuses_each_invalid_rule_naming_the_field_and_stores_nothing(tree, staff, changes, expected):
    errors = refusal(lambda: attendance_rules.attendance_rule_create(actor=staff, **fields(tree, **_resolve(changes))))
    assert errors == expected
    assert not AttendanceRule.objects.exists() and not AttendanceRuleEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CASES.values(), ids=CASES.keys())
def test_update_refuses_each_invalid_change_and_keeps_the_rule_and_its_history(tree, staff, rule, changes, expected):
    before = stored(rule)
    errors = refusal(lambda: attendance_rules.attendance_rule_update(actor=staff, rule=rule, **_resolve(changes)))
    assert errors == expected
    assert stored(rule) == before
    assert list(rule.events.values_list("action", flat=True)) == [RuleEventAction.CREATED]


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(tree, staff):
    errors = refusal(
        lambda: attendance_rules.attendance_rule_create(
            actor=staff, **fields(tree, titles=[], minimum=0, valid_until=D(2020, 1, 1), document="")
        )
    )
    assert set(errors) == {"titles", "minimum", "valid_until", "document"}


@pytest.mark.django_db
def test_a_title_named_alike_at_another_level_is_no_conflict(tree, staff):
    """Excluding is by title, not by name: the same name at two levels is two titles."""
    same_name = PositionTitle.objects.create(name="Tỉnh ủy viên", level=title("Đảng ủy viên", "commune").level)
    created = attendance_rules.attendance_rule_create(actor=staff, **fields(tree, excluded_titles=[same_name]))
    assert list(created.excluded_titles.all()) == [same_name]


@pytest.mark.django_db
def test_create_records_who_and_what(tree, staff):
    name = unicodedata.normalize("NFD", "  Tỉnh ủy viên dự sinh hoạt chi bộ ")
    rule = attendance_rules.attendance_rule_create(actor=staff, **fields(tree, name=name))
    assert rule.name == "Tỉnh ủy viên dự sinh hoạt chi bộ"  # stored in NFC, without surrounding blanks
    (event,) = rule.events.all()
    assert (event.action, event.actor) == (RuleEventAction.CREATED, staff)
    assert event.changes == {
        "name": ["", "Tỉnh ủy viên dự sinh hoạt chi bộ"],
        "unit": ["", "Tỉnh Thử A"],
        "titles": ["", "Tỉnh ủy viên"],
        "activity": ["", "dự sinh hoạt chi bộ ở địa bàn được phân công"],
        "minimum": ["", "3"],
        "period": ["", "năm"],
        "document": ["", "Quy định 1120-QĐ/TU ngày 20/01/2020"],
        "valid_from": ["", "01/02/2020"],
    }
    assert "Số lần tối thiểu: 3" in event.lines() and "Kỳ tính: năm" in event.lines()


@pytest.mark.django_db
def test_update_records_each_field_changed_before_and_after(tree, staff, rule, accounts):
    admin = accounts[Role.ADMINISTRATOR]
    standing = title("Ủy viên Ban Thường vụ Tỉnh ủy")
    attendance_rules.attendance_rule_update(
        actor=admin,
        rule=rule,
        minimum=2,
        period="quarter",
        valid_until=D(2025, 6, 30),
        titles=[title("Tỉnh ủy viên"), standing],
        excluded_titles=[title("Bí thư Tỉnh ủy")],
    )
    rule.refresh_from_db()
    assert (rule.minimum, rule.period, rule.valid_until) == (2, "quarter", D(2025, 6, 30))
    assert set(rule.titles.all()) == {title("Tỉnh ủy viên"), standing}
    changed = rule.events.get(action=RuleEventAction.CHANGED)
    assert changed.actor == admin
    titles_after = ", ".join(t.name for t in rule.titles.all())
    assert changed.changes == {
        "minimum": ["3", "2"],
        "period": ["năm", "quý"],
        "valid_until": ["", "30/06/2025"],
        "titles": ["Tỉnh ủy viên", titles_after],
        "excluded_titles": ["", "Bí thư Tỉnh ủy"],
    }
    assert "Số lần tối thiểu: 3 → 2" in changed.lines()
    assert "Áp dụng đến: — → 30/06/2025" in changed.lines()
    # Sending what is already stored changes nothing and records nothing.
    attendance_rules.attendance_rule_update(actor=admin, rule=rule, minimum=2, name=rule.name)
    assert rule.events.count() == 2


@pytest.mark.django_db
def test_only_organization_staff_within_their_capture_scope(tree, staff, rule, accounts):
    with pytest.raises(PermissionDenied, match="^Tỉnh Thử B nằm ngoài phạm vi nhập liệu của bạn.$"):
        attendance_rules.attendance_rule_create(actor=staff, **fields(tree, unit=tree.province_b))
    with pytest.raises(PermissionDenied, match="^Tỉnh Thử B nằm ngoài phạm vi nhập liệu của bạn.$"):
        attendance_rules.attendance_rule_update(actor=staff, rule=rule, unit=tree.province_b)
    with pytest.raises(PermissionDenied, match="^Chỉ Ban Tổ chức mới được đặt và sửa quy định dự sinh hoạt.$"):
        attendance_rules.attendance_rule_update(actor=accounts[Role.LEADER], rule=rule, minimum=1)
    district_staff = account_upsert(
        username="tochuc-huyen",
        password="x-123456789",
        role=Role.ORGANIZATION,
        view_units=[tree.province_a],
        capture_units=[tree.district_a],
    ).user
    with pytest.raises(PermissionDenied, match="^Tỉnh Thử A nằm ngoài phạm vi nhập liệu của bạn.$"):
        attendance_rules.attendance_rule_update(actor=district_staff, rule=rule, unit=tree.district_a)
    rule.refresh_from_db()
    assert (rule.unit, rule.minimum) == (tree.province_a, 3)
    assert AttendanceRule.objects.count() == 1 and AttendanceRuleEvent.objects.count() == 1
    # The command line acts as the system: everywhere, recorded without a user.
    other = attendance_rules.attendance_rule_create(actor=SYSTEM, **fields(tree, unit=tree.province_b))
    assert other.events.get().actor is None


# The API goes through the services.


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def api_data(tree, **changes):
    return {
        "name": "Tỉnh ủy viên dự sinh hoạt chi bộ",
        "unit": tree.province_a.pk,
        "titles": [title("Tỉnh ủy viên").pk],
        "minimum": 3,
        "period": "year",
        "document": "Quy định 1120-QĐ/TU ngày 20/01/2020",
        "valid_from": "01/02/2020",
        **changes,
    }


@pytest.mark.django_db
def test_api_writes_through_the_service_and_shows_the_history(client, tree, staff, accounts):
    client.force_login(staff)
    both = post(client, "/api/attendance-rules/", api_data(tree, excluded_titles=[title("Tỉnh ủy viên").pk]))
    assert both.status_code == 400
    assert both.json() == {"excluded_titles": ["Chức vụ vừa áp dụng vừa bị trừ: Tỉnh ủy viên."]}
    assert not AttendanceRule.objects.exists()
    created = post(client, "/api/attendance-rules/", api_data(tree))
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    moved = patch(client, url, {"unit": tree.province_b.pk})
    assert moved.status_code == 400 and list(moved.json()) == ["unit"]  # not a unit the user can see
    changed = patch(client, url, {"minimum": 4, "valid_until": "31/12/2025"})
    assert changed.status_code == 200 and changed.json()["minimum"] == 4
    history = client.get(url + "history/")
    assert history.status_code == 200
    events = history.json()
    assert [e["action"] for e in events] == ["created", "changed"]
    assert [e["action_display"] for e in events] == ["đặt quy định", "sửa quy định"]
    assert {e["actor"] for e in events} == {staff.get_full_name() or staff.get_username()}
    assert events[1]["changes"] == {"minimum": ["3", "4"], "valid_until": ["", "31/12/2025"]}
    assert events[1]["lines"] == ["Số lần tối thiểu: 3 → 4", "Áp dụng đến: — → 31/12/2025"]
    # Readers in scope see the history; outside it the rule does not exist.
    client.force_login(accounts[Role.LEADER])
    assert client.get(url + "history/").status_code == 200
    theirs = attendance_rules.attendance_rule_create(actor=SYSTEM, **fields(tree, unit=tree.province_b))
    assert client.get("/api/attendance-rules/{}/history/".format(theirs.pk)).status_code == 404
