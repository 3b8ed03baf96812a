"""Steps shared by the browser tests."""

from urllib.parse import urlparse

from diaban.demo import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}


def fill_login_form(page, username, password):
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_in(page, username, password=DEMO_PASSWORD):
    """Sign in through the form and wait for the home page."""
    page.goto("/dang-nhap/")
    fill_login_form(page, username, password)
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def assert_fits_width(page, width):
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, "{} tràn ngang: rộng {}px trên màn hình {}px".format(page.url, scroll_width, width)


def let_the_draft_save(page, field) -> None:
    """Leave `field` (which saves the draft at once; typing saves it a second later) and wait for those saves, as a
    user who sees "Đã lưu nháp" does before submitting."""
    field.press("Tab")
    page.wait_for_timeout(1_500)
    page.wait_for_load_state("networkidle")
