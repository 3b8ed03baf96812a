"""The coverage dashboard and the assignment form: finding an uncovered hamlet and assigning a cadre to it, the
dashboard at phone width, the articles' figures on 01/01/2021, and a policy refusal overridden with a reason."""

import re

import pytest

from tests.browser.helpers import PHONE, assert_fits_width, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

# Live-server tests flush the database; serialized_rollback brings back the unit levels the migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Bến Tre's last day: it merged into Vĩnh Long on 01/07/2025, so its dashboard shows this date.
LAST_DAY = "30/06/2025"
# The date of the articles' figures (Bến Tre, 2021).
ARTICLES_DAY = "01/01/2021"
HAMLETS = "Ấp, khu phố"
NEW_CADRE = "Nguyễn Hoàng Phúc"  # Phó Trưởng phòng of Ba Tri from 01/09/2024, not yet given a unit
PERSON_SEARCH = "Tìm cán bộ theo tên hoặc mã"
UNIT_SEARCH = "Tìm địa bàn (gõ không dấu cũng được)"
OVERRIDE = "Lý do phân công ngoài quy định"


def open_coverage(page, tap=False):
    """The coverage page of old Bến Tre: the menu opens today's province, the page links the scope's other one."""
    link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Độ bao phủ")
    link.tap() if tap else link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Độ bao phủ địa bàn — Tỉnh Vĩnh Long")
    other = page.get_by_role("main").get_by_role("link", name="Tỉnh Bến Tre", exact=True)
    other.tap() if tap else other.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Độ bao phủ địa bàn — Tỉnh Bến Tre")


def levels(page, date):
    return page.get_by_role("region", name="Theo cấp, ngày " + date)


def expect_level(region, name, figure, details=""):
    """The card of one level: covered/total, and the line under it (share, uncovered, cadres)."""
    card = region.locator(".card", has=region.page.get_by_text(name, exact=True))
    expect(card.locator(".num")).to_have_text(figure)
    if details:
        expect(card).to_contain_text(details)
    return card


def branch_cells(page, name):
    table = page.get_by_role("region", name="Theo đơn vị trực thuộc").get_by_role("table")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))
    return row.get_by_role("cell")


def uncovered_list(page):
    return page.get_by_role("region", name="Đơn vị chưa có cán bộ theo dõi")


def pick(page, search_label, text, picker_path):
    """Type into a search picker and wait for the htmx request that fills in its choices."""
    with page.expect_response(lambda r: picker_path in r.url and r.request.headers.get("hx-request") == "true"):
        page.get_by_label(search_label).fill(text)


@pytest.mark.browser
def test_staff_assign_a_cadre_to_an_uncovered_hamlet_and_coverage_goes_up(demo, page, inspect):
    sign_in(page, "tochuc")
    open_coverage(page)
    # Bến Tre closed on 30/06/2025: the figures are those of its last day, and the page says so.
    expect(page.get_by_role("status")).to_have_text(
        "Đơn vị này không có hiệu lực vào ngày đã chọn; số liệu tính vào ngày {}, "
        "ngày gần nhất đơn vị còn hiệu lực.".format(LAST_DAY)
    )
    expect(page.get_by_label("Ngày", exact=True)).to_have_value(LAST_DAY)
    province = levels(page, LAST_DAY)
    expect_level(province, "Huyện, quận, thị xã", "9/9", "100,0 % · chưa có: 0 · 9 cán bộ")
    expect_level(province, "Xã, phường, thị trấn", "147/148", "chưa có: 1")
    hamlets = expect_level(province, HAMLETS, "980/983", "99,6 % · chưa có: 3 · 679 cán bộ")
    # ARIA wants a number there, not the Vietnamese "99,6".
    expect(hamlets.get_by_role("progressbar")).to_have_attribute("aria-valuenow", re.compile(r"^99\.\d$"))
    expect_level(province, "Tổ nhân dân tự quản", "14.673/14.676", "chưa có: 3")
    expect(branch_cells(page, "Huyện Ba Tri")).to_have_text(["1/1", "21/22", "128/129", "1.907/1.910"])
    inspect(page, "province")

    page.get_by_role("region", name="Theo đơn vị trực thuộc").get_by_role("link", name="Huyện Ba Tri").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Độ bao phủ địa bàn — Huyện Ba Tri")
    expect(page).to_have_url(re.compile(r"/bao-phu/\d+/\?ngay=30(/|%2F)06(/|%2F)2025$"))
    ba_tri_url = page.url
    breadcrumb = page.get_by_role("navigation", name="Vị trí")
    expect(breadcrumb.get_by_role("link", name="Tỉnh Bến Tre")).to_be_visible()
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text("Huyện Ba Tri")
    expect(page.get_by_role("status")).to_have_count(0)
    expect_level(levels(page, LAST_DAY), HAMLETS, "128/129", "99,2 % · chưa có: 1 · 130 cán bộ")
    idle = page.get_by_role("region", name=re.compile("^Cán bộ chưa được phân công địa bàn"))
    expect(idle).to_contain_text("Cán bộ chưa được phân công địa bàn (3)")
    expect(idle.get_by_role("link", name=NEW_CADRE)).to_be_visible()
    inspect(page, "ba-tri")

    uncovered = uncovered_list(page)
    expect(uncovered).to_contain_text("5 đơn vị chưa có cán bộ theo dõi")
    expect(uncovered.get_by_role("listitem").filter(has_text="vùng sâu, vùng xa")).to_have_count(1)
    # The level filter swaps the list in through htmx: of Ba Tri's hamlets, only the remote one is uncovered.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true" and "cap=hamlet" in r.url):
        uncovered.get_by_label("Cấp", exact=True).select_option(label=HAMLETS)
    expect(uncovered).to_contain_text("1 đơn vị chưa có cán bộ theo dõi")
    hamlet = uncovered.get_by_role("listitem")
    expect(hamlet).to_have_count(1)
    expect(hamlet).to_contain_text("vùng sâu, vùng xa")
    expect(hamlet).to_contain_text("Ấp, thôn, bản, khu phố · Xã Mỹ Chánh")
    name = hamlet.get_by_role("link").first.inner_text().strip()
    assert name.startswith("Ấp ")
    inspect(page, "ba-tri-uncovered-hamlets")

    hamlet.get_by_role("link", name="Phân công " + name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phân công cán bộ theo dõi địa bàn")
    # The unit comes chosen from the dashboard, and the assignment starts on the date it was looking at.
    unit_group = page.get_by_role("group", name="Địa bàn")
    expect(unit_group).to_contain_text(name)
    expect(unit_group).to_contain_text("vùng sâu, vùng xa")
    expect(unit_group.get_by_label(UNIT_SEARCH)).to_have_count(0)
    expect(page.get_by_label("Từ ngày")).to_have_value(LAST_DAY)
    inspect(page, "form")

    pick(page, PERSON_SEARCH, "nguyen hoang phuc", "/can-bo/chon/")
    people = page.get_by_role("group", name="Cán bộ").get_by_role("radio")
    expect(people.first).to_be_visible()
    for label in people.evaluate_all("radios => radios.map(r => r.labels[0].textContent)"):
        assert NEW_CADRE in label
    cadre = page.get_by_role("radio", name=re.compile("^" + NEW_CADRE + r" .*Huyện ủy Ba Tri"))
    cadre.check()
    inspect(page, "form-cadre-found")

    page.get_by_role("button", name="Phân công", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Đã phân công {} theo dõi {}.".format(NEW_CADRE, name))
    expect(page.get_by_role("heading", level=1)).to_have_text("{} → {}".format(NEW_CADRE, name))
    expect(page).to_have_url(re.compile(r"/phan-cong/\d+/$"))
    expect(page.get_by_text("Huyện nắm tới ấp, khu phố", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("từ " + LAST_DAY)
    expect(page.locator("main")).not_to_contain_text("ngoài quy định")
    inspect(page, "assignment")

    page.goto(ba_tri_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Độ bao phủ địa bàn — Huyện Ba Tri")
    expect_level(levels(page, LAST_DAY), HAMLETS, "129/129", "100,0 % · chưa có: 0 · 131 cán bộ")
    uncovered = uncovered_list(page)
    expect(uncovered).to_contain_text("4 đơn vị chưa có cán bộ theo dõi")
    expect(uncovered.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(idle).to_contain_text("Cán bộ chưa được phân công địa bàn (2)")
    expect(idle.get_by_role("link", name=NEW_CADRE)).to_have_count(0)
    inspect(page, "ba-tri-after")


def expect_chart_drawn(page, canvas_id):
    """The chart's canvas takes room on the page and Chart.js has painted on it."""
    page.wait_for_function("id => window.Chart && Chart.getChart(id)", arg=canvas_id)
    box = page.locator("#" + canvas_id).bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, "{}: {}".format(canvas_id, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "{}: {}".format(canvas_id, box)
    painted = page.evaluate(
        """id => {
            const canvas = document.getElementById(id);
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) n++;
            return n;
        }""",
        canvas_id,
    )
    assert painted > 0, canvas_id + " is blank"


@pytest.mark.browser
def test_dashboard_at_phone_width_fits_and_draws_its_charts(demo, open_page, inspect):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "tochuc")
    page.get_by_role("button", name="Mở menu").tap()
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    open_coverage(page, tap=True)
    expect_level(levels(page, LAST_DAY), HAMLETS, "980/983")
    for canvas_id in ("coverage-chart", "load-chart"):
        expect_chart_drawn(page, canvas_id)
    assert_fits_width(page, PHONE["width"])
    inspect(page, "province")

    page.get_by_role("region", name="Theo đơn vị trực thuộc").get_by_role("link", name="Huyện Ba Tri").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Độ bao phủ địa bàn — Huyện Ba Tri")
    expect_level(levels(page, LAST_DAY), HAMLETS, "128/129")
    for canvas_id in ("coverage-chart", "load-chart"):
        expect_chart_drawn(page, canvas_id)
    assert_fits_width(page, PHONE["width"])
    inspect(page, "ba-tri")


@pytest.mark.browser
def test_coverage_on_1_january_2021_shows_the_articles_figures(demo, page, inspect):
    sign_in(page, "tochuc")
    open_coverage(page)
    page.get_by_label("Ngày", exact=True).fill(ARTICLES_DAY)
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"\?ngay=01%2F01%2F2021$"))
    expect(page.get_by_role("status")).to_have_count(0)
    province = levels(page, ARTICLES_DAY)
    expect_level(province, "Huyện, quận, thị xã", "9/9", "100,0 % · chưa có: 0")
    expect_level(province, "Xã, phường, thị trấn", "148/148", "100,0 % · chưa có: 0")
    expect_level(province, HAMLETS, "983/983", "100,0 % · chưa có: 0 · 679 cán bộ")
    expect_level(province, "Tổ nhân dân tự quản", "14.676/14.676", "100,0 % · chưa có: 0 · 6.038 cán bộ")
    expect(branch_cells(page, "Huyện Ba Tri")).to_have_text(["1/1", "22/22", "129/129", "1.910/1.910"])
    expect(uncovered_list(page).get_by_role("listitem")).to_have_text(["Mọi đơn vị đều có cán bộ theo dõi."])
    inspect(page, "province")


@pytest.mark.browser
def test_assignment_outside_the_policy_is_refused_until_a_reason_is_given(demo, page, inspect):
    sign_in(page, "tochuc")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phân công", exact=True).click()
    page.get_by_role("link", name="Phân công mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phân công cán bộ theo dõi địa bàn")
    # In 2024, before the merger: the unit search looks for units as they were on the assignment's first day.
    page.get_by_label("Từ ngày").fill("15/05/2024")
    pick(page, UNIT_SEARCH, "tiem tom", "/phan-cong/chon-dia-ban/")
    commune = page.get_by_role("radio", name=re.compile(r"^Thị trấn Tiệm Tôm .*Huyện Ba Tri"))
    commune.check()
    # Lê Minh Tâm (the demo cadre account) is a Ba Tri district cadre who follows a hamlet.
    pick(page, PERSON_SEARCH, "le minh tam", "/can-bo/chon/")
    page.get_by_role("radio", name=re.compile(r"^Lê Minh Tâm CB836-0001 ")).check()
    inspect(page, "form")

    page.get_by_role("button", name="Phân công", exact=True).click()
    reason = page.get_by_label(OVERRIDE)
    expect(reason).to_have_class(re.compile(r"\bis-invalid\b"))
    refusal = re.compile(
        r"Quy tắc «Tỉnh nắm tới xã» .*: xã, phường, thị trấn chỉ do cán bộ giữ chức vụ cấp tỉnh theo dõi\. "
        r"Lê Minh Tâm giữ chức vụ .*\(cấp huyện\) nên không được phân công theo dõi Thị trấn Tiệm Tôm"
    )
    expect(reason).to_have_accessible_description(refusal)
    # A summary at the top takes the focus, so on a phone the refusal is in view; each item links to its field.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=OVERRIDE)).to_be_visible()
    expect(summary).to_contain_text(refusal)
    # The choices survive the refusal.
    expect(page.get_by_role("group", name="Địa bàn")).to_contain_text("Thị trấn Tiệm Tôm")
    expect(page.get_by_role("group", name="Cán bộ")).to_contain_text("Lê Minh Tâm")
    expect(page.get_by_label("Từ ngày")).to_have_value("15/05/2024")
    inspect(page, "refused")

    why = "Hỗ trợ thị trấn khi cán bộ tỉnh theo dõi đã nghỉ hưu, chờ phân công cán bộ tỉnh"
    reason.fill(why)
    page.get_by_role("button", name="Phân công", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Đã phân công Lê Minh Tâm theo dõi Thị trấn Tiệm Tôm.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lê Minh Tâm → Thị trấn Tiệm Tôm")
    expect(page.get_by_text("ngoài quy định", exact=True)).to_be_visible()
    expect(page.locator("main dl")).to_contain_text("ngoài quy định: " + why)
    inspect(page, "assignment")
