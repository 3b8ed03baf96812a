"""The cell calendar, a meeting's page, the compliance dashboard and the CLI, as their users meet them."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from diaban.assignments.models import Assignment
from diaban.meetings.choices import Activity, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.choices import Role
from diaban.people.models import Person, Position, PositionTitle
from diaban.territory.models import PartyOrganization
from tests.assignments.test_query_counts import staff_people
from tests.territory.test_query_counts import build_province, count_queries

D = datetime.date


@pytest.fixture
def calendar_2024(tree):
    calendar_generate(
        organizations=PartyOrganization.objects.filter(pk=tree.cell_a.pk), start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    return list(Meeting.objects.filter(organization=tree.cell_a).order_by("date"))


def test_calendar_generated_from_the_meeting_day_once(client, tree, accounts, calendar_2024):
    assert [m.date for m in calendar_2024][:3] == [D(2024, 1, 5), D(2024, 2, 5), D(2024, 3, 5)]
    client.force_login(accounts[Role.GRASSROOTS])
    url = reverse("cell_calendar", kwargs={"pk": tree.cell_a.pk}) + "?nam=2024"
    response = client.post(url, follow=True)
    assert "Đã tạo 0 buổi" in response.content.decode()
    assert Meeting.objects.filter(organization=tree.cell_a).count() == 12
    page = client.get(url).content.decode()
    assert "05/12/2024" in page and "Dự kiến" in page


def test_secretary_marks_held_and_bad_figures_are_named(client, tree, accounts, calendar_2024):
    client.force_login(accounts[Role.GRASSROOTS])
    meeting = calendar_2024[2]
    url = reverse("meeting_edit", kwargs={"pk": meeting.pk})
    bad = client.post(url, {"date": "07/03/2024", "status": "held", "members_total": "21", "members_present": "25"})
    assert bad.status_code == 200
    assert "Số đảng viên dự (25) lớn hơn tổng số đảng viên (21)." in bad.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.date == D(2024, 3, 5)
    good = client.post(
        url,
        {"date": "07/03/2024", "status": "held", "members_total": "21", "members_present": "19", "members_excused": "2",
         "committee_met_before": "yes"},
    )  # fmt: skip
    assert good.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.date, meeting.planned_date) == (MeetingStatus.HELD, D(2024, 3, 7), D(2024, 3, 5))
    assert meeting.committee_met_before is True
    calendar = client.get(reverse("cell_calendar", kwargs={"pk": tree.cell_a.pk}) + "?nam=2024").content.decode()
    assert "dời từ 05/03/2024" in calendar and "19/21" in calendar


def test_cadre_may_not_keep_the_calendar_but_records_own_attendance(client, tree, accounts, calendar_2024):
    cadre = accounts[Role.CADRE]
    tree.person_a.user = cadre
    tree.person_a.save()
    client.force_login(cadre)
    meeting = calendar_2024[4]
    assert client.get(reverse("meeting_edit", kwargs={"pk": meeting.pk})).status_code == 403
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tôi đã dự buổi sinh hoạt này" in page
    client.post(meeting.get_absolute_url(), {"action": "attend"})
    attendance = Attendance.objects.get(meeting=meeting)
    assert attendance.person == tree.person_a and attendance.source == "cadre"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    again = client.post(meeting.get_absolute_url(), {"action": "attend"}, follow=True).content.decode()
    assert "Tôi đã dự buổi sinh hoạt này" not in again and Attendance.objects.filter(meeting=meeting).count() == 1


def test_thematic_meeting_needs_a_topic(client, tree, accounts):
    client.force_login(accounts[Role.GRASSROOTS])
    url = reverse("meeting_create", kwargs={"pk": tree.cell_a.pk})
    assert "Trường này là bắt buộc" in client.post(url, {"date": "20/05/2024", "topic": ""}).content.decode()
    client.post(url, {"date": "20/05/2024", "topic": "Phòng, chống hạn mặn mùa khô"})
    assert Meeting.objects.get(organization=tree.cell_a, kind="thematic").topic == "Phòng, chống hạn mặn mùa khô"


@pytest.fixture
def ruled(tree, calendar_2024):
    rule = AttendanceRule.objects.create(
        name="Đảng ủy viên dự sinh hoạt chi bộ ấp", unit=tree.province_a, activity=Activity.ASSIGNED, minimum=1,
        period=Period.QUARTER, document="Quy định thử nghiệm", valid_from=D(2020, 11, 1),
    )  # fmt: skip
    rule.titles.add(tree.position_a.title)
    for meeting in calendar_2024[:5]:  # Jan–May: quarters I and II met, III and IV not
        meeting.status = MeetingStatus.HELD
        meeting.save()
        Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cell")
    return rule


def test_compliance_page_and_cli_agree(client, tree, accounts, ruled):
    client.force_login(accounts[Role.LEADER])
    page = client.get(reverse("compliance_detail", kwargs={"pk": tree.province_a.pk}) + "?nam=2024").content.decode()
    assert "đã dự 5 / phải dự 4,0 lần" not in page  # 5 of 4: compliant, not in the behind list
    out = io.StringIO()
    call_command("compliance", "--unit", "83", "--year", "2024", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["assessed"], data["compliant"]) == (1, 1)
    assert data["people"][0]["rules"][0] == {"rule": ruled.pk, "attended": 5, "required": 4.0}
    assert "data-assessed>1<" in page and "data-compliant>1<" in page
    Attendance.objects.filter(meeting__date__gte=D(2024, 4, 1)).delete()
    page = client.get(reverse("compliance_detail", kwargs={"pk": tree.province_a.pk}) + "?nam=2024").content.decode()
    assert "đã dự 3 / phải dự 4,0 lần" in page and tree.person_a.full_name in page
    text = io.StringIO()
    call_command("compliance", "--unit", "83", "--year", "2024", stdout=text)
    assert "Tổng" in text.getvalue() and "0,0 %" in text.getvalue().replace("0,0%", "0,0 %")


def test_cli_names_a_bad_year_and_an_unknown_unit(tree):
    with pytest.raises(CommandError, match="Năm không hợp lệ"):
        call_command("compliance", "--unit", "83", "--year", "hai nghìn")
    with pytest.raises(CommandError, match="Không có đơn vị mã 99"):
        call_command("compliance", "--unit", "99", "--year", "2024")


def _attendance_world(province):
    """A rule over the province's district cadres, a year of meetings in every cell, attended by the cadres."""
    district = staff_people(province)
    title = PositionTitle.objects.get(name="Trưởng phòng")
    rule = AttendanceRule.objects.create(
        name="Trưởng phòng dự sinh hoạt {}".format(province.code), unit=province, activity=Activity.ASSIGNED,
        minimum=1, period=Period.QUARTER, document="thử", valid_from=D(2020, 1, 1),
    )  # fmt: skip
    rule.titles.add(title)
    cells = PartyOrganization.objects.filter(unit__path__startswith=province.path, kind="cell")
    cells.update(meeting_day=5)
    calendar_generate(organizations=cells, start=D(2024, 1, 1), end=D(2024, 12, 31))
    Meeting.objects.filter(organization__in=cells).update(status=MeetingStatus.HELD)
    firsts = {}
    for a in Assignment.objects.filter(unit__path__startswith=province.path, person__home_unit=district):
        firsts.setdefault(a.person_id, a.unit_id)
    meetings = Meeting.objects.filter(organization__unit_id__in=firsts.values(), date__month__in=[1, 4])
    by_unit = {}
    for m in meetings.values_list("pk", "organization__unit_id"):
        by_unit.setdefault(m[1], []).append(m[0])
    Attendance.objects.bulk_create(
        [Attendance(meeting_id=m, person_id=p, source="cell") for p, u in firsts.items() for m in by_unit.get(u, [])]
    )
    return district


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, django_user_model):
    from diaban.people.services import account_upsert

    small = build_province(100, "01")
    large = build_province(2_000, "02")
    districts = [_attendance_world(small), _attendance_world(large)]
    assert (
        Attendance.objects.filter(person__home_unit=districts[1]).count()
        > 5 * Attendance.objects.filter(person__home_unit=districts[0]).count()
    )
    account = account_upsert(
        username="ld", password="x-123456789", role=Role.ORGANIZATION, capture_units=[small, large]
    )
    client.force_login(account.user)
    cells = {
        p.pk: PartyOrganization.objects.filter(unit__path__startswith=p.path, kind="cell").first()
        for p in (small, large)
    }
    checks = {
        "compliance": lambda p: reverse("compliance_detail", kwargs={"pk": p.pk}) + "?nam=2024",
        "compliance district": lambda p: (
            reverse("compliance_detail", kwargs={"pk": districts[p.code == "02"].pk}) + "?nam=2024"
        ),
        "calendar": lambda p: reverse("cell_calendar", kwargs={"pk": cells[p.pk].pk}) + "?nam=2024",
        "meeting": lambda p: reverse("meeting_detail", kwargs={"pk": cells[p.pk].meetings.first().pk}),
        "rules": lambda p: reverse("attendance_rule_list"),
    }
    for name, make_url in checks.items():
        counts = [count_queries(client, make_url(p)) for p in (small, large)]
        assert counts[0] == counts[1] and counts[0] <= 20, (name, counts)
    # The cadre's home: one cadre of each world, with an account; the large world's cadre follows more and
    # attended more.
    homes = []
    for district in districts:
        person = Person.objects.filter(home_unit=district).order_by("id").first()
        user = account_upsert(username="cb-{}".format(person.pk), password="x-123456789", role=Role.CADRE).user
        person.user = user
        person.save()
        client.force_login(user)
        homes.append(count_queries(client, reverse("home")))
    assert homes[0] == homes[1] and homes[0] <= 30, homes
    report_rows = Person.objects.filter(home_unit=districts[1]).count()
    assert report_rows > 100
    assert Position.objects.filter(person__home_unit=districts[1]).count() == report_rows
