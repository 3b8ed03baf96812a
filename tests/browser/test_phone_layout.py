"""At phone width (390 px): wide tables scroll inside a region the keyboard reaches rather than widening the page,
the recommendation tabs wrap instead of being cut off, and the organization staff's home page stays compact, its
cards aligned."""

import re

import pytest

from tests.browser.helpers import PHONE, assert_fits_width, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The staff's home page on the demo was 4,727 px tall (5.6 phone screens) before its sections were condensed.
HOME_MOST_SCREENS = 4.2


@pytest.mark.browser
def test_rules_tabs_and_staff_home_at_phone_width(demo, open_page, inspect):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "tochuc")

    # The assignment rules: the table scrolls sideways in its own region, reached and scrolled by the keyboard.
    page.goto("/phan-cong/quy-tac/")
    region = page.get_by_role("region", name="Bảng quy định phân công")
    expect(region.get_by_role("row")).to_have_count(10)  # the header and the nine rules of the demo
    assert_fits_width(page, PHONE["width"])
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # wider than the phone: it scrolls
    inspect(page, "rules")  # axe: scrollable-region-focusable among the rules checked
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('[role=region].table-responsive').scrollLeft > 0")

    # The recommendation list's tabs: all on the screen, none cut off.
    page.goto("/kien-nghi/")
    tabs = page.get_by_role("navigation", name="Lọc nhanh").get_by_role("link")
    expect(tabs).to_have_count(6)
    for box in (tabs.nth(i).bounding_box() for i in range(6)):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert_fits_width(page, PHONE["width"])
    inspect(page, "recommendations")

    # The staff's home page: every panel there, their cards one column wide and aligned, a few screens tall.
    page.goto("/")
    for panel in ("recommendations", "meetings", "visits", "guidance", "guidance-office"):
        expect(page.locator("[data-home-panel={}]".format(panel))).to_be_visible()
    edges = page.locator("main .card").evaluate_all(
        "cards => cards.map(c => c.getBoundingClientRect()).map(r => [Math.round(r.left), Math.round(r.right)])"
    )
    assert len(edges) >= 8 and len(set(map(tuple, edges))) == 1, edges
    height = page.evaluate("() => document.documentElement.scrollHeight")
    screens = height / PHONE["height"]
    assert screens <= HOME_MOST_SCREENS, "{} px: {:.1f} màn hình".format(height, screens)
    # What is read less is one tap away: the recommendations the staff member carried, the calendar address.
    expect(page.locator("[data-my-recommendations]")).not_to_have_attribute("open", "")
    expect(page.locator("[data-feed-url]")).to_be_hidden()
    page.locator("[data-calendar-feed] summary").tap()
    expect(page.locator("[data-feed-url]")).to_be_visible()
    assert_fits_width(page, PHONE["width"])
    inspect(page, "staff-home")


@pytest.mark.browser
def test_an_empty_year_reads_no_rate_yet_at_phone_width(demo, open_page, inspect):
    """The cell secretary's hamlet: no cadre bound by the rules, no report due — no "0,0 %" and no red zeros."""
    page = open_page(viewport=PHONE)
    sign_in(page, "coso")
    page.goto("/tuan-thu/")
    expect(page.locator("[data-reporting-rate]")).to_have_text("chưa có")
    expect(page.locator("main")).not_to_contain_text("0,0 %")
    expect(page.locator("[data-missing]")).not_to_have_class(re.compile(r"\btext-danger\b"))
    assert_fits_width(page, PHONE["width"])
    inspect(page, "compliance")
