"""The API of guidance, receipts, drafts, comments and review sessions: the same rules as the pages, refusals
named in Vietnamese."""

import datetime

from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.guidance.models import DraftComment, DraftDocument, DraftRecipient, Guidance
from diaban.people.choices import Role

D = datetime.date
JSON = "application/json"


def _publish(client, unit, **extra):
    body = {"unit": unit.pk, "title": "Định hướng tuyên truyền tháng này", "body": "Những điểm cần truyền đạt.",
            "convey_by": format_date(today() + datetime.timedelta(days=7)), **extra}  # fmt: skip
    return client.post(reverse("api:guidance-list"), body, content_type=JSON)


def test_publish_read_and_remind(client, tree, accounts, cadres):
    client.force_login(accounts[Role.CADRE])
    refused = _publish(client, tree.district_a)
    assert refused.status_code == 403 and "Chỉ lãnh đạo và Ban Tổ chức" in refused.json()["detail"]
    client.force_login(accounts[Role.LEADER])
    bad = _publish(client, tree.province_a, convey_by="31/02/2026")
    assert bad.status_code == 400 and "convey_by" in bad.json()
    made = _publish(client, tree.province_a)
    assert made.status_code == 201, made.content
    data = made.json()
    assert (data["recipient_count"], data["read_count"], data["sent_to_me"], data["file_url"]) == (4, 0, False, None)
    guidance_id = data["id"]
    read_url = reverse("api:guidance-read", kwargs={"pk": guidance_id})
    assert client.post(read_url).status_code == 403  # the leader's account is nobody's person
    client.force_login(cadres.users["an"])
    first = client.post(read_url)
    assert first.status_code == 200 and first.json()["read"] is True
    assert client.post(read_url).json()["read_at"] == first.json()["read_at"]
    mine = client.get(reverse("api:guidance-detail", kwargs={"pk": guidance_id})).json()
    assert mine["sent_to_me"] is True and mine["my_read_at"] == first.json()["read_at"] and mine["read_count"] == 1
    client.force_login(accounts[Role.LEADER])
    remind_url = reverse("api:guidance-remind", kwargs={"pk": guidance_id})
    empty = client.post(remind_url, {}, content_type=JSON)
    assert empty.status_code == 400 and empty.json()["message"] == ["Ghi lời nhắc gửi kèm thông báo."]
    sent = client.post(remind_url, {"message": "Đề nghị đọc ngay."}, content_type=JSON).json()
    assert sent == {"created": 3, "already": 0, "without_account": 0}
    again = client.post(remind_url, {"message": "Nhắc lại."}, content_type=JSON).json()
    assert again == {"created": 0, "already": 3, "without_account": 0}


def test_receipts_who_has_not_read(client, tree, accounts, cadres):
    client.force_login(accounts[Role.ORGANIZATION])
    guidance_id = _publish(client, tree.province_a).json()["id"]
    client.force_login(cadres.users["binh"])
    client.post(reverse("api:guidance-read", kwargs={"pk": guidance_id}))
    client.force_login(accounts[Role.ORGANIZATION])
    unread = client.get(reverse("api:guidance-receipt-list"), {"guidance": guidance_id, "read": "false"}).json()
    # Given names first: "A" (Trần Thị Hồng Nhung A), An, Chính.
    assert [row["person"]["code"] for row in unread["results"]] == ["CB-A", "A-01", "B-01"]
    read = client.get(reverse("api:guidance-receipt-list"), {"guidance": guidance_id, "read": "true"}).json()
    assert [row["person"]["code"] for row in read["results"]] == ["A-02"] and read["results"][0]["read_at"]
    # A recipient outside the guidance's scope sees their own receipt only.
    client.force_login(cadres.users["chinh"])
    own = client.get(reverse("api:guidance-receipt-list"), {"guidance": guidance_id}).json()
    assert [row["person"]["code"] for row in own["results"]] == ["B-01"]
    listed = client.get(reverse("api:guidance-list")).json()["results"]
    assert [(g["id"], g["sent_to_me"], g["my_read_at"]) for g in listed] == [(guidance_id, True, None)]


def test_drafts_and_comments(client, tree, accounts, cadres):
    client.force_login(accounts[Role.GRASSROOTS])
    deadline = today() + datetime.timedelta(days=7)
    sent = client.post(
        reverse("api:draft-list"),
        {"unit": tree.hamlets_a[0].pk, "kind": "report", "title": "Dự thảo báo cáo sơ kết 6 tháng",
         "text": "Kết quả 6 tháng đầu năm…", "deadline": format_date(deadline)},
        content_type=JSON,
    )  # fmt: skip
    assert sent.status_code == 201, sent.content
    document = sent.json()
    assert document["recipient_count"] == 2 and document["is_open"] is True
    assert [(r["person"]["code"], r["answered"]) for r in document["recipients"]] == [("CB-A", False), ("A-02", False)]
    client.force_login(accounts[Role.CADRE])
    assert client.post(reverse("api:draft-list"), {}, content_type=JSON).status_code == 403
    # Nhung comments, edits; Bình (asked too) may not edit her comment; An (not asked) may not comment.
    client.force_login(cadres.users["nhung"])
    comments = reverse("api:draft-comment-list")
    made = client.post(comments, {"document": document["id"], "text": "Cần nêu rõ tồn tại."}, content_type=JSON)
    assert made.status_code == 201 and made.json()["editable"] is True
    detail = reverse("api:draft-comment-detail", kwargs={"pk": made.json()["id"]})
    assert client.patch(detail, {"text": "Cần nêu rõ tồn tại, nguyên nhân."}, content_type=JSON).status_code == 200
    client.force_login(cadres.users["binh"])
    assert client.patch(detail, {"text": "Sửa hộ"}, content_type=JSON).status_code == 403
    client.force_login(cadres.users["an"])
    assert client.post(comments, {"document": document["id"], "text": "x"}, content_type=JSON).status_code == 403
    client.force_login(accounts[Role.GRASSROOTS])
    answers = client.get(reverse("api:draft-detail", kwargs={"pk": document["id"]})).json()
    assert answers["answered_count"] == 1
    assert [(r["person"]["code"], r["answered"]) for r in answers["recipients"]] == [("CB-A", True), ("A-02", False)]
    assert DraftComment.objects.get().text == "Cần nêu rõ tồn tại, nguyên nhân."


def test_comments_closed_after_the_deadline_through_the_api(client, tree, cadres):
    document = DraftDocument.objects.create(
        unit=tree.hamlets_a[0], kind="plan", title="Dự thảo đã hết hạn", text="…", sent_on=D(2025, 1, 2),
        deadline=D(2025, 1, 10),
    )  # fmt: skip
    DraftRecipient.objects.create(document=document, person=cadres.nhung)
    client.force_login(cadres.users["nhung"])
    late = client.post(reverse("api:draft-comment-list"), {"document": document.pk, "text": "Trễ"}, content_type=JSON)
    assert late.status_code == 400
    assert late.json()["text"] == ["Đã hết hạn góp ý (10/01/2025): không thêm, sửa hay rút ý kiến được nữa."]
    listed = client.get(reverse("api:draft-list"), {"open": "false"}).json()["results"]
    assert [(d["id"], d["is_open"]) for d in listed] == [(document.pk, False)]


def test_review_sessions_and_due(client, accounts, department):
    client.force_login(department.head.user)
    url = reverse("api:review-session-list")
    body = {"department": department.department.pk, "date": "12/09/2025", "period": "quarter",
            "attendees": [department.cv1.pk, department.stranger.pk], "minutes": "Biên bản"}  # fmt: skip
    stranger = client.post(url, body, content_type=JSON)
    assert stranger.status_code == 400
    assert stranger.json()["attendees"] == ["Đỗ Thị Mai không thuộc Phòng Tổ chức cơ sở đảng."]
    body["attendees"] = [department.cv1.pk]
    made = client.post(url, body, content_type=JSON)
    assert made.status_code == 201, made.content
    assert (
        made.json()["period_label"] == "quý III/2025"
        and made.json()["department"]["display"] == department.department.name
    )
    other = {**body, "department": department.other.pk, "attendees": [department.stranger.pk]}
    assert client.post(url, other, content_type=JSON).status_code == 400  # not a department he heads
    client.force_login(accounts[Role.ORGANIZATION])
    detail = reverse("api:review-session-detail", kwargs={"pk": made.json()["id"]})
    patched = client.patch(detail, {"lessons": "Đi cơ sở phải nắm trước tình hình."}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["lessons"] == "Đi cơ sở phải nắm trước tình hình."
    due = client.get(reverse("api:review-due-list")).json()["results"]
    assert {row["display"] for row in due} == {
        "Phòng Tổ chức cơ sở đảng", "Tổ công tác đảng viên", "Phòng Tổ chức cán bộ",
    }  # the 2025 session does not count for today's period  # fmt: skip
    assert all(row["period"] == "quarter" for row in due)


def test_schema_documents_the_guidance_api(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("/api/guidance/", "/api/guidance/{id}/read/", "/api/guidance/{id}/remind/", "/api/guidance-receipts/",
                 "/api/guidance-conveyed/", "/api/drafts/", "/api/draft-comments/{id}/", "/api/review-sessions/",
                 "/api/review-due/"):  # fmt: skip
        assert path in paths, path
    assert Guidance.objects.count() == 0
