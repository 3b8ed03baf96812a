"""A meeting or trip report says which guidance was conveyed: its author ticks the guidance sent to them by the
report's date, the publisher sees where it was conveyed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from diaban.core.dates import today
from diaban.guidance.models import GuidanceConveyed
from diaban.guidance.services.conveyed import conveyed_add
from diaban.guidance.services.guidance import guidance_publish
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.people.choices import Role
from diaban.visits.choices import PlanStatus
from diaban.visits.models import TripReport, VisitPlan, VisitTarget

D = datetime.date


@pytest.fixture
def reports(tree, accounts, cadres):
    """Nhung's report on the cell meeting of 05/03/2024 and her trip report of 12/03/2024; guidance of the
    province sent on 01/03/2024 (before both) and on 08/03/2024 (after the meeting, before the trip)."""
    meeting = Meeting.objects.create(organization=tree.cell_a, date=D(2024, 3, 5), planned_date=D(2024, 3, 5),
                                     status="held")  # fmt: skip
    attendance = Attendance.objects.create(meeting=meeting, person=cadres.nhung, source="cadre")
    meeting_report = MeetingReport.objects.create(attendance=attendance, due_date=D(2024, 3, 10))
    plan = VisitPlan.objects.create(title="Đi cơ sở xã Đức Hòa", owner=cadres.nhung, start_date=D(2024, 3, 12),
                                    end_date=D(2024, 3, 12), status=PlanStatus.APPROVED)  # fmt: skip
    VisitTarget.objects.create(plan=plan, unit=tree.communes_a[0])
    trip_report = TripReport.objects.create(plan=plan, start_date=D(2024, 3, 12), end_date=D(2024, 3, 12))
    publisher = accounts[Role.ORGANIZATION]
    early = guidance_publish(actor=publisher, unit=tree.province_a, title="Định hướng tháng 3", body="Nội dung",
                             convey_by=D(2024, 3, 31), on=D(2024, 3, 1))  # fmt: skip
    later = guidance_publish(actor=publisher, unit=tree.province_a, title="Thông tin bổ sung", body="Nội dung",
                             convey_by=D(2024, 3, 31), on=D(2024, 3, 8))  # fmt: skip
    return meeting_report, trip_report, early, later


def test_author_ticks_what_was_conveyed_at_the_meeting(client, accounts, cadres, reports):
    meeting_report, trip_report, early, later = reports
    url = reverse("conveyed_meeting_report", kwargs={"pk": meeting_report.pk})
    client.force_login(cadres.users["nhung"])
    page = client.get(url).content.decode()
    # Only what had been sent to her by the meeting's day is offered.
    assert "Định hướng tháng 3" in page and "Thông tin bổ sung" not in page
    # Reached from the guidance: her reports since it was sent, meetings and trips.
    detail = client.get(early.get_absolute_url()).content.decode()
    assert url in detail and reverse("conveyed_trip_report", kwargs={"pk": trip_report.pk}) in detail
    assert detail.index(reverse("conveyed_trip_report", kwargs={"pk": trip_report.pk})) < detail.index(url)
    response = client.post(url, {"guidance": [str(early.pk)]}, follow=True)
    assert "Đã ghi định hướng đã truyền đạt: thêm 1, bỏ 0." in response.content.decode()
    link = GuidanceConveyed.objects.get()
    assert (link.guidance, link.meeting_report, link.trip_report, link.person, link.conveyed_on) == (
        early,
        meeting_report,
        None,
        cadres.nhung,
        D(2024, 3, 5),
    )
    # The publisher sees where it was conveyed, and the report's readers what it conveyed (read-only).
    client.force_login(accounts[Role.ORGANIZATION])
    detail = client.get(early.get_absolute_url()).content.decode()
    assert "05/03/2024 · {}".format(cadres.nhung.full_name) in detail and "Chi bộ Ấp 1 Xã Đức Hòa A" in detail
    readonly = client.get(url).content.decode()
    assert "data-conveyed" in readonly and "Định hướng tháng 3" in readonly and 'type="checkbox"' not in readonly
    assert client.post(url, {"guidance": []}).status_code == 403
    assert GuidanceConveyed.objects.count() == 1
    # Unticking removes it.
    client.force_login(cadres.users["nhung"])
    client.post(url, {"guidance": []})
    assert not GuidanceConveyed.objects.exists()
    # Guidance sent after the meeting cannot have been conveyed there.
    with pytest.raises(ValidationError) as refused:
        conveyed_add(actor=cadres.users["nhung"], guidance=later, report=meeting_report)
    assert refused.value.message_dict["guidance"] == [
        "Định hướng «Thông tin bổ sung» gửi ngày 08/03/2024, sau ngày 05/03/2024 của báo cáo: chưa thể truyền đạt."
    ]


def test_trip_report_through_the_api_and_exactly_one_report(client, cadres, reports):
    meeting_report, trip_report, early, later = reports
    client.force_login(cadres.users["nhung"])
    url = reverse("api:guidance-conveyed-list")
    both = client.post(url, {"guidance": later.pk, "meeting_report": meeting_report.pk, "trip_report": trip_report.pk},
                       content_type="application/json")  # fmt: skip
    assert both.status_code == 400 and "Chọn đúng một báo cáo" in both.json()["non_field_errors"][0]
    made = client.post(url, {"guidance": later.pk, "trip_report": trip_report.pk}, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["trip_report"] == trip_report.pk and made.json()["meeting_report"] is None
    assert made.json()["conveyed_on"] == "2024-03-12"
    again = client.post(url, {"guidance": later.pk, "trip_report": trip_report.pk}, content_type="application/json")
    assert again.status_code == 400 and "Đã ghi định hướng «Thông tin bổ sung» trong báo cáo này." in str(again.json())
    page = client.get(reverse("conveyed_trip_report", kwargs={"pk": trip_report.pk})).content.decode()
    assert 'value="{}" id="g-{}" checked'.format(later.pk, later.pk) in page
    listed = client.get(url, {"guidance": later.pk}).json()["results"]
    assert [row["id"] for row in listed] == [made.json()["id"]]
    assert client.delete(reverse("api:guidance-conveyed-detail", kwargs={"pk": made.json()["id"]})).status_code == 204
    assert not GuidanceConveyed.objects.exists()
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceConveyed.objects.create(guidance=early, meeting_report=meeting_report, trip_report=trip_report,
                                        person=cadres.nhung, conveyed_on=D(2024, 3, 5))  # fmt: skip


def test_someone_else_cannot_record_in_my_report(client, cadres, reports):
    meeting_report, _trip, early, _later = reports
    client.force_login(cadres.users["an"])  # a recipient too, but not the report's author
    response = client.post(
        reverse("api:guidance-conveyed-list"), {"guidance": early.pk, "meeting_report": meeting_report.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert "Chỉ cán bộ lập báo cáo" in response.json()["detail"]


def test_home_leads_from_recent_reports_to_recording_what_was_conveyed(client, tree, cadres, reports):
    day = today() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(organization=tree.cell_a, date=day, planned_date=day, status="held")
    recent = MeetingReport.objects.create(
        attendance=Attendance.objects.create(meeting=meeting, person=cadres.nhung, source="cadre"), due_date=day
    )
    client.force_login(cadres.users["nhung"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("conveyed_meeting_report", kwargs={"pk": recent.pk}) in home
    # Reports older than the home page's window are reached from the guidance instead.
    assert reverse("conveyed_meeting_report", kwargs={"pk": reports[0].pk}) not in home
