"""Pages run the same number of SQL queries on a tree of 100 units and one of 10,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diaban.demo.builders import bulk_child_units, organization
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit, UnitLevel


def build_province(total: int, code: str) -> Unit:
    """A province with 10 districts, 30 communes and enough hamlets for `total` units, with a cell per hamlet."""
    levels = {lv.key: lv for lv in UnitLevel.objects.all()}
    province = Unit(level=levels["province"], kind="Tỉnh", name="Tỉnh Cỡ {}".format(total), code=code)
    province.save()
    per_level = [("district", 10), ("commune", 3), ("hamlet", (total - 41 + 29) // 30)]
    parents = [province]
    for key, fan_out in per_level:
        rows = [(p, key, "{} {} {}".format(key, p.pk, i), "", False) for p in parents for i in range(fan_out)]
        parents = bulk_child_units(rows, level=levels[key])
    committee = PartyOrganization(kind="provincial", name="Đảng bộ {}".format(province.name), unit=province)
    committee.save()
    PartyOrganization.objects.bulk_create(
        [
            organization(OrganizationKind.CELL, "Chi bộ {}".format(h.name), h, committee, i, members=10)
            for i, h in enumerate(parents)
        ],
        batch_size=2000,
    )
    return province


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ORGANIZATION])
def test_unit_pages_query_count_does_not_grow_with_the_tree(client, role):
    small = build_province(100, "01")
    large = build_province(10_000, "02")
    assert Unit.objects.within(small).count() < 200 and Unit.objects.within(large).count() >= 10_000
    account = account_upsert(username="do", password="x-123456789", role=role, capture_units=[small, large])
    client.force_login(account.user)
    for name in ("unit_detail", "unit_children"):
        counts = [count_queries(client, reverse(name, kwargs={"pk": p.pk})) for p in (small, large)]
        assert counts[0] == counts[1], (name, counts)
        assert counts[0] <= 12, (name, counts)
    small_district = small.children.first()
    large_district = large.children.first()
    assert count_queries(client, small_district.get_absolute_url()) == count_queries(
        client, large_district.get_absolute_url()
    )
    for name, param in (
        ("api:unit-list", "within"),
        ("unit_list", "within"),
        ("organization_list", "in_unit"),
        ("api:organization-list", "in_unit"),
    ):
        url = reverse(name)
        counts = [count_queries(client, "{}?{}={}".format(url, param, p.pk)) for p in (small, large)]
        assert counts[0] == counts[1], (name, counts)


@pytest.mark.django_db
def test_unit_page_counts_are_right(client, tree, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    response = client.get(tree.province_a.get_absolute_url())
    counts = {row["level"].key: row["count"] for row in response.context["counts"]}
    assert counts == {"district": 1, "commune": 2, "hamlet": 4}
    assert response.context["organization_counts"] == {"cells": 1, "members": 21}
