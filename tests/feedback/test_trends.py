"""The trends of recommendations against a small case counted by hand: counts by topic, unit and month; open and
overdue by agency as of the end of the period; median lead times in working days over Tết; the oldest open ones;
the heat table — and the same figures on the page, in the Excel file, through the API and `diaban
recommendations-report --json`; agency accounts see their queue's figures only."""

import datetime
import io
import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from diaban.core.dates import today
from diaban.feedback.choices import AuthorityLevel, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Recommendation
from diaban.feedback.services import agency_work, recording, routing
from diaban.feedback.trends import NO_AGENCY, NO_TOPIC, NOT_FORWARDED, trends_report
from diaban.feedback.trends_data import trends_data
from diaban.people.choices import Role
from tests.feedback.test_services import HOLIDAYS

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 3, 31)
PERIOD = {"tu": "01/01/2025", "den": "31/03/2025"}


def independent_working_days(start, end):
    """Working days after `start` up to `end`, stepping one calendar day at a time over the holidays listed by
    hand (Tết 2025: 27–31/01)."""
    day, counted = start, 0
    while day < end:
        day += datetime.timedelta(days=1)
        if day.isoweekday() <= 5 and day not in HOLIDAYS:
            counted += 1
    return counted


def _make(unit, raised_on, topic=None, **fields):
    return Recommendation.objects.create(
        unit=unit, text="Kiến nghị {} ngày {}".format(unit.name, raised_on), source=RecommendationSource.DIRECT,
        raised_on=raised_on, topic=topic, **fields,
    )  # fmt: skip


@pytest.fixture
def case(tree, accounts, agencies, cadre_user):
    """Recommendations of district A (communes Đức Hòa A and An Phú A, two hamlets each), one of province B and
    one raised after the period. The period asked about is 01/01–31/03/2025."""
    a = agencies
    staff = accounts[Role.ORGANIZATION]
    c0, c1 = tree.communes_a
    h00, h01, h10, h11 = tree.hamlets_a
    ns = SimpleNamespace(staff=staff, district=tree.district_a, c0=c0, c1=c1)
    # r1: forwarded on Wednesday 22/01/2025, before Tết (27–31/01), answered on 05/02 after it, through the services.
    r1 = recording.recommendation_create(
        actor=cadre_user, unit=h00, text="Đề nghị cấp giấy chứng nhận quyền sử dụng đất", raised_on=D(2025, 1, 20)
    )
    routing.forward(actor=staff, recommendation=r1, agency=a.land_office, topic=a.land, on=D(2025, 1, 22))
    ns.r1 = agency_work.answer(actor=a.agency_user, recommendation=r1, text="Đã hướng dẫn hồ sơ.", on=D(2025, 2, 5))
    # r2: with the transport department since 04/02, deadline 10/03, never answered: overdue on 31/03.
    ns.r2 = _make(
        h01,
        D(2025, 2, 3),
        a.roads,
        status=S.ACKNOWLEDGED,
        level=AuthorityLevel.AGENCY,
        agency=a.transport,
        forwarded_on=D(2025, 2, 4),
        deadline=D(2025, 3, 10),
    )
    # r3: answered on 07/04, after the period: open on 31/03, not overdue (deadline 09/04).
    ns.r3 = _make(
        h10,
        D(2025, 3, 10),
        a.roads,
        status=S.ANSWERED,
        level=AuthorityLevel.AGENCY,
        agency=a.transport,
        forwarded_on=D(2025, 3, 12),
        deadline=D(2025, 4, 9),
        answered_on=D(2025, 4, 7),
        answer="Đã sửa",
    )
    # r4: raised at commune An Phú A itself, answered on the spot the same day.
    ns.r4 = _make(
        c1,
        D(2025, 2, 15),
        a.water,
        status=S.ANSWERED,
        level=AuthorityLevel.ON_THE_SPOT,
        answered_on=D(2025, 2, 15),
        answer="Đã giải thích tại chỗ",
    )
    # r5: never forwarded.
    ns.r5 = _make(h00, D(2025, 3, 5), a.land)
    # r6: raised in December 2024 (outside the period), answered on 14/02/2025 (inside it).
    ns.r6 = _make(
        h11,
        D(2024, 12, 15),
        a.land,
        status=S.CLOSED,
        level=AuthorityLevel.AGENCY,
        agency=a.land_office,
        forwarded_on=D(2024, 12, 16),
        deadline=D(2025, 1, 15),
        answered_on=D(2025, 2, 14),
        answer="Xong",
    )
    # r7: with the commune committee since 03/12/2024, overdue since 31/12/2024: the oldest open one.
    ns.r7 = _make(
        h00,
        D(2024, 12, 2),
        a.water,
        status=S.FORWARDED,
        level=AuthorityLevel.AGENCY,
        agency=a.commune_committee,
        forwarded_on=D(2024, 12, 3),
        deadline=D(2024, 12, 31),
    )
    # r11: recorded on the district itself, no topic yet.
    ns.r11 = _make(tree.district_a, D(2025, 3, 20))
    # r12: forwarded to the land department on 02/04, after the period: on 31/03 it was not forwarded yet.
    ns.r12 = _make(
        h11,
        D(2025, 3, 25),
        a.land,
        status=S.FORWARDED,
        level=AuthorityLevel.AGENCY,
        agency=a.land_office,
        forwarded_on=D(2025, 4, 2),
        deadline=D(2025, 4, 30),
    )
    # Must count nowhere: raised after the period; outside the staff's scope (province B).
    ns.after = _make(h00, D(2025, 4, 2), a.roads)
    ns.foreign = _make(
        tree.hamlets_b[0],
        D(2025, 2, 10),
        a.land,
        status=S.FORWARDED,
        level=AuthorityLevel.AGENCY,
        agency=a.foreign,
        forwarded_on=D(2025, 2, 10),
        deadline=D(2025, 3, 1),
    )
    ns.agencies = a
    return ns


def _figures(report) -> dict:
    return {
        "total": report.total,
        "topics": {t.topic_id: t.count for t in report.by_topic},
        "units": {("own" if u.own_level else u.unit.pk): u.count for u in report.by_unit},
        "months": [(m.label, m.count) for m in report.by_month],
        "agencies": {a.agency_id: (a.name, a.open, a.overdue) for a in report.agencies},
        "open": (report.open_total, report.overdue_total),
        "lead_agency": {r.key: (r.answered, r.median) for r in report.lead_by_agency},
        "lead_topic": {r.key: (r.answered, r.median) for r in report.lead_by_topic},
        "oldest": [(o.recommendation.pk, o.age, o.overdue, o.agency_name, o.deadline) for o in report.oldest],
    }


def test_figures_counted_by_hand(case):
    a = case.agencies
    report = trends_report(case.staff, case.district, START, END)
    figures = _figures(report)
    # Raised in the period: r1, r2, r3, r4, r5, r11, r12 — not r6, r7 (before), `after`, `foreign`.
    assert figures["total"] == 7
    assert figures["topics"] == {a.land.pk: 3, a.roads.pk: 2, a.water.pk: 1, None: 1}
    # Đức Hòa A: r1, r2, r5; An Phú A: r3, r4 (the commune itself), r12; the district itself: r11.
    assert figures["units"] == {"own": 1, case.c0.pk: 3, case.c1.pk: 3}
    assert [u.unit.name for u in report.by_unit] == ["Huyện Đông A", "Xã An Phú A", "Xã Đức Hòa A"]
    assert figures["months"] == [("01/2025", 1), ("02/2025", 2), ("03/2025", 4)]
    # Open on 31/03: r2, r3 (answered later) with transport; r7 with the commune; r5, r11, r12 not forwarded yet.
    assert figures["agencies"] == {
        a.transport.pk: (a.transport.name, 2, 1),
        a.commune_committee.pk: (a.commune_committee.name, 1, 1),
        None: (NOT_FORWARDED, 3, 0),
    }
    assert figures["open"] == (6, 2)
    assert report.agencies[-1].agency_id is None  # "chưa chuyển cơ quan" last
    # Answered in the period: r1 (5 working days: 23–24/01 and 03–05/02, Tết skipped), r6 (38), r4 (0, on the spot).
    assert independent_working_days(D(2025, 1, 22), D(2025, 2, 5)) == 5
    assert independent_working_days(D(2024, 12, 16), D(2025, 2, 14)) == 38
    assert figures["lead_agency"] == {a.land_office.pk: (2, 21.5), None: (1, 0)}
    assert report.lead_by_agency[-1].name == NO_AGENCY
    assert figures["lead_topic"] == {a.land.pk: (2, 21.5), a.water.pk: (1, 0)}
    assert (report.answered_total, report.median_lead, report.median_lead_display) == (3, 5, "5")
    assert report.lead_by_agency[0].median_display == "21,5"
    # The oldest open ones, raised first, with their age in working days up to 31/03.
    # r12's deadline (30/04) did not exist yet on 31/03.
    assert figures["oldest"] == [
        (case.r7.pk, independent_working_days(D(2024, 12, 2), END), True, a.commune_committee.name, D(2024, 12, 31)),
        (case.r2.pk, independent_working_days(D(2025, 2, 3), END), True, a.transport.name, D(2025, 3, 10)),
        (case.r5.pk, independent_working_days(D(2025, 3, 5), END), False, NOT_FORWARDED, None),
        (case.r3.pk, independent_working_days(D(2025, 3, 10), END), False, a.transport.name, D(2025, 4, 9)),
        (case.r11.pk, independent_working_days(D(2025, 3, 20), END), False, NOT_FORWARDED, None),
        (case.r12.pk, independent_working_days(D(2025, 3, 25), END), False, NOT_FORWARDED, None),
    ]
    assert figures["oldest"][1][1] == 40
    # Heat table: topics × (the district itself, An Phú A, Đức Hòa A).
    heat = {row.topic.topic_id: row.counts for row in report.heat}
    assert heat == {a.land.pk: [0, 1, 2], a.roads.pk: [0, 1, 1], a.water.pk: [0, 1, 0], None: [1, 0, 0]}
    assert {row.topic.name for row in report.heat if row.topic.topic_id is None} == {NO_TOPIC}


def test_a_past_period_reads_as_it_was(case):
    """On 28/02, r3 and r5 were not raised yet, r1 was answered, r2 open but not yet overdue (deadline 10/03)."""
    a = case.agencies
    report = trends_report(case.staff, case.district, D(2025, 2, 1), D(2025, 2, 28))
    assert {x.agency_id: (x.open, x.overdue) for x in report.agencies} == {
        a.transport.pk: (1, 0),  # r2
        a.commune_committee.pk: (1, 1),  # r7
    }
    assert report.total == 2  # r2, r4
    # r1 (05/02) and r6 (14/02) were answered in February; r4 (15/02) on the spot.
    assert report.answered_total == 3


def test_agency_accounts_see_the_figures_of_their_queue_only(case):
    a = case.agencies
    land = trends_report(a.agency_user, case.district, START, END)
    # The land department's queue: r1, r6 and r12 (forwarded to it on 02/04).
    assert (land.total, land.open_total, land.overdue_total) == (2, 1, 0)
    assert {x.agency_id: x.open for x in land.agencies} == {None: 1}
    assert {r.key: r.median for r in land.lead_by_agency} == {a.land_office.pk: 21.5}
    transport = trends_report(a.transport_user, case.district, START, END)
    assert (transport.total, transport.open_total, transport.overdue_total) == (2, 2, 1)
    assert transport.lead_by_agency == [] and transport.answered_total == 0
    assert [o.recommendation.pk for o in transport.oldest] == [case.r2.pk, case.r3.pk]


# ---------------------------------------------------------------------------------------------------------
# The page, the Excel file, the API and the command line show the same figures


def _row(html: str, key: str) -> dict:
    """The cells (data-col → text) of the table row or list item marked data-row=`key`."""
    found = re.search(r'data-row="{}"(.*?)</(?:tr|li)>'.format(re.escape(key)), html, re.S)
    assert found, key
    return {col: text.strip() for col, text in re.findall(r'data-col="([\w-]+)">([^<]*)<', found.group(1))}


def _page(client, user, unit, **params):
    client.force_login(user)
    response = client.get(reverse("recommendation_trends"), {"don-vi": unit.pk, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_figures(client, case):
    a = case.agencies
    html = _page(client, case.staff, case.district, **PERIOD)
    assert re.search(r"data-total>7<", html) and re.search(r"data-open-total>6<", html)
    assert re.search(r"data-overdue-total>2<", html) and re.search(r"data-median>5<", html)
    assert _row(html, "unit-own") == {"count": "1"}
    assert _row(html, "unit-{}".format(case.c0.pk)) == {"count": "3"}
    assert _row(html, "topic-{}".format(a.land.pk)) == {"count": "3"}
    assert _row(html, "topic-none") == {"count": "1"}
    assert _row(html, "agency-{}".format(a.transport.pk)) == {"open": "2", "overdue": "1"}
    assert _row(html, "agency-none") == {"open": "3", "overdue": "0"}
    assert _row(html, "lead-agency-{}".format(a.land_office.pk)) == {"answered": "2", "median": "21,5"}
    assert _row(html, "lead-topic-{}".format(a.water.pk)) == {"answered": "1", "median": "0"}
    assert _row(html, "oldest-{}".format(case.r2.pk)) == {"age": "40 ngày làm việc"}
    assert html.index('data-row="oldest-{}"'.format(case.r7.pk)) < html.index('data-row="oldest-{}"'.format(case.r2.pk))
    assert _row(html, "heat-{}".format(a.land.pk)) == {"own": "", str(case.c1.pk): "1", str(case.c0.pk): "2"}
    assert case.foreign.text not in html and "Thử B" not in html
    # The chart's data: months and topics.
    chart = json.loads(re.search(r'<script id="trends-data" type="application/json">(.*?)</script>', html).group(1))
    assert chart["months"] == {"labels": ["01/2025", "02/2025", "03/2025"], "counts": [1, 2, 4]}
    assert sum(chart["topics"]["counts"]) == 7
    assert reverse("recommendation_trends_excel") + "?don-vi={}".format(case.district.pk) in html


def test_unit_headers_drill_down_the_tree(client, case):
    html = _page(client, case.staff, case.district, **PERIOD)
    header = re.search(r'data-heat-unit="{}"><a href="([^"]+)"'.format(case.c0.pk), html).group(1)
    url = urlsplit(header.replace("&amp;", "&"))
    assert url.path == reverse("recommendation_trends")
    assert parse_qs(url.query) == {"don-vi": [str(case.c0.pk)], "tu": ["01/01/2025"], "den": ["31/03/2025"]}
    below = client.get(header.replace("&amp;", "&")).content.decode()
    # Đức Hòa A: r1, r5 in its first hamlet, r2 in its second; the breadcrumb leads back up.
    hamlets = case.c0.children.order_by("path")
    assert _row(below, "unit-{}".format(hamlets[0].pk)) == {"count": "2"}
    assert _row(below, "unit-{}".format(hamlets[1].pk)) == {"count": "1"}
    assert re.search(r"data-total>3<", below)
    assert "?don-vi={}&amp;".format(case.district.pk) in below


def test_the_default_unit_and_period(client, case):
    """Without parameters: the outermost unit of the user's scope, the twelve months to today."""
    client.force_login(case.staff)
    response = client.get(reverse("recommendation_trends"))
    assert response.context["unit"] == case.district.parent
    end = today()
    assert response.context["end"] == end
    start = response.context["start"]
    assert start.day == 1 and (end.year - start.year) * 12 + end.month - start.month == 11


def test_a_wrong_date_is_named_and_the_default_shown(client, case):
    html = _page(client, case.staff, case.district, tu="31/02/2025", den="31/03/2025")
    assert "Từ ngày: Ngày không hợp lệ: &#x27;31/02/2025&#x27;" in html
    client.force_login(case.staff)
    response = client.get(reverse("recommendation_trends_excel"), {"don-vi": case.district.pk, "tu": "x"})
    assert response.status_code == 400 and "Ngày không hợp lệ: 'x'" in response.content.decode()


def test_out_of_scope_units_are_absent(client, case, tree):
    client.force_login(case.staff)
    for name in ("recommendation_trends", "recommendation_trends_excel"):
        assert client.get(reverse(name), {"don-vi": tree.province_b.pk}).status_code == 404
    assert client.get(reverse("api:recommendation-trend-detail", args=[tree.province_b.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("recommendation_trends")).status_code == 302


def test_agency_page_shows_its_queue(client, case):
    a = case.agencies
    html = _page(client, a.transport_user, case.district, **PERIOD)
    assert re.search(r"data-total>2<", html) and re.search(r"data-overdue-total>1<", html)
    assert _row(html, "agency-{}".format(a.transport.pk)) == {"open": "2", "overdue": "1"}
    assert 'data-row="agency-{}"'.format(a.commune_committee.pk) not in html
    assert case.r7.text not in html


def _sheet(book, name) -> list[list]:
    return [list(row) for row in book[name].iter_rows(min_row=4, values_only=True)]


def test_the_excel_file_has_one_sheet_per_table(client, case):
    a = case.agencies
    client.force_login(case.staff)
    response = client.get(reverse("recommendation_trends_excel"), {"don-vi": case.district.pk, **PERIOD})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kien-nghi-831-2025-01-01-2025-03-31.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Theo lĩnh vực", "Theo đơn vị", "Theo tháng", "Tồn đọng theo cơ quan", "Thời gian trả lời theo cơ quan",
        "Thời gian trả lời theo lĩnh vực", "Tồn đọng lâu nhất", "Lĩnh vực × đơn vị",
    ]  # fmt: skip
    assert book["Theo lĩnh vực"]["A1"].value == "Kiến nghị theo lĩnh vực — Huyện Đông A"
    assert (
        book["Theo lĩnh vực"]["A2"].value == "Kiến nghị nêu từ 01/01/2025 đến 31/03/2025; tồn đọng tính đến 31/03/2025"
    )
    topics = {row[0]: row[1] for row in _sheet(book, "Theo lĩnh vực")}
    assert topics == {a.land.name: 3, a.roads.name: 2, a.water.name: 1, NO_TOPIC: 1, "Tổng": 7}
    assert _sheet(book, "Theo đơn vị") == [
        ["Tại Huyện Đông A", "831", 1], ["Xã An Phú A", "83102", 3], ["Xã Đức Hòa A", "83101", 3], ["Tổng", None, 7]
    ]  # fmt: skip
    months = _sheet(book, "Theo tháng")
    assert [(m.date() if hasattr(m, "date") else m, n) for m, n in months] == [
        (D(2025, 1, 1), 1), (D(2025, 2, 1), 2), (D(2025, 3, 1), 4), ("Tổng", 7)
    ]  # fmt: skip
    assert _sheet(book, "Tồn đọng theo cơ quan") == [
        [a.transport.name, 2, 1], [a.commune_committee.name, 1, 1], [NOT_FORWARDED, 3, 0], ["Tổng", 6, 2]
    ]  # fmt: skip
    assert _sheet(book, "Thời gian trả lời theo cơ quan") == [[a.land_office.name, 2, 21.5], [NO_AGENCY, 1, 0],
                                                              ["Tất cả", 3, 5]]  # fmt: skip
    oldest = _sheet(book, "Tồn đọng lâu nhất")
    assert [(row[0], row[7], row[8]) for row in oldest][:2] == [(case.r7.pk, 79, "Có"), (case.r2.pk, 40, "Có")]
    heat = _sheet(book, "Lĩnh vực × đơn vị")
    assert book["Lĩnh vực × đơn vị"]["B3"].value == "Tại Huyện Đông A"
    assert {row[0]: row[1:] for row in heat}[a.land.name] == [0, 1, 2, 3]
    assert heat[-1] == ["Tổng", 1, 3, 3, 7]


def test_the_api_and_the_command_line_give_the_page_figures(client, case):
    a = case.agencies
    client.force_login(case.staff)
    url = reverse("api:recommendation-trend-detail", args=[case.district.pk])
    data = client.get(url, PERIOD).json()
    assert data == json.loads(json.dumps(trends_data(trends_report(case.staff, case.district, START, END))))
    assert (data["from"], data["to"], data["total"], data["open_total"], data["overdue_total"]) == (
        "2025-01-01", "2025-03-31", 7, 6, 2,
    )  # fmt: skip
    assert {x["id"]: (x["open"], x["overdue"]) for x in data["by_agency"]} == {
        a.transport.pk: (2, 1), a.commune_committee.pk: (1, 1), None: (3, 0)
    }  # fmt: skip
    assert {x["id"]: x["median_days"] for x in data["lead_time_by_topic"]} == {a.land.pk: 21.5, a.water.pk: 0}
    assert [m["month"] for m in data["by_month"]] == ["2025-01", "2025-02", "2025-03"]
    assert data["oldest_open"][0]["age_days"] == 79
    bad = client.get(url, {"tu": "01/13/2025"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.json()["tu"][0]
    backwards = client.get(url, {"tu": "31/03/2025", "den": "01/01/2025"})
    assert backwards.json() == {"den": ["Ngày kết thúc 01/01/2025 trước ngày bắt đầu 31/03/2025."]}
    # The command line, as the system (whole scope): the same figures, province B out of the unit asked.
    out = io.StringIO()
    call_command("recommendations_report", unit="831", **{"from": "01/01/2025", "to": "31/03/2025"}, json=True,
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue()) == data
    # The agency's account through the API: its queue.
    client.force_login(a.transport_user)
    assert client.get(url, PERIOD).json()["total"] == 2


def test_the_command_line_prints_tables_and_names_bad_input(case):
    out = io.StringIO()
    call_command("recommendations_report", unit="831", **{"from": "01/01/2025", "to": "31/03/2025"}, stdout=out)
    text = out.getvalue()
    assert "Thống kê kiến nghị — Huyện Đông A (mã 831), nêu từ 01/01/2025 đến 31/03/2025" in text
    assert "Kiến nghị nêu trong kỳ: 7; đang mở ngày 31/03/2025: 6, trong đó quá hạn 2." in text
    assert re.search(r"{}\s+2\s+21,5".format(re.escape(case.agencies.land_office.name)), text)
    assert re.search(r"{}\s+3\s+0".format(NOT_FORWARDED), text)
    with pytest.raises(CommandError, match="Không có đơn vị mã 999."):
        call_command("recommendations_report", unit="999")
    with pytest.raises(CommandError, match=r"--from: Ngày không hợp lệ: '2025-13-01'"):
        call_command("recommendations_report", unit="831", **{"from": "2025-13-01"})
    with pytest.raises(CommandError, match="--to: ngày kết thúc 01/01/2025 trước ngày bắt đầu 31/03/2025."):
        call_command("recommendations_report", unit="831", **{"from": "31/03/2025", "to": "01/01/2025"})
