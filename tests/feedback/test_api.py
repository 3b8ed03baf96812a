"""The API of recommendations: the whole path from the cadre to the agency and back, agencies confined to their
queue (404 outside it, on reading and on every action), personal data of the raiser only for those who need it,
refusals in Vietnamese naming the field, groups answered together, filters, bounded queries, a clean schema."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.core.text import fold
from diaban.feedback.choices import EventAction, RaiserKind, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import (
    Recommendation,
    RecommendationAttachment,
    RecommendationEvent,
    RecommendationGroup,
)
from diaban.feedback.services import recording, routing
from diaban.people.choices import Role
from tests.territory.test_query_counts import count_queries

D = datetime.date
JSON = "application/json"
LIST = "/api/recommendations/"
GROUPS = "/api/recommendation-groups/"
DATE_ERROR = "Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
HIDDEN = "cá nhân (thông tin cá nhân được bảo vệ)"
LAND_TEXT = "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ ven sông"


def url(pk, action="") -> str:
    return "{}{}/{}".format(LIST, pk, action + "/" if action else "")


def group_url(pk, action="") -> str:
    return "{}{}/{}".format(GROUPS, pk, action + "/" if action else "")


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, address, data=None):
    return client.post(address, data or {}, content_type=JSON)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def ok(response, code=200) -> dict:
    assert response.status_code == code, response.content
    return response.json()


def record(actor, unit, text, **extra) -> Recommendation:
    return recording.recommendation_create(actor=actor, unit=unit, text=text, **extra)


def forwarded(staff, recommendation, agency, topic, on=None):
    return routing.forward(actor=staff, recommendation=recommendation, agency=agency, topic=topic, on=on)


# ---------------------------------------------------------------------------------------------------------
# The whole path


def test_the_whole_path_from_the_cadre_to_the_agency_and_back(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    # In the cadre's hamlet, a similar one and an unrelated one; in another hamlet (outside their scope) a twin.
    sibling = record(staff, tree.hamlets_a[0], "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho hộ ven kênh")
    record(staff, tree.hamlets_a[0], "Đèn chiếu sáng đường ấp 1 bị hỏng")
    record(staff, tree.hamlets_a[2], LAND_TEXT)

    # The cadre records it from a cell meeting, with a scanned letter; the answer names the similar one.
    scan = SimpleUploadedFile("don-kien-nghi.pdf", b"%PDF-1.4 don", content_type="application/pdf")
    body = {
        "unit": tree.hamlets_a[0].pk, "text": LAND_TEXT, "source": "meeting", "raised_on": "20/01/2025",
        "raiser_kind": "person", "raiser_name": "Nguyễn Văn Tám", "raiser_contact": "0909 123 456, tổ 3",
        "attachments": [scan],
    }  # fmt: skip
    created = ok(as_user(client, cadre_user).post(LIST, body), 201)
    pk = created["id"]
    assert (created["status"], created["source"], created["raised_on"]) == ("new", "meeting", "2025-01-20")
    assert (created["raiser_name"], created["raiser"]) == ("Nguyễn Văn Tám", "cá nhân: Nguyễn Văn Tám")
    assert created["carried_by"]["id"] == tree.person_a.pk and created["unit"]["id"] == tree.hamlets_a[0].pk
    assert [s["id"] for s in created["similar"]] == [sibling.pk]
    assert 0 < created["similar"][0]["similarity"] <= 1
    attachment = RecommendationAttachment.objects.get(recommendation_id=pk)
    assert [(a["name"], a["url"]) for a in created["attachments"]] == [
        ("don-kien-nghi.pdf", "http://testserver" + reverse("recommendation_attachment", kwargs={"pk": attachment.pk}))
    ]

    # Organization staff see the suggestion, must confirm the agency, and forward.
    as_user(client, staff)
    suggestion = ok(client.get(url(pk, "suggestion")))
    assert (suggestion["topic"]["display"], suggestion["topic_from_keywords"]) == ("Đất đai", True)
    assert suggestion["agency"]["id"] == agencies.land_office.pk
    assert [a["id"] for a in suggestion["agencies"]] == [
        agencies.commune_committee.pk,
        agencies.transport.pk,
        agencies.land_office.pk,
    ]
    unconfirmed = post(client, url(pk, "forward"))
    assert unconfirmed.status_code == 400
    assert unconfirmed.json() == {
        "agency": [
            "Cần chọn cơ quan giải quyết (agency: id). Cơ quan gợi ý: Sở Tài nguyên và Môi trường tỉnh Thử A "
            "(id {}); gửi lại id này để xác nhận.".format(agencies.land_office.pk)
        ]
    }
    assert Recommendation.objects.get(pk=pk).status == S.NEW
    sent = ok(post(client, url(pk, "forward"), {"agency": agencies.land_office.pk, "forwarded_on": "22/01/2025"}))
    # 20 working days of "Đất đai" from 22/01/2025, Tết (27–31/01) and weekends skipped.
    assert (sent["status"], sent["topic"]["display"], sent["deadline"]) == ("forwarded", "Đất đai", "2025-02-26")
    assert sent["agency"]["id"] == agencies.land_office.pk and sent["level"] == "agency"

    # The agency acknowledges, asks for more, gets it from the cadre, answers.
    as_user(client, agencies.agency_user)
    assert "acknowledge" in ok(client.get(url(pk)))["allowed_actions"]
    assert ok(post(client, url(pk, "acknowledge")))["status"] == "acknowledged"
    assert ok(post(client, url(pk, "request-information"), {"question": "Số thửa đất?"}))["status"] == "info"
    as_user(client, cadre_user)
    assert "provide-information" in ok(client.get(url(pk)))["allowed_actions"]
    given = ok(post(client, url(pk, "provide-information"), {"information": "Thửa 112, tờ bản đồ 7"}))
    assert given["status"] == "acknowledged"
    as_user(client, agencies.agency_user)
    answer = "Đã hướng dẫn hồ sơ; cấp giấy trong tháng 3."
    answered = ok(post(client, url(pk, "answer"), {"answer": answer, "answered_on": "20/02/2025"}))
    assert (answered["status"], answered["answer"], answered["answered_on"]) == ("answered", answer, "2025-02-20")
    assert answered["answered_by_name"] == agencies.land_office.name and answered["is_overdue"] is False

    # The cadre sees the answer and marks it told back to the cell.
    as_user(client, cadre_user)
    seen = ok(client.get(url(pk)))
    assert (seen["answer"], seen["conveyed_on"], seen["allowed_actions"]) == (answer, None, ["convey"])
    conveyed = ok(post(client, url(pk, "convey"), {"conveyed_on": "05/03/2025"}))
    assert conveyed["conveyed_on"] == "2025-03-05" and conveyed["conveyed_by"]["id"] == tree.person_a.pk
    assert conveyed["allowed_actions"] == []

    history = [(e["action"], e["actor"], (e["agency"] or {}).get("display"), e["comment"]) for e in conveyed["history"]]
    land = agencies.land_office.name
    assert history == [
        ("created", cadre_user.get_full_name(), None, ""),
        ("forwarded", staff.get_full_name(), land, "Hạn trả lời 26/02/2025."),
        ("acknowledged", agencies.agency_user.get_full_name(), land, ""),
        ("info_requested", agencies.agency_user.get_full_name(), land, "Số thửa đất?"),
        ("info_provided", cadre_user.get_full_name(), land, "Thửa 112, tờ bản đồ 7"),
        ("answered", agencies.agency_user.get_full_name(), land, answer),
        ("conveyed", cadre_user.get_full_name(), land, ""),
    ]
    assert all(e["at"] for e in conveyed["history"]) and cadre_user.get_full_name()
    assert [e["status"] for e in conveyed["history"]][-2:] == ["answered", "answered"]


def test_answered_on_the_spot_and_by_the_standing_committee(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    spot, high = (record(cadre_user, tree.hamlets_a[0], text) for text in ("Hỏi về lịch họp chi bộ", "Đê bao vỡ"))
    as_user(client, staff)
    empty = post(client, url(spot.pk, "answer-on-the-spot"))
    assert empty.status_code == 400 and empty.json() == {"answer": ["Cần ghi nội dung trả lời."]}
    done = ok(post(client, url(spot.pk, "answer-on-the-spot"), {"answer": "Họp ngày 5 hằng tháng."}))
    assert (done["status"], done["level"], done["answer"]) == ("answered", "spot", "Họp ngày 5 hằng tháng.")
    no_reason = post(client, url(high.pk, "escalate"), {"topic": agencies.water.pk})
    assert no_reason.json() == {"comment": ["Cần ghi lý do trình Thường trực."]}
    up = ok(post(client, url(high.pk, "escalate"), {"topic": agencies.water.pk, "comment": "Vượt khả năng huyện"}))
    assert (up["status"], up["level"], up["escalated_on"]) == ("escalated", "standing", today().isoformat())
    # The leader who sees the unit answers it and closes it at once.
    as_user(client, accounts[Role.LEADER])
    closed = ok(post(client, url(high.pk, "answer"), {"answer": "Giao Sở NN&PTNT gia cố đê.", "close": True}))
    assert closed["status"] == "closed" and closed["answered_by_name"].startswith("Thường trực cấp ủy")
    assert [e["action"] for e in closed["history"]][-2:] == ["answered", "closed"]


# ---------------------------------------------------------------------------------------------------------
# Agencies see only their queue


ACTIONS = [
    ("answer-on-the-spot", {"answer": "Trả lời"}),
    ("forward", {"agency": 0}),
    ("escalate", {"comment": "Lý do"}),
    ("acknowledge", {}),
    ("request-information", {"question": "Cần gì?"}),
    ("provide-information", {"information": "Đây"}),
    ("return", {"reason": "Không phải của chúng tôi"}),
    ("answer", {"answer": "Trả lời"}),
    ("close", {}),
    ("convey", {}),
]


def test_an_agency_account_is_confined_to_its_queue(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    mine = record(cadre_user, tree.hamlets_a[0], "Tranh chấp ranh giới đất giữa hai hộ")
    theirs = record(cadre_user, tree.hamlets_a[0], "Đường ấp 1 sạt lở")
    waiting = record(cadre_user, tree.hamlets_a[0], "Xin cấp sổ đỏ")
    forwarded(staff, mine, agencies.land_office, agencies.land)
    forwarded(staff, theirs, agencies.transport, agencies.roads)
    as_user(client, agencies.agency_user)
    assert ids(client.get(LIST)) == [mine.pk]
    assert ids(client.get(LIST, {"status": ["new", "forwarded"]})) == [mine.pk]
    for outside in (theirs, waiting):
        assert client.get(url(outside.pk)).status_code == 404
        assert client.get(url(outside.pk, "similar")).status_code == 404
        assert client.get(url(outside.pk, "suggestion")).status_code == 404
        for name, body in ACTIONS:
            body = {**body, "agency": agencies.land_office.pk} if name == "forward" else body
            response = post(client, url(outside.pk, name), body)
            assert response.status_code == 404, (name, response.content)
    assert Recommendation.objects.get(pk=theirs.pk).status == S.FORWARDED
    assert Recommendation.objects.get(pk=waiting.pk).status == S.NEW
    # In its queue, it may not route: the service says so.
    refused = post(client, url(mine.pk, "forward"), {"agency": agencies.transport.pk})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ Ban Tổ chức phụ trách địa bàn mới chuyển kiến nghị."
    # Not its own: an empty reason is refused, a reason sends it back and out of the agency's list.
    empty = post(client, url(mine.pk, "return"), {"reason": " "})
    assert empty.status_code == 400
    assert empty.json() == {"reason": ["Cần ghi lý do trả lại (vì sao không thuộc thẩm quyền)."]}
    back = ok(post(client, url(mine.pk, "return"), {"reason": "Tranh chấp do UBND xã hòa giải trước"}))
    assert (back["status"], back["agency"], back["deadline"]) == ("returned", None, None)
    assert back["history"][-1]["agency"]["id"] == agencies.land_office.pk
    assert ids(client.get(LIST)) == []
    assert client.get(url(mine.pk)).status_code == 404
    assert post(client, url(mine.pk, "acknowledge")).status_code == 404
    # Organization staff route it again; the other agency now sees it, this one still does not.
    as_user(client, staff)
    assert ok(client.get(url(mine.pk)))["allowed_actions"][:3] == ["answer-on-the-spot", "forward", "escalate"]
    ok(post(client, url(mine.pk, "forward"), {"agency": agencies.commune_committee.pk, "topic": agencies.land.pk}))
    assert ids(as_user(client, agencies.agency_user).get(LIST)) == []
    assert client.get(url(mine.pk)).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Personal data


def test_personal_data_of_the_raiser_only_for_those_who_need_it(client, tree, accounts, agencies, cadre_user):
    person = record(
        cadre_user, tree.hamlets_a[0], "Đề nghị xem xét hộ cận nghèo", raiser_kind=RaiserKind.PERSON,
        raiser_name="Nguyễn Văn Tám", raiser_contact="0909 123 456",
    )  # fmt: skip
    residents = record(
        cadre_user, tree.hamlets_a[0], "Tranh chấp đất bãi bồi", raiser_kind=RaiserKind.RESIDENTS,
        raiser_name="Các hộ tổ 5", raiser_contact="tổ 5",
    )  # fmt: skip
    for rec in (person, residents):
        forwarded(accounts[Role.ORGANIZATION], rec, agencies.land_office, agencies.land)
    for user in (accounts[Role.LEADER], accounts[Role.GRASSROOTS], agencies.agency_user):
        as_user(client, user)
        rows = {row["id"]: row for row in client.get(LIST).json()["results"]}
        for row in (rows[person.pk], ok(client.get(url(person.pk)))):
            assert (row["raiser_name"], row["raiser_contact"], row["raiser"]) == (None, None, HIDDEN), user
            assert row["raiser_kind"] == "person"
        # A group of residents is no one's personal data.
        assert rows[residents.pk]["raiser"] == "nhóm người dân: Các hộ tổ 5"
        assert (rows[residents.pk]["raiser_name"], rows[residents.pk]["raiser_contact"]) == ("Các hộ tổ 5", "tổ 5")
    for user in (accounts[Role.ORGANIZATION], cadre_user, accounts[Role.ADMINISTRATOR]):
        as_user(client, user)
        row = {r["id"]: r for r in client.get(LIST).json()["results"]}[person.pk]
        detail = ok(client.get(url(person.pk)))
        for shown in (row, detail):
            assert (shown["raiser_name"], shown["raiser_contact"]) == ("Nguyễn Văn Tám", "0909 123 456"), user
            assert shown["raiser"] == "cá nhân: Nguyễn Văn Tám"
    # The raiser's name is not searchable by those who may not see it.
    assert ids(as_user(client, accounts[Role.LEADER]).get(LIST, {"q": "Tam"})) == []


# ---------------------------------------------------------------------------------------------------------
# Refusals


def test_bad_input_is_refused_in_vietnamese_naming_the_field(client, tree, accounts, agencies, cadre_user):
    as_user(client, cadre_user)
    hamlet = tree.hamlets_a[0]
    no_text = post(client, LIST, {"unit": hamlet.pk, "text": "  "})
    assert no_text.status_code == 400 and no_text.json() == {"text": ["Cần ghi nội dung kiến nghị."]}
    no_unit = post(client, LIST, {"text": "Đường hỏng"})
    assert no_unit.json() == {"unit": ["Cần chọn địa bàn nêu kiến nghị."]}
    outside = post(client, LIST, {"unit": tree.hamlets_b[0].pk, "text": "Đường hỏng"})
    assert outside.json() == {"unit": ["Không có địa bàn id {} trong phạm vi của bạn.".format(tree.hamlets_b[0].pk)]}
    tomorrow = today() + datetime.timedelta(days=1)
    future = post(client, LIST, {"unit": hamlet.pk, "text": "Đường hỏng", "raised_on": format_date(tomorrow)})
    assert future.json() == {"raised_on": ["Ngày {} chưa tới.".format(format_date(tomorrow))]}
    bad_day = post(client, LIST, {"unit": hamlet.pk, "text": "Đường hỏng", "raised_on": "31/02/2025"})
    assert bad_day.json() == {"raised_on": [DATE_ERROR]}
    bad_source = post(client, LIST, {"unit": hamlet.pk, "text": "Đường hỏng", "source": "email"})
    assert bad_source.status_code == 400 and bad_source.json()["source"][0].startswith('"email" không hợp lệ')
    # The status comes from the steps of its life, never from the body.
    status = post(client, LIST, {"unit": hamlet.pk, "text": "Đường hỏng", "status": "closed"})
    assert status.status_code == 400 and set(status.json()) == {"status"}
    assert status.json()["status"][0].startswith("Thao tác này không nhận trường này; các trường nhận: unit, text,")
    assert Recommendation.objects.count() == 0

    rec = record(cadre_user, hamlet, LAND_TEXT, raised_on=D(2025, 3, 3))
    as_user(client, accounts[Role.ORGANIZATION])
    foreign = post(client, url(rec.pk, "forward"), {"agency": agencies.foreign.pk})
    assert foreign.status_code == 400
    assert foreign.json() == {"agency": ["Sở Tài nguyên và Môi trường tỉnh Thử B không phụ trách Ấp 1 Xã Đức Hòa A."]}
    early = post(client, url(rec.pk, "forward"), {"agency": agencies.land_office.pk, "forwarded_on": "28/02/2025"})
    assert early.json() == {"forwarded_on": ["Ngày 28/02/2025 trước ngày nêu kiến nghị (03/03/2025)."]}
    unknown = post(client, url(rec.pk, "forward"), {"agency": 999999})
    assert unknown.json() == {"agency": ["Không có cơ quan id 999999 trong phạm vi của bạn."]}
    rec.refresh_from_db()
    assert (rec.status, rec.agency, rec.deadline) == (S.NEW, None, None)
    assert list(rec.events.values_list("action", flat=True)) == [EventAction.CREATED]


def test_roles_that_may_not_act_get_403(client, tree, accounts, agencies, cadre_user):
    rec = record(cadre_user, tree.hamlets_a[0], LAND_TEXT)
    body = {"unit": tree.hamlets_a[0].pk, "text": "Đường hỏng"}
    for role in (Role.LEADER, Role.AGENCY):
        refused = post(as_user(client, accounts[role]), LIST, body)
        assert refused.status_code == 403 and refused.json()["detail"].startswith("Tài khoản của bạn không ghi được")
    as_user(client, accounts[Role.LEADER])
    forward = post(client, url(rec.pk, "forward"), {"agency": agencies.land_office.pk})
    assert forward.status_code == 403
    assert forward.json()["detail"] == "Chỉ Ban Tổ chức phụ trách địa bàn mới chuyển kiến nghị."
    as_user(client, accounts[Role.GRASSROOTS])
    assert post(client, url(rec.pk, "answer-on-the-spot"), {"answer": "Đã rõ"}).status_code == 403
    assert post(client, url(rec.pk, "convey")).status_code == 403  # nothing answered yet to tell back
    as_user(client, cadre_user)
    grouped = post(client, GROUPS, {"title": "Đất ven sông", "members": [rec.pk]})
    assert grouped.status_code == 403
    assert grouped.json()["detail"].startswith("Chỉ Ban Tổ chức mới gộp các kiến nghị tương tự thành nhóm")
    rec.refresh_from_db()
    assert (rec.status, rec.events.count()) == (S.NEW, 1)


# ---------------------------------------------------------------------------------------------------------
# Groups


def test_a_group_is_formed_and_its_answer_reaches_every_member(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    first = record(staff, tree.hamlets_a[0], "Thiếu nước ngọt sinh hoạt mùa khô do xâm nhập mặn")
    second = record(staff, tree.hamlets_a[2], "Mùa hạn mặn bà con không có nước sạch để dùng")
    third = record(staff, tree.hamlets_a[3], "Nước sinh hoạt bị nhiễm mặn, đề nghị hỗ trợ bồn chứa")
    as_user(client, staff)
    alone = post(client, GROUPS, {"title": "Nước ngọt mùa khô", "members": [first.pk]})
    assert alone.status_code == 400 and alone.json() == {"members": ["Một nhóm cần ít nhất hai kiến nghị."]}
    untitled = post(client, GROUPS, {"members": [first.pk, second.pk]})
    assert untitled.json() == {"title": ["Cần ghi vấn đề chung của nhóm."]}
    made = ok(post(client, GROUPS, {"title": "Nước ngọt mùa khô", "members": [first.pk, second.pk]}), 201)
    assert (made["unit"]["id"], made["member_count"]) == (tree.district_a.pk, 2)
    again = post(client, group_url(made["id"], "add"), {"recommendation": first.pk})
    assert again.json() == {"members": ["Kiến nghị số {} đã ở trong nhóm.".format(first.pk)]}
    grown = ok(post(client, group_url(made["id"], "add"), {"recommendation": third.pk}))
    assert sorted(m["id"] for m in grown["members"]) == sorted([first.pk, second.pk, third.pk])
    shrunk = ok(post(client, group_url(made["id"], "remove"), {"recommendation": third.pk}))
    assert [m["id"] for m in shrunk["members"]] == [first.pk, second.pk]
    assert ok(client.get(url(first.pk)))["group"]["id"] == made["id"]
    # The cadre of the first hamlet sees the group with their member only; an agency outside sees no group.
    as_user(client, cadre_user)
    assert ids(client.get(GROUPS)) == [made["id"]]
    assert [m["id"] for m in ok(client.get(group_url(made["id"])))["members"]] == [first.pk]
    as_user(client, agencies.agency_user)
    assert ids(client.get(GROUPS)) == [] and client.get(group_url(made["id"])).status_code == 404
    assert post(client, group_url(made["id"], "answer"), {"answer": "x"}).status_code == 404
    # One answer for all: every unit of the group gets it.
    as_user(client, staff)
    answer = "Tỉnh bố trí xe chở nước ngọt và bồn chứa cho các ấp."
    empty = post(client, group_url(made["id"], "answer"), {"answer": ""})
    assert empty.json() == {"answer": ["Cần ghi nội dung trả lời chung."]}
    answered = ok(post(client, group_url(made["id"], "answer"), {"answer": answer}))
    assert (answered["answer"], answered["answered_on"]) == (answer, today().isoformat())
    for member in (first, second):
        shown = ok(client.get(url(member.pk)))
        assert (shown["status"], shown["answer"]) == ("answered", answer)
    assert ok(client.get(url(third.pk)))["status"] == "new"


# ---------------------------------------------------------------------------------------------------------
# Filters, topics, agencies


def test_filters_search_without_accents_and_find_the_overdue(client, tree, accounts, agencies, cadre_user):
    staff = accounts[Role.ORGANIZATION]
    water = record(staff, tree.hamlets_a[0], "Thiếu nước ngọt sinh hoạt mùa khô", raised_on=D(2024, 1, 2))
    road = record(staff, tree.hamlets_a[2], "Đường đal ấp 2 xuống cấp", source=RecommendationSource.PETITION)
    fresh = record(staff, tree.hamlets_a[0], "Đề nghị cấp sổ đỏ")
    forwarded(staff, water, agencies.commune_committee, agencies.water, on=D(2024, 1, 3))  # long overdue
    forwarded(staff, fresh, agencies.land_office, agencies.land)  # due weeks from today
    as_user(client, staff)
    assert ids(client.get(LIST, {"q": "nuoc ngot"})) == [water.pk]
    assert ids(client.get(LIST, {"q": "DUONG DAL"})) == [road.pk]
    assert ids(client.get(LIST, {"overdue": "true"})) == [water.pk]
    assert ok(client.get(url(water.pk)))["is_overdue"] is True
    assert set(ids(client.get(LIST, {"overdue": "false"}))) == {road.pk, fresh.pk}
    assert set(ids(client.get(LIST, {"status": ["new", "forwarded"]}))) == {water.pk, road.pk, fresh.pk}
    assert ids(client.get(LIST, {"status": "new"})) == [road.pk]
    assert ids(client.get(LIST, {"topic": agencies.land.pk})) == [fresh.pk]
    assert ids(client.get(LIST, {"agency": agencies.commune_committee.pk})) == [water.pk]
    assert ids(client.get(LIST, {"unit": tree.communes_a[1].pk})) == [road.pk]
    assert set(ids(client.get(LIST, {"unit": tree.district_a.pk}))) == {water.pk, road.pk, fresh.pk}
    assert ids(client.get(LIST, {"source": "petition"})) == [road.pk]
    assert ids(client.get(LIST, {"from": "01/01/2024", "to": "31/01/2024"})) == [water.pk]
    bad = client.get(LIST, {"from": "32/01/2024"})
    assert bad.status_code == 400 and bad.json() == {"from": [DATE_ERROR]}


def test_topics_and_agencies_serving_a_unit(client, tree, accounts, agencies):
    as_user(client, accounts[Role.CADRE])
    topics = {t["display"]: t for t in ok(client.get("/api/recommendation-topics/"))["results"]}
    assert (topics["Đất đai"]["deadline_days"], topics["Đất đai"]["escalate_after_days"]) == (20, 10)
    assert "sổ đỏ" in topics["Đất đai"]["keywords"]
    agencies_url = "/api/agencies/"
    # A district cadre sees the provincial departments serving their communes, not province B's.
    shown = ids(client.get(agencies_url))
    assert set(shown) == {agencies.land_office.pk, agencies.transport.pk, agencies.commune_committee.pk}
    near_first = ids(client.get(agencies_url, {"unit": tree.hamlets_a[0].pk}))
    assert near_first == [agencies.commune_committee.pk, agencies.transport.pk, agencies.land_office.pk]
    assert ids(client.get(agencies_url, {"unit": tree.hamlets_a[2].pk})) == [
        agencies.transport.pk, agencies.land_office.pk
    ]  # fmt: skip
    roads = ids(client.get(agencies_url, {"unit": tree.hamlets_a[0].pk, "topic": agencies.roads.pk}))
    assert roads == [agencies.commune_committee.pk, agencies.transport.pk]
    detail = ok(client.get("{}{}/".format(agencies_url, agencies.commune_committee.pk)))
    assert detail["kind"] == "committee" and detail["unit"]["id"] == tree.communes_a[0].pk
    assert sorted(t["display"] for t in detail["topics"]) == ["Giao thông nông thôn", "Nước sạch, thủy lợi, hạn mặn"]
    assert client.get("{}{}/".format(agencies_url, agencies.foreign.pk)).status_code == 404
    agencies.transport.is_active = False
    agencies.transport.save()
    assert agencies.transport.pk not in ids(client.get(agencies_url))


# ---------------------------------------------------------------------------------------------------------
# Bounded queries and the schema


def _world(tree, accounts, agencies, cadre_user, size: int, tag: str) -> Recommendation:
    """`size` recommendations in province A (every status, all four agencies, raised by people), each with
    `size` events and an attachment, half of them in groups of two; returns one of the land office's."""
    staff = accounts[Role.ORGANIZATION]
    statuses = [S.NEW, S.FORWARDED, S.ACKNOWLEDGED, S.INFO_REQUESTED, S.ANSWERED, S.CLOSED, S.ESCALATED]
    offices = [agencies.land_office, agencies.transport, agencies.commune_committee]
    topics = [agencies.land, agencies.roads, agencies.water]
    rows = []
    for i in range(size):
        text = "Kiến nghị {} số {} về nước ngọt mùa khô".format(tag, i)
        rows.append(
            Recommendation(
                unit=tree.hamlets_a[i % 4],
                text=text,
                search_key=fold(text),
                source=RecommendationSource.MEETING,
                raised_on=D(2024, 1, 2) + datetime.timedelta(days=i),
                topic=topics[i % 3],
                status=statuses[i % 7],
                agency=offices[i % 3],
                raiser_kind=RaiserKind.PERSON,
                raiser_name="Người nêu {}".format(i),
                carried_by=tree.person_a,
                forwarded_on=D(2024, 1, 3),
                deadline=D(2024, 2, 1),
                created_by=cadre_user,
            )  # fmt: skip
        )
    made = Recommendation.objects.bulk_create(rows)
    groups = RecommendationGroup.objects.bulk_create(
        [RecommendationGroup(title="Nhóm {} {}".format(tag, i), unit=tree.district_a) for i in range(size // 4)]
    )
    for i, group in enumerate(groups):
        Recommendation.objects.filter(pk__in=[made[2 * i].pk, made[2 * i + 1].pk]).update(group=group)
    RecommendationEvent.objects.bulk_create(
        [
            RecommendationEvent(
                recommendation=r,
                action=EventAction.FORWARDED,
                actor=staff,
                status=r.status,
                agency=r.agency,
                comment="Bước {}".format(n),
            )  # fmt: skip
            for r in made
            for n in range(size)
        ]
    )
    RecommendationAttachment.objects.bulk_create(
        [RecommendationAttachment(recommendation=r, file="kien-nghi/don.pdf", name="don.pdf") for r in made]
    )
    return made[0]


@pytest.mark.parametrize("who", ["staff", "agency"])
def test_queries_do_not_grow_with_the_data(client, tree, accounts, agencies, cadre_user, who):
    user = accounts[Role.ORGANIZATION] if who == "staff" else agencies.agency_user
    as_user(client, user)
    sizes = {}
    for tag, size in (("nho", 4), ("lon", 60)):
        sample = _world(tree, accounts, agencies, cadre_user, size, tag)
        group = Recommendation.objects.filter(group__isnull=False, agency=agencies.land_office).first().group
        addresses = {
            "list": LIST + "?page_size=500",
            "list filtered": LIST + "?page_size=500&q=nuoc+ngot&overdue=true&unit={}".format(tree.district_a.pk),
            "detail": url(sample.pk),
            "similar": url(sample.pk, "similar"),
            "groups": GROUPS + "?page_size=500",
            "group": group_url(group.pk),
            "topics": "/api/recommendation-topics/",
            "agencies": "/api/agencies/?page_size=500",
            "agencies serving": "/api/agencies/?unit={}".format(tree.hamlets_a[0].pk),
        }
        sizes[tag] = {name: count_queries(client, address) for name, address in addresses.items()}
        listed = client.get(LIST + "?page_size=500").json()["results"]
        queue = Recommendation.objects.filter(agency=agencies.land_office)
        assert len(listed) == (Recommendation.objects.count() if who == "staff" else queue.count())
    assert sizes["nho"] == sizes["lon"], sizes
    assert max(sizes["lon"].values()) <= 12, sizes["lon"]


def test_the_openapi_description_is_valid_and_documents_recommendations(client, accounts, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = as_user(client, accounts[Role.CADRE]).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = schema.json()
    paths = schema["paths"]
    actions = ["answer-on-the-spot", "forward", "escalate", "acknowledge", "request-information",
               "provide-information", "return", "answer", "close", "convey"]  # fmt: skip
    assert {"/api/recommendations/{{id}}/{}/".format(a) for a in actions} <= set(paths)
    assert {
        "/api/recommendations/", "/api/recommendations/{id}/", "/api/recommendations/{id}/similar/",
        "/api/recommendations/{id}/suggestion/", "/api/recommendation-groups/", "/api/recommendation-groups/{id}/",
        "/api/recommendation-groups/{id}/add/", "/api/recommendation-groups/{id}/remove/",
        "/api/recommendation-groups/{id}/answer/", "/api/recommendation-topics/", "/api/agencies/",
        "/api/agencies/{id}/",
    } <= set(paths)  # fmt: skip
    assert {"q", "status", "topic", "agency", "unit", "source", "overdue", "from", "to"} <= {
        p["name"] for p in paths["/api/recommendations/"]["get"]["parameters"]
    }
    assert {"unit", "topic"} <= {p["name"] for p in paths["/api/agencies/"]["get"]["parameters"]}
    assert "multipart/form-data" in paths["/api/recommendations/"]["post"]["requestBody"]["content"]
    components = schema["components"]["schemas"]
    assert {"history", "attachments", "answer", "is_overdue", "conveyed_on", "group"} <= set(
        components["RecommendationDetail"]["properties"]
    )
    assert "similar" in components["RecommendationCreated"]["properties"]
    assert components["RecommendationStatusEnum"]["enum"] == [s.value for s in S]
