"""Each role is offered only what it may open: the menu by role on the Bến Tre demo, and no link a role sees on its
pages answers 403 or 404 (a crawl from the home page, a few pages of each kind)."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

MENU = {
    "tochuc": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Cán bộ", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
               "Đi cơ sở", "Định hướng, góp ý", "Kiến nghị", "API"],
    "admin": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Cán bộ", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
              "Đi cơ sở", "Định hướng, góp ý", "Kiến nghị", "API"],
    "lanhdao": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Cán bộ", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
                "Đi cơ sở", "Định hướng, góp ý", "Kiến nghị"],
    "canbo": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Cán bộ", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
              "Đi cơ sở", "Định hướng, góp ý", "Kiến nghị"],
    # The agency's view scope is the province: it may read the cadres there, as the home page's dashboards offer.
    "coquan": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Cán bộ", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
               "Đi cơ sở", "Định hướng, góp ý", "Kiến nghị"],
    # A hamlet's cell secretary: no cadre lives in the hamlet and it has no cadre record to plan trips with.
    "coso": ["Trang chính", "Địa bàn", "Tổ chức đảng", "Phân công", "Độ bao phủ", "Dự sinh hoạt",
             "Định hướng, góp ý", "Kiến nghị"],
}  # fmt: skip


class _Page(HTMLParser):
    """The links of a page, the main menu's apart, and the parts htmx loads by itself (on load, on opening)."""

    def __init__(self):
        super().__init__()
        self.links, self.menu, self.loads = [], [], []
        self._in_menu = self._menu_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and "navbar-nav" in (attrs.get("class") or ""):
            self._in_menu = True
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._in_menu:
                self.menu.append([attrs["href"], ""])
                self._menu_link = True
        trigger = attrs.get("hx-trigger") or ""
        if attrs.get("hx-get") and ("load" in trigger or "toggle" in trigger):
            self.loads.append((attrs["hx-get"], (attrs.get("hx-target") or "").lstrip("#") or attrs.get("id", "")))

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_menu = False
        if tag == "a":
            self._menu_link = False

    def handle_data(self, data):
        if self._menu_link:
            self.menu[-1][1] += data.strip()


def _parse(html) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.fixture
def demo_db(demo, db):
    """The demo, each test in a savepoint of it."""


# ---------------------------------------------------------------------------------------------------------
# The menu


@pytest.mark.parametrize("username", list(MENU))
def test_each_role_is_offered_the_pages_it_may_use_and_each_opens(client, demo_db, username):
    _login(client, username)
    home = client.get(reverse("home"))
    menu = _parse(home.content.decode()).menu
    assert [label for _href, label in menu] == MENU[username]
    for href, label in menu:
        assert client.get(href).status_code == 200, label


# ---------------------------------------------------------------------------------------------------------
# Links


SKIPPED = ("/static/", "/media/", "/dang-xuat/")


def _links_of(client, html) -> list[str]:
    """The addresses a page links to, with those in the parts htmx loads into it."""
    page = _parse(html)
    links = list(page.links)
    for url, target in page.loads:
        part = client.get(url, headers={"HX-Request": "true", "HX-Target": target})
        assert part.status_code == 200, url
        links += _parse(part.content.decode()).links
    return [h.split("#")[0] for h in links if h.startswith("/") and not h.startswith(SKIPPED)]


def _kind(url: str) -> str:
    try:
        return resolve(url.split("?")[0]).view_name
    except Resolver404:
        return "?"


def _crawl(client, depth: int, per_kind: int) -> dict[str, tuple[int, str]]:
    """From the home page, following links `depth` times, at most `per_kind` links of each kind (a kind: the page a
    link leads to and the page it is on, such as a person from a meeting): url → (status, page it was on)."""
    seen: dict[str, tuple[int, str]] = {}
    per = Counter()
    frontier = [(reverse("home"), "")]
    for _level in range(depth + 1):
        following = []
        for url, origin in frontier:
            kind = (_kind(origin), _kind(url)) if origin else ("", "home")
            if url in seen or per[kind] >= per_kind:
                continue
            per[kind] += 1
            response = client.get(url)
            seen[url] = (response.status_code, origin)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                following += [(link, url) for link in _links_of(client, response.content.decode())]
        frontier = following
    return seen


# The narrowest scopes are where a link leads out of scope: the cell secretary (one hamlet), the district cadre, the
# agency (reads a province, works only its queue).
@pytest.mark.parametrize(("username", "per_kind"), [("coso", 3), ("canbo", 1), ("coquan", 1)])
def test_no_link_a_role_sees_is_refused_or_missing(client, demo_db, username, per_kind):
    _login(client, username)
    seen = _crawl(client, depth=6, per_kind=per_kind)
    assert len(seen) > 40  # the crawl went through the role's pages, not just the home page
    broken = {url: found for url, found in seen.items() if found[0] != 200}
    assert not broken, broken
