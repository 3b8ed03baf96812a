"""Every demo account lives in the present: signed in on the tests' day (16/11/2026), its home page shows its units
of today and something of the last weeks or the months ahead — a meeting coming up, a report or plan to file or
approve, a recommendation in its queue, guidance to read or convey."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from diaban.core.dates import today
from diaban.demo.accounts import demo_accounts
from diaban.territory.reform import REFORM_DATE

RECENT = datetime.timedelta(days=60)
AHEAD = datetime.timedelta(days=120)


def _dates(html: str) -> list[datetime.date]:
    found = []
    for text in re.findall(r"\b\d\d/\d\d/\d{4}\b", html):
        try:
            found.append(datetime.datetime.strptime(text, "%d/%m/%Y").date())
        except ValueError:
            continue
    return found


# The accounts with work of their own: meetings and reports (canbo, coso), visit plans to make and approve (tochuc,
# truongphong, phoban), recommendations to route (tochuc, tochuchuyen), to answer (coquan) and sent up to the
# Standing Committee (lanhdao). The administrator's home is the system's, with no work of its own.
WORKING = ["canbo", "coso", "tochuc", "tochuchuyen", "truongphong", "phoban", "lanhdao", "coquan"]


@pytest.mark.parametrize("username", WORKING)
def test_the_home_page_of_every_demo_account_is_about_today(demo, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    html = client.get("/").content.decode()
    near = [d for d in _dates(html) if today() - RECENT <= d <= today() + AHEAD]
    assert near, "{}: nothing on the home page between {} and {}".format(username, today() - RECENT, today() + AHEAD)


# The lists of work in hand on a home page: plans to approve, trips to report, drafts, meeting reports overdue.
IN_HAND = ['data-visits="awaiting"', 'data-visits="unreported"', 'data-visits="drafts"', 'data-reports="overdue"']


@pytest.mark.parametrize("username", WORKING)
def test_no_work_in_hand_is_left_from_before_the_reform(demo, client, username):
    """What was in hand on 30/06/2025 was closed before the reform (plans, trip and meeting reports): the lists of
    work on a home page hold today's work only."""
    client.force_login(get_user_model().objects.get(username=username))
    html = client.get("/").content.decode()
    for marker in IN_HAND:
        if marker in html:
            listed = html.split(marker, 1)[1].split("</ul>", 1)[0]
            assert all(d >= REFORM_DATE for d in _dates(listed)), (username, marker, listed)


def test_pages_open_today_s_unit_first(demo, client):
    """A scope holding a province that ended and today's (`lanhdao`: Bến Tre and Vĩnh Long): the pages open today's."""
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    for url in ("/tuan-thu/", "/kien-nghi/thong-ke/", "/bao-phu/"):
        page = client.get(url, follow=True)
        heading = page.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
        assert "Tỉnh Vĩnh Long" in heading and "Bến Tre" not in heading, (url, heading)


def test_the_accounts_checked_are_demo_accounts():
    assert set(WORKING) <= {username for username, _password, _role in demo_accounts()}
