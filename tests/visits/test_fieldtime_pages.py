"""The field-time pages and command as their users meet them: the figures shown are the selector's, the chart
carries the months and the target, the period chooser names bad input, the cadre sees their own figure,
departments are found by name without accents, queries do not grow with the department, and
`diaban fieldtime --json` gives the same numbers."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from diaban.core.scoping import SYSTEM
from diaban.core.text import format_int, format_percent
from diaban.meetings.models import Attendance, Meeting
from diaban.people.choices import Role
from diaban.people.models import Department, Leave, Person
from diaban.people.services import account_upsert
from diaban.visits.fieldtime_data import field_time_data
from diaban.visits.fieldtime_selectors import department_field_time, field_time_for_people
from diaban.visits.models import FieldTimeRule, TripReport, VisitPlan
from tests.territory.test_query_counts import count_queries
from tests.visits.test_fieldtime import build_quarter

D = datetime.date
Q1 = "?tu=01/01/2025&den=31/03/2025"


@pytest.fixture
def clock(monkeypatch):
    """Today is fixed, so "this year" and "the latest year with data" do not move with the calendar."""

    def set_today(day):
        monkeypatch.setattr("diaban.visits.fieldtime_selectors.today", lambda: day)
        monkeypatch.setattr("diaban.visits.views.fieldtime.today", lambda: day)

    set_today(D(2026, 5, 15))
    return set_today


@pytest.fixture
def ruled(field, tree):
    build_quarter(field, tree)
    return FieldTimeRule.objects.create(
        name="Chuyên viên dành 1/3 thời gian đi cơ sở",
        department=field.agency,
        source="Quy chế 05-QC/BTCTU ngày 10/01/2021",
        valid_from=D(2021, 1, 1),
    )


def _page(client, department, query=""):
    response = client.get(reverse("field_time_detail", kwargs={"pk": department.pk}) + query)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page):
    """Per person code: (field days, working days, ratio, meets) as the table shows them."""
    pattern = re.compile(
        r'data-person="([^"]+)".*?data-field>([^<]*)<.*?data-working>([^<]*)<.*?data-ratio>([^<]*)<'
        r'.*?data-meets="([a-z]+)"',
        re.S,
    )
    return {m[0]: m[1:] for m in pattern.findall(page)}


def _chart(page):
    found = re.search(r'<script id="fieldtime-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_page_shows_the_selectors_figures_and_chart(client, field, ruled, clock):
    user = field.users["truongban"]
    client.force_login(user)
    page = _page(client, field.agency, Q1)
    result = department_field_time(field.agency, D(2025, 1, 1), D(2025, 3, 31), user)
    shown = _rows(page)
    assert list(shown) == [r.person.code for r in result.rows]  # same people, same (Vietnamese) order
    for row in result.rows:
        meets = {True: "yes", False: "no", None: "none"}[row.meets]
        ratio = format_percent(row.figure.ratio) if row.figure.ratio is not None else "—"
        assert shown[row.person.code] == (
            format_int(row.figure.field_days),
            format_int(row.figure.working_days),
            ratio,
            meets,
        ), row.person.full_name
    # The specialist's quarter (tests/visits/test_fieldtime.py): 11 of 53 days, below one third.
    assert shown["BTC-11"] == ("11", "53", "20,7 %", "no")
    total = result.total
    assert (
        "data-field-days>{}<".format(total.field_days) in page
        and "data-working-days>{}<".format(format_int(total.working_days)) in page
    )
    assert "data-ratio>{}<".format(format_percent(total.ratio)) in page
    assert "data-at-target>0 / 7<" in page
    # The chart: three months, the department's ratio each month, the target line at one third.
    chart = _chart(page)
    assert chart == json.loads(json.dumps(result.chart()))
    assert chart["labels"] == ["01/2025", "02/2025", "03/2025"] and chart["target"] == [33.3, 33.3, 33.3]
    assert chart["field_days"] == [m.field_days for m in total.months] == [5, 1, 8]
    # The rule, its source, and what is not counted.
    assert ruled.name in page and ruled.source in page and "1/3 thời gian làm việc ở cơ sở" in page
    assert "không được tính: 9 ngày" in page
    assert "Từ 01/01/2025 đến 31/03/2025" in page


def test_without_a_rule_the_page_says_so(client, field, tree, clock):
    build_quarter(field, tree)
    client.force_login(field.users["truongban"])
    page = _page(client, field.dept, Q1)
    assert "Chưa có quy định về thời gian đi cơ sở" in page and "data-at-target>—<" in page
    assert _chart(page)["target"] is None
    assert _rows(page)["BTC-11"] == ("11", "53", "20,7 %", "none")


def test_period_chooser_default_year_and_bad_input(client, field, ruled, clock):
    client.force_login(field.users["truongban"])
    # Nothing asked: the latest year with data (2025), not this year (2026) where nothing happened yet.
    assert "Từ 01/01/2025 đến 31/12/2025" in _page(client, field.agency)
    # This year: up to today.
    page = _page(client, field.agency, "?nam=2026")
    assert "Từ 01/01/2026 đến 15/05/2026" in page and "tính đến hôm nay" in page
    for query, message in (
        ("?tu=31/03/2025&den=01/01/2025", "Ngày kết thúc 01/01/2025 trước ngày bắt đầu 31/03/2025."),
        ("?tu=31/02/2025&den=31/03/2025", "Ngày không hợp lệ: &#x27;31/02/2025&#x27;"),
        ("?tu=01/01/2025", "Cần nhập cả ngày bắt đầu (Từ ngày) và ngày kết thúc (Đến ngày)."),
        ("?tu=01/01/2020&den=31/12/2025", "Khoảng thời gian dài quá 3 năm"),
        ("?nam=hai-nghin", "Năm không hợp lệ: “hai-nghin”"),
        ("?nam=2030", "Năm 2030 chưa bắt đầu"),
    ):
        page = _page(client, field.agency, query)
        assert message in page, query
        assert "Đang xem năm 2025." in page and "Từ 01/01/2025 đến 31/12/2025" in page, query


def test_the_cadre_sees_their_own_figure(client, field, tree, ruled, clock):
    clock(D(2025, 3, 31))
    client.force_login(field.users["chuyenvien"])
    listing = client.get(reverse("field_time")).content.decode()
    own = re.search(r"data-own-field-time>(.*?)</p>", listing, re.S).group(1)
    assert "01/01/2025–31/03/2025" in own and "11 ngày ở cơ sở / 53 ngày làm việc" in own
    assert "20,7 %" in own and "chỉ tiêu 1/3" in own and "chưa đạt" in own
    page = _page(client, field.dept)
    assert 'data-person="BTC-11" data-own' in page and page.count("data-own ") == 1 and "data-own-field-time" in page
    # An account of no cadre sees no such line.
    nobody = account_upsert(username="ld-khong-ca-nhan", password="x-123456789", role=Role.LEADER,
                            view_units=[tree.province_a]).user  # fmt: skip
    client.force_login(nobody)
    assert "data-own-field-time" not in client.get(reverse("field_time")).content.decode()


def test_departments_found_by_name_without_accents_within_scope(client, field, tree):
    Department.objects.create(name="Phòng Tổ chức cơ sở đảng", unit=tree.province_b)
    client.force_login(field.users["truongban"])
    page = client.get(reverse("field_time"), {"q": "to chuc co so"}).content.decode()
    assert 'href="{}"'.format(field.dept.get_absolute_url()) in page
    assert 'href="{}"'.format(field.dept2.get_absolute_url()) not in page
    assert "1 phòng, ban" in page  # province B's department of the same name is not listed
    everything = client.get(reverse("field_time")).content.decode()
    assert all('href="{}"'.format(d.get_absolute_url()) in everything for d in (field.agency, field.dept, field.dept2))
    outside = Department.objects.get(unit=tree.province_b)
    assert client.get(reverse("field_time_detail", kwargs={"pk": outside.pk})).status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Bounded queries


def _department_world(tree, size: int, tag: str) -> Department:
    """A department of `size` cadres, each with two trips done (one with a report), a trip as companion, two
    cell meetings attended and a leave in 2025; a rule on the department."""
    dept = Department.objects.create(name="Phòng thử {}".format(tag), unit=tree.province_a)
    FieldTimeRule.objects.create(name="1/3 {}".format(tag), department=dept, source="QC")
    people = []
    for i in range(size):
        person = Person(code="{}-{}".format(tag, i), full_name="Cán Bộ Số {} {}".format(tag, i),
                        home_unit=tree.province_a, department=dept)  # fmt: skip
        person.save()
        people.append(person)
    for i, person in enumerate(people):
        day = D(2025, 1 + i % 12, 6)
        first = VisitPlan.objects.create(title="Đi {}".format(i), owner=person, start_date=day, end_date=day,
                                         status="done")  # fmt: skip
        TripReport.objects.create(plan=first, start_date=day, end_date=day + datetime.timedelta(days=1))
        second = VisitPlan.objects.create(
            title="Đi lần hai {}".format(i), owner=person, start_date=day + datetime.timedelta(days=14),
            end_date=day + datetime.timedelta(days=15), status="done",
        )  # fmt: skip
        second.companions.add(people[(i + 1) % size])
        for offset in (2, 3):
            meeting_day = day + datetime.timedelta(days=offset)
            meeting = Meeting.objects.create(organization=tree.cell_a, kind="thematic", topic="Chuyên đề",
                                             date=meeting_day, planned_date=meeting_day, status="held")  # fmt: skip
            Attendance.objects.create(meeting=meeting, person=person, source="cell")
        Leave.objects.create(person=person, start_date=day + datetime.timedelta(days=20),
                             end_date=day + datetime.timedelta(days=22))  # fmt: skip
    user = account_upsert(username="cb-{}".format(tag), password="x-123456789", role=Role.CADRE,
                          view_units=[tree.province_a]).user  # fmt: skip
    people[0].user = user
    people[0].save()
    dept.test_user = user
    return dept


def test_query_counts_do_not_grow_with_the_department(client, tree, clock):
    small, large = _department_world(tree, 3, "nho"), _department_world(tree, 30, "lon")
    assert (
        Attendance.objects.filter(person__department=large).count()
        == 10 * Attendance.objects.filter(person__department=small).count()
    )
    counts = {}
    for dept in (small, large):
        client.force_login(dept.test_user)
        url = reverse("field_time_detail", kwargs={"pk": dept.pk})
        counts.setdefault("detail, a year", []).append(count_queries(client, url + "?nam=2025"))
        counts.setdefault("detail, default year", []).append(count_queries(client, url))
        counts.setdefault("detail, a range", []).append(count_queries(client, url + Q1))
        counts.setdefault("list", []).append(count_queries(client, reverse("field_time")))
    for name, (a, b) in counts.items():
        assert a == b and a <= 16, (name, counts)
    client.force_login(large.test_user)
    rows = _rows(_page(client, large, "?nam=2025"))
    assert len(rows) == 30 and sum(int(field) for field, *_rest in rows.values()) > 3 * 30


# ---------------------------------------------------------------------------------------------------------
# The command line


def test_cli_json_equals_the_selector(field, ruled):
    out = io.StringIO()
    call_command("fieldtime", "--department", str(field.agency.pk), "--from", "01/01/2025", "--to", "31/03/2025",
                 "--json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    expected = field_time_data(department_field_time(field.agency, D(2025, 1, 1), D(2025, 3, 31), SYSTEM))
    assert data == json.loads(json.dumps(expected))
    specialist = next(p for p in data["people"] if p["code"] == "BTC-11")
    assert (specialist["field_days"], specialist["working_days"], specialist["meets"]) == (11, 53, False)
    assert data["rule"]["source"] == ruled.source and (data["rule"]["numerator"], data["rule"]["denominator"]) == (1, 3)
    assert [m["field_days"] for m in data["months"]] == [5, 1, 8] and data["field_days"] == 14


def test_cli_finds_a_department_by_name_and_names_bad_input(field, ruled):
    out = io.StringIO()
    call_command("fieldtime", "--department", "phong to chuc co so dang", "--from", "01/01/2025",
                 "--to", "31/03/2025", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "Thời gian đi cơ sở — Phòng Tổ chức cơ sở đảng" in text and "Chỉ tiêu: 1/3" in text
    assert re.search(r"Nguyễn Thị Thu Hà\s+11\s+53\s+20,7 %\s+chưa đạt", text)
    with pytest.raises(CommandError, match="Không có phòng, ban tên 'Ban Kinh tế'"):
        call_command("fieldtime", "--department", "Ban Kinh tế")
    with pytest.raises(CommandError, match="Không có phòng, ban số hiệu 999999"):
        call_command("fieldtime", "--department", "999999")
    with pytest.raises(CommandError, match="Ngày không hợp lệ: '2025-13-01'"):
        call_command("fieldtime", "--department", str(field.dept.pk), "--from", "2025-13-01")
    Department.objects.create(name="Phòng Tổ chức cơ sở đảng", unit=field.agency.unit)
    with pytest.raises(CommandError, match="chỉ nhiều phòng, ban"):
        call_command("fieldtime", "--department", "Phòng Tổ chức cơ sở đảng")


def test_staff_record_leave_in_the_admin_and_the_working_days_drop(admin_client, field, tree):
    me = field.specialist
    before = field_time_for_people([me], D(2025, 2, 1), D(2025, 2, 28))[me.pk]
    response = admin_client.post(
        "/quan-tri/people/leave/add/",
        {"person": me.pk, "kind": "sick", "start_date": "10/02/2025", "end_date": "12/02/2025", "note": "Ốm"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = field_time_for_people([me], D(2025, 2, 1), D(2025, 2, 28))[me.pk]
    assert (before.working_days, after.working_days) == (20, 17)
    for path in ("/quan-tri/people/leave/", "/quan-tri/people/department/", "/quan-tri/people/leaderincharge/"):
        assert admin_client.get(path).status_code == 200, path
