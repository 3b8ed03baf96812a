"""The unit pages: accent-free search, the lazily opened tree, a unit's page, and all of it at phone width."""

import re

import pytest

from tests.browser.helpers import PHONE, assert_fits_width, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

# Live-server tests flush the database; serialized_rollback brings back the unit levels the migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEARCH_LABEL = "Tìm địa bàn (gõ không dấu cũng được)"
# The demo's Bến Tre tree ends on 30/06/2025, when Bến Tre merged into Vĩnh Long and districts were abolished.
BEFORE_MERGER = "01/01/2025"


def search(page, text):
    """Type into the search box and wait for the htmx request that answers it."""
    with page.expect_response(lambda r: "/dia-ban/?" in r.url and r.request.headers.get("hx-request") == "true"):
        page.get_by_label(SEARCH_LABEL).fill(text)
    return page.locator("#search-results")


def expect_ba_tri_page(page, breadcrumb_parent):
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Ba Tri")
    breadcrumb = page.get_by_role("navigation", name="Vị trí")
    if breadcrumb_parent:
        expect(breadcrumb.get_by_role("link", name=breadcrumb_parent, exact=True)).to_be_visible()
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text("Huyện Ba Tri")
    counts = page.get_by_role("region", name=re.compile("^Số đơn vị bên dưới"))
    expect(counts.locator(".count-card", has_text="xã, phường, thị trấn").locator(".num")).to_have_text("22")
    expect(counts.locator(".count-card", has_text="ấp, khu phố").locator(".num")).to_have_text("129")
    expect(page.get_by_role("region", name=re.compile("^Đơn vị trực thuộc"))).to_contain_text("Đơn vị trực thuộc (22)")


@pytest.mark.browser
def test_search_without_accents_finds_units_and_opens_their_page(demo, page, inspect):
    sign_in(page, "tochuc")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Địa bàn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Địa bàn")
    inspect(page, "unit-list")
    # Survives only if the results are swapped in by htmx rather than by loading a new page.
    page.evaluate("() => { window.sameDocument = true; }")

    results = search(page, "ba tri")
    expect(results.get_by_role("heading")).to_contain_text("kết quả cho “ba tri”")
    ba_tri = results.get_by_role("link").filter(has=page.get_by_text("Huyện Ba Tri", exact=True))
    expect(ba_tri).to_be_visible()
    expect(ba_tri).to_contain_text("Tỉnh Bến Tre")
    assert page.evaluate("() => window.sameDocument === true")
    expect(page).to_have_url(re.compile(r"[?&]q=ba(\+|%20)tri"))
    inspect(page, "search-ba-tri")

    ba_tri.click()
    expect_ba_tri_page(page, breadcrumb_parent="Tỉnh Bến Tre")
    inspect(page, "ba-tri")

    page.goto("/dia-ban/")
    results = search(page, "thanh pho ben tre")
    expect(results.get_by_role("link").filter(has=page.get_by_text("Thành phố Bến Tre", exact=True))).to_be_visible()
    inspect(page, "search-thanh-pho-ben-tre")


def show_tree_on(page, date):
    page.goto("/dia-ban/")
    page.get_by_label("Cây địa bàn vào ngày").fill(date)
    page.get_by_role("button", name="Xem").click()
    tree = page.get_by_role("region", name="Cây địa bàn ngày " + date)
    expect(tree).to_be_visible()
    return tree


def tree_node(tree, name):
    """The tree's item for unit `name`: of the items holding its link, the innermost."""
    return tree.get_by_role("listitem").filter(has=tree.page.get_by_role("link", name=name, exact=True)).last


def open_node(page, node, name):
    """Open a node's toggle and wait for htmx to fetch its children."""
    toggle = node.locator(":scope > details > summary")
    expect(toggle).to_have_accessible_name("Đơn vị trực thuộc " + name)
    with page.expect_response(re.compile(r"/dia-ban/\d+/con/")) as response:
        toggle.click()
    assert response.value.request.headers.get("hx-request") == "true"
    expect(node.locator(":scope > details")).to_have_attribute("open", "")
    return node.locator(":scope > details > ul > li")


@pytest.mark.browser
def test_tree_loads_the_children_of_a_node_when_it_is_opened(demo, page, inspect):
    sign_in(page, "tochuc")
    tree = show_tree_on(page, BEFORE_MERGER)
    expect(tree.get_by_role("link", name="Huyện Ba Tri", exact=True)).to_have_count(0)

    districts = open_node(page, tree_node(tree, "Tỉnh Bến Tre"), "Tỉnh Bến Tre")
    expect(districts).to_have_count(9)
    expect(tree.get_by_role("link", name="Huyện Ba Tri", exact=True)).to_be_visible()
    inspect(page, "province-open")

    expect(tree.get_by_role("link", name="Thị trấn Ba Tri", exact=True)).to_have_count(0)
    communes = open_node(page, tree_node(tree, "Huyện Ba Tri"), "Huyện Ba Tri")
    expect(communes).to_have_count(22)
    expect(tree.get_by_role("link", name="Thị trấn Ba Tri", exact=True)).to_be_visible()
    inspect(page, "district-open")


@pytest.mark.browser
def test_cadre_at_phone_width_reaches_ba_tri_without_horizontal_scrolling(demo, open_page, inspect):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/dang-nhap/")
    assert_fits_width(page, PHONE["width"])
    inspect(page, "login")

    sign_in(page, "canbo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Lê Minh Tâm")
    assert_fits_width(page, PHONE["width"])
    inspect(page, "home")

    menu = page.get_by_role("button", name="Mở menu")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    menu.tap()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    # Bootstrap ignores a second tap until the menu has finished sliding open.
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    assert_fits_width(page, PHONE["width"])
    inspect(page, "menu")
    menu.tap()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()

    page.get_by_role("region", name="Phạm vi của tôi").get_by_role("link", name="Huyện Ba Tri").tap()
    # The cadre's scope starts at the district: the province is not in the breadcrumb.
    expect_ba_tri_page(page, breadcrumb_parent=None)
    expect(page.get_by_role("navigation", name="Vị trí").get_by_role("link", name="Tỉnh Bến Tre")).to_have_count(0)
    assert_fits_width(page, PHONE["width"])
    inspect(page, "ba-tri")

    tree = show_tree_on(page, BEFORE_MERGER)
    expect(open_node(page, tree_node(tree, "Huyện Ba Tri"), "Huyện Ba Tri")).to_have_count(22)
    expect(tree.get_by_role("link", name="Thị trấn Ba Tri", exact=True)).to_be_visible()
    assert_fits_width(page, PHONE["width"])
    inspect(page, "tree")
