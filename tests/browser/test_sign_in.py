"""Signing in: the Vietnamese form, a wrong password, and each demo account's home page."""

import re

import pytest

from tests.browser.helpers import fill_login_form, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

# Live-server tests flush the database; serialized_rollback brings back the unit levels the migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOMES = [
    # username, full name, role label, the units listed under "Phạm vi của tôi": today's first, then those that ended
    # (kept for their history)
    ("tochuc", "Nguyễn Thị Thu Hà", "Ban Tổ chức", ["Tỉnh Vĩnh Long", "Tỉnh Bến Tre"]),
    ("lanhdao", "Trần Văn Hùng", "Lãnh đạo", ["Tỉnh Vĩnh Long", "Tỉnh Bến Tre"]),
    # Ba Tri's accounts: today's units their scope was confirmed for, and old Ba Tri for its history.
    ("canbo", "Lê Minh Tâm", "Cán bộ theo dõi", ["Xã Ba Tri", "Huyện Ba Tri"]),
    ("coso", "Võ Thị Ngọc Lan", "Cơ sở", ["Khu phố 1", "Khu phố 1"]),
    ("coquan", "Phạm Quốc Bảo", "Cơ quan", ["Tỉnh Vĩnh Long", "Tỉnh Bến Tre"]),
    (
        "tochuchuyen",
        "Phan Thị Kim Ngân",
        "Ban Tổ chức",
        [
            "Xã Ba Tri",
            "Xã Mỹ Chánh Hòa",
            "Xã Bảo Thạnh",
            "Xã Tân Xuân",
            "Xã An Ngãi Trung",
            "Xã An Hiệp",
            "Xã Tân Thủy",
            "Huyện Ba Tri",
        ],
    ),
    # The administrator's tree starts at today's 34 provinces.
    ("admin", "Huỳnh Thanh Sơn", "Quản trị hệ thống", ["Thành phố Hà Nội", "Tỉnh Vĩnh Long"]),
]
PROVINCES_TODAY = 34


@pytest.mark.browser
def test_login_page_is_vietnamese_and_rejects_a_wrong_password(demo, page, inspect):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
    expect(page.get_by_label("Mật khẩu")).to_have_attribute("type", "password")
    expect(page.get_by_role("alert")).to_have_count(0)
    inspect(page, "form")

    fill_login_form(page, "tochuc", "sai-mat-khau")
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("tochuc")
    expect(page.get_by_label("Mật khẩu")).to_have_value("")
    inspect(page, "wrong-password")


@pytest.mark.browser
def test_each_demo_account_lands_on_its_home_page(demo, open_page, inspect):
    for username, full_name, role_label, scope_units in HOMES:
        page = open_page()
        sign_in(page, username)
        expect(page.get_by_role("heading", level=1), username).to_have_text("Xin chào, " + full_name)
        # The role comes first in the line under the greeting; the title and organization follow it.
        expect(page.locator("p.lead"), username).to_have_text(
            re.compile(r"^\s*" + re.escape(role_label) + r"(\s·|\s*$)")
        )
        scope = page.get_by_role("region", name="Phạm vi của tôi").get_by_role("listitem")
        expect(scope, username).to_have_count(PROVINCES_TODAY if username == "admin" else len(scope_units))
        expect(scope, username).to_contain_text(scope_units)
        inspect(page, "home-" + username)

        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_role("heading", level=1), username).to_have_text("Đăng nhập")
