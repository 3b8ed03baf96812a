"""The demo lives in today's two-tier Vĩnh Long, at phone width: the cadre whose district level ended sees his
commune's next meeting and his quota under the rules in force; organization staff see Vĩnh Long's coverage today;
a new commune's page lists the units it took the place of, with their history."""

import datetime

import pytest

from diaban.core.dates import format_date, today
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE
from tests.browser.helpers import PHONE, assert_fits_width, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it (a failure under CI=true)
    expect = None

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BA_TRI_PREDECESSORS = ["Thị trấn Ba Tri", "Xã An Bình Tây", "Xã Vĩnh Hòa", "Xã Vĩnh An", "Xã An Đức"]


def _day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.mark.browser
def test_the_present_at_phone_width(demo, open_page, inspect):
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    xa_ba_tri = Unit.objects.get(level__key="commune", code="29110", valid_from=REFORM_DATE)

    # The cadre: his next meetings are in Xã Ba Tri, after today; his quota is this year's, under Vĩnh Long's rule.
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "canbo")
    upcoming = page.locator("[data-upcoming] a")
    expect(upcoming.first).to_be_visible()
    dates = [_day(text.split(" · ")[0]) for text in upcoming.all_inner_texts()]
    assert dates and all(d >= today() for d in dates), dates
    assert any(d > today() for d in dates), dates
    expect(upcoming.first).to_contain_text("Chi bộ")
    expect(page.get_by_text("Thực hiện quy định dự sinh hoạt năm {}".format(today().year))).to_be_visible()
    expect(page.locator("[data-rule-progress]").first).to_contain_text("ấp, khu phố được phân công theo dõi")
    assert_fits_width(page, PHONE["width"])
    inspect(page, "cadre-home")

    # Organization staff: today's Vĩnh Long, its Bến Tre part covered down to the hamlets.
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "tochuc")
    page.goto("/bao-phu/{}/".format(vinh_long.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vĩnh Long")
    expect(page.locator("main")).to_contain_text(format_date(today()))
    expect(page.locator("main")).to_contain_text("Xã Ba Tri")
    assert_fits_width(page, PHONE["width"])
    inspect(page, "vinh-long-coverage")

    # A new commune's page: its codes, the five units it took the place of on 01/07/2025, their history.
    page.goto("/dia-ban/{}/".format(xa_ba_tri.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Ba Tri")
    history = page.locator("main")
    for name in BA_TRI_PREDECESSORS:
        expect(history).to_contain_text(name)
    expect(history).to_contain_text("01/07/2025")
    assert_fits_width(page, PHONE["width"])
    inspect(page, "new-commune")
