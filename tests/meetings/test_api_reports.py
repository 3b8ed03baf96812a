"""The API of meeting reports: the same flow as the report page (draft, submit, lock, reopen with a reason,
history), the same rights and scope, and the reporting figures of the compliance endpoint."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from diaban.feedback.models import Recommendation
from diaban.meetings.choices import MeetingStatus, ReportEventAction, ReportStatus
from diaban.meetings.models import Attendance, Meeting, MeetingReport, QualityCriterion, ReportEvent
from diaban.meetings.selectors.reporting import reporting_data, reporting_report
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.territory.models import PartyOrganization
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date
LIST = "/api/meeting-reports/"
LOCKED = "Báo cáo đã nộp và bị khóa; cần Ban Tổ chức mở lại (có lý do) mới sửa được."
NO_PERSON = (
    "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ đã dự buổi sinh hoạt mới lập, sửa, nộp báo cáo của mình."
)


def detail(pk) -> str:
    return "{}{}/".format(LIST, pk)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def held(cell, date):
    return Meeting.objects.create(
        organization=cell, date=date, planned_date=date, status=MeetingStatus.HELD, members_total=21,
        members_present=18,
    )  # fmt: skip


@pytest.fixture
def attended(tree, accounts):
    """The province-A cadre account is the person who attended the cell's meeting of 05/03/2024."""
    tree.person_a.user = accounts[Role.CADRE]
    tree.person_a.save()
    return Attendance.objects.create(meeting=held(tree.cell_a, D(2024, 3, 5)), person=tree.person_a, source="cadre")


@pytest.fixture
def cadre(client, accounts):
    client.force_login(accounts[Role.CADRE])
    return client


def _start(client, attendance) -> dict:
    response = post(client, LIST, {"attendance": attendance.pk})
    assert response.status_code == 201, response.content
    return response.json()


DRAFT = {
    "content": "Kiểm điểm nghị quyết tháng 2; triển khai phòng, chống hạn mặn.",
    "committee_met_before": True,
    "guidance": "Quán triệt Chỉ thị 05-CT/TW.",
    "recommendations_text": "Nạo vét kênh thủy lợi ấp trước mùa khô\n\n- Sửa cầu dân sinh bị sạt lở",
}


@pytest.mark.django_db
def test_the_whole_flow_through_the_api(client, accounts, attended, tree):
    cadre_user, staff = accounts[Role.CADRE], accounts[Role.ORGANIZATION]
    client.force_login(cadre_user)
    report = _start(client, attended)
    url = detail(report["id"])
    # A draft prefilled from the meeting, due five days after it.
    assert (report["status"], report["members_present"], report["members_total"]) == ("draft", 18, 21)
    assert report["due_date"] == "2024-03-10" and report["editable"] is True
    assert report["meeting"]["id"] == attended.meeting_id and report["person"]["id"] == tree.person_a.pk
    # Starting again gives the same report.
    again = post(client, LIST, {"attendance": attended.pk})
    assert again.status_code == 200 and again.json()["id"] == report["id"]

    criteria = list(QualityCriterion.objects.filter(active=True).values_list("pk", flat=True)[:3])
    saved = patch(client, url, {**DRAFT, "criteria": criteria})
    assert saved.status_code == 200, saved.content
    assert sorted(saved.json()["criteria"]) == sorted(criteria)
    assert saved.json()["content"].startswith("Kiểm điểm")

    missing = post(client, url + "submit/")
    assert missing.status_code == 400
    assert missing.json() == {"overall": ["Cần chọn đánh giá chung về chất lượng buổi sinh hoạt trước khi nộp."]}
    assert patch(client, url, {"overall": "good"}).status_code == 200
    submitted = post(client, url + "submit/")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "submitted" and body["editable"] is False and body["first_submitted_at"]
    assert sorted(r["text"] for r in body["recommendations"]) == [
        "Nạo vét kênh thủy lợi ấp trước mùa khô",
        "Sửa cầu dân sinh bị sạt lở",
    ]
    assert {r["unit"]["id"] for r in body["recommendations"]} == {tree.cell_a.unit_id}

    # Locked: the author's change is refused with the services' message, and nothing changes.
    locked = patch(client, url, {"content": "Sửa sau khi nộp"})
    assert locked.status_code == 400 and locked.json() == {"non_field_errors": [LOCKED]}
    assert client.get(url).json()["content"].startswith("Kiểm điểm")
    assert post(client, url + "submit/").json() == {"non_field_errors": ["Báo cáo đã nộp."]}

    # Only organization staff reopen, and only with a reason.
    refused = post(client, url + "reopen/", {"reason": "tự mở"})
    assert refused.status_code == 403 and "Ban Tổ chức" in refused.json()["detail"]
    client.force_login(accounts[Role.LEADER])
    assert post(client, url + "reopen/", {"reason": "xem lại"}).status_code == 403
    client.force_login(staff)
    empty = post(client, url + "reopen/", {"reason": "  "})
    assert empty.status_code == 400 and empty.json() == {"reason": ["Cần ghi lý do mở lại báo cáo."]}
    reopened = post(client, url + "reopen/", {"reason": "Ghi sai số đảng viên dự"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "reopened"
    assert reopened.json()["editable"] is False  # staff reopen; the author edits

    client.force_login(cadre_user)
    first = MeetingReport.objects.get(pk=report["id"]).first_submitted_at
    assert patch(client, url, {"members_present": 19}).status_code == 200
    resubmitted = post(client, url + "submit/")
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"
    stored = MeetingReport.objects.get(pk=report["id"])
    assert stored.first_submitted_at == first and stored.members_present == 19  # timeliness keeps the first
    assert Recommendation.objects.count() == 2  # resubmitting does not duplicate them

    # The history says who did what, when, and why.
    history = client.get(url).json()["history"]
    names = {cadre_user.get_full_name(): "cadre", staff.get_full_name(): "staff"}
    assert [(e["action"], names[e["actor"]]) for e in history] == [
        ("created", "cadre"),
        ("saved", "cadre"),
        ("submitted", "cadre"),
        ("reopened", "staff"),
        ("saved", "cadre"),
        ("submitted", "cadre"),
    ]
    assert history[3]["reason"] == "Ghi sai số đảng viên dự"
    assert history[4]["changes"] == {"members_present": [18, 19]}
    assert "content" in history[1]["changes"] and "criteria_met" in history[1]["changes"]
    times = [datetime.datetime.fromisoformat(e["at"]) for e in history]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)


@pytest.mark.django_db
def test_rights_and_scope(client, accounts, attended, tree):
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    url = detail(report["id"])
    # Province B's report: outside the cadre's scope, so absent for every verb.
    b_person = Person.objects.create(code="CB-B2", full_name="Lê Văn Tám", home_unit=tree.hamlets_b[0])
    b_attendance = Attendance.objects.create(meeting=held(tree.cell_b, D(2024, 3, 5)), person=b_person, source="cell")
    b_report = MeetingReport.objects.create(attendance=b_attendance, due_date=D(2024, 3, 10), status="submitted")
    hidden = detail(b_report.pk)
    assert client.get(hidden).status_code == 404
    assert patch(client, hidden, {"content": "x"}).status_code == 404
    assert post(client, hidden + "submit/").status_code == 404
    assert client.post(hidden + "attachments/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")}).status_code == 404
    assert ids(client.get(LIST)) == [report["id"]]
    outside = post(client, LIST, {"attendance": b_attendance.pk})
    assert outside.status_code == 400
    assert outside.json() == {
        "attendance": ["Không có lượt dự sinh hoạt id {} trong phạm vi của bạn.".format(b_attendance.pk)]
    }
    # Organization staff of province A cannot reopen it either.
    client.force_login(accounts[Role.ORGANIZATION])
    assert post(client, hidden + "reopen/", {"reason": "x"}).status_code == 404

    # Another cadre in scope reads the report but does not write it.
    other = accounts[Role.LEADER]
    Person.objects.create(code="CB-A2", full_name="Phạm Thị Lan", home_unit=tree.province_a, user=other)
    client.force_login(other)
    shown = client.get(url)
    assert shown.status_code == 200 and shown.json()["editable"] is False
    not_author = patch(client, url, {"content": "của người khác"})
    assert not_author.status_code == 403
    assert not_author.json() == {"detail": "Chỉ cán bộ lập báo cáo mới được sửa báo cáo.", "code": "permission_denied"}
    assert post(client, url + "submit/").json() == {
        "detail": "Chỉ cán bộ lập báo cáo mới được nộp báo cáo.",
        "code": "permission_denied",
    }
    attach = client.post(url + "attachments/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert attach.status_code == 403 and "đính kèm" in attach.json()["detail"]
    start = post(client, LIST, {"attendance": attended.pk})
    assert start.status_code == 403 and "không phải cán bộ dự" in start.json()["detail"]
    # An account that is nobody's person writes no report.
    client.force_login(accounts[Role.AGENCY])
    nobody = patch(client, url, {"content": "x"})
    assert nobody.status_code == 403 and nobody.json() == {"detail": NO_PERSON, "code": "permission_denied"}
    assert MeetingReport.objects.get(pk=report["id"]).content == ""


@pytest.mark.django_db
def test_patch_checks_its_input_in_vietnamese(cadre, attended):
    url = detail(_start(cadre, attended)["id"])
    refused = patch(cadre, url, {"status": "submitted", "due_date": "2030-01-01"})
    assert refused.status_code == 400 and set(refused.json()) == {"status", "due_date"}
    assert refused.json()["status"][0].startswith("Không sửa được trường này")
    too_many = patch(cadre, url, {"members_present": 30})
    assert too_many.json() == {"members_present": ["Số đảng viên dự (30) lớn hơn tổng số đảng viên (21)."]}
    assert patch(cadre, url, {"members_total": -1}).json() == {"members_total": ["Số đảng viên không được âm."]}
    assert patch(cadre, url, {"overall": "great"}).json()["overall"][0].startswith('"great" không hợp lệ')
    assert patch(cadre, url, {"criteria": [999999]}).json() == {"criteria": ["Không có tiêu chí id 999999."]}
    retired = QualityCriterion.objects.create(text="Tiêu chí cũ", active=False)
    old = patch(cadre, url, {"criteria": [retired.pk]})
    assert old.status_code == 400 and "Tiêu chí không còn dùng: Tiêu chí cũ" in old.json()["criteria"][0]
    assert patch(cadre, url, {"criteria": []}).json()["criteria"] == []


@pytest.mark.django_db
def test_attachments(cadre, attended):
    url = detail(_start(cadre, attended)["id"])
    bad = cadre.post(url + "attachments/", {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 400
    assert bad.json() == {
        "file": [
            "Tệp x.exe: chỉ nhận ảnh (jpg, png, webp, heic) hoặc bản quét pdf; nội dung tệp này không phải các loại đó."
        ]
    }
    assert cadre.post(url + "attachments/", {}).json() == {
        "file": ["Chưa chọn tệp: gửi multipart/form-data với trường file."]
    }
    good = cadre.post(url + "attachments/", {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")})
    assert good.status_code == 201, good.content
    page_url = reverse("report_attachment", kwargs={"pk": good.json()["id"]})
    assert good.json()["name"] == "bien-ban.pdf" and good.json()["url"].endswith(page_url)
    assert cadre.get(page_url).status_code == 200
    shown = cadre.get(url).json()
    assert [a["id"] for a in shown["attachments"]] == [good.json()["id"]]
    assert shown["history"][-1]["changes"] == {"attachment": ["", "bien-ban.pdf"]}
    # Submitted: locked for attachments too.
    report = MeetingReport.objects.get(pk=shown["id"])
    report.status = ReportStatus.SUBMITTED
    report.save()
    late = cadre.post(url + "attachments/", {"file": SimpleUploadedFile("anh.jpg", b"\xff\xd8")})
    assert late.status_code == 400
    assert late.json() == {"non_field_errors": ["Báo cáo đã nộp và bị khóa; cần mở lại mới đính kèm thêm được."]}


def _submitted(attendance, on: datetime.date, **fields) -> MeetingReport:
    return MeetingReport.objects.create(
        attendance=attendance, due_date=attendance.meeting.date + datetime.timedelta(days=5), status="submitted",
        first_submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(9))), **fields,
    )  # fmt: skip


@pytest.mark.django_db
def test_list_filters(client, accounts, attended, tree):
    person, cell = tree.person_a, tree.cell_a
    draft = MeetingReport.objects.create(attendance=attended, due_date=D(2024, 3, 10))  # overdue
    april = Attendance.objects.create(meeting=held(cell, D(2024, 4, 5)), person=person, source="cell")
    on_time = _submitted(april, D(2024, 4, 8))
    other_cell = PartyOrganization.objects.create(
        kind="cell", name="Chi bộ Ấp 1 Xã An Phú A", unit=tree.hamlets_a[2], parent=tree.committee_a
    )
    someone = Person.objects.create(code="CB-A3", full_name="Võ Minh Khang", home_unit=tree.communes_a[1])
    may = Attendance.objects.create(meeting=held(other_cell, D(2024, 5, 5)), person=someone, source="cell")
    late = _submitted(may, D(2024, 5, 30))
    client.force_login(accounts[Role.ORGANIZATION])
    assert ids(client.get(LIST)) == [late.pk, on_time.pk, draft.pk]  # newest meeting first
    assert ids(client.get(LIST, {"person": person.pk})) == [on_time.pk, draft.pk]
    assert ids(client.get(LIST, {"organization": other_cell.pk})) == [late.pk]
    assert ids(client.get(LIST, {"within": tree.communes_a[1].pk})) == [late.pk]
    assert ids(client.get(LIST, {"within": tree.province_b.pk})) == []
    assert ids(client.get(LIST, {"status": "draft"})) == [draft.pk]
    assert ids(client.get(LIST, {"from": "01/04/2024", "to": "2024-04-30"})) == [on_time.pk]
    assert ids(client.get(LIST, {"overdue": "true"})) == [draft.pk]
    assert ids(client.get(LIST, {"overdue": "false"})) == [late.pk, on_time.pk]
    assert ids(client.get(LIST, {"q": "vo minh khang"})) == [late.pk]
    assert ids(client.get(LIST, {"q": "chi bo ap 1 xa an phu"})) == [late.pk]
    rows = {row["id"]: row for row in client.get(LIST).json()["results"]}
    assert (rows[draft.pk]["overdue"], rows[draft.pk]["on_time"]) == (True, None)
    assert (rows[on_time.pk]["overdue"], rows[on_time.pk]["on_time"]) == (False, True)
    assert (rows[late.pk]["overdue"], rows[late.pk]["on_time"]) == (False, False)
    assert "history" not in rows[draft.pk]  # the list leaves the collections to the detail
    bad = client.get(LIST, {"status": "done"})
    assert bad.status_code == 400 and "status" in bad.json()


@pytest.mark.django_db
def test_quality_criteria(client, accounts):
    retired = QualityCriterion.objects.create(text="Tiêu chí đã bỏ", order=99, active=False)
    client.force_login(accounts[Role.CADRE])
    everything = client.get("/api/quality-criteria/", {"page_size": 100}).json()["results"]
    assert retired.pk in [c["id"] for c in everything] and len(everything) > 1
    active = client.get("/api/quality-criteria/", {"active": "true", "page_size": 100}).json()["results"]
    assert retired.pk not in [c["id"] for c in active] and all(c["active"] for c in active)
    assert set(active[0]) == {"id", "text", "order", "source", "active"}


@pytest.mark.django_db
def test_reporting_figures_of_the_compliance_endpoint(client, accounts, attended, tree):
    """Three meetings attended in 2024: one reported on time, one late, one not at all."""
    person, cell = tree.person_a, tree.cell_a
    april, may = (
        Attendance.objects.create(meeting=held(cell, date), person=person, source="cell")
        for date in (D(2024, 4, 5), D(2024, 5, 5))
    )
    _submitted(attended, D(2024, 3, 9))
    _submitted(april, D(2024, 4, 20))
    staff = accounts[Role.ORGANIZATION]
    client.force_login(staff)
    response = client.get(reverse("api:compliance-detail", kwargs={"pk": tree.province_a.pk}), {"year": "2024"})
    assert response.status_code == 200, response.content
    reporting = response.json()["reporting"]
    expected = reporting_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), staff)
    assert reporting == reporting_data(expected)
    assert (reporting["expected"], reporting["received"], reporting["on_time"]) == (3, 2, 1)
    assert reporting["rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert [(m["month"], m["received"]) for m in reporting["months"]] == [
        ("2024-03", 1),
        ("2024-04", 1),
        ("2024-05", 0),
    ]
    district = next(b for b in reporting["branches"] if b["unit"]["id"] == tree.district_a.pk)
    assert (district["expected"], district["received"], district["on_time"]) == (3, 2, 1)
    assert [(p["id"], p["expected"]) for p in reporting["people"]] == [(person.pk, 3)]
    assert not MeetingReport.objects.filter(attendance=may).exists()  # past due and never started: missing


def _reports_for(province) -> int:
    """A held meeting in every cell of the province, attended by one cadre, with a report each: half of them
    submitted with three criteria met."""
    person = Person(code="P" + province.code, full_name="Cán Bộ {}".format(province.code), home_unit=province)
    person.save()
    cells = list(PartyOrganization.objects.filter(unit__path__startswith=province.path, kind="cell"))
    meetings = Meeting.objects.bulk_create(
        [Meeting(organization=c, date=D(2024, 3, 5), planned_date=D(2024, 3, 5), status="held") for c in cells],
        batch_size=2000,
    )
    attendances = Attendance.objects.bulk_create(
        [Attendance(meeting=m, person=person, source="cell") for m in meetings], batch_size=2000
    )
    submitted = timezone.make_aware(datetime.datetime(2024, 3, 8, 9))
    reports = MeetingReport.objects.bulk_create(
        [
            MeetingReport(
                attendance=a,
                due_date=D(2024, 3, 10),
                status="submitted" if i % 2 else "draft",
                first_submitted_at=submitted if i % 2 else None,
                submitted_at=submitted if i % 2 else None,
            )  # fmt: skip
            for i, a in enumerate(attendances)
        ],
        batch_size=2000,
    )
    criteria = list(QualityCriterion.objects.values_list("pk", flat=True)[:3])
    Through = MeetingReport.criteria_met.through
    Through.objects.bulk_create(
        [Through(meetingreport_id=r.pk, qualitycriterion_id=c) for r in reports[1::2] for c in criteria],
        batch_size=2000,
    )
    return len(reports)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    small, large = build_province(100, "01"), build_province(1_000, "02")
    sizes = [_reports_for(p) for p in (small, large)]
    assert sizes[1] > 500 > sizes[0]  # the large one fills a page of 500
    account = account_upsert(
        username="do", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small, large]
    )
    client.force_login(account.user)
    counts = [count_queries(client, "{}?within={}&page_size=500".format(LIST, p.pk)) for p in (small, large)]
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10, counts
    overdue = [count_queries(client, "{}?within={}&overdue=true".format(LIST, p.pk)) for p in (small, large)]
    assert overdue[0] == overdue[1], overdue
    # A report's detail: the same queries with a short or a long history.
    short, long = MeetingReport.objects.filter(attendance__person__code__in=["P01", "P02"]).order_by("id")[:2]
    for i in range(30):
        ReportEvent.objects.create(report=long, action=ReportEventAction.SAVED, actor=account.user, changes={"n": i})
    assert count_queries(client, detail(short.pk)) == count_queries(client, detail(long.pk))


@pytest.mark.django_db
def test_openapi_schema_documents_the_reports_api(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {
        "/api/meeting-reports/",
        "/api/meeting-reports/{id}/",
        "/api/meeting-reports/{id}/submit/",
        "/api/meeting-reports/{id}/reopen/",
        "/api/meeting-reports/{id}/attachments/",
        "/api/quality-criteria/",
    } <= set(paths)
    assert {"get", "post"} <= set(paths["/api/meeting-reports/"]) and "patch" in paths["/api/meeting-reports/{id}/"]
    assert {"person", "organization", "within", "status", "from", "to", "overdue", "q"} <= {
        p["name"] for p in paths["/api/meeting-reports/"]["get"]["parameters"]
    }
    upload = paths["/api/meeting-reports/{id}/attachments/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    compliance = schema["components"]["schemas"]["Compliance"]
    assert "reporting" in compliance["properties"] and "reporting" in compliance["required"]
    reporting = schema["components"]["schemas"]["Reporting"]["properties"]
    assert {"as_of", "expected", "received", "on_time", "rate", "on_time_rate", "branches", "months", "people"} <= set(
        reporting
    )
