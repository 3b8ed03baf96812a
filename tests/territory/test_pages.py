"""Unit pages as their users see them."""

import datetime

import pytest

from diaban.people.choices import Role
from diaban.territory.models import Unit
from tests.conftest import make_unit


@pytest.mark.django_db
def test_a_scope_unit_closed_by_a_reorganization_still_opens_today(client, tree, accounts):
    Unit.objects.within(tree.province_a).update(valid_until=datetime.date(2025, 6, 30))
    client.force_login(accounts[Role.ORGANIZATION])
    response = client.get("/dia-ban/", {"ngay": "23/11/2026"})
    [root] = response.context["roots"]
    assert root == tree.province_a and root.has_children
    children = client.get("/dia-ban/{}/con/".format(root.pk), {"ngay": "23/11/2026"}, HTTP_HX_REQUEST="true")
    assert "Huyện Đông A" in children.content.decode()
    page = client.get(tree.province_a.get_absolute_url())
    assert "cơ cấu bên dưới hiển thị như ngày 30/06/2025" in page.content.decode()


@pytest.mark.django_db
def test_children_sort_the_vietnamese_way_and_a_bad_date_is_explained(client, tree, accounts):
    make_unit("commune", "Xã Em A", tree.district_a)
    client.force_login(accounts[Role.ORGANIZATION])
    page = client.get(tree.district_a.get_absolute_url(), {"ngay": "32/13/2024"})
    body = page.content.decode()
    assert "Ngày không hợp lệ" in body
    # Vietnamese order: a … d đ e. Code-point order would put "Đức" after "Em".
    assert body.index("Xã An Phú A") < body.index("Xã Đức Hòa A") < body.index("Xã Em A")
