"""The read-only API of units and organizations: filters, brief form, schema, token sign-in."""

import pytest
from rest_framework.authtoken.models import Token

from diaban.people.choices import Role


@pytest.fixture
def api(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    return client


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.django_db
def test_filters_by_level_parent_subtree_and_accent_free_search(api, tree):
    assert names(api.get("/api/units/", {"level": "district"})) == ["Huyện Đông A"]
    assert names(api.get("/api/units/", {"parent": tree.district_a.pk})) == ["Xã An Phú A", "Xã Đức Hòa A"]
    assert len(names(api.get("/api/units/", {"within": tree.district_a.pk}))) == 6
    assert names(api.get("/api/units/", {"q": "duc hoa", "level": "commune"})) == ["Xã Đức Hòa A"]
    # Out of scope stays out whatever the filter says.
    assert names(api.get("/api/units/", {"within": tree.district_b.pk})) == []
    assert names(api.get("/api/units/", {"q": "dong b"})) == []


@pytest.mark.django_db
def test_date_filter_and_its_error_message(api, tree):
    tree.communes_a[0].valid_until = "2025-06-30"
    tree.communes_a[0].save()
    assert "Xã Đức Hòa A" in names(api.get("/api/units/", {"date": "01/01/2024", "level": "commune"}))
    assert "Xã Đức Hòa A" not in names(api.get("/api/units/", {"date": "01/07/2025", "level": "commune"}))
    bad = api.get("/api/units/", {"date": "31/02/2025"})
    assert bad.status_code == 400
    assert bad.json() == {"date": ["Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025."]}


@pytest.mark.django_db
def test_detail_has_id_url_display_and_brief_form(api, tree):
    row = api.get("/api/units/{}/".format(tree.communes_a[0].pk)).json()
    assert (
        row["display"] == "Xã Đức Hòa A"
        and row["level"] == "commune"
        and row["url"].endswith("/api/units/{}/".format(tree.communes_a[0].pk))
    )
    assert row["parent"]["display"] == "Huyện Đông A"
    brief = api.get("/api/units/", {"brief": "true", "level": "province"}).json()["results"]
    assert brief == [
        {"id": tree.province_a.pk, "url": brief[0]["url"], "display": "Tỉnh Thử A", "code": "83", "level": "province"}
    ]
    org = api.get("/api/organizations/{}/".format(tree.cell_a.pk)).json()
    assert org["unit"]["display"] == tree.hamlets_a[0].name and org["meeting_day"] == 5


@pytest.mark.django_db
def test_token_authentication_and_read_only(client, tree, accounts):
    token = Token.objects.create(user=accounts[Role.CADRE])
    response = client.get("/api/units/", {"level": "district"}, HTTP_AUTHORIZATION="Token " + token.key)
    assert names(response) == ["Huyện Đông A"]
    write = client.post("/api/units/", {"name": "X"}, HTTP_AUTHORIZATION="Token " + token.key)
    assert write.status_code == 405


@pytest.mark.django_db
def test_pagination(api, tree):
    body = api.get("/api/units/", {"page_size": 2}).json()
    assert body["count"] == 8 and len(body["results"]) == 2 and body["next"].endswith("page=2&page_size=2")


@pytest.mark.django_db
def test_openapi_schema_documents_the_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/units/", "/api/units/{id}/", "/api/organizations/", "/api/organizations/{id}/"} <= set(
        schema["paths"]
    )
    params = {p["name"] for p in schema["paths"]["/api/units/"]["get"]["parameters"]}
    assert {"level", "parent", "within", "q", "date", "brief", "page"} <= params
    docs = api.get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()
