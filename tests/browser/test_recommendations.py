"""At phone width, the whole path of a recommendation: the demo cadre raises it in his report on the meeting of the
Khu phố 1 cell, organization staff route it (the suggested agency shown, another one chosen), the agriculture
department's account answers it, and the cadre and the cell's secretary see the answer on their home pages."""

import re

import pytest

from tests.browser.helpers import PHONE, assert_fits_width, let_the_draft_save, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEXT = "Đề nghị lắp bồn chứa nước ngọt cho các hộ nghèo khu phố 1 trước mùa khô năm sau"
ANSWER = "Sở đã đưa 12 hộ nghèo khu phố 1 vào danh sách hỗ trợ bồn chứa nước 2 m³, giao trước tháng 12."
AGENCY = "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long"


@pytest.mark.browser
def test_recommendation_raised_routed_answered_and_seen_on_phones(demo, open_page, inspect):
    # 1. The cadre raises it in his report on the Khu phố 1 cell's meeting.
    cadre = open_page(viewport=PHONE)
    sign_in(cadre, "canbo")
    overdue = cadre.locator("[data-home-panel=meetings] [data-reports=overdue] li")
    overdue.filter(has_text="khu phố 1").first.get_by_role("link").click()
    cadre.get_by_role("button", name="Báo cáo của tôi về buổi này").click()
    cadre.get_by_label("Nội dung sinh hoạt").fill("Triển khai phòng, chống hạn mặn mùa khô.")
    cadre.get_by_label("Đánh giá chung").select_option(label="Tốt")
    cadre.get_by_label("Kiến nghị của cơ sở").fill(TEXT)
    let_the_draft_save(cadre, cadre.get_by_label("Kiến nghị của cơ sở"))
    cadre.get_by_role("button", name="Nộp báo cáo").click()
    expect(cadre.get_by_role("alert")).to_have_text("Đã nộp báo cáo. Báo cáo đã được khóa.")
    cadre.locator("[data-report-readonly]").get_by_role("link", name=TEXT).click()
    expect(cadre.get_by_role("heading", level=1)).to_contain_text("Kiến nghị số")
    expect(cadre.locator("#recommendation-status")).to_contain_text("chờ phân loại")
    expect(cadre.locator("#history")).to_contain_text("Tiếp nhận")
    assert_fits_width(cadre, PHONE["width"])
    inspect(cadre, "raised")

    # 2. Organization staff find it among those waiting, see the suggestions, and choose the agency.
    staff = open_page(viewport=PHONE)
    sign_in(staff, "tochuc")
    staff.goto("/kien-nghi/?xem=cho-phan-loai")
    staff.get_by_label("Tìm trong nội dung, địa bàn").fill("bon chua nuoc ngot khu pho 1")
    staff.locator("#recommendation-table").get_by_role("link", name=TEXT).click()
    route = staff.locator("#route")
    expect(route.locator("#forward-topic option:checked")).to_contain_text("Nước sạch, thủy lợi, hạn mặn")
    # The nearest agency answering the topic for today's Xã Ba Tri is suggested; staff confirm or choose another.
    expect(route.locator("#forward-agency option:checked")).to_have_text(
        "Ủy ban nhân dân xã Ba Tri tỉnh Vĩnh Long — gợi ý"
    )
    expect(staff.locator("#raiser")).to_have_count(0)  # raised by the cell through its meeting: no person named
    assert_fits_width(staff, PHONE["width"])
    inspect(staff, "to-route")
    route.locator("#forward-agency").select_option(label=AGENCY)
    route.get_by_role("button", name="Chuyển", exact=True).click()
    expect(staff.get_by_role("alert")).to_contain_text("Đã chuyển " + AGENCY + "; hạn trả lời")
    expect(staff.locator("#agency")).to_have_text(AGENCY)
    expect(staff.locator("#deadline")).to_contain_text(re.compile(r"\d\d/\d\d/\d{4} \(10 ngày làm việc\)"))
    inspect(staff, "forwarded")

    # 3. The department's account finds it in its queue, acknowledges it and answers.
    agency = open_page(viewport=PHONE)
    sign_in(agency, "coquan")
    expect(agency.locator("[data-home-panel=recommendations]")).to_contain_text("Kiến nghị chờ cơ quan giải quyết")
    agency.goto("/kien-nghi/")
    expect(agency.get_by_role("heading", level=1)).to_have_text("Kiến nghị chuyển đến cơ quan")
    agency.get_by_label("Tìm trong nội dung, địa bàn").fill("bon chua nuoc ngot khu pho 1")
    agency.locator("#recommendation-table").get_by_role("link", name=TEXT).click()
    agency.get_by_role("button", name="Xác nhận đã nhận").click()
    expect(agency.locator("#recommendation-status")).to_contain_text("cơ quan đang giải quyết")
    agency.locator("#answer-text").fill(ANSWER)
    assert_fits_width(agency, PHONE["width"])
    inspect(agency, "agency-answers")
    agency.get_by_role("button", name="Gửi trả lời").click()
    expect(agency.locator("#answer")).to_contain_text(ANSWER)
    expect(agency.locator("#history")).to_contain_text("Cơ quan nhận")
    inspect(agency, "answered")

    # 4. The cadre sees the answer first on his home page, to tell the cell; the secretary sees it on hers.
    cadre.goto("/")
    mine = cadre.locator("#my-recommendations li").first
    expect(mine).to_contain_text(TEXT)
    expect(mine).to_contain_text("cần thông tin lại cho cơ sở")
    expect(mine).to_contain_text(ANSWER)
    assert_fits_width(cadre, PHONE["width"])
    inspect(cadre, "cadre-home")
    secretary = open_page(viewport=PHONE)
    sign_in(secretary, "coso")
    answers = secretary.locator("[data-home-panel=recommendations]")
    expect(answers).to_contain_text("Trả lời kiến nghị của cơ sở")
    expect(answers.locator("li").first).to_contain_text(ANSWER)
    assert_fits_width(secretary, PHONE["width"])
    inspect(secretary, "secretary-home")

    # 5. The trends of the demo year, as staff read them.
    staff.goto("/kien-nghi/thong-ke/?tu=01/07/2024&den=30/06/2025")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Bến Tre")  # the province of those dates
    assert_fits_width(staff, PHONE["width"])
    inspect(staff, "trends")
