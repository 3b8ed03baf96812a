"""The OpenAPI description tells the truth: on the Bến Tre demo, every list and one object of every kind, read by
organization staff, a cell secretary and an agency, come back exactly as `/api/schema/` documents them, and so do
the errors.

The description is generated once; each answer is checked against the schema documented for its operation and
status code (OpenAPI 3.0 schemas, read as JSON Schema with `nullable` spelled out).
"""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft4Validator, FormatChecker

from diaban.assignments.models import Assignment
from diaban.core.dates import format_date, today
from diaban.people.choices import Role
from diaban.territory.models import Unit

ROLES = {Role.ORGANIZATION: "tochuc", Role.GRASSROOTS: "coso", Role.AGENCY: "coquan"}
# Detail addresses whose id is a unit's, not an object listed at the same address.
UNIT_REPORTS = {"coverage", "compliance", "visit-counts", "recommendation-trends"}
# Lists the demo leaves empty for organization staff, with why; every other list must have rows to check.
EMPTY_FOR_STAFF = {}


def _openapi_to_json_schema(node):
    """OpenAPI 3.0's `nullable: true` is not JSON Schema: spell it out as "this, or null"."""
    if isinstance(node, list):
        return [_openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _openapi_to_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


class Contract:
    """The documented answers of the API, and a check of one real answer against them."""

    def __init__(self, schema):
        self.paths = schema["paths"]
        self.components = _openapi_to_json_schema(schema["components"])

    def operation(self, path: str, method: str) -> dict:
        return self.paths[path][method]

    def problems(self, path: str, method: str, response) -> list[str]:
        """What in `response` the description of `method path` does not allow (nothing when it matches)."""
        responses = self.operation(path, method)["responses"]
        code = str(response.status_code)
        where = "{} {} → {}".format(method.upper(), path, code)
        if code not in responses:
            return ["{}: mã trạng thái không có trong mô tả: {}".format(where, response.content[:300])]
        documented = responses[code].get("content", {}).get("application/json")
        if documented is None:
            return ["{}: mô tả không có nội dung mà câu trả lời có".format(where)] if response.content else []
        root = {"allOf": [_openapi_to_json_schema(documented["schema"])], "components": self.components}
        validator = Draft4Validator(root, format_checker=FormatChecker())
        # One line per place and kind of mismatch (rows of a list counted once), so a report stays short.
        seen = {}
        for error in validator.iter_errors(response.json()):
            place = re.sub(r"/\d+(/|$)", r"/*\1", "/".join(map(str, error.absolute_path)))
            seen.setdefault((place, error.validator), error.message[:300])
        return ["{}: ở “{}”: {}".format(where, place, message) for (place, _kind), message in sorted(seen.items())]

    def check(self, path: str, method: str, response) -> None:
        problems = self.problems(path, method, response)
        assert not problems, problems[0]


@pytest.fixture(scope="module")
def contract(schema):
    return Contract(schema)


def _concrete(path: str, pk) -> str:
    return re.sub(r"\{[^}]+\}", str(pk), path)


def _segment(path: str) -> str:
    return path.split("/")[2]


def test_the_description_documents_errors_for_every_operation(schema):
    """400 for input, 403 everywhere, 404 wherever an id or a page is read, 409 for writes, as the two error
    components."""
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail", "code"]
    assert components["Error"]["properties"]["code"]["allOf"] == [{"$ref": "#/components/schemas/ErrorCodeEnum"}]
    assert {"not_found", "permission_denied", "request_too_large", "server_error"} <= set(
        components["ErrorCodeEnum"]["enum"]
    )
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["403"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "patch", "put", "delete"):
                assert {"400", "409"} <= set(responses), (method, path)
            assert operation["tags"][0][0].isupper() and operation["tags"][0] not in ("units", "people"), path


@pytest.mark.parametrize("role", list(ROLES), ids=[r.value for r in ROLES])
def test_every_answer_matches_the_description(client, demo, db, contract, role):
    client.force_login(get_user_model().objects.get(username=ROLES[role]))
    lists = [p for p, ops in contract.paths.items() if "get" in ops and "{" not in p]
    details = [p for p, ops in contract.paths.items() if "get" in ops and "{" in p]
    first_ids, empty, problems = {}, [], []
    for path in lists:
        for params in ({}, {"brief": "true"}) if path in ("/api/units/", "/api/organizations/") else ({},):
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.content[:300])
            problems += contract.problems(path, "get", response)
        rows = response.json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        if rows:
            first_ids[_segment(path)] = rows[0]["id"]
        else:
            empty.append(path)
    if role == Role.ORGANIZATION:
        assert sorted(empty) == sorted(EMPTY_FOR_STAFF)
    unit = first_ids["units"]
    checked = 0
    for path in details:
        segment = _segment(path)
        pk = unit if segment in UNIT_REPORTS else first_ids.get(segment)
        if pk is None:
            continue  # nothing of this kind in the role's scope
        for params in ({}, {"brief": "true"}) if segment in ("units", "organizations") else ({},):
            response = client.get(_concrete(path, pk), params)
            problems += contract.problems(path, "get", response)
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= len(first_ids)


@pytest.mark.parametrize("role", list(ROLES), ids=[r.value for r in ROLES])
def test_errors_match_the_description(client, demo, db, contract, role):
    """A 404 for an id that names nothing, a 403 for a write the role may not make or a 400 for an empty one, each
    in the documented error shape."""
    client.force_login(get_user_model().objects.get(username=ROLES[role]))
    missing = client.get("/api/people/999999999/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    contract.check("/api/people/{id}/", "get", missing)
    past_the_end = client.get("/api/units/", {"page": 100000})
    assert past_the_end.status_code == 404
    contract.check("/api/units/", "get", past_the_end)
    bad_filter = client.get("/api/assignments/", {"purpose": "khong-co"})
    assert bad_filter.status_code == 400
    contract.check("/api/assignments/", "get", bad_filter)
    write = client.post("/api/assignments/", {}, content_type="application/json")
    assert write.status_code == (400 if role == Role.ORGANIZATION else 403)
    contract.check("/api/assignments/", "post", write)
    unreadable = client.post("/api/assignments/", "{không phải JSON", content_type="application/json")
    assert unreadable.status_code == (400 if role == Role.ORGANIZATION else 403)
    contract.check("/api/assignments/", "post", unreadable)


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_write_answers_match_the_description(client, demo, db, contract):
    """What a person's departure and an assignment's history return (bare lists, as documented)."""
    client.force_login(get_user_model().objects.get(username="tochuc"))
    assignment = Assignment.objects.filter(end_date=None, person__departed_on=None).order_by("id").first()
    history = client.get("/api/assignments/{}/history/".format(assignment.pk))
    contract.check("/api/assignments/{id}/history/", "get", history)
    assert isinstance(history.json(), list) and history.json()
    departed = client.post(
        "/api/people/{}/depart/".format(assignment.person_id),
        {"date": format_date(today()), "reason": "transferred", "note": "Chuyển công tác"},
        content_type="application/json",
    )
    assert departed.status_code == 200, departed.content[:500]
    contract.check("/api/people/{id}/depart/", "post", departed)
    assert assignment.pk in [row["id"] for row in departed.json()]
    person = client.get("/api/people/{}/".format(assignment.person_id))
    contract.check("/api/people/{id}/", "get", person)
    assert person.json()["departure_reason"] == "transferred"
    ended = client.get("/api/assignments/{}/".format(assignment.pk))
    contract.check("/api/assignments/{id}/", "get", ended)
    assert ended.json()["end_reason"] == "departed"


def test_assignment_writes_answer_as_documented(client, demo, db, contract):
    """A new assignment and a bulk of them (201), a rotation (201, the new assignment) and an end (200)."""
    client.force_login(get_user_model().objects.get(username="tochuc"))
    # Today's hamlets, followed by commune cadres since 15/07/2025.
    current = Assignment.objects.filter(
        end_date=None, person__departed_on=None, unit__parent__isnull=False, unit__level__key="hamlet"
    )
    first, second = current.select_related("unit").order_by("id")[:2]
    near = Unit.objects.filter(parent=first.unit.parent_id).exclude(pk__in=[first.unit_id, second.unit_id])
    sibling, cousin = near.order_by("id")[:2]
    on = first.start_date + datetime.timedelta(days=30)
    why = {"override_reason": "Tăng cường theo chỉ đạo"}
    created = post(client, "/api/assignments/", {"person": second.person_id, "unit": sibling.pk,
                                                 "start_date": format_date(on), **why})  # fmt: skip
    assert created.status_code == 201, created.content[:500]
    contract.check("/api/assignments/", "post", created)
    bulk = post(client, "/api/assignments/bulk/", [{"person": second.person_id, "unit": cousin.pk,
                                                    "start_date": format_date(on), **why}])  # fmt: skip
    assert bulk.status_code == 201, bulk.content[:500]
    contract.check("/api/assignments/bulk/", "post", bulk)
    rotated = post(client, "/api/assignments/{}/rotate/".format(first.pk),
                   {"new_unit": sibling.pk, "date": format_date(on), **why})  # fmt: skip
    assert rotated.status_code == 201, rotated.content[:500]
    contract.check("/api/assignments/{id}/rotate/", "post", rotated)
    ended = post(client, "/api/assignments/{}/end/".format(rotated.json()["id"]),
                 {"end_date": format_date(on + datetime.timedelta(days=1))})  # fmt: skip
    assert ended.status_code == 200, ended.content[:500]
    contract.check("/api/assignments/{id}/end/", "post", ended)
    assert ended.json()["end_reason"] == "ended"
