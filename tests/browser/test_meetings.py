"""At phone width, the demo cadre opens an overdue meeting from his home page, fills the report, submits it;
it is then locked; the leader's figures move."""

import re

import pytest

from tests.browser.helpers import PHONE, assert_fits_width, let_the_draft_save, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def received(page) -> int:
    """The leader's "reports received" figure on the compliance page."""
    text = page.get_by_text(re.compile(r"^đã nhận [\d.]+$")).first.inner_text()
    return int(text.split()[-1].replace(".", ""))


@pytest.mark.browser
def test_cadre_files_a_report_on_a_phone_and_the_leader_sees_it(demo, open_page, inspect):
    leader = open_page()
    sign_in(leader, "lanhdao")
    leader.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Dự sinh hoạt").click()
    # Today's province opens first (the one that ended on 30/06/2025 is still in the scope, after it).
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Tỉnh Vĩnh Long")
    leader.get_by_label("Năm").fill("2026")
    leader.get_by_role("button", name="Xem").click()
    expect(leader.locator("main")).to_contain_text("Từ 01/01/2026 đến 31/12/2026")
    before = received(leader)
    inspect(leader, "leader-before")

    cadre = open_page(viewport=PHONE)
    sign_in(cadre, "canbo")
    panel = cadre.locator("[data-home-panel=meetings]")
    expect(panel.get_by_role("heading", name="Sinh hoạt chi bộ của tôi")).to_be_visible()
    overdue = panel.locator("[data-reports=overdue] li")
    expect(overdue.first).to_contain_text("/2026")  # June 2025's were sent before the reform
    assert_fits_width(cadre, PHONE["width"])
    inspect(cadre, "home")

    overdue.first.get_by_role("link").click()
    expect(cadre.get_by_role("heading", level=1)).to_contain_text("Sinh hoạt")
    cadre.get_by_role("button", name="Báo cáo của tôi về buổi này").click()
    expect(cadre.get_by_role("heading", level=1)).to_have_text("Báo cáo dự sinh hoạt chi bộ")
    expect(cadre.locator("[data-report-status]")).to_have_text("Bản nháp")
    # Prefilled from the cell's record of the meeting.
    expect(cadre.get_by_label("Tổng số đảng viên của chi bộ")).not_to_have_value("")
    cadre.get_by_label("Nội dung sinh hoạt").fill("Kiểm điểm nghị quyết tháng 5; triển khai phòng, chống hạn mặn.")
    # Saved as typed: the status line says so without leaving the page.
    expect(cadre.locator("#report-status")).to_contain_text("Đã lưu nháp lúc")
    cadre.get_by_label("Chi ủy họp chuẩn bị nội dung trước khi sinh hoạt").check()
    cadre.get_by_label("Đánh giá chung").select_option(label="Tốt")
    cadre.get_by_label("Kiến nghị của cơ sở").fill("Đề nghị hỗ trợ bồn chứa nước ngọt cho hộ nghèo trước mùa khô")
    assert_fits_width(cadre, PHONE["width"])
    inspect(cadre, "report-draft")

    let_the_draft_save(cadre, cadre.get_by_label("Kiến nghị của cơ sở"))
    cadre.get_by_role("button", name="Nộp báo cáo").click()
    expect(cadre.get_by_role("alert")).to_have_text("Đã nộp báo cáo. Báo cáo đã được khóa.")
    expect(cadre.locator("[data-report-status]")).to_have_text("Đã nộp")
    # Locked: no form, the text stays as submitted, and the history says who submitted it.
    expect(cadre.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)
    expect(cadre.get_by_label("Nội dung sinh hoạt")).to_have_count(0)
    expect(cadre.locator("[data-report-readonly]")).to_contain_text("Đề nghị hỗ trợ bồn chứa nước ngọt")
    expect(cadre.locator("[data-report-history]")).to_contain_text("nộp báo cáo")
    assert_fits_width(cadre, PHONE["width"])
    inspect(cadre, "report-submitted")

    leader.reload()
    assert received(leader) == before + 1
    inspect(leader, "leader-after")
