"""Ids too large for the database: a 400 with a Vietnamese message (or nothing found), never a server error.

The outside tester crashed 17 API lists and the assignments page with `?organization=1e30` and
`?unit=99999999999999999999` (an OverflowError in the database driver). Every id filter of every list, every
address with an id and every page that reads an id from its query string is tried here with such values.
"""

import django_filters
import pytest
from django.urls import get_resolver, reverse

from diaban.core.filters import IdFilter
from diaban.core.ids import MAX_ID, IdConverter, parse_id
from diaban.people.choices import Role
from diaban.urls import router
from tests.test_permission_matrix import _walk

HUGE = ("1e30", "99999999999999999999", str(MAX_ID + 1), "-5", "12abc")
# The lists the tester named, with the filter that crashed each.
NAMED = [
    ("assignments", "unit"), ("attendances", "meeting"), ("departments", "unit"), ("draft-comments", "person"),
    ("guidance-conveyed", "guidance"), ("guidance", "unit"), ("leaves", "person"), ("meeting-reports", "organization"),
    ("meetings", "organization"), ("memberships", "person"), ("organizations", "parent"), ("positions", "person"),
    ("recommendations", "group"), ("review-sessions", "department"), ("trip-reports", "department"),
    ("visit-plans", "department"),
]  # fmt: skip


def _id_filters():
    """(API prefix, parameter) for every id filter of every API list."""
    found = []
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None:
            continue
        for name, declared in filterset.base_filters.items():
            assert not isinstance(declared, django_filters.NumberFilter), (
                "{}?{}: an id filter must be an IdFilter (a NumberFilter lets 1e30 reach the database)".format(
                    prefix, name
                )
            )
            if isinstance(declared, IdFilter):
                found.append((prefix, name))
    return found


ID_FILTERS = _id_filters()


def test_the_named_filters_are_id_filters():
    assert set(NAMED) <= set(ID_FILTERS)
    assert len(ID_FILTERS) >= 40


def test_parse_id():
    assert parse_id("42") == 42 and parse_id(" 42 ") == 42 and parse_id(7) == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for text in ("", None, "0", "1e30", "99999999999999999999", str(MAX_ID + 1), "-5", "٣", "4.0", "0x10"):
        assert parse_id(text) is None, text


@pytest.mark.parametrize(("prefix", "param"), ID_FILTERS, ids=["{}?{}".format(*pair) for pair in ID_FILTERS])
def test_every_api_id_filter_answers_400_in_vietnamese(client, accounts, prefix, param):
    client.force_login(accounts[Role.ADMINISTRATOR])
    for value in HUGE:
        response = client.get("/api/{}/".format(prefix), {param: value})
        assert response.status_code == 400, (value, response.content[:300])
        message = response.json()[param][0]
        assert "Mã số không hợp lệ: cần một số nguyên dương (id)" in message, message
    assert client.get("/api/{}/".format(prefix), {param: "999999999999"}).status_code == 200  # large but valid


def _paths_with_ids():
    """Every address with an id in it, the id replaced by a number too large for the database."""
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        keys = {key for key, converter in pattern.pattern.converters.items() if isinstance(converter, IdConverter)}
        keys |= {key for key in pattern.pattern.regex.groupindex if key == "pk"}
        if keys:
            path = reverse(name, kwargs=dict.fromkeys(keys, 424242))
            yield name, path.replace("424242", "99999999999999999999")


PATHS = sorted(set(_paths_with_ids()))


def test_the_addresses_are_all_there():
    names = {name for name, _ in PATHS}
    assert {"unit_detail", "api:unit-detail", "api:assignment-history", "recommendation_attachment"} <= names


@pytest.mark.parametrize(("name", "path"), PATHS, ids=[name for name, _ in PATHS])
def test_every_address_with_a_huge_id_is_not_found(client, accounts, name, path):
    client.force_login(accounts[Role.ADMINISTRATOR])
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)


# Query parameters that pages read as ids.
PAGE_PARAMS = ("unit", "person", "organization", "within", "parent", "department", "group", "guidance", "meeting",
               "don-vi", "topic", "agency", "document")  # fmt: skip


def _pages():
    for name, pattern in _walk(get_resolver().url_patterns):
        route = str(pattern.pattern)
        if name.startswith(("admin:", "api:")) or "<" in route or name in ("logout", "set_language"):
            continue
        yield name, "/" + route


PAGES = sorted(set(_pages()))


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_pages_reading_ids_never_fail(client, tree, accounts, name, path):
    """Every page without an id in its address, given every id parameter with a huge value, as staff and admin."""
    for role in (Role.ORGANIZATION, Role.ADMINISTRATOR):
        client.force_login(accounts[role])
        for value in ("1e30", "99999999999999999999"):
            response = client.get(path, {param: value for param in PAGE_PARAMS})
            assert response.status_code < 500, (path, role, value)


def test_the_assignments_page_tells_what_is_wrong(client, tree, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    response = client.get("/phan-cong/", {"unit": "1e30"})
    assert response.status_code == 200
    assert "Mã số không hợp lệ: cần một số nguyên dương (id)" in response.content.decode()
