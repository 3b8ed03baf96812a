"""The API of meetings, attendances, attendance rules and compliance: the services' rules, in Vietnamese,
within scope and rights."""

import datetime

import pytest
from django.urls import reverse

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.meetings.choices import MeetingKind, MeetingStatus
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.meetings.selectors.compliance import compliance_data, compliance_report
from diaban.meetings.selectors.reporting import reporting_report
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.people.services import account_upsert
from diaban.territory.models import PartyOrganization
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date
DATE_ERROR = "Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025."


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def title(name, level):
    return PositionTitle.objects.get(name=name, level__key=level)


@pytest.fixture
def calendar_2024(tree):
    """The 2024 calendar of cell A and cell B: a planned meeting on the 5th of every month."""
    cells = PartyOrganization.objects.filter(pk__in=[tree.cell_a.pk, tree.cell_b.pk])
    calendar_generate(organizations=cells, start=D(2024, 1, 1), end=D(2024, 12, 31))
    return {
        tag: list(Meeting.objects.filter(organization=getattr(tree, "cell_" + tag)).order_by("date"))
        for tag in ("a", "b")
    }


@pytest.fixture
def staff_api(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    return client


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_meetings_in_scope_only_and_filters(staff_api, tree, calendar_2024):
    a, b = calendar_2024["a"], calendar_2024["b"]
    listed = ids(staff_api.get("/api/meetings/", {"page_size": 100}))
    assert listed == [m.pk for m in a]
    assert staff_api.get("/api/meetings/{}/".format(b[0].pk)).status_code == 404
    assert ids(staff_api.get("/api/meetings/", {"organization": tree.cell_b.pk})) == []
    assert ids(staff_api.get("/api/meetings/", {"within": tree.province_b.pk})) == []
    assert len(ids(staff_api.get("/api/meetings/", {"within": tree.communes_a[0].pk, "page_size": 100}))) == 12
    assert ids(staff_api.get("/api/meetings/", {"within": tree.communes_a[1].pk})) == []
    spring = staff_api.get("/api/meetings/", {"from": "01/03/2024", "to": "2024-05-31"})
    assert ids(spring) == [a[2].pk, a[3].pk, a[4].pk]
    assert ids(staff_api.get("/api/meetings/", {"status": "held"})) == []
    assert len(ids(staff_api.get("/api/meetings/", {"kind": "regular", "q": "chi bo ap 1 xa duc hoa"}))) == 12
    bad = staff_api.get("/api/meetings/", {"from": "31/02/2024"})
    assert bad.status_code == 400 and bad.json() == {"from": [DATE_ERROR]}
    detail = staff_api.get("/api/meetings/{}/".format(a[0].pk)).json()
    assert detail["organization"]["display"] == tree.cell_a.name
    assert (detail["kind"], detail["date"], detail["planned_date"], detail["status"]) == (
        "regular",
        "2024-01-05",
        "2024-01-05",
        "planned",
    )
    assert detail["attendances"] == [] and detail["display"] == "{} 05/01/2024".format(tree.cell_a.name)


@pytest.mark.django_db
def test_who_may_change_a_cells_calendar(client, tree, accounts, calendar_2024):
    meeting = calendar_2024["a"][2]
    url = "/api/meetings/{}/".format(meeting.pk)
    held = {"status": "held", "members_total": 21, "members_present": 18, "members_excused": 2}
    # A cadre or a leader sees the meeting but does not keep the calendar.
    for role in (Role.CADRE, Role.LEADER):
        refused = patch(login(client, accounts[role]), url, held)
        assert refused.status_code == 403 and refused.json()["detail"].startswith("Chỉ chi bộ (bí thư")
    # The cell's secretary marks it held with the members' attendance.
    done = patch(login(client, accounts[Role.GRASSROOTS]), url, {**held, "committee_met_before": True})
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["members_present"], body["committee_met_before"]) == ("held", 18, True)
    # The secretary of the neighbouring hamlet's cell sees the commune but keeps only their own cell.
    neighbour = account_upsert(
        username="bithu-ap2",
        password="x-123456789",
        role=Role.GRASSROOTS,
        view_units=[tree.communes_a[0]],
        capture_units=[tree.hamlets_a[1]],
    ).user
    refused = patch(login(client, neighbour), url, {"note": "Sửa hộ"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Chỉ chi bộ (bí thư, văn phòng đảng ủy) và Ban Tổ chức trong phạm vi của mình mới được cập nhật lịch "
        "sinh hoạt của {}.".format(tree.cell_a.name)
    )
    # Province B's secretary does not even see it.
    other = account_upsert(
        username="bithu-b", password="x-123456789", role=Role.GRASSROOTS, capture_units=[tree.hamlets_b[0]]
    ).user
    assert patch(login(client, other), url, {"note": "Sửa hộ"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.note == "" and meeting.status == MeetingStatus.HELD
    # Moving and postponing: the calendar date stays.
    secretary = login(client, accounts[Role.GRASSROOTS])
    moved = patch(secretary, "/api/meetings/{}/".format(calendar_2024["a"][3].pk), {"date": "08/04/2024"}).json()
    assert (moved["date"], moved["planned_date"], moved["is_moved"]) == ("2024-04-08", "2024-04-05", True)
    postponed = patch(secretary, "/api/meetings/{}/".format(calendar_2024["a"][4].pk), {"status": "postponed"})
    assert postponed.json()["status"] == "postponed"


@pytest.mark.django_db
def test_bad_meeting_input_is_named_in_vietnamese(staff_api, tree, calendar_2024):
    meeting = calendar_2024["a"][0]
    url = "/api/meetings/{}/".format(meeting.pk)
    too_many = patch(staff_api, url, {"status": "held", "members_total": 21, "members_present": 25})
    assert too_many.status_code == 400
    assert too_many.json() == {"members_present": ["Số đảng viên dự (25) lớn hơn tổng số đảng viên (21)."]}
    future = Meeting.objects.create(
        organization=tree.cell_a, date=D(2099, 1, 5), planned_date=D(2099, 1, 5), kind=MeetingKind.REGULAR
    )
    early = patch(staff_api, "/api/meetings/{}/".format(future.pk), {"status": "held"})
    assert early.status_code == 400
    assert early.json() == {"status": ["Buổi họp ngày 05/01/2099 chưa diễn ra, chưa thể ghi là đã họp."]}
    no_topic = post(staff_api, "/api/meetings/", {"organization": tree.cell_a.pk, "date": "20/03/2024"})
    assert no_topic.status_code == 400 and no_topic.json() == {"topic": ["Buổi sinh hoạt chuyên đề cần có chủ đề."]}
    fixed = patch(staff_api, url, {"organization": tree.cell_b.pk, "planned_date": "2024-01-06", "note": "x"})
    assert fixed.status_code == 400 and set(fixed.json()) == {"organization", "planned_date"}
    assert fixed.json()["organization"][0].startswith("Không sửa được trường này")
    bad_date = patch(staff_api, url, {"date": "32/01/2024"})
    assert bad_date.status_code == 400 and "date" in bad_date.json()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.members_present, meeting.note) == ("planned", None, "")
    assert staff_api.put(url, {}, content_type="application/json").status_code == 405
    assert staff_api.delete(url).status_code == 405


@pytest.mark.django_db
def test_thematic_meeting_created_by_the_cell(client, tree, accounts):
    data = {"organization": tree.cell_a.pk, "date": "20/03/2024", "topic": "Chuyển đổi số ở ấp"}
    secretary = login(client, accounts[Role.GRASSROOTS])
    created = post(secretary, "/api/meetings/", data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["date"], body["status"], body["topic"]) == (
        "thematic",
        "2024-03-20",
        "planned",
        "Chuyển đổi số ở ấp",
    )
    # A cell outside the user's scope does not exist for them; another role does not keep calendars.
    outside = post(secretary, "/api/meetings/", {**data, "organization": tree.cell_b.pk})
    assert outside.status_code == 400
    assert outside.json() == {"organization": ["Không có chi bộ id {} trong phạm vi của bạn.".format(tree.cell_b.pk)]}
    assert post(login(client, accounts[Role.CADRE]), "/api/meetings/", data).status_code == 403
    # Only cells meet.
    staff = login(client, accounts[Role.ORGANIZATION])
    committee = post(staff, "/api/meetings/", {**data, "organization": tree.committee_a.pk})
    assert committee.status_code == 400 and committee.json()["organization"] == [
        "{} không phải chi bộ.".format(tree.committee_a.name)
    ]


@pytest.fixture
def cadre_person(tree, accounts):
    """The cadre account's own record: a district committee member assigned to hamlet A1 (cell A)."""
    person = Person(code="CB-TD", full_name="Võ Văn Theo Dõi", home_unit=tree.district_a, user=accounts[Role.CADRE])
    person.save()
    Position.objects.create(person=person, title=title("Huyện ủy viên", "district"), start_date=D(2020, 1, 1))
    Assignment.objects.create(person=person, unit=tree.hamlets_a[0], start_date=D(2021, 1, 1))
    return person


@pytest.mark.django_db
def test_a_cadre_records_their_own_attendance(client, tree, accounts, calendar_2024, cadre_person):
    meeting = calendar_2024["a"][5]
    url = "/api/meetings/{}/attendances/".format(meeting.pk)
    cadre = login(client, accounts[Role.CADRE])
    recorded = post(cadre, url, {})
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["person"]["id"] == cadre_person.pk and recorded.json()["source"] == "cadre"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    detail = cadre.get("/api/meetings/{}/".format(meeting.pk)).json()
    assert [a["person"]["display"] for a in detail["attendances"]] == ["Võ Văn Theo Dõi"]
    again = post(cadre, url, {"person": cadre_person.pk})
    assert again.status_code == 400
    assert again.json() == {"person": ["Võ Văn Theo Dõi đã được ghi nhận dự buổi họp này."]}
    # Someone else's attendance is the cell's to record.
    assert post(cadre, url, {"person": tree.person_a.pk}).status_code == 403
    by_cell = post(login(client, accounts[Role.GRASSROOTS]), url, {"person": tree.person_a.pk})
    assert by_cell.status_code == 201 and by_cell.json()["source"] == "cell"
    # Not yet held, or in another province.
    cadre = login(client, accounts[Role.CADRE])
    future = Meeting.objects.create(organization=tree.cell_a, date=D(2099, 1, 5), planned_date=D(2099, 1, 5))
    early = post(cadre, "/api/meetings/{}/attendances/".format(future.pk), {})
    assert early.status_code == 400 and early.json()["meeting"] == [
        "Buổi họp ngày 05/01/2099 chưa diễn ra, chưa thể ghi nhận dự."
    ]
    assert post(cadre, "/api/meetings/{}/attendances/".format(calendar_2024["b"][5].pk), {}).status_code == 404
    # Taking it back: the cadre their own, not the cell's record of someone else.
    assert client.delete(url + "?person={}".format(tree.person_a.pk)).status_code == 403
    assert client.delete(url + "?person={}".format(cadre_person.pk)).status_code == 204
    assert client.delete(url + "?person={}".format(cadre_person.pk)).status_code == 404
    assert client.delete(url).status_code == 400
    assert list(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)) == [tree.person_a.pk]


@pytest.mark.django_db
def test_an_account_without_a_cadre_record_names_the_person(staff_api, calendar_2024):
    refused = post(staff_api, "/api/meetings/{}/attendances/".format(calendar_2024["a"][0].pk), {})
    assert refused.status_code == 400
    assert refused.json() == {"person": ["Tài khoản của bạn chưa gắn với cán bộ nào: chọn cán bộ dự."]}
    unknown = post(staff_api, "/api/meetings/{}/attendances/".format(calendar_2024["a"][0].pk), {"person": 999999})
    assert unknown.status_code == 400 and unknown.json() == {"person": ["Không có cán bộ id 999999."]}


@pytest.mark.django_db
def test_attendance_list_filters_and_scope(client, tree, accounts, calendar_2024, cadre_person):
    staff = login(client, accounts[Role.ORGANIZATION])
    march, july = calendar_2024["a"][2], calendar_2024["a"][6]
    for meeting, person in ((march, cadre_person), (july, cadre_person), (july, tree.person_a)):
        assert post(staff, "/api/meetings/{}/attendances/".format(meeting.pk), {"person": person.pk}).status_code == 201
    admin = login(client, accounts[Role.ADMINISTRATOR])
    post(admin, "/api/meetings/{}/attendances/".format(calendar_2024["b"][2].pk), {"person": tree.person_b.pk})
    staff = login(client, accounts[Role.ORGANIZATION])
    everything = staff.get("/api/attendances/").json()["results"]
    assert [(row["meeting"]["date"], row["person"]["code"]) for row in everything] == [
        ("2024-07-05", "CB-A"),
        ("2024-07-05", "CB-TD"),
        ("2024-03-05", "CB-TD"),
    ]
    assert everything[0]["meeting"]["status"] == "held" and everything[0]["source"] == "cell"
    assert len(ids(staff.get("/api/attendances/", {"person": cadre_person.pk}))) == 2
    assert len(ids(staff.get("/api/attendances/", {"from": "01/06/2024", "to": "31/12/2024"}))) == 2
    assert len(ids(staff.get("/api/attendances/", {"organization": tree.cell_a.pk, "to": "31/03/2024"}))) == 1
    assert ids(staff.get("/api/attendances/", {"organization": tree.cell_b.pk})) == []
    bad = staff.get("/api/attendances/", {"to": "2024-13-01"})
    assert bad.status_code == 400 and bad.json() == {"to": [DATE_ERROR]}
    outside = Attendance.objects.get(person=tree.person_b)
    assert staff.get("/api/attendances/{}/".format(outside.pk)).status_code == 404
    assert staff.post("/api/attendances/", {}).status_code == 405


def rule_data(tree, **changes):
    return {
        "name": "Tỉnh ủy viên dự sinh hoạt chi bộ",
        "unit": tree.province_a.pk,
        "titles": [title("Tỉnh ủy viên", "province").pk],
        "minimum": 3,
        "period": "year",
        "document": "Quy định 1120-QĐ/TU ngày 20/01/2020",
        "valid_from": "01/02/2020",
        **changes,
    }


@pytest.mark.django_db
def test_rules_set_by_organization_staff_with_checked_fields(client, tree, accounts):
    staff = login(client, accounts[Role.ORGANIZATION])
    refused = post(staff, "/api/attendance-rules/", rule_data(tree, titles=[], minimum=0, valid_until="31/01/2020"))
    assert refused.status_code == 400
    errors = refused.json()
    assert errors["minimum"] == ["Số lần tối thiểu phải từ 1 trở lên."]
    # Field errors come first; the rule as a whole is checked once the fields parse.
    fixed = post(staff, "/api/attendance-rules/", rule_data(tree, titles=[], valid_until="31/01/2020"))
    assert fixed.json() == {
        "titles": ["Chọn ít nhất một chức vụ áp dụng."],
        "valid_until": ["Ngày hết áp dụng 31/01/2020 trước ngày bắt đầu áp dụng 01/02/2020."],
    }
    created = post(staff, "/api/attendance-rules/", rule_data(tree))
    assert created.status_code == 201, created.content
    rule = created.json()
    assert rule["unit"]["display"] == "Tỉnh Thử A" and [t["name"] for t in rule["titles"]] == ["Tỉnh ủy viên"]
    assert (rule["activity"], rule["valid_from"], rule["valid_until"]) == ("assigned", "2020-02-01", None)
    url = "/api/attendance-rules/{}/".format(rule["id"])
    # A partial change is checked against what is stored.
    backwards = patch(staff, url, {"valid_until": "01/01/2020"})
    assert backwards.status_code == 400 and list(backwards.json()) == ["valid_until"]
    ended = patch(staff, url, {"valid_until": "30/06/2025"})
    assert ended.status_code == 200 and ended.json()["valid_until"] == "2025-06-30"
    assert ids(staff.get("/api/attendance-rules/", {"date": "01/07/2025"})) == []
    assert ids(staff.get("/api/attendance-rules/", {"date": "01/07/2024", "q": "1120"})) == [rule["id"]]
    # Out of reach: a unit the user cannot see, a rule of another province, a role that does not set rules.
    hidden = post(staff, "/api/attendance-rules/", rule_data(tree, unit=tree.province_b.pk))
    assert hidden.status_code == 400 and "unit" in hidden.json()
    theirs = AttendanceRule.objects.create(
        name="Quy định tỉnh B", unit=tree.province_b, minimum=2, period="year", document="B", valid_from=D(2020, 1, 1)
    )
    assert staff.get("/api/attendance-rules/{}/".format(theirs.pk)).status_code == 404
    assert patch(staff, "/api/attendance-rules/{}/".format(theirs.pk), {"minimum": 1}).status_code == 404
    leader = login(client, accounts[Role.LEADER])
    assert ids(leader.get("/api/attendance-rules/")) == [rule["id"]]
    denied = post(leader, "/api/attendance-rules/", rule_data(tree))
    assert denied.status_code == 403 and denied.json()["detail"].startswith("Chỉ Ban Tổ chức")
    assert patch(leader, url, {"minimum": 1}).status_code == 403


@pytest.mark.django_db
def test_district_staff_set_rules_only_in_their_district(client, tree, accounts):
    district_staff = account_upsert(
        username="tochuc-huyen",
        password="x-123456789",
        role=Role.ORGANIZATION,
        view_units=[tree.province_a],
        capture_units=[tree.district_a],
    ).user
    client.force_login(district_staff)
    province_rule = post(client, "/api/attendance-rules/", rule_data(tree))
    assert province_rule.status_code == 403
    assert province_rule.json()["detail"] == "Tỉnh Thử A nằm ngoài phạm vi nhập liệu của bạn."
    district_rule = post(
        client,
        "/api/attendance-rules/",
        rule_data(tree, unit=tree.district_a.pk, titles=[title("Huyện ủy viên", "district").pk], period="month"),
    )
    assert district_rule.status_code == 201, district_rule.content
    moved_up = patch(client, district_rule.json()["url"], {"unit": tree.province_a.pk})
    assert moved_up.status_code == 403
    assert AttendanceRule.objects.get(pk=district_rule.json()["id"]).unit == tree.district_a


@pytest.fixture
def half_year_case(tree, calendar_2024):
    """One rule and one person, computed by hand below.

    Rule: district A's committee members (Huyện ủy viên), at least 2 meetings a year in their assigned units,
    in force since 2020. Person: home unit district A, committee member since 2020, assigned to hamlet A1 (cell A)
    only from 01/07/2024, attended cell A on 05/03/2024 (before the assignment: does not count) and 05/08/2024.
    """
    rule = AttendanceRule.objects.create(
        name="Huyện ủy viên dự sinh hoạt chi bộ",
        unit=tree.district_a,
        minimum=2,
        period="year",
        document="Quy định 05-QĐ/HU",
        valid_from=D(2020, 1, 1),
    )
    rule.titles.set([title("Huyện ủy viên", "district")])
    person = Person(code="HU-1", full_name="Đặng Văn Nửa Năm", home_unit=tree.district_a)
    person.save()
    Position.objects.create(person=person, title=title("Huyện ủy viên", "district"), start_date=D(2020, 1, 1))
    Assignment.objects.create(person=person, unit=tree.hamlets_a[0], start_date=D(2024, 7, 1))
    return rule, person


@pytest.mark.django_db
def test_compliance_figures_computed_by_hand(client, tree, accounts, calendar_2024, half_year_case):
    rule, person = half_year_case
    staff = login(client, accounts[Role.ORGANIZATION])
    for meeting in (calendar_2024["a"][2], calendar_2024["a"][7]):
        assert post(staff, "/api/meetings/{}/attendances/".format(meeting.pk), {"person": person.pk}).status_code == 201
    response = staff.get("/api/compliance/{}/".format(tree.province_a.pk), {"year": "2024"})
    assert response.status_code == 200, response.content
    body = response.json()
    # 2024 has 366 days; assigned from 01/07 to 31/12: 184 days. Required 2 × 184 / 366 = 1.00546…;
    # attended 1 (August; March was before the assignment); ratio 1 / 1.00546… = 0.99457…: not compliant.
    assert (body["from"], body["to"], body["assessed"], body["compliant"], body["share"]) == (
        "2024-01-01",
        "2024-12-31",
        1,
        0,
        0.0,
    )
    assert [r["id"] for r in body["rules"]] == [rule.pk]
    assert body["people"] == [
        {
            "id": person.pk,
            "code": "HU-1",
            "name": "Đặng Văn Nửa Năm",
            "ratio": 0.9946,
            "compliant": False,
            "rules": [{"rule": rule.pk, "attended": 1, "required": 1.0055}],
        }
    ]
    assert [(b["unit"]["name"], b["assessed"], b["compliant"]) for b in body["branches"]] == [("Huyện Đông A", 1, 0)]
    # The same as the selector, with from/to instead of year.
    same = staff.get("/api/compliance/{}/".format(tree.province_a.pk), {"from": "01/01/2024", "to": "31/12/2024"})
    report = compliance_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), accounts[Role.ORGANIZATION])
    reporting = reporting_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), accounts[Role.ORGANIZATION])
    assert same.json() == body == compliance_data(report, reporting)
    # Second half only: 184 of 366 days are asked about and all eligible, same figures.
    second_half = staff.get(
        "/api/compliance/{}/".format(tree.district_a.pk), {"from": "01/07/2024", "to": "31/12/2024"}
    )
    assert second_half.json()["people"][0]["rules"] == [{"rule": rule.pk, "attended": 1, "required": 1.0055}]
    # One more meeting in December and the person complies.
    assert (
        post(
            staff, "/api/meetings/{}/attendances/".format(calendar_2024["a"][11].pk), {"person": person.pk}
        ).status_code
        == 201
    )
    later = staff.get("/api/compliance/{}/".format(tree.province_a.pk), {"year": "2024"}).json()
    assert (later["compliant"], later["share"], later["people"][0]["ratio"]) == (1, 1.0, 1.9891)


@pytest.mark.django_db
def test_compliance_period_errors_and_scope(staff_api, tree):
    url = "/api/compliance/{}/".format(tree.province_a.pk)
    this_year = staff_api.get(url).json()
    year = today().year
    assert (this_year["from"], this_year["to"]) == ("{}-01-01".format(year), "{}-12-31".format(year))
    bad = staff_api.get(url, {"from": "31/02/2024"})
    assert bad.status_code == 400 and bad.json()["from"][0].startswith("Ngày không hợp lệ: '31/02/2024'.")
    backwards = staff_api.get(url, {"from": "01/07/2024", "to": "30/06/2024"})
    assert backwards.status_code == 400
    assert backwards.json() == {"to": ["Ngày kết thúc 30/06/2024 trước ngày bắt đầu 01/07/2024."]}
    assert staff_api.get(url, {"year": "20x4"}).json() == {
        "year": ["Năm không hợp lệ: “20x4”. Viết bốn chữ số, ví dụ 2025."]
    }
    assert staff_api.get("/api/compliance/{}/".format(tree.province_b.pk)).status_code == 404
    # A commune dissolved on 30/06/2025 is measured over its last half year, as on the compliance page.
    closed = tree.communes_a[0]
    closed.valid_until = D(2025, 6, 30)
    closed.save()
    url = "/api/compliance/{}/".format(closed.pk)
    if year > 2025:
        last = staff_api.get(url).json()
        assert (last["from"], last["to"]) == ("2025-01-01", "2025-06-30")
    assert staff_api.get(url, {"year": "2026"}).json() == {"year": ["Xã Đức Hòa A không có hiệu lực trong năm 2026."]}


@pytest.mark.django_db
def test_openapi_schema_documents_the_meetings_api(staff_api):
    schema = staff_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {
        "/api/meetings/",
        "/api/meetings/{id}/",
        "/api/meetings/{id}/attendances/",
        "/api/attendances/",
        "/api/attendance-rules/",
        "/api/attendance-rules/{id}/",
        "/api/compliance/{id}/",
    } <= set(paths)
    assert {"from", "to", "within", "organization", "status", "kind"} <= {
        p["name"] for p in paths["/api/meetings/"]["get"]["parameters"]
    }
    assert {"post", "delete"} <= set(paths["/api/meetings/{id}/attendances/"])
    assert {"from", "to", "year"} <= {p["name"] for p in paths["/api/compliance/{id}/"]["get"]["parameters"]}


def _meetings_for(province, person):
    """A held meeting for every cell of the province in March 2024, each attended by `person`."""
    cells = list(PartyOrganization.objects.filter(unit__path__startswith=province.path, kind="cell"))
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(organization=c, date=D(2024, 3, 5), planned_date=D(2024, 3, 5), status=MeetingStatus.HELD)
            for c in cells
        ],
        batch_size=2000,
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, person=person, source="cell") for m in meetings], batch_size=2000
    )
    rule = AttendanceRule.objects.create(
        name="Quy định {}".format(province.code),
        unit=province,
        minimum=2,
        period="year",
        document="QĐ",
        valid_from=D(2020, 1, 1),
    )
    rule.titles.set([title("Tỉnh ủy viên", "province")])
    return len(meetings)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small = build_province(100, "01")
    large = build_province(3_000, "02")
    people = {}
    for province in (small, large):
        person = Person(code="P" + province.code, full_name="Cán Bộ {}".format(province.code), home_unit=province)
        person.save()
        Position.objects.create(person=person, title=title("Tỉnh ủy viên", "province"), start_date=D(2020, 1, 1))
        Assignment.objects.create(person=person, unit=province, start_date=D(2020, 1, 1))
        people[province.pk] = person
    sizes = [_meetings_for(p, people[p.pk]) for p in (small, large)]
    assert sizes[1] > 10 * sizes[0]
    account = account_upsert(
        username="do", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small, large]
    )
    client.force_login(account.user)
    checks = {
        "meetings": lambda p: reverse("api:meeting-list") + "?within={}&page_size=500".format(p.pk),
        "attendances": lambda p: reverse("api:attendance-list") + "?within={}&page_size=500".format(p.pk),
        "rules": lambda p: reverse("api:attendance-rule-list") + "?within={}".format(p.pk),
        "compliance": lambda p: reverse("api:compliance-detail", kwargs={"pk": p.pk}) + "?year=2024",
    }
    for name, make_url in checks.items():
        counts = [count_queries(client, make_url(p)) for p in (small, large)]
        assert counts[0] == counts[1], (name, counts)
        assert counts[0] <= 15, (name, counts)
