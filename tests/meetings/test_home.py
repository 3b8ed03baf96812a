"""The cadre's home: next meetings, reports due and overdue, progress against each rule; the calendar feed."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from diaban.core import dates
from diaban.feedback.models import Recommendation
from diaban.meetings.choices import Activity, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.people.choices import Role

D = datetime.date


@pytest.fixture
def cadre(tree, accounts):
    tree.person_a.user = accounts[Role.CADRE]
    tree.person_a.save()
    return accounts[Role.CADRE]


def _meeting(cell, day, status=MeetingStatus.PLANNED, **extra):
    return Meeting.objects.create(organization=cell, date=day, planned_date=day, status=status, **extra)


def test_home_lists_what_the_cadre_must_do(client, tree, cadre):
    today = dates.today()
    old = _meeting(tree.cell_a, today - datetime.timedelta(days=30), MeetingStatus.HELD)
    recent = _meeting(tree.cell_a, today - datetime.timedelta(days=1), MeetingStatus.HELD)
    nxt = _meeting(tree.cell_a, today + datetime.timedelta(days=6), topic="Chuyển đổi số ở cơ sở", kind="thematic")
    for meeting in (old, recent):
        Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cadre")
    rule = AttendanceRule.objects.create(
        name="Đảng ủy viên dự sinh hoạt chi bộ ấp được phân công", unit=tree.province_a, activity=Activity.ASSIGNED,
        minimum=4, period=Period.YEAR, document="thử", valid_from=D(2020, 1, 1),
    )  # fmt: skip
    rule.titles.add(tree.position_a.title)
    Recommendation.objects.create(
        unit=tree.hamlets_a[0], text="Làm lại đường đal liên ấp", source="meeting", raised_on=today,
        carried_by=tree.person_a,
    )  # fmt: skip
    client.force_login(cadre)
    page = client.get(reverse("home")).content.decode()
    assert "Báo cáo quá hạn (1)" in page and old.date.strftime("%d/%m/%Y") in page
    assert "Báo cáo đến hạn (1)" in page
    assert nxt.date.strftime("%d/%m/%Y") in page and "Chuyển đổi số ở cơ sở" in page
    assert 'data-rule-progress="{}"'.format(rule.pk) in page
    assert "Làm lại đường đal liên ấp" in page
    assert "/lich/" in page and "sinh-hoat.ics" in page


def test_calendar_feed_parses_and_can_be_revoked(client, tree, cadre):
    today = dates.today()
    planned = _meeting(tree.cell_a, today + datetime.timedelta(days=10))
    postponed = _meeting(tree.cell_a, today + datetime.timedelta(days=40), MeetingStatus.POSTPONED)
    client.force_login(cadre)
    client.get(reverse("home"))
    feed = cadre.calendar_feed
    url = reverse("calendar_feed", kwargs={"token": feed.token})
    client.logout()
    response = client.get(url)  # a phone's calendar subscribes without signing in
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    mine = events["meeting-{}@testserver".format(planned.pk)]
    assert mine.decoded("dtstart") == planned.date and tree.cell_a.name in str(mine["summary"])
    assert str(events["meeting-{}@testserver".format(postponed.pk)]["status"]) == "CANCELLED"
    client.force_login(cadre)
    client.post(reverse("calendar_feed_revoke"))
    client.logout()
    assert client.get(url).status_code == 404
    cadre.calendar_feed.refresh_from_db()
    assert client.get(reverse("calendar_feed", kwargs={"token": cadre.calendar_feed.token})).status_code == 200


def test_remind_is_idempotent_and_mails(client, tree, cadre, mailoutbox):
    import io

    from django.core.management import call_command

    from diaban.people.models import Notification

    cadre.email = "can.bo@example.vn"
    cadre.save()
    soon = _meeting(tree.cell_a, D(2024, 6, 12))
    late = _meeting(tree.cell_a, D(2024, 5, 5), MeetingStatus.HELD)
    due = _meeting(tree.cell_a, D(2024, 6, 7), MeetingStatus.HELD)
    Attendance.objects.create(meeting=late, person=tree.person_a, source="cell")
    Attendance.objects.create(meeting=due, person=tree.person_a, source="cadre")
    out = io.StringIO()
    call_command("remind", "--date", "10/06/2024", stdout=out)
    assert "Đã tạo 3 thông báo mới, gửi 3 thư" in out.getvalue()
    keys = set(Notification.objects.filter(user=cadre).values_list("key", flat=True))
    assert keys == {"meeting-{}".format(soon.pk), "report-overdue-{}".format(late.attendances.get().pk),
                    "report-due-{}".format(due.attendances.get().pk)}  # fmt: skip
    assert len(mailoutbox) == 3 and mailoutbox[0].to == ["can.bo@example.vn"]
    call_command("remind", "--date", "10/06/2024", stdout=io.StringIO())
    assert Notification.objects.count() == 3 and len(mailoutbox) == 3
    client.force_login(cadre)
    assert "Quá hạn báo cáo dự sinh hoạt" in client.get(reverse("home")).content.decode()


def test_cell_secretary_finds_the_calendar_from_home(client, tree, accounts):
    planned = _meeting(tree.cell_a, dates.today() + datetime.timedelta(days=3))
    client.force_login(accounts[Role.GRASSROOTS])
    page = client.get(reverse("home")).content.decode()
    assert reverse("cell_calendar", kwargs={"pk": tree.cell_a.pk}) in page
    assert "buổi tới " + planned.date.strftime("%d/%m/%Y") in page
    assert tree.cell_b.name not in page
