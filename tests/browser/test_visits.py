"""At phone width: a specialist of the provincial Organization Committee drafts a visit plan, the head of her
department and the deputy head in charge of Ba Tri approve it on their phones, and she files the trip report."""

import re

import pytest

from diaban.demo.visits.facts import PRESENT_TITLES
from diaban.people.models import Person
from tests.browser.helpers import PHONE, assert_fits_width, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Nắm tình hình sinh hoạt chi bộ xã Tân Thủy"


def approve_from_home(page, inspect, step):
    """From the signed-in approver's home page, open the plan waiting for them and approve it."""
    page.goto("/")
    waiting = page.locator("[data-home-panel=visits] [data-visits=awaiting]")
    expect(waiting).to_contain_text(TITLE)
    assert_fits_width(page, PHONE["width"])
    inspect(page, step + "-home")
    waiting.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_role("button", name="Duyệt", exact=True)).to_have_count(0)
    assert_fits_width(page, PHONE["width"])
    inspect(page, step + "-approved")
    return page


@pytest.mark.browser
def test_plan_drafted_approved_in_two_steps_and_reported_on_phones(demo, open_page, inspect):
    specialist = open_page(viewport=PHONE)
    sign_in(specialist, "tochuc")
    specialist.locator("[data-home-panel=visits]").get_by_role("link", name="Lập kế hoạch").click()
    expect(specialist.get_by_role("heading", level=1)).to_have_text("Lập kế hoạch đi cơ sở")
    specialist.get_by_label("Tên đợt đi cơ sở").fill(TITLE)
    specialist.get_by_label("Từ ngày").fill("23/06/2025")
    specialist.get_by_label("Đến ngày").fill("24/06/2025")
    # Units are found by name without accents; the commune of Ba Tri, not its 2025 namesake.
    specialist.get_by_label("Tìm và chọn địa bàn").fill("tan thuy")
    choice = specialist.locator("#unit-results .form-check").filter(has_text="Huyện Ba Tri").first
    choice.locator("input").check()
    expect(specialist.locator("#chosen-units")).to_contain_text("Xã Tân Thủy")
    specialist.get_by_label("Loại (nội dung 1)").select_option(label="Nắm tình hình")
    specialist.get_by_label("Nội dung 1", exact=True).fill("Nắm tình hình sinh hoạt của các chi bộ ấp ven biển")
    specialist.get_by_role("button", name="Thêm nội dung").click()
    specialist.get_by_label("Loại (nội dung 2)").select_option(label="Kiểm tra việc thực hiện")
    specialist.get_by_label("Nội dung 2", exact=True).fill("Kiểm tra việc thực hiện Quy định 13 về dự sinh hoạt")
    specialist.get_by_label("Làm việc với").fill("Ban Thường vụ Đảng ủy xã Tân Thủy\nBí thư chi bộ ấp Giồng Lức")
    assert_fits_width(specialist, PHONE["width"])
    inspect(specialist, "plan-form")
    specialist.get_by_role("button", name="Lưu dự thảo").click()
    expect(specialist.get_by_role("heading", level=1)).to_have_text(TITLE)
    # Who approves is derived from her department and the leader in charge of Ba Tri, shown before submitting.
    head_name, leader_name = (Person.objects.get(user__username=u).full_name for u in ("truongphong", "phoban"))
    approvers = specialist.locator("[data-approvers]")
    expect(approvers.locator("[data-preview]")).to_contain_text(head_name)
    expect(approvers.locator("[data-preview]")).to_contain_text(leader_name)
    specialist.get_by_role("button", name="Trình duyệt").click()
    expect(approvers.locator("[data-step='1']")).to_contain_text("đang chờ duyệt")
    plan_url = specialist.url
    assert_fits_width(specialist, PHONE["width"])
    inspect(specialist, "plan-submitted")

    # Only the leader in charge may take the second step, and only after the department head.
    leader = open_page(viewport=PHONE)
    sign_in(leader, "phoban")
    expect(leader.locator("[data-home-panel=visits]")).not_to_contain_text(TITLE)
    head = open_page(viewport=PHONE)
    sign_in(head, "truongphong")
    approve_from_home(head, inspect, "department-head")
    expect(head.locator("[data-approvers] [data-step='2']")).to_contain_text("đang chờ duyệt")
    approve_from_home(leader, inspect, "leader")

    specialist.goto(plan_url)
    expect(specialist.locator("h1 + span [data-status]")).to_have_attribute("data-status", "approved")
    history = specialist.locator("section[aria-labelledby=history-h]")
    expect(history).to_contain_text("trưởng phòng duyệt", ignore_case=True)
    expect(history).to_contain_text(head_name)
    expect(history).to_contain_text("lãnh đạo phụ trách duyệt", ignore_case=True)
    expect(history).to_contain_text(leader_name)
    expect(specialist.locator("[data-plan-docx]")).to_be_visible()
    specialist.get_by_role("button", name="Lập báo cáo chuyến đi").click()
    expect(specialist.get_by_role("heading", level=1)).to_have_text("Báo cáo kết quả đi cơ sở")
    specialist.get_by_label("Tình hình chung").fill("Các chi bộ ấp sinh hoạt đều; hai chi bộ ven biển thiếu nơi họp.")
    specialist.get_by_label(re.compile("^Nắm tình hình \\(trọng tâm\\)")).fill("11/12 chi bộ sinh hoạt đúng kỳ.")
    specialist.get_by_label("Kiến nghị của cơ sở").fill("Hỗ trợ kinh phí sửa nhà văn hóa ấp Giồng Lức")
    # Saved as typed.
    expect(specialist.locator("#report-status")).to_contain_text("Đã lưu nháp lúc")
    assert_fits_width(specialist, PHONE["width"])
    inspect(specialist, "report-draft")
    specialist.get_by_role("button", name="Nộp báo cáo").click()
    expect(specialist.locator("[data-report-state]")).to_have_attribute("data-report-state", "submitted")
    expect(specialist.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)
    expect(specialist.get_by_label("Tình hình chung")).to_have_count(0)
    expect(specialist.locator("main")).to_contain_text("Hỗ trợ kinh phí sửa nhà văn hóa ấp Giồng Lức")
    assert_fits_width(specialist, PHONE["width"])
    inspect(specialist, "report-submitted")

    specialist.goto(plan_url)
    expect(specialist.locator("h1 + span [data-status]")).to_have_attribute("data-status", "done")
    inspect(specialist, "plan-done")


@pytest.mark.browser
def test_leader_merges_the_overlapping_demo_plans_and_reads_counts_and_field_time(demo, open_page, inspect):
    first, second = PRESENT_TITLES
    leader = open_page(viewport=PHONE)
    sign_in(leader, "phoban")
    leader.goto("/di-co-so/?xem=tat-ca")
    leader.get_by_label("Tìm theo tên đợt, địa bàn hoặc người chủ trì").fill("An Hiệp")
    leader.get_by_role("link", name=first).click()
    overlaps = leader.locator("[data-overlaps]")
    expect(overlaps).to_contain_text(second)
    assert_fits_width(leader, PHONE["width"])
    inspect(leader, "overlap")
    # One click: one trip with both owners' agenda, back to the department head since what is approved changed.
    overlaps.get_by_role("button", name="Gộp vào kế hoạch này").click()
    expect(leader.locator("[data-overlaps]")).to_have_count(0)
    agenda = leader.locator("section[aria-labelledby=agenda-h]")
    expect(agenda).to_contain_text("Nắm tình hình bố trí cán bộ, công chức của xã mới sau hợp nhất")
    expect(agenda).to_contain_text("Hướng dẫn quy trình kết nạp đảng viên")
    expect(leader.locator("[data-approvers] [data-step='1']")).to_contain_text("đang chờ duyệt")
    assert_fits_width(leader, PHONE["width"])
    inspect(leader, "merged")

    leader.goto("/di-co-so/")
    leader.get_by_role("link", name="Phối hợp, số lượt đến địa bàn").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Phối hợp đi cơ sở")
    leader.goto("/di-co-so/phoi-hop/?year=2025")
    expect(leader.locator("[data-visit-table]")).to_be_visible()
    expect(leader.locator("[data-never-visited-summary]")).to_contain_text("Chưa có đoàn nào đến trong năm")
    assert_fits_width(leader, PHONE["width"])
    inspect(leader, "visit-counts")

    leader.goto("/thoi-gian-co-so/")
    expect(leader.get_by_role("heading", level=1)).to_have_text("Thời gian đi cơ sở")
    leader.get_by_role("link", name="Ban Tổ chức Tỉnh ủy Bến Tre").first.click()
    # The demo's year of field work.
    leader.get_by_label("Từ ngày").fill("01/07/2024")
    leader.get_by_label("Đến ngày").fill("30/06/2025")
    leader.get_by_role("button", name="Xem khoảng này").click()
    expect(leader.locator("[data-period]")).to_contain_text("Từ 01/07/2024 đến 30/06/2025")
    expect(leader.locator("[data-target]")).to_contain_text("1/3")
    expect(leader.locator("canvas")).to_be_visible()
    expect(leader.locator("tbody [data-person]").first).to_be_visible()
    assert_fits_width(leader, PHONE["width"])
    inspect(leader, "field-time")
