"""The main menu follows the pages' own rules, not a list per role: an item shows when its page holds something for
the user or lets them add something; it is worked out at sign-in and again after a few minutes."""

import re

import pytest
from django.urls import reverse

from diaban import menu
from diaban.people.choices import Role

pytestmark = pytest.mark.django_db


def _menu(client) -> list[str]:
    html = client.get(reverse("home")).content.decode()
    nav = html.split('<ul class="navbar-nav', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def test_the_api_is_offered_to_those_who_keep_data_only(client, accounts):
    for role, user in accounts.items():
        client.force_login(user)
        assert ("API" in _menu(client)) == (role in (Role.ORGANIZATION, Role.ADMINISTRATOR)), role


def test_cadres_show_to_the_cell_secretary_when_one_lives_in_its_hamlet(client, tree, accounts, monkeypatch):
    secretary = accounts[Role.GRASSROOTS]
    client.force_login(secretary)
    assert "Cán bộ" in _menu(client)  # the fixture's cadre lives in the secretary's hamlet
    assert tree.person_a.full_name in client.get(reverse("person_list")).content.decode()
    # Moved to the commune: none lives in the hamlet any more. The menu changes once it is worked out again.
    tree.person_a.home_unit = tree.communes_a[0]
    tree.person_a.save()
    assert "Cán bộ" in _menu(client)  # kept for a few minutes
    now = menu.time.time()
    monkeypatch.setattr(menu.time, "time", lambda: now + menu.FRESH_FOR + 1)
    assert "Cán bộ" not in _menu(client)
    client.force_login(secretary)  # and at the next sign-in
    assert "Cán bộ" not in _menu(client)
    assert tree.person_a.full_name not in client.get(reverse("person_list")).content.decode()


def test_an_account_with_nothing_to_see_is_offered_the_home_page_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("moi", password="x"))
    assert _menu(client) == ["Trang chính"]


def test_every_item_shown_opens(client, accounts):
    for user in accounts.values():
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        nav = html.split('<ul class="navbar-nav', 1)[1].split("</ul>", 1)[0]
        for href in re.findall(r'href="([^"]+)"', nav):
            assert client.get(href).status_code == 200, (user.username, href)
