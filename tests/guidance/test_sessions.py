"""Review sessions: due per period of the department's cadence, reminders to its head once per period, the
head and organization staff record them, and the minutes are searched without accents."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from diaban.core.dates import format_date, today
from diaban.guidance.models import ReviewSession
from diaban.guidance.selectors import sessions_due
from diaban.guidance.services.sessions import session_record
from diaban.people.choices import Role
from diaban.people.models import Department, Notification

D = datetime.date

MINUTES = (
    "Đồng chí Hà nêu kinh nghiệm nắm tình hình đảng viên đi làm ăn xa; thống nhất gặp gia đình trước buổi sinh hoạt."
)


def _record(department, head, date, period="quarter", minutes="Biên bản", on=None):
    return session_record(
        actor=head.user, department=department, date=date, period=period, minutes=minutes, attendees=[head],
        on=on or date,
    )  # fmt: skip


def _due(on):
    return {(d.department.name, d.label) for d in sessions_due(Department.objects.all(), on)}


def test_due_by_the_period_of_the_last_session(department):
    dep, head = department.department, department.head
    # Departments with people: the department, its section and the other department; the agency has none.
    assert _due(D(2025, 8, 1)) == {
        ("Phòng Tổ chức cơ sở đảng", "quý III/2025"),
        ("Tổ công tác đảng viên", "quý III/2025"),
        ("Phòng Tổ chức cán bộ", "quý III/2025"),
    }
    _record(dep, head, D(2025, 8, 10))
    assert ("Phòng Tổ chức cơ sở đảng", "quý III/2025") not in _due(D(2025, 9, 30))
    assert ("Phòng Tổ chức cơ sở đảng", "quý IV/2025") in _due(D(2025, 10, 1))
    # A monthly session makes the department monthly from then on; a half-yearly one, half-yearly.
    _record(dep, head, D(2025, 10, 6), period="month")
    assert ("Phòng Tổ chức cơ sở đảng", "tháng 10/2025") not in _due(D(2025, 10, 31))
    assert ("Phòng Tổ chức cơ sở đảng", "tháng 11/2025") in _due(D(2025, 11, 3))
    _record(dep, head, D(2025, 11, 20), period="half")
    assert not {d for d in _due(D(2025, 12, 31)) if d[0] == "Phòng Tổ chức cơ sở đảng"}
    assert ("Phòng Tổ chức cơ sở đảng", "6 tháng đầu năm 2026") in _due(D(2026, 1, 2))


def test_head_is_reminded_once_per_period(department):
    head_user = department.head.user
    out = io.StringIO()
    call_command("remind", "--date", "15/10/2025", stdout=out)  # two and a half months of the quarter to run
    assert not Notification.objects.filter(key__startswith="review-due-").exists()
    call_command("remind", "--date", "05/12/2025", stdout=out)
    notes = list(Notification.objects.filter(key__startswith="review-due-"))
    # The section and the other department have no head to remind.
    assert [(n.user, n.text) for n in notes] == [
        (head_user, "Phòng Tổ chức cơ sở đảng chưa có buổi rút kinh nghiệm quý IV/2025 (kỳ kết thúc ngày 31/12/2025).")
    ]
    assert notes[0].url == "{}?phong={}".format(reverse("review_session_create"), department.department.pk)
    call_command("remind", "--date", "20/12/2025", stdout=out)
    assert Notification.objects.filter(key__startswith="review-due-").count() == 1
    # Once the session is held, nothing more for that quarter; the next quarter is reminded again.
    _record(department.department, department.head, D(2025, 12, 22))
    call_command("remind", "--date", "23/12/2025", stdout=out)
    call_command("remind", "--date", "10/03/2026", stdout=out)
    keys = sorted(Notification.objects.filter(key__startswith="review-due-").values_list("key", flat=True))
    dep = department.department.pk
    assert keys == ["review-due-{}-2025-Q4".format(dep), "review-due-{}-2026-Q1".format(dep)]


def test_minutes_are_searched_without_accents(client, accounts, department):
    dep, head = department.department, department.head
    found = _record(dep, head, D(2025, 3, 28), minutes=MINUTES)
    _record(dep, head, D(2025, 6, 27), minutes="Bàn cách phối hợp với các ban của Huyện ủy khi đi cơ sở.")
    client.force_login(accounts[Role.ORGANIZATION])
    for text in ("dang vien di lam an xa", "ĐẢNG VIÊN ĐI LÀM ĂN XA", "gap gia dinh"):
        page = client.get(reverse("review_session_list"), {"q": text}).content.decode()
        assert 'data-session="{}"'.format(found.pk) in page and "1 buổi rút kinh nghiệm" in page, text
    assert (
        "Không tìm thấy biên bản nào." in client.get(reverse("review_session_list"), {"q": "ha tang"}).content.decode()
    )
    api = client.get(reverse("api:review-session-list"), {"q": "lam an xa"}).json()
    assert [row["id"] for row in api["results"]] == [found.pk]
    assert api["results"][0]["period_label"] == "quý I/2025"


def test_head_records_a_session_and_strangers_cannot_attend(client, accounts, department):
    dep, head = department.department, department.head
    client.force_login(head.user)  # a leader by role, but the department's head
    chooser = client.get(reverse("review_session_create")).content.decode()
    assert "?phong={}".format(dep.pk) in chooser and "?phong={}".format(department.other.pk) not in chooser
    url = "{}?phong={}".format(reverse("review_session_create"), dep.pk)
    form = client.get(url).content.decode()
    for person in (department.head, department.cv1, department.cv2, department.cv3):
        assert 'value="{}" id="att-{}" checked'.format(person.pk, person.pk) in form
    assert department.stranger.full_name not in form
    future = client.post(url, {"date": format_date(today() + datetime.timedelta(days=3)), "period": "quarter",
                               "attendees": [department.cv1.pk], "minutes": MINUTES})  # fmt: skip
    assert "chưa đến: ghi buổi rút kinh nghiệm sau khi họp" in future.content.decode()
    response = client.post(url, {"date": format_date(today()), "period": "quarter",
                                 "attendees": [department.cv1.pk, department.head.pk], "minutes": MINUTES,
                                 "lessons": "Nắm chắc đảng viên đi làm ăn xa."})  # fmt: skip
    session = ReviewSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert set(session.attendees.all()) == {department.cv1, department.head} and session.recorded_by == head.user
    with pytest.raises(ValidationError) as stranger:
        session_record(actor=head.user, department=dep, date=D(2025, 3, 1), minutes="x",
                       attendees=[department.stranger])  # fmt: skip
    assert stranger.value.message_dict["attendees"] == ["Đỗ Thị Mai không thuộc Phòng Tổ chức cơ sở đảng."]
    # A member who does not head it may read the session but not record one; organization staff may.
    client.force_login(department.cv1.user)
    assert client.get(session.get_absolute_url()).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(accounts[Role.ORGANIZATION])
    assert client.get(url).status_code == 200
    edited = client.post(reverse("review_session_edit", kwargs={"pk": session.pk}),
                         {"date": format_date(today()), "period": "quarter", "attendees": [department.cv2.pk],
                          "minutes": "Biên bản đã sửa"})  # fmt: skip
    assert edited.status_code == 302
    session.refresh_from_db()
    assert session.minutes == "Biên bản đã sửa" and list(session.attendees.all()) == [department.cv2]
