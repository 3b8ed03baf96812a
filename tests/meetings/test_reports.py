"""The meeting report: drafted as typed, locked once submitted, reopened with a reason, with its history; the
reporting rate and timeliness it feeds."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from diaban.core.scoping import SYSTEM
from diaban.feedback.models import Recommendation
from diaban.meetings.choices import MeetingStatus, ReportStatus
from diaban.meetings.models import Attendance, Meeting, MeetingReport, QualityCriterion
from diaban.meetings.selectors.reporting import reporting_report
from diaban.people.choices import Role

D = datetime.date


@pytest.fixture
def attended(tree, accounts):
    """The province-A cadre account is the person who attended the cell's meeting of 05/03/2024."""
    tree.person_a.user = accounts[Role.CADRE]
    tree.person_a.save()
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=D(2024, 3, 5), planned_date=D(2024, 3, 5), status=MeetingStatus.HELD,
        members_total=21, members_present=18,
    )  # fmt: skip
    return Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cadre")


def _start(client, attended):
    response = client.post(reverse("meeting_report_start", kwargs={"pk": attended.meeting.pk}))
    assert response.status_code == 302
    return MeetingReport.objects.get(attendance=attended)


GOOD = {
    "members_present": "18",
    "members_total": "21",
    "committee_met_before": "yes",
    "content": "Kiểm điểm nghị quyết tháng 2; triển khai phòng, chống hạn mặn.",
    "overall": "good",
    "guidance": "Quán triệt Chỉ thị 05-CT/TW.",
    "recommendations_text": "Nạo vét kênh thủy lợi ấp trước mùa khô\n\n- Sửa cầu dân sinh bị sạt lở",
}


def test_draft_is_prefilled_saved_as_typed_and_submitted_once(client, accounts, attended, tree):
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    assert (report.members_present, report.members_total, report.due_date) == (18, 21, D(2024, 3, 10))
    url = report.get_absolute_url()
    criteria = list(QualityCriterion.objects.values_list("pk", flat=True)[:3])
    autosave = client.post(
        url, {**GOOD, "overall": "", "criteria": criteria}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="report-status"
    )
    assert "Đã lưu nháp lúc" in autosave.content.decode() and b"<html" not in autosave.content
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.content.startswith("Kiểm điểm")
    assert report.criteria_met.count() == 3
    missing = client.post(url, {**GOOD, "overall": "", "action": "submit"}).content.decode()
    assert "Cần chọn đánh giá chung" in missing
    client.post(url, {**GOOD, "criteria": criteria, "action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at is not None
    texts = sorted(Recommendation.objects.values_list("text", flat=True))
    assert texts == ["Nạo vét kênh thủy lợi ấp trước mùa khô", "Sửa cầu dân sinh bị sạt lở"]
    assert set(Recommendation.objects.values_list("unit", flat=True)) == {tree.cell_a.unit_id}
    # Locked: a later post changes nothing and says why.
    locked = client.post(url, {**GOOD, "content": "Sửa sau khi nộp"}, follow=True).content.decode()
    report.refresh_from_db()
    assert report.content.startswith("Kiểm điểm")
    assert "data-report-readonly" in locked


def test_reopen_needs_staff_and_a_reason_and_is_in_the_history(client, accounts, attended):
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    url = report.get_absolute_url()
    client.post(url, {**GOOD, "action": "submit"})
    first = MeetingReport.objects.get(pk=report.pk).first_submitted_at
    client.post(url, {"action": "reopen", "reason": "tự mở"})
    assert MeetingReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    client.force_login(accounts[Role.ORGANIZATION])
    assert "Mở lại báo cáo" in client.get(url).content.decode()
    empty = client.post(url, {"action": "reopen", "reason": ""}).content.decode()
    assert "Trường này là bắt buộc" in empty
    client.post(url, {"action": "reopen", "reason": "Ghi sai số đảng viên dự"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED
    client.force_login(accounts[Role.CADRE])
    client.post(url, {**GOOD, "members_present": "19", "action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.members_present == 19
    assert report.first_submitted_at == first  # timeliness keeps the first submission
    history = [(e.action, e.actor.username if e.actor else None, e.reason) for e in report.events.all()]
    assert ("reopened", Role.ORGANIZATION.value, "Ghi sai số đảng viên dự") in history
    assert [h[0] for h in history].count("submitted") == 2
    changed = next(e for e in report.events.filter(action="saved").order_by("-id"))
    assert changed.changes["members_present"] == [18, 19]
    assert Recommendation.objects.count() == 2  # resubmitting does not duplicate them


def test_only_the_author_writes_and_others_in_scope_read(client, accounts, attended):
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    client.force_login(accounts[Role.LEADER])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "data-report-readonly" in page
    client.post(report.get_absolute_url(), {**GOOD, "content": "của người khác"})
    report.refresh_from_db()
    assert report.content == ""


def test_attachment_type_and_scope(client, accounts, attended, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    url = report.get_absolute_url()
    bad = client.post(url, {"action": "attach", "file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True)
    assert "chỉ nhận ảnh" in bad.content.decode()
    client.post(url, {"action": "attach", "file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")})
    attachment = report.attachments.get()
    assert client.get(reverse("report_attachment", kwargs={"pk": attachment.pk})).status_code == 200


def test_reporting_rate_and_timeliness(tree, accounts, attended, settings):
    """Three meetings attended: one reported on time, one late, one not yet due; then one missing."""
    settings.DIABAN_REPORT_DUE_DAYS = 5
    person, cell = tree.person_a, tree.cell_a
    meetings = [attended.meeting] + [
        Meeting.objects.create(organization=cell, date=d, planned_date=d, status=MeetingStatus.HELD)
        for d in (D(2024, 4, 5), D(2024, 5, 5))
    ]
    atts = [attended] + [Attendance.objects.create(meeting=m, person=person, source="cell") for m in meetings[1:]]
    for att, submitted in ((atts[0], D(2024, 3, 9)), (atts[1], D(2024, 4, 20))):
        MeetingReport.objects.create(
            attendance=att, due_date=att.meeting.date + datetime.timedelta(days=5), status="submitted",
            first_submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9))),
        )  # fmt: skip
    early = reporting_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), SYSTEM, as_of=D(2024, 5, 7))
    row = early.people[0]
    assert (row.expected, row.received, row.on_time) == (2, 2, 1)  # the 05/05 report is not due yet
    later = reporting_report(tree.province_a, D(2024, 1, 1), D(2024, 12, 31), SYSTEM, as_of=D(2024, 6, 1))
    row = later.people[0]
    assert (row.expected, row.received, row.on_time) == (3, 2, 1)
    assert row.rate == pytest.approx(2 / 3) and row.on_time_rate == pytest.approx(1 / 3)
    branch = next(b for b in later.branches if b[0] == tree.district_a)
    assert (branch[2].expected, branch[2].received) == (3, 2)


def test_a_step_taken_by_the_system_reads_so_in_the_history(client, accounts, attended):
    """An event without a user (the daily job, or an account since deleted) once made the page fail."""
    client.force_login(accounts[Role.CADRE])
    report = _start(client, attended)
    report.events.update(actor=None)
    page = client.get(reverse("meeting_report", kwargs={"pk": report.pk}))
    assert page.status_code == 200 and "hệ thống" in page.content.decode()
