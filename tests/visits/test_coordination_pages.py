"""The coordination page as owners, approvers and organization staff meet it: overlapping plans of different
people side by side with a way to merge them, and the visits each unit receives per month."""

import datetime
import re

import pytest
from django.urls import reverse

from diaban.core.dates import today
from diaban.people.choices import Role
from diaban.people.models import Person
from diaban.people.services import account_upsert
from diaban.territory.models import Unit
from diaban.visits.choices import PlanStatus
from diaban.visits.models import VisitPlan, VisitTarget
from diaban.visits.services.approval import plan_approve, plan_submit
from diaban.visits.services.plans import plan_create
from tests.conftest import PASSWORD
from tests.territory.test_query_counts import build_province, count_queries
from tests.visits.conftest import AGENDA

D = datetime.date
URL = reverse("visit_coordination")


def _approved(field, who, title, units, start, end):
    plan = plan_create(actor=field.users[who], title=title, start_date=start, end_date=end, units=units, agenda=AGENDA)
    plan = plan_submit(actor=field.users[who], plan=plan)
    plan_approve(actor=plan.department_approver.user, plan=plan)
    return plan_approve(actor=field.users["phoban"], plan=plan)


def _plan(owner, units, start, status=PlanStatus.APPROVED, title=None, days=1):
    """A plan written directly, for pages that only read plans."""
    plan = VisitPlan.objects.create(
        title=title or "Đi cơ sở {} {}".format(owner.full_name, start),
        owner=owner,
        department=owner.department,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        status=status,
    )
    VisitTarget.objects.bulk_create([VisitTarget(plan=plan, unit=u, order=i) for i, u in enumerate(units)])
    return plan


def _cell(page, unit, month) -> int:
    row = re.search(r'<tr data-unit="{}">(.*?)</tr>'.format(unit.pk), page, re.S).group(1)
    return int(re.search(r'data-month="{}">(\d+)<'.format(month), row).group(1))


def _section(page, marker) -> str:
    return re.search(r"{}>(.*?)</ul>".format(marker), page, re.S).group(1)


def test_overlapping_plans_shown_merged_and_the_visit_count_drops(client, field, tree):
    start = today() + datetime.timedelta(days=14)
    if (start + datetime.timedelta(days=3)).month != start.month:
        start = (start + datetime.timedelta(days=3)).replace(day=1)  # both trips in one month
    commune = tree.communes_a[0]
    mine = _approved(field, "chuyenvien", "Nắm tình hình xã Đức Hòa", [commune], start, start)
    theirs = _approved(
        field, "chuyenvien3", "Khảo sát cán bộ xã Đức Hòa", [commune, tree.communes_a[1]],
        start + datetime.timedelta(days=2), start + datetime.timedelta(days=3),
    )  # fmt: skip
    counts_url = "{}?year={}".format(URL, start.year)
    client.force_login(field.users["chuyenvien"])
    page = client.get(counts_url).content.decode()
    group = re.search(r'data-overlap-unit="{}"(.*?)</article>'.format(commune.pk), page, re.S).group(1)
    for plan, owner, department in (
        (mine, "Nguyễn Thị Thu Hà", "Phòng Tổ chức cơ sở đảng"),
        (theirs, "Võ Minh Khoa", "Phòng Tổ chức cán bộ"),
    ):
        assert 'href="{}"'.format(plan.get_absolute_url()) in group
        assert "{} · {}".format(owner, department) in group and "đã duyệt" in group
    assert "{}–{}".format(theirs.start_date.strftime("%d/%m/%Y"), theirs.end_date.strftime("%d/%m/%Y")) in group
    assert _cell(page, commune, start.month) == 2
    # Someone who neither owns nor approves either plan sees them but is offered no merge.
    client.force_login(field.users["chuyenvien2"])
    other_view = client.get(counts_url).content.decode()
    assert 'data-overlap-unit="{}"'.format(commune.pk) in other_view and "data-merge-form" not in other_view
    # The owner merges the other plan into theirs with the page's form.
    client.force_login(field.users["chuyenvien"])
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*data-merge-form>(.*?)</form>', group, re.S)
    assert form.group(1) == reverse("visit_plan_merge", kwargs={"pk": mine.pk})
    assert '<option value="{}">'.format(theirs.pk) in form.group(2)
    assert client.post(form.group(1), {"other": theirs.pk}).status_code == 302
    mine.refresh_from_db()
    plan_approve(actor=field.users["truongphong"], plan=mine)
    plan_approve(actor=field.users["phoban"], plan=mine)
    page = client.get(counts_url).content.decode()
    assert 'data-overlap-unit="{}"'.format(commune.pk) not in page
    assert "Không có kế hoạch nào trùng địa bàn và gần ngày nhau." in page
    assert _cell(page, commune, start.month) == 1
    assert 'href="{}"'.format(theirs.get_absolute_url()) not in _section(page, "data-trips")


def test_two_approved_trips_in_a_month_count_two(client, field, tree):
    """The count itself, whatever the calendar: two people's trips to one commune in May 2024."""
    commune = tree.communes_a[0]
    _approved(field, "chuyenvien", "Đợt 1", [commune], D(2024, 5, 6), D(2024, 5, 7))
    _approved(field, "chuyenvien3", "Đợt 2", [commune], D(2024, 5, 9), D(2024, 5, 9))
    client.force_login(field.users["truongban"])
    page = client.get(URL).content.decode()  # default year: the latest with visits
    assert 'id="visits-year" name="year" value="2024"' in page
    assert _cell(page, commune, 5) == 2 and _cell(page, commune, 6) == 0
    assert _cell(page, tree.communes_a[1], 5) == 0
    assert re.search(r"data-grand-total>2<", page)


def test_too_often_and_never_visited_remote_first(client, field, tree, settings):
    settings.DIABAN_VISITS_PER_MONTH_MAX = 2
    hamlets = tree.hamlets_a
    Unit.objects.filter(pk=hamlets[3].pk).update(is_remote=True)
    for owner, day in ((field.specialist, 3), (field.specialist2, 10), (field.specialist3, 17)):
        _plan(owner, [hamlets[0]], D(2024, 3, day))
    _plan(field.specialist, [hamlets[1]], D(2024, 8, 1))
    # Not counted: a draft, and a trip merged away.
    _plan(field.specialist2, [hamlets[2]], D(2024, 9, 1), status=PlanStatus.DRAFT)
    _plan(field.specialist3, [hamlets[2]], D(2024, 9, 1), status=PlanStatus.MERGED)
    client.force_login(field.users["truongphong"])
    page = client.get(URL, {"unit": tree.province_a.pk, "year": "2024"}).content.decode()
    too_often = _section(page, "data-too-often")
    assert 'data-unit="{}"'.format(hamlets[0].pk) in too_often and "tháng 3: 3 lượt" in too_often
    assert 'data-unit="{}"'.format(hamlets[1].pk) not in too_often
    never = re.findall(r'data-unit="(\d+)"', _section(page, "data-never-visited"))
    assert never == [str(hamlets[3].pk), str(hamlets[2].pk)]
    assert "vùng sâu, vùng xa" in _section(page, "data-never-visited").split("</li>")[0]
    # In the table too the remote hamlet comes first.
    assert re.findall(r'<tr data-unit="(\d+)"', page)[0] == str(hamlets[3].pk)
    assert _cell(page, hamlets[0], 3) == 3 and 'data-month="3">3<' in page and "table-danger" in page
    # Drilling down to a commune shows only its hamlets.
    commune = client.get(URL, {"unit": tree.communes_a[0].pk, "year": "2024"}).content.decode()
    assert re.findall(r'<tr data-unit="(\d+)"', commune) == [str(hamlets[0].pk), str(hamlets[1].pk)]
    bad = client.get(URL, {"unit": tree.province_a.pk, "year": "20x4"}).content.decode()
    assert "Năm không hợp lệ: “20x4”. Viết bốn chữ số, ví dụ 2025." in bad


def test_search_finds_trips_in_scope_and_never_outside(client, field, tree, accounts):
    inside = _plan(field.specialist, [tree.hamlets_a[0]], D(2024, 4, 8), title="Kiểm tra chi bộ Ấp 1")
    outsider = Person.objects.create(code="B-1", full_name="Lý Văn Tài", home_unit=tree.province_b)
    outside = _plan(outsider, [tree.hamlets_b[0]], D(2024, 4, 8), title="Kiểm tra chi bộ Ấp 1 tỉnh B")
    client.force_login(accounts[Role.LEADER])
    page = client.get(URL, {"q": "Kiểm tra chi bộ", "year": "2024"}).content.decode()
    assert 'href="{}"'.format(inside.get_absolute_url()) in page
    assert 'href="{}"'.format(outside.get_absolute_url()) not in page
    # The owner's name and the unit's are searched without accents.
    for q in ("thu ha", "ap 1 xa duc hoa"):
        found = client.get(URL, {"q": q, "year": "2024"}).content.decode()
        assert 'href="{}"'.format(inside.get_absolute_url()) in _section(found, "data-trips"), q
    nothing = client.get(URL, {"q": "Lý Văn Tài", "year": "2024"}).content.decode()
    assert "Không có chuyến đi nào." in nothing
    # Another province's unit is not there to count.
    assert client.get(URL, {"unit": tree.province_b.pk}).status_code == 404


def _world(total, code, start):
    """A province of `total` units and a cadre with an account; that cadre and one other per commune plan a
    trip to each of the first communes (2 in the small world, 20 in the large) close in time, so that each of
    those communes is an overlap group."""
    province = build_province(total, code)
    communes = list(Unit.objects.filter(path__startswith=province.path, level__key="commune").order_by("path"))
    me = Person.objects.create(code="CB-{}".format(code), full_name="Cán bộ {}".format(code), home_unit=province)
    me.user = account_upsert(
        username="cb-{}".format(code), password=PASSWORD, role=Role.ORGANIZATION, capture_units=[province]
    ).user
    me.save()
    groups = 2 if total < 500 else 20
    for i, commune in enumerate(communes[:groups]):
        other = Person.objects.create(
            code="CB-{}-{}".format(code, i), full_name="Người {}".format(i), home_unit=province
        )
        _plan(me, [commune], start)
        _plan(other, [commune], start + datetime.timedelta(days=1), status=PlanStatus.SUBMITTED)
    return me.user


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    start = today() + datetime.timedelta(days=3)
    worlds = [_world(100, "01", start), _world(2_000, "02", start)]
    counts, sizes = [], []
    for user in worlds:
        client.force_login(user)
        page = client.get(URL, {"year": start.year}).content.decode()
        sizes.append((page.count("data-overlap-unit="), page.count("data-merge-form")))
        counts.append(count_queries(client, "{}?year={}".format(URL, start.year)))
        counts.append(count_queries(client, "{}?year={}&q=can+bo".format(URL, start.year)))
    assert sizes == [(2, 4), (20, 40)]
    assert len(set(counts)) == 1 and counts[0] <= 15, counts
