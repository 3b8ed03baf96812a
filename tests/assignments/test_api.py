"""The API of assignments: the same rules as the pages, in Vietnamese, within scope and rights."""

import pytest

from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from tests.people.test_api import post


@pytest.mark.django_db
def test_create_refused_by_policy_then_overridden(api, tree, cadres):
    data = {"person": cadres["district"].pk, "unit": tree.communes_a[1].pk, "start_date": "01/03/2021"}
    refused = post(api, "/api/assignments/", data)
    assert refused.status_code == 400
    assert "Quy tắc «Tỉnh nắm tới xã»" in refused.json()["override_reason"][0]
    created = post(api, "/api/assignments/", {**data, "override_reason": "Tăng cường theo chỉ đạo"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["override_reason"] == "Tăng cường theo chỉ đạo" and body["rule"] == ""
    assert body["person"]["display"] == "Phạm Văn Huyện" and body["unit"]["display"] == "Xã An Phú A"
    history = api.get("/api/assignments/{}/history/".format(body["id"])).json()
    assert [e["action"] for e in history] == ["overridden"] and history[0]["actor"] == "Nguyễn Văn Organization"


@pytest.mark.django_db
def test_the_past_is_not_edited_through_the_api(api, tree, cadres):
    created = post(
        api,
        "/api/assignments/",
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[1].pk, "start_date": "2021-01-04"},
    ).json()
    url = "/api/assignments/{}/".format(created["id"])
    moved = api.patch(url, {"unit": tree.hamlets_a[2].pk, "start_date": "2020-01-01"}, content_type="application/json")
    assert moved.status_code == 400
    assert set(moved.json()) == {"unit", "start_date"}
    assert "hãy kết thúc hoặc luân chuyển" in moved.json()["unit"][0]
    corrected = api.patch(
        url, {"decision_number": "12-QĐ/HU", "note": "Bổ sung số quyết định"}, content_type="application/json"
    )
    assert corrected.status_code == 200 and corrected.json()["decision_number"] == "12-QĐ/HU"
    assert api.put(url, {}, content_type="application/json").status_code == 405
    assert api.delete(url).status_code == 405
    updated = AssignmentEvent.objects.get(assignment_id=created["id"], action="updated")
    assert updated.changes == {"decision_number": ["", "12-QĐ/HU"], "note": ["", "Bổ sung số quyết định"]}

    rotated = post(
        api, url + "rotate/", {"new_unit": tree.hamlets_a[2].pk, "date": "01/07/2023", "note": "Luân chuyển"}
    )
    assert rotated.status_code == 201, rotated.content
    assert rotated.json()["previous"] == created["id"] and rotated.json()["start_date"] == "2023-07-01"
    old = api.get(url).json()
    assert (old["end_date"], old["end_reason"]) == ("2023-06-30", "rotated")
    ended = post(api, "/api/assignments/{}/end/".format(rotated.json()["id"]), {"end_date": "31/12/2023"})
    assert ended.status_code == 200 and ended.json()["end_reason"] == "ended"
    bad = post(api, "/api/assignments/{}/end/".format(rotated.json()["id"]), {"end_date": "31/13/2023"})
    assert bad.status_code == 400 and "end_date" in bad.json()


@pytest.mark.django_db
def test_bulk_is_all_or_nothing(api, tree, cadres):
    rows = [
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[1].pk, "start_date": "04/01/2021"},
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[2].pk, "start_date": "4/1/21x"},
        {"person": cadres["district"].pk, "unit": tree.communes_a[1].pk, "start_date": "04/01/2021"},
    ]
    before = Assignment.objects.count()
    refused = post(api, "/api/assignments/bulk/", rows)
    assert refused.status_code == 400
    errors = refused.json()["non_field_errors"]
    assert len(errors) == 1 and errors[0].startswith("Dòng 2, start_date:")
    rows[1]["start_date"] = "04/01/2021"
    refused = post(api, "/api/assignments/bulk/", rows)
    assert refused.json()["non_field_errors"][0].startswith("Dòng 3: Quy tắc «Tỉnh nắm tới xã»")
    assert Assignment.objects.count() == before
    created = post(api, "/api/assignments/bulk/", rows[:2])
    assert created.status_code == 201 and len(created.json()) == 2


@pytest.mark.django_db
def test_departure_ends_the_running_assignments(api, tree, cadres):
    post(
        api,
        "/api/assignments/",
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[1].pk, "start_date": "04/01/2021"},
    )
    departed = post(
        api, "/api/people/{}/depart/".format(cadres["district"].pk), {"date": "01/04/2024", "reason": "retired"}
    )
    assert departed.status_code == 200 and [a["end_date"] for a in departed.json()] == ["2024-03-31"]
    people = api.get("/api/people/", {"status": "active"}).json()["results"]
    assert cadres["district"].pk not in [p["id"] for p in people]


@pytest.mark.django_db
def test_district_staff_manage_only_their_district(client, tree, cadres, second_district):
    _district, _commune, other_hamlet = second_district
    staff = account_upsert(
        username="tochuc-huyen", password="x-123456789", role=Role.ORGANIZATION, capture_units=[tree.district_a]
    ).user
    client.force_login(staff)
    inside = post(
        client,
        "/api/assignments/",
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[1].pk, "start_date": "04/01/2021"},
    )
    assert inside.status_code == 201
    outside = post(
        client,
        "/api/assignments/",
        {"person": cadres["district"].pk, "unit": other_hamlet.pk, "start_date": "04/01/2021"},
    )
    assert outside.status_code == 403
    # Another district's assignment is absent to them: not listed, not found.
    theirs = Assignment.objects.create(person=cadres["province"], unit=other_hamlet, start_date="2021-01-04")
    assert theirs.pk not in [a["id"] for a in client.get("/api/assignments/").json()["results"]]
    assert client.post("/api/assignments/{}/end/".format(theirs.pk), {"end_date": "2022-01-01"}).status_code == 404
    assert client.get("/phan-cong/{}/".format(theirs.pk)).status_code == 404
    assert client.get("/phan-cong/{}/ket-thuc/".format(theirs.pk)).status_code == 404
    # A leader reads but never writes.
    leader = account_upsert(username="ld", password="x-123456789", role=Role.LEADER, view_units=[tree.province_a]).user
    client.force_login(leader)
    assert client.get("/api/assignments/{}/".format(theirs.pk)).status_code == 200
    refused = post(
        client,
        "/api/assignments/",
        {"person": cadres["district"].pk, "unit": tree.hamlets_a[2].pk, "start_date": "04/01/2021"},
    )
    assert refused.status_code == 403 and refused.json()["detail"].startswith("Chỉ Ban Tổ chức")
