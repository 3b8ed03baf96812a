"""The trends of recommendations of a new commune, or of today's province, over a period that spans 01/07/2025
include the recommendations recorded in the units it absorbed before that date, and say so on the page, in the
Excel file, through the API and the command line; the drill-down lists its children at the period's end. A period
on one side of the date reads the unit alone, as before."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from diaban.core.scoping import SYSTEM
from diaban.feedback.choices import AuthorityLevel, RecommendationSource
from diaban.feedback.choices import RecommendationStatus as S
from diaban.feedback.models import Agency, Recommendation, Topic
from diaban.feedback.trends import NOT_FORWARDED, trends_report
from diaban.feedback.trends_data import trends_data
from diaban.people.choices import Role
from diaban.people.services import account_upsert
from tests.territory.lineage_tree import LAST_OLD, REFORM, build_reform_province, build_reform_tree
from tests.territory.test_query_counts import count_queries

D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
PERIOD = {"tu": "01/01/2025", "den": "31/12/2025"}
NOTE = "Gồm số liệu trước 01/07/2025 của: Xã X, Xã Y, Xã Z (phần chuyển về)."


def _make(unit, raised_on, topic, **fields):
    return Recommendation.objects.create(
        unit=unit, text="Kiến nghị {} ngày {}".format(unit.name, raised_on), source=RecommendationSource.DIRECT,
        raised_on=raised_on, topic=topic, **fields,
    )  # fmt: skip


def _answered(agency, forwarded_on, answered_on):
    return {
        "status": S.ANSWERED, "level": AuthorityLevel.AGENCY, "agency": agency, "forwarded_on": forwarded_on,
        "deadline": forwarded_on + datetime.timedelta(days=28), "answered_on": answered_on, "answer": "Đã trả lời",
    }  # fmt: skip


@pytest.fixture
def case(db):
    """On the small reform tree (`lineage_tree`), seven recommendations raised in 2025 and one in 2024:

    a  old Ấp X1, 10/02/2025, land: forwarded 12/02, answered 20/02 (6 working days)
    b  old Ấp Y1 (not carried), 15/03/2025, roads: never forwarded, still open
    c  old Ấp Z1 (carried under Xã N), 23/06/2025, land: forwarded 24/06, answered 03/07 after the date (7 days)
    d  old Ấp Z2 (carried under Xã M), 10/04/2025, land: Xã M's, not Xã N's
    e  Xã X itself, 20/06/2025, water: still open, never forwarded
    f  new Ấp X1, 05/08/2025, water: answered on the spot the same day (0 days)
    g  Xã N itself, 15/09/2025, roads: forwarded 16/09, deadline 30/09, still open: overdue on 31/12
    h  old Ấp X1, 10/11/2024, roads: never forwarded, still open"""
    t = build_reform_tree()
    land, roads, water = (
        Topic.objects.get(name=name) for name in ("Đất đai", "Giao thông nông thôn", "Nước sạch, thủy lợi, hạn mặn")
    )
    t.land, t.roads, t.water = land, roads, water
    t.agency = Agency.objects.create(name="Sở Nông nghiệp và Môi trường tỉnh Mới", unit=t.province)
    t.a = _make(t.x1, D(2025, 2, 10), land, **_answered(t.agency, D(2025, 2, 12), D(2025, 2, 20)))
    t.b = _make(t.y1, D(2025, 3, 15), roads)
    t.c = _make(t.z1, D(2025, 6, 23), land, **_answered(t.agency, D(2025, 6, 24), D(2025, 7, 3)))
    t.d = _make(t.z2, D(2025, 4, 10), land)
    t.e = _make(t.x, D(2025, 6, 20), water)
    t.f = _make(
        t.new_x1, D(2025, 8, 5), water, status=S.ANSWERED, level=AuthorityLevel.ON_THE_SPOT,
        answered_on=D(2025, 8, 5), answer="Đã giải thích tại chỗ",
    )  # fmt: skip
    t.g = _make(
        t.n, D(2025, 9, 15), roads, status=S.FORWARDED, level=AuthorityLevel.AGENCY, agency=t.agency,
        forwarded_on=D(2025, 9, 16), deadline=D(2025, 9, 30),
    )  # fmt: skip
    t.h = _make(t.x1, D(2024, 11, 10), roads)
    return t


def _units(report) -> list:
    return [(u.unit.name, u.own_level, u.count) for u in report.by_unit]


def _months(report) -> dict:
    return {m.label: m.count for m in report.by_month if m.count}


def test_a_new_commune_over_2025_includes_what_its_predecessors_recorded(case):
    report = trends_report(SYSTEM, case.n, *YEAR)
    # Raised in 2025 in Xã N's lineage: a, b, c, e before the date, f, g after; not d (Xã M's), not h (2024).
    assert report.total == 6
    assert {t.name: t.count for t in report.by_topic} == {case.land.name: 2, case.roads.name: 2, case.water.name: 2}
    assert _months(report) == {"02/2025": 1, "03/2025": 1, "06/2025": 2, "08/2025": 1, "09/2025": 1}
    # The drill-down: Xã N's hamlets at the end of 2025. Ấp X1 holds the old Ấp X1's a and its own f; Ấp Z1 the
    # old one's c; b (Ấp Y1, not carried), e (Xã X itself) and g (Xã N itself) count on Xã N itself.
    assert _units(report) == [("Xã N", True, 3), ("Ấp X1", False, 2), ("Ấp Z1", False, 1)]
    assert [u.unit for u in report.by_unit[1:]] == [case.new_x1, case.new_z1]
    heat = {row.topic.name: row.counts for row in report.heat}
    assert heat == {case.land.name: [0, 1, 1], case.roads.name: [2, 0, 0], case.water.name: [1, 1, 0]}
    # Open on 31/12/2025: g with the agency (overdue); b, e and the 2024 h never forwarded.
    assert {a.name: (a.open, a.overdue) for a in report.agencies} == {
        case.agency.name: (1, 1),
        NOT_FORWARDED: (3, 0),
    }
    assert (report.open_total, report.overdue_total) == (4, 1)
    assert [o.recommendation for o in report.oldest] == [case.h, case.b, case.e, case.g]
    # Answered in 2025: a (6 working days), c (7, answered after the date), f (0, on the spot).
    assert (report.answered_total, report.median_lead) == (3, 6)
    assert {r.name: (r.answered, r.median) for r in report.lead_by_agency}[case.agency.name] == (2, 6.5)
    assert report.lineage_note == NOTE
    assert [(p["name"], p["partial"]) for p in trends_data(report)["predecessors"]] == [
        ("Xã X", False), ("Xã Y", False), ("Xã Z", True),
    ]  # fmt: skip


def test_a_child_of_the_drill_down_reads_its_own_lineage(case):
    hamlet = trends_report(SYSTEM, case.new_x1, *YEAR)
    assert (hamlet.total, _months(hamlet)) == (2, {"02/2025": 1, "08/2025": 1})  # a and f
    assert hamlet.open_total == 1  # h, raised in 2024 in the old Ấp X1
    assert hamlet.lineage_note == "Gồm số liệu trước 01/07/2025 của: Ấp X1."


def test_todays_province_over_2025_includes_the_old_province(case):
    report = trends_report(SYSTEM, case.province, *YEAR)
    assert report.total == 7
    # Its communes at the end of 2025: d went with Ấp Z2 to Xã M; Xã K took nothing recorded.
    assert _units(report) == [("Xã K", False, 0), ("Xã M", False, 1), ("Xã N", False, 6)]
    assert report.lineage_note == "Gồm số liệu trước 01/07/2025 của: Tỉnh Cũ."


def test_a_period_on_one_side_of_the_date_reads_the_unit_alone(case):
    after = trends_report(SYSTEM, case.n, REFORM, D(2025, 12, 31))
    assert (after.total, _units(after)) == (2, [("Xã N", True, 1), ("Ấp X1", False, 1), ("Ấp Z1", False, 0)])
    assert (after.open_total, after.overdue_total, after.answered_total) == (1, 1, 1)  # g open; f answered
    assert after.lineage_note == "" and trends_data(after)["predecessors"] == []
    before = trends_report(SYSTEM, case.x, D(2025, 1, 1), LAST_OLD)
    assert (before.total, _units(before)) == (2, [("Xã X", True, 1), ("Ấp X1", False, 1)])  # e; a
    assert (before.open_total, before.answered_total) == (2, 1)  # e, h open; a answered
    assert before.lineage_note == ""
    province = trends_report(SYSTEM, case.province, REFORM, D(2025, 12, 31))
    assert (province.total, province.lineage_note) == (2, "")


def test_page_excel_api_and_command_say_whose_figures_they_include(case, admin_client):
    html = admin_client.get(reverse("recommendation_trends"), {"don-vi": case.n.pk, **PERIOD}).content.decode()
    assert re.search(r"data-lineage-note>{}<".format(re.escape(NOTE)), html)
    assert re.search(r"data-total>6<", html) and re.search(r"data-open-total>4<", html)
    assert re.search(r'data-row="unit-{}"(.*?)data-col="count">2<'.format(case.new_x1.pk), html, re.S)
    after = admin_client.get(reverse("recommendation_trends"), {"don-vi": case.n.pk, "tu": "01/07/2025",
                                                                "den": "31/12/2025"}).content.decode()  # fmt: skip
    assert "data-lineage-note" not in after and re.search(r"data-total>2<", after)

    response = admin_client.get(reverse("recommendation_trends_excel"), {"don-vi": case.n.pk, **PERIOD})
    book = load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        assert sheet["A3"].value == NOTE, sheet.title
    assert [list(row) for row in book["Theo đơn vị"].iter_rows(min_row=5, values_only=True)][:3] == [
        ["Tại Xã N", "92001", 3], ["Ấp X1", None, 2], ["Ấp Z1", None, 1],
    ]  # fmt: skip

    api = admin_client.get(reverse("api:recommendation-trend-detail", args=[case.n.pk]), PERIOD).json()
    assert api["lineage_note"] == NOTE and [p["name"] for p in api["predecessors"]] == ["Xã X", "Xã Y", "Xã Z"]
    assert api == json.loads(json.dumps(trends_data(trends_report(SYSTEM, case.n, *YEAR))))

    out = io.StringIO()
    call_command("recommendations_report", unit="92001", **{"from": "01/01/2025", "to": "31/12/2025"}, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Thống kê kiến nghị — Xã N (mã 92001)") and lines[1] == NOTE
    out = io.StringIO()
    call_command("recommendations_report", unit="92001", **{"from": "01/01/2025", "to": "31/12/2025"}, json=True,
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue()) == api


def _reform_world(communes: int, hamlets: int, size: int, code: str) -> dict:
    """A reform province (`build_reform_province`) with `size` recommendations over 2025: those before 01/07 on
    the old hamlets, those after on today's, a third answered, a third with an agency, a third never forwarded."""
    t = build_reform_province(communes, hamlets, code)
    topics = list(Topic.objects.filter(is_active=True))
    agency = Agency.objects.create(name="Sở thử {}".format(code), unit=t.province)
    rows = []
    for i in range(size):
        raised = D(2025, 1, 1) + datetime.timedelta(days=(i * 7) % 360)
        units = t.old_hamlets if raised < REFORM else t.hamlets
        fields = {}
        if i % 3 == 0:
            fields = _answered(agency, raised, raised + datetime.timedelta(days=3 + i % 20))
        elif i % 3 == 1:
            fields = {"status": S.ACKNOWLEDGED, "level": AuthorityLevel.AGENCY, "agency": agency,
                      "forwarded_on": raised, "deadline": raised + datetime.timedelta(days=14)}  # fmt: skip
        rows.append(
            Recommendation(
                unit=units[(i * 37) % len(units)],
                text="Kiến nghị {} số {}".format(code, i),
                source=RecommendationSource.MEETING,
                raised_on=raised,
                topic=topics[i % len(topics)],
                **fields,
            )  # fmt: skip
        )
    Recommendation.objects.bulk_create(rows, batch_size=1000)
    return {"province": t.province, "commune": t.communes[0], "old_province": t.old_province}


@pytest.mark.django_db
def test_query_counts_across_the_reform_do_not_grow_with_the_data(client):
    small = _reform_world(6, 2, 4, "93")
    large = _reform_world(60, 10, 1_200, "94")
    staff = account_upsert(
        username="tc-ct", password="x-123456789", role=Role.ORGANIZATION,
        capture_units=[w[key] for w in (small, large) for key in ("old_province", "province")],
    ).user  # fmt: skip
    client.force_login(staff)
    pages = {
        "page, the province": lambda w: "{}?don-vi={}&tu={}&den={}".format(
            reverse("recommendation_trends"), w["province"].pk, PERIOD["tu"], PERIOD["den"]
        ),
        "page, a commune": lambda w: "{}?don-vi={}&tu={}&den={}".format(
            reverse("recommendation_trends"), w["commune"].pk, PERIOD["tu"], PERIOD["den"]
        ),
        "excel": lambda w: "{}?don-vi={}&tu={}&den={}".format(
            reverse("recommendation_trends_excel"), w["province"].pk, PERIOD["tu"], PERIOD["den"]
        ),
        "api": lambda w: "{}?tu={}&den={}".format(
            reverse("api:recommendation-trend-detail", args=[w["commune"].pk]), PERIOD["tu"], PERIOD["den"]
        ),
    }
    for name, make_url in pages.items():
        counts = [count_queries(client, make_url(world)) for world in (small, large)]
        assert counts[0] == counts[1] and counts[0] <= 15, (name, counts)
    html = client.get(pages["page, the province"](large)).content.decode()
    assert re.search(r"data-total>1\.200<", html) and "Gồm số liệu trước 01/07/2025 của: Tỉnh Cũ 94." in html
