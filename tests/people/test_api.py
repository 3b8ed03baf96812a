"""The API of people, positions, departments and leave: the same rules as the pages, in Vietnamese, within scope
and rights."""

import unicodedata

import pytest

from diaban.people.choices import Role
from diaban.people.models import Department, Leave
from diaban.people.services import account_upsert

LEAVES = "/api/leaves/"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def login(client, user):
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_people_and_positions(api, tree, cadres):
    created = post(
        api,
        "/api/people/",
        {"code": "H9", "full_name": unicodedata.normalize("NFD", " Võ Thị Mỹ Hạnh "), "home_unit": tree.district_a.pk},
    )
    assert created.status_code == 201, created.content
    person = created.json()
    # Typed on a phone in decomposed form, stored in one normal form.
    assert person["full_name"] == "Võ Thị Mỹ Hạnh" and person["home_unit"]["display"] == "Huyện Đông A"
    duplicate = post(api, "/api/people/", {"code": "H9", "full_name": "Ai Đó", "home_unit": tree.district_a.pk})
    assert duplicate.status_code == 400 and "code" in duplicate.json()
    outside = post(api, "/api/people/", {"code": "B9", "full_name": "Ai Đó", "home_unit": tree.district_b.pk})
    assert outside.status_code == 403 and "ngoài phạm vi" in outside.json()["detail"]
    titles = api.get("/api/positions/", {"person": cadres["district"].pk}).json()["results"]
    assert [t["title_name"] for t in titles] == ["Trưởng phòng"]


@pytest.mark.django_db
def test_people_sort_by_given_name_and_search_ignores_accents(api, tree, cadres):
    names = [p["full_name"] for p in api.get("/api/people/").json()["results"]]
    # By the last word (the given name): A, Huyện, Tỉnh, Vụ — not by family name.
    assert names == ["Trần Thị Hồng Nhung A", "Phạm Văn Huyện", "Nguyễn Văn Tỉnh", "Lê Thị Thường Vụ"]
    found = api.get("/api/people/", {"q": "pham van huyen"}).json()["results"]
    assert [p["code"] for p in found] == ["H1"]


def test_departments_in_scope_and_above_it(client, field, tree, accounts):
    Department.objects.create(name="Ban Tổ chức Tỉnh ủy B", unit=tree.province_b)
    commune = Department.objects.create(name="Văn phòng Đảng ủy xã An Phú", unit=tree.communes_a[1])
    secretary = login(client, accounts[Role.GRASSROOTS])  # hamlet 1 of commune Đức Hòa A
    names = [row["name"] for row in secretary.get("/api/departments/").json()["results"]]
    assert names == ["Ban Tổ chức Tỉnh ủy", "Phòng Tổ chức cán bộ", "Phòng Tổ chức cơ sở đảng"]
    assert secretary.get("/api/departments/{}/".format(commune.pk)).status_code == 404
    staff = login(client, field.users["truongban"])
    dept = staff.get("/api/departments/{}/".format(field.dept.pk)).json()
    assert (dept["head"]["display"], dept["parent"]["display"], dept["unit"]["display"]) == (
        "Phạm Văn Đức", "Ban Tổ chức Tỉnh ủy", "Tỉnh Thử A",
    )  # fmt: skip
    assert [r["id"] for r in staff.get("/api/departments/", {"parent": field.agency.pk}).json()["results"]] == [
        field.dept2.pk, field.dept.pk,
    ]  # fmt: skip
    assert ids(staff.get("/api/departments/", {"q": "cán bộ"})) == [field.dept2.pk]
    assert staff.post("/api/departments/", {}).status_code == 405


def test_leave_recorded_by_organization_staff_within_capture_scope(client, tree, accounts):
    staff = login(client, accounts[Role.ORGANIZATION])
    person = tree.person_a
    leave = {"person": person.pk, "kind": "annual", "start_date": "05/04/2024", "end_date": "01/04/2024"}
    backwards = post(staff, LEAVES, leave)
    assert backwards.status_code == 400
    assert backwards.json() == {"end_date": ["Ngày nghỉ cuối 01/04/2024 trước ngày nghỉ đầu 05/04/2024."]}
    created = post(staff, LEAVES, {**leave, "end_date": "12/04/2024", "note": "Nghỉ phép năm"})
    assert created.status_code == 201, created.content
    assert created.json()["display"] == "Trần Thị Hồng Nhung A: nghỉ phép năm 05/04/2024–12/04/2024"
    overlapping = post(staff, LEAVES, {**leave, "kind": "sick", "start_date": "10/04/2024", "end_date": "15/04/2024"})
    assert overlapping.status_code == 400
    assert overlapping.json() == {
        "start_date": [
            "Trần Thị Hồng Nhung A đã có ngày nghỉ từ 05/04/2024 đến 12/04/2024 (nghỉ phép năm), trùng với khoảng "
            "10/04/2024–15/04/2024."
        ]
    }
    bad_kind = post(staff, LEAVES, {**leave, "kind": "holiday", "end_date": "06/04/2024"})
    assert list(bad_kind.json()) == ["kind"] and bad_kind.json()["kind"][0].startswith("“holiday” không hợp lệ")
    outside = post(staff, LEAVES, {**leave, "person": tree.person_b.pk, "end_date": "06/04/2024"})
    assert outside.json() == {"person": ["Không có cán bộ id {} trong phạm vi của bạn.".format(tree.person_b.pk)]}
    assert Leave.objects.count() == 1
    # Seen in the view scope but not the capture scope: refused with the reason.
    viewer = account_upsert(
        username="btc-xa",
        password="x-123456789",
        role=Role.ORGANIZATION,
        view_units=[tree.province_a],
        capture_units=[tree.communes_a[1]],
    ).user
    refused = post(login(client, viewer), LEAVES, {**leave, "start_date": "01/05/2024", "end_date": "02/05/2024"})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Trần Thị Hồng Nhung A nằm ngoài phạm vi nhập liệu của bạn.",
        "code": "permission_denied",
    }
    leave_id = created.json()["id"]
    assert client.delete("{}{}/".format(LEAVES, leave_id)).status_code == 403
    # Others read it; only organization staff write.
    leader = login(client, accounts[Role.LEADER])
    assert ids(leader.get(LEAVES, {"q": "hong nhung", "from": "10/04/2024", "to": "30/04/2024"})) == [leave_id]
    assert ids(leader.get(LEAVES, {"from": "13/04/2024"})) == []
    assert post(leader, LEAVES, {**leave, "end_date": "06/04/2024"}).status_code == 403
    assert leader.delete("{}{}/".format(LEAVES, leave_id)).status_code == 403
    staff = login(client, accounts[Role.ORGANIZATION])
    assert staff.delete("{}{}/".format(LEAVES, leave_id)).status_code == 204
    assert staff.delete("{}{}/".format(LEAVES, leave_id)).status_code == 404
    assert Leave.objects.count() == 0
