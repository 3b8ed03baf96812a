"""The API of field work: plans drafted, approved in two steps by the right people only, returned with a
comment, merged when they overlap; trip reports saved, locked and reopened; visits per unit. The services' rules,
in Vietnamese, within scope; queries bounded (departments and leave with them); the OpenAPI description clean."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.people.choices import Role
from diaban.people.models import Leave, Person
from diaban.people.services import account_upsert
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import (
    AgendaItem,
    Finding,
    FollowUp,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
    VisitTarget,
)
from tests.people.test_api import LEAVES, ids, login, post
from tests.territory.test_query_counts import count_queries
from tests.visits.conftest import AGENDA

D = datetime.date
PLANS = "/api/visit-plans/"
REPORTS = "/api/trip-reports/"
DATE_ERROR = "Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
NO_PERSON = (
    "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ mới lập, trình, duyệt kế hoạch đi cơ sở và báo cáo "
    "chuyến đi."
)


def plan_url(pk, action="") -> str:
    return "{}{}/{}".format(PLANS, pk, action + "/" if action else "")


def report_url(pk, action="") -> str:
    return "{}{}/{}".format(REPORTS, pk, action + "/" if action else "")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def make_plan(client, field, tree, who="chuyenvien", units=None, start="06/05/2024", end="07/05/2024", **extra):
    body = {
        "title": "Đi xã Đức Hòa",
        "start_date": start,
        "end_date": end,
        "units": [u.pk for u in units or [tree.communes_a[0]]],
        "agenda": AGENDA,
        **extra,
    }
    created = post(login(client, field.users[who]), PLANS, body)
    assert created.status_code == 201, created.content
    return created.json()


def act(client, field, who, pk, action, data=None):
    return post(login(client, field.users[who]), plan_url(pk, action), data)


def approved_plan(client, field, tree, **kwargs):
    plan = make_plan(client, field, tree, **kwargs)
    for who, action in (("chuyenvien", "submit"), ("truongphong", "approve"), ("phoban", "approve")):
        done = act(client, field, who, plan["id"], action)
        assert done.status_code == 200, done.content
    return done.json()


# ---------------------------------------------------------------------------------------------------------
# Plans


def test_a_plan_is_created_with_each_bad_field_named(client, field, tree, accounts):
    cadre = login(client, field.users["chuyenvien"])
    empty = post(cadre, PLANS, {})
    assert empty.status_code == 400
    assert empty.json() == {
        "title": ["Cần ghi tên đợt đi cơ sở."],
        "start_date": ["Cần ghi ngày đi."],
        "end_date": ["Cần ghi ngày về."],
        "units": ["Cần chọn ít nhất một địa bàn đến."],
        "agenda": ["Cần ghi ít nhất một nội dung làm việc."],
    }
    good = {
        "title": "Đi xã Đức Hòa",
        "start_date": "06/05/2024",
        "end_date": "2024-05-07",
        "units": [tree.communes_a[0].pk],
        "agenda": AGENDA,
    }
    bad_date = post(cadre, PLANS, {**good, "start_date": "31/02/2024"})
    assert bad_date.status_code == 400 and bad_date.json() == {"start_date": [DATE_ERROR]}
    backwards = post(cadre, PLANS, {**good, "end_date": "05/05/2024"})
    assert backwards.json() == {"end_date": ["Ngày về (05/05/2024) trước ngày đi (06/05/2024)."]}
    bad_item = post(cadre, PLANS, {**good, "agenda": [AGENDA[0], {"kind": "visit", "text": "Thăm hỏi"}]})
    assert bad_item.json() == {
        "agenda": [
            "Nội dung 2: loại nội dung “visit” không hợp lệ; chọn một trong: know: nắm tình hình; advise: góp ý, "
            "hướng dẫn; check: kiểm tra việc thực hiện; support: hỗ trợ, tháo gỡ."
        ]
    }
    blank_item = post(cadre, PLANS, {**good, "agenda": [{"kind": "know", "text": " "}]})
    assert blank_item.json() == {"agenda": ["Nội dung 1: cần ghi nội dung cụ thể."]}
    outside = post(cadre, PLANS, {**good, "units": [tree.communes_b[0].pk]})
    assert outside.json() == {"units": ["Không có địa bàn id {} trong phạm vi của bạn.".format(tree.communes_b[0].pk)]}
    owner = post(cadre, PLANS, {**good, "owner": field.specialist2.pk, "status": "approved"})
    assert owner.status_code == 400 and set(owner.json()) == {"owner", "status"}
    assert owner.json()["owner"][0].startswith("Không ghi được trường này; người chủ trì là người lập")
    assert VisitPlan.objects.count() == 0
    created = post(
        cadre,
        PLANS,
        {**good, "companions": [field.specialist2.pk], "counterparts": "Đảng ủy xã\nChi bộ ấp 1"},
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["owner"]["display"], plan["department"]["display"], plan["status"]) == (
        "Nguyễn Thị Thu Hà", "Phòng Tổ chức cơ sở đảng", "draft",
    )  # fmt: skip
    assert (plan["start_date"], plan["end_date"], plan["days"]) == ("2024-05-06", "2024-05-07", 2)
    assert [(u["id"], u["name"]) for u in plan["units"]] == [(tree.communes_a[0].pk, "Xã Đức Hòa A")]
    assert [(a["kind"], a["text"], a["is_main"], a["proposed_by"]["id"]) for a in plan["agenda"]] == [
        ("know", AGENDA[0]["text"], True, field.specialist.pk),
        ("check", AGENDA[1]["text"], False, field.specialist.pk),
    ]
    assert [p["display"] for p in plan["companions"]] == ["Trần Quốc Việt"]
    assert plan["counterparts"] == "Đảng ủy xã\nChi bộ ấp 1" and plan["editable"] is True
    assert [(e["action"], e["actor"]) for e in plan["history"]] == [("created", "Nguyễn Thị Thu Hà")]
    # Organization staff without a cadre record do not plan trips; nothing is looked up for them.
    staff = post(login(client, accounts[Role.ORGANIZATION]), PLANS, good)
    assert staff.status_code == 403 and staff.json() == {"detail": NO_PERSON, "code": "permission_denied"}


def test_approval_only_by_the_right_approver_at_each_step_with_history(client, field, tree):
    plan = make_plan(client, field, tree)
    pk = plan["id"]
    # Through a token, as the phone app signs in.
    client.logout()
    token = Token.objects.create(user=field.users["chuyenvien2"])
    stranger = client.post(plan_url(pk, "submit"), HTTP_AUTHORIZATION="Token " + token.key)
    assert stranger.status_code == 403
    assert stranger.json() == {
        "detail": "Chỉ người chủ trì mới được trình duyệt kế hoạch.",
        "code": "permission_denied",
    }
    submitted = act(client, field, "chuyenvien", pk, "submit").json()
    assert submitted["status"] == "submitted"
    approvers = [submitted[name]["id"] for name in ("department_approver", "leader_approver", "awaiting")]
    assert approvers == [field.head.pk, field.deputy.pk, field.head.pk]

    def unchanged(expected_status, events):
        current = login(client, field.users["chuyenvien"]).get(plan_url(pk)).json()
        assert (current["status"], len(current["history"])) == (expected_status, events)

    for wrong in ("chuyenvien", "phoban", "truongban", "truongphong2", "chuyenvien3"):
        refused = act(client, field, wrong, pk, "approve", {"comment": "Đồng ý"})
        assert refused.status_code == 403, wrong
        assert refused.json() == {"detail": "Bước này do Phạm Văn Đức duyệt.", "code": "permission_denied"}
        unchanged("submitted", 2)
    first = act(client, field, "truongphong", pk, "approve", {"comment": "Đồng ý, bổ sung kiểm tra Chỉ thị 28"})
    assert first.status_code == 200 and first.json()["status"] == "dept_ok"
    assert first.json()["awaiting"]["id"] == field.deputy.pk
    for wrong in ("truongphong", "truongban", "chuyenvien"):
        refused = act(client, field, wrong, pk, "approve")
        assert refused.status_code == 403 and refused.json() == {
            "detail": "Bước này do Ngô Thị Hạnh duyệt.",
            "code": "permission_denied",
        }
        unchanged("dept_ok", 3)
    # The leader sees the plan waiting for them and may act on it.
    leader_view = login(client, field.users["phoban"]).get(plan_url(pk)).json()
    assert leader_view["can_approve"] is True and leader_view["editable"] is False
    second = act(client, field, "phoban", pk, "approve")
    assert second.status_code == 200
    body = second.json()
    assert (body["status"], body["status_display"], body["awaiting"]) == ("approved", "đã duyệt", None)
    assert [(e["action"], e["actor"], e["comment"]) for e in body["history"]] == [
        ("created", "Nguyễn Thị Thu Hà", ""),
        ("submitted", "Nguyễn Thị Thu Hà", ""),
        ("dept_ok", "Phạm Văn Đức", "Đồng ý, bổ sung kiểm tra Chỉ thị 28"),
        ("approved", "Ngô Thị Hạnh", ""),
    ]
    times = [datetime.datetime.fromisoformat(e["at"]) for e in body["history"]]
    assert times == sorted(times)
    assert body["history"][2]["action_display"] == "trưởng phòng duyệt"
    # An approved plan is approved no more; a province-B cadre does not see it at all.
    assert act(client, field, "phoban", pk, "approve").status_code == 400
    other = account_upsert(username="cv-b", password="x-123456789", role=Role.CADRE, view_units=[tree.province_b]).user
    Person.objects.create(code="B-01", full_name="Lý Văn Bắc", home_unit=tree.province_b, user=other)
    assert login(client, other).get(plan_url(pk)).status_code == 404
    assert ids(client.get(PLANS)) == []
    assert post(client, plan_url(pk, "approve")).status_code == 404


def test_a_return_needs_a_comment_and_gives_the_owner_a_draft(client, field, tree):
    pk = make_plan(client, field, tree)["id"]
    act(client, field, "chuyenvien", pk, "submit")
    # Submitted: the owner cannot edit it, another cadre never can.
    locked = patch(login(client, field.users["chuyenvien"]), plan_url(pk), {"title": "Sửa"})
    assert locked.status_code == 400
    assert locked.json() == {"non_field_errors": ["Kế hoạch đang ở bước “chờ trưởng phòng duyệt”, không sửa được."]}
    no_comment = act(client, field, "truongphong", pk, "return", {"comment": "  "})
    assert no_comment.status_code == 400
    assert no_comment.json() == {"comment": ["Cần ghi ý kiến khi trả lại kế hoạch."]}
    assert act(client, field, "chuyenvien2", pk, "return", {"comment": "Không đồng ý"}).status_code == 403
    assert VisitPlan.objects.get(pk=pk).status == PlanStatus.SUBMITTED
    returned = act(client, field, "truongphong", pk, "return", {"comment": "Bổ sung nội dung kiểm tra"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "draft"
    assert returned.json()["history"][-1] == {
        **returned.json()["history"][-1],
        "action": "returned",
        "actor": "Phạm Văn Đức",
        "comment": "Bổ sung nội dung kiểm tra",
    }
    other = patch(login(client, field.users["chuyenvien2"]), plan_url(pk), {"title": "Sửa hộ"})
    assert other.status_code == 403 and other.json() == {
        "detail": "Chỉ người chủ trì mới được sửa kế hoạch của mình.",
        "code": "permission_denied",
    }
    edited = patch(
        login(client, field.users["chuyenvien"]),
        plan_url(pk),
        {"title": "Đi xã Đức Hòa (bổ sung)", "agenda": [*AGENDA, {"kind": "support", "text": "Tháo gỡ vướng mắc"}]},
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "Đi xã Đức Hòa (bổ sung)" and len(edited.json()["agenda"]) == 3
    emptied = patch(client, plan_url(pk), {"units": []})
    assert emptied.json() == {"units": ["Cần chọn ít nhất một địa bàn đến."]}
    assert VisitTarget.objects.filter(plan_id=pk).count() == 1


def test_overlapping_plans_see_each_other_merge_and_visits_drop(client, field, tree):
    mine = make_plan(client, field, tree)
    theirs = make_plan(client, field, tree, who="chuyenvien3", start="09/05/2024", end="09/05/2024", title="Khảo sát")
    far = make_plan(client, field, tree, who="chuyenvien2", start="01/07/2024", end="01/07/2024", title="Tháng 7")
    seen = login(client, field.users["chuyenvien"]).get(plan_url(mine["id"])).json()["overlapping"]
    assert [(p["id"], p["title"], p["owner"]["display"]) for p in seen] == [(theirs["id"], "Khảo sát", "Võ Minh Khoa")]
    seen = login(client, field.users["chuyenvien3"]).get(plan_url(theirs["id"])).json()["overlapping"]
    assert [p["id"] for p in seen] == [mine["id"]] and far["id"] not in [p["id"] for p in seen]
    for pk, steps in (
        (mine["id"], ("chuyenvien", "truongphong", "phoban")),
        (theirs["id"], ("chuyenvien3", "truongphong2", "phoban")),
    ):
        for who, action in zip(steps, ("submit", "approve", "approve"), strict=True):
            assert act(client, field, who, pk, action).status_code == 200

    def may_visits(url):
        body = login(client, field.users["truongban"]).get(url).json()
        rows = {r["unit"]["id"]: r["by_month"][4] for r in body["rows"]}
        return rows[tree.communes_a[0].pk], [r["unit"]["id"] for r in body["too_rarely"]]

    counts_url = reverse("api:visit-count-detail", kwargs={"pk": tree.province_a.pk}) + "?year=2024&level=commune"
    assert may_visits(counts_url) == (2, [tree.communes_a[1].pk])
    # Neither owner nor approver of both plans: refused, both plans as they were.
    assert act(client, field, "chuyenvien2", mine["id"], "merge", {"other": theirs["id"]}).status_code == 403
    assert act(client, field, "chuyenvien", mine["id"], "merge", {}).json() == {
        "other": ["Chọn kế hoạch cần gộp vào kế hoạch này (other: id)."]
    }
    assert VisitPlan.objects.get(pk=theirs["id"]).status == PlanStatus.APPROVED
    merged = act(client, field, "chuyenvien", mine["id"], "merge", {"other": theirs["id"]})
    assert merged.status_code == 200, merged.content
    body = merged.json()
    assert [p["display"] for p in body["companions"]] == ["Võ Minh Khoa"]
    assert [(a["text"], a["proposed_by"]["id"]) for a in body["agenda"]] == [
        (AGENDA[0]["text"], field.specialist.pk), (AGENDA[1]["text"], field.specialist.pk),
        (AGENDA[0]["text"], field.specialist3.pk), (AGENDA[1]["text"], field.specialist3.pk),
    ]  # fmt: skip
    assert (body["start_date"], body["end_date"]) == ("2024-05-06", "2024-05-09")
    # What was approved changed: back to the department head, approvers derived again.
    assert (body["status"], body["department_approver"]["id"], body["leader_approver"]["id"]) == (
        "submitted", field.head.pk, field.deputy.pk,
    )  # fmt: skip
    assert body["history"][-1]["action"] == "merged_in" and body["overlapping"] == []
    closed = login(client, field.users["chuyenvien3"]).get(plan_url(theirs["id"])).json()
    assert (closed["status"], closed["merged_into"]) == ("merged", mine["id"])
    for who in ("truongphong", "phoban"):
        assert act(client, field, who, mine["id"], "approve").status_code == 200
    assert may_visits(counts_url)[0] == 1


def test_plan_list_filters(client, field, tree):
    draft = make_plan(client, field, tree, title="Nắm tình hình ấp", units=[tree.hamlets_a[0]])
    other = make_plan(client, field, tree, who="chuyenvien3", start="01/07/2024", end="02/07/2024", title="Cán bộ")
    act(client, field, "chuyenvien3", other["id"], "submit")
    staff = login(client, field.users["truongban"])
    assert ids(staff.get(PLANS)) == [other["id"], draft["id"]]
    assert ids(staff.get(PLANS, {"status": "submitted"})) == [other["id"]]
    assert ids(staff.get(PLANS, {"status": ["draft", "submitted"]})) == [other["id"], draft["id"]]
    assert ids(staff.get(PLANS, {"owner": field.specialist.pk})) == [draft["id"]]
    assert ids(staff.get(PLANS, {"department": field.dept2.pk})) == [other["id"]]
    assert ids(staff.get(PLANS, {"unit": tree.district_a.pk})) == [other["id"], draft["id"]]
    assert ids(staff.get(PLANS, {"unit": tree.communes_a[0].pk})) == [other["id"], draft["id"]]
    assert ids(staff.get(PLANS, {"unit": tree.hamlets_a[1].pk})) == []
    assert ids(staff.get(PLANS, {"from": "07/05/2024", "to": "30/06/2024"})) == [draft["id"]]
    assert ids(staff.get(PLANS, {"q": "nguyen thi thu ha"})) == [draft["id"]]
    assert ids(staff.get(PLANS, {"q": "Nắm tình hình"})) == [draft["id"]]
    bad = staff.get(PLANS, {"to": "2024-13-01"})
    assert bad.status_code == 400 and bad.json() == {"to": [DATE_ERROR]}
    row = staff.get(PLANS).json()["results"][0]
    assert "agenda" not in row and row["units"][0]["name"] == "Xã Đức Hòa A"


# ---------------------------------------------------------------------------------------------------------
# Trip reports


def test_trip_report_saved_submitted_locked_and_reopened_with_a_reason(client, field, tree, accounts):
    plan = approved_plan(client, field, tree, units=[tree.communes_a[0], tree.communes_a[1]])
    start = plan_url(plan["id"], "trip-report")
    assert post(login(client, field.users["chuyenvien2"]), start).status_code == 403
    created = post(login(client, field.users["chuyenvien"]), start)
    assert created.status_code == 201, created.content
    report = created.json()
    again = post(client, start)
    assert again.status_code == 200 and again.json()["id"] == report["id"]
    url = report_url(report["id"])
    parts = report["units"]
    assert [p["unit"]["name"] for p in parts] == ["Xã Đức Hòa A", "Xã An Phú A"]
    assert [[f["agenda_item"]["text"] for f in p["findings"]] for p in parts] == [
        [AGENDA[0]["text"], AGENDA[1]["text"]]
    ] * 2
    early = post(client, report_url(report["id"], "submit"))
    assert early.status_code == 400
    assert early.json() == {
        "units": ["Xã Đức Hòa A: cần ghi tình hình hoặc kết quả ít nhất một nội dung trước khi nộp."]
    }
    no_due = patch(client, url, {"units": [{"id": parts[0]["id"], "follow_ups": [{"text": "Kiểm tra lại"}]}]})
    assert no_due.status_code == 400
    assert no_due.json() == {"follow_ups": ["Xã Đức Hòa A, việc 1: cần ghi hạn hoàn thành."]}
    unknown = patch(client, url, {"status": "submitted"})
    assert unknown.status_code == 400 and list(unknown.json()) == ["status"]
    saved = patch(
        client,
        url,
        {
            "summary": "Cơ sở chuẩn bị tốt",
            "units": [
                {
                    "id": parts[0]["id"],
                    "recommendations_text": "Sửa cầu ấp 2\nCấp kinh phí sinh hoạt chi bộ",
                    "findings": [{"id": parts[0]["findings"][0]["id"], "text": "Chi bộ sinh hoạt đều"}],
                    "follow_ups": [{"text": "Kiểm tra lại việc sửa cầu", "due_date": "30/06/2024"}],
                },
                {"id": parts[1]["id"], "situation": "Ổn định"},
            ],
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["summary"] == "Cơ sở chuẩn bị tốt" and body["editable"] is True
    assert body["units"][0]["findings"][0]["text"] == "Chi bộ sinh hoạt đều"
    assert [(f["text"], f["due_date"]) for f in body["units"][0]["follow_ups"]] == [
        ("Kiểm tra lại việc sửa cầu", "2024-06-30")
    ]
    assert body["units"][1]["situation"] == "Ổn định"
    someone_else = patch(login(client, field.users["chuyenvien2"]), url, {"summary": "Sửa hộ"})
    assert someone_else.status_code == 403
    submitted = post(login(client, field.users["chuyenvien"]), report_url(report["id"], "submit"))
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert (body["status"], body["plan"]["status"], body["editable"]) == ("submitted", "done", False)
    recommendations = body["units"][0]["recommendations"]
    assert sorted(r["text"] for r in recommendations) == ["Cấp kinh phí sinh hoạt chi bộ", "Sửa cầu ấp 2"]
    stored = Recommendation.objects.filter(pk__in=[r["id"] for r in recommendations])
    assert {(r.source, r.unit_id) for r in stored} == {(RecommendationSource.VISIT, tree.communes_a[0].pk)}
    # Locked: a change is refused and nothing moves.
    locked = patch(client, url, {"summary": "Sửa sau khi nộp"})
    assert locked.status_code == 400
    assert locked.json() == {
        "non_field_errors": ["Báo cáo đã nộp và bị khóa; cần Ban Tổ chức mở lại (có lý do) mới sửa được."]
    }
    assert TripReport.objects.get(pk=report["id"]).summary == "Cơ sở chuẩn bị tốt"
    # The owner does not reopen their own report; the department head does, with a reason.
    assert post(client, report_url(report["id"], "reopen"), {"reason": "Sửa"}).status_code == 403
    head = login(client, field.users["truongphong"])
    assert post(head, report_url(report["id"], "reopen")).json() == {"reason": ["Cần ghi lý do mở lại báo cáo."]}
    reopened = post(head, report_url(report["id"], "reopen"), {"reason": "Bổ sung kết quả xã An Phú"})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "reopened"
    assert [(e["action"], e["actor"], e["comment"]) for e in reopened.json()["history"]][-3:] == [
        ("report_saved", "Nguyễn Thị Thu Hà", ""),
        ("report_sub", "Nguyễn Thị Thu Hà", ""),
        ("report_reop", "Phạm Văn Đức", "Bổ sung kết quả xã An Phú"),
    ]
    fixed = patch(login(client, field.users["chuyenvien"]), url, {"summary": "Cơ sở chuẩn bị tốt, đã bổ sung"})
    assert fixed.status_code == 200
    assert post(client, report_url(report["id"], "submit")).status_code == 200
    # Organization staff with the report in their capture scope reopen too, without a cadre record.
    staff = post(login(client, accounts[Role.ORGANIZATION]), report_url(report["id"], "reopen"), {"reason": "Kiểm tra"})
    assert staff.status_code == 200 and staff.json()["status"] == TripReportStatus.REOPENED
    assert Recommendation.objects.filter(source=RecommendationSource.VISIT).count() == 2


def test_trip_report_list_filters_and_scope(client, field, tree):
    plan = approved_plan(client, field, tree)
    report = post(login(client, field.users["chuyenvien"]), plan_url(plan["id"], "trip-report")).json()
    staff = login(client, field.users["truongban"])
    assert ids(staff.get(REPORTS)) == [report["id"]]
    assert ids(staff.get(REPORTS, {"status": "draft", "owner": field.specialist.pk})) == [report["id"]]
    assert ids(staff.get(REPORTS, {"unit": tree.communes_a[1].pk})) == []
    assert ids(staff.get(REPORTS, {"q": "Đức Hòa"})) == [report["id"]]
    assert ids(staff.get(REPORTS, {"q": "nguyen thi thu ha"})) == [report["id"]]
    assert ids(staff.get(REPORTS, {"q": "Trần Quốc Việt"})) == []
    row = staff.get(REPORTS).json()["results"][0]
    assert row["plan"]["id"] == plan["id"] and "units" not in row and row["editable"] is False
    outsider = account_upsert(username="xem-b", password="x-123456789", role=Role.LEADER, view_units=[tree.province_b])
    assert login(client, outsider.user).get(report_url(report["id"])).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Visit counts


def test_visit_counts_parameters(client, field, tree):
    approved_plan(client, field, tree, units=[tree.hamlets_a[0]])
    staff = login(client, field.users["truongban"])
    url = reverse("api:visit-count-detail", kwargs={"pk": tree.district_a.pk})
    body = staff.get(url, {"year": "2024"}).json()
    # By default the level most visited: hamlets; the remote ones come first among those never visited.
    assert (body["unit"]["name"], body["year"], body["level_name"], body["monthly_max"]) == (
        "Huyện Đông A", 2024, "Ấp, thôn, bản, khu phố", 2,
    )  # fmt: skip
    assert {r["unit"]["id"]: r["total"] for r in body["rows"]}[tree.hamlets_a[0].pk] == 1
    assert len(body["too_rarely"]) == 3 and body["too_often"] == []
    assert staff.get(url, {"year": "20x4"}).json() == {
        "year": ["Năm không hợp lệ: “20x4”. Viết bốn chữ số, ví dụ 2025."]
    }
    assert list(staff.get(url, {"level": "thon"}).json()) == ["level"]
    assert staff.get(url, {"year": "2023"}).json()["rows"][0]["by_month"] == [0] * 12
    outside = reverse("api:visit-count-detail", kwargs={"pk": tree.province_b.pk})
    assert staff.get(outside).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Bounded queries and the schema


def _days(start: datetime.date, count: int) -> list[datetime.date]:
    return [start + datetime.timedelta(days=i) for i in range(count)]


def _plans(field, tree, count: int, tag: str, width: int) -> list[VisitPlan]:
    """`count` approved plans of two specialists, each to `width` hamlets with `width` companions, `width` agenda
    items, `width` × 3 events and a trip report with a finding per agenda item and `width` follow-ups per unit;
    `count` leaves."""
    units = (tree.hamlets_a + tree.communes_a)[:width]
    companions = [field.specialist2, field.head_of_agency, field.head2, field.head][:width]
    # Every other plan is another department's, in the same days: each plan overlaps many others.
    owners = [(field.specialist, field.dept, field.head), (field.specialist3, field.dept2, field.head2)]
    plans = VisitPlan.objects.bulk_create(
        [
            VisitPlan(
                title="Chuyến {} {}".format(tag, i),
                owner=owners[i % 2][0],
                department=owners[i % 2][1],
                start_date=D(2024, 5, 6 + i % 5),
                end_date=D(2024, 5, 6 + i % 5),
                status=PlanStatus.APPROVED,
                department_approver=owners[i % 2][2],
                leader_approver=field.deputy,
            )
            for i in range(count)
        ]
    )
    VisitPlan.companions.through.objects.bulk_create(
        [VisitPlan.companions.through(visitplan_id=p.pk, person_id=c.pk) for p in plans for c in companions]
    )
    VisitTarget.objects.bulk_create([VisitTarget(plan=p, unit=u, order=i) for p in plans for i, u in enumerate(units)])
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(plan=p, kind=AgendaKind.KNOW, text="Nội dung {}".format(i), is_main=i == 0, order=i)
            for p in plans
            for i in range(width)
        ]
    )
    PlanEvent.objects.bulk_create(
        [
            PlanEvent(plan=p, action=a, actor=field.users["chuyenvien"])
            for p in plans
            for a in PlanAction.values[: 3 * width]
        ]
    )
    reports = TripReport.objects.bulk_create(
        [TripReport(plan=p, start_date=p.start_date, end_date=p.end_date) for p in plans]
    )
    parts = UnitVisitReport.objects.bulk_create([UnitVisitReport(report=r, unit=u) for r in reports for u in units])
    by_plan = {}
    for item in items:
        by_plan.setdefault(item.plan_id, []).append(item)
    Finding.objects.bulk_create(
        [Finding(unit_report=part, agenda_item=item) for part in parts for item in by_plan[part.report.plan_id]]
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(unit_report=part, text="Việc {}".format(i), due_date=D(2024, 12, 31))
            for part in parts
            for i in range(width)
        ]
    )
    Leave.objects.bulk_create(
        [Leave(person=field.specialist2, start_date=day, end_date=day) for day in _days(D(2023, 1, 1), count)]
    )
    return plans


def test_queries_do_not_grow_with_the_data(client, field, tree):
    staff = login(client, field.users["truongban"])
    sizes = {}
    # Many plans and long collections on each (units, agenda, companions, history, report parts).
    for tag, count, width in (("nho", 3, 1), ("lon", 40, 4)):
        plans = _plans(field, tree, count, tag, width)
        first, report = plans[0], TripReport.objects.get(plan=plans[0])
        urls = {
            "plans": PLANS + "?page_size=500",
            "plans by unit": PLANS + "?page_size=500&unit={}".format(tree.district_a.pk),
            "plan": plan_url(first.pk),
            "reports": REPORTS + "?page_size=500",
            "report": report_url(report.pk),
            "counts": reverse("api:visit-count-detail", kwargs={"pk": tree.province_a.pk}) + "?year=2024",
            "departments": "/api/departments/?page_size=500",
            "leaves": LEAVES + "?page_size=500",
        }
        sizes[tag] = {name: count_queries(staff, url) for name, url in urls.items()}
        assert len(staff.get(PLANS + "?page_size=500").json()["results"]) == VisitPlan.objects.count()
    assert sizes["nho"] == sizes["lon"], sizes
    assert max(sizes["lon"].values()) <= 15, sizes["lon"]


def test_the_openapi_description_is_valid_and_documents_field_work(client, field, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (
        login(client, field.users["chuyenvien"])
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    paths = schema["paths"]
    assert {
        "/api/visit-plans/",
        "/api/visit-plans/{id}/",
        "/api/visit-plans/{id}/submit/",
        "/api/visit-plans/{id}/approve/",
        "/api/visit-plans/{id}/return/",
        "/api/visit-plans/{id}/cancel/",
        "/api/visit-plans/{id}/merge/",
        "/api/visit-plans/{id}/trip-report/",
        "/api/trip-reports/",
        "/api/trip-reports/{id}/",
        "/api/trip-reports/{id}/submit/",
        "/api/trip-reports/{id}/reopen/",
        "/api/visit-counts/{id}/",
        "/api/departments/",
        "/api/leaves/",
        "/api/leaves/{id}/",
    } <= set(paths)
    assert {"q", "status", "owner", "department", "unit", "from", "to"} <= {
        p["name"] for p in paths["/api/visit-plans/"]["get"]["parameters"]
    }
    assert {"post", "get"} <= set(paths["/api/visit-plans/"]) and "patch" in paths["/api/visit-plans/{id}/"]
    assert "delete" in paths["/api/leaves/{id}/"]
    assert {"year", "level"} <= {p["name"] for p in paths["/api/visit-counts/{id}/"]["get"]["parameters"]}
    components = schema["components"]["schemas"]
    assert {"agenda", "companions", "overlapping", "history"} <= set(components["VisitPlanDetail"]["properties"])
    assert components["AgendaInput"]["properties"]["kind"]["pattern"] == "^(know|advise|check|support)$"
