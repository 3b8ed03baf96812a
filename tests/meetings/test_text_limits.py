"""A meeting report's sections and the reason to reopen it have a maximum length: the API answers 400 naming the
section, the length and the limit, and keeps what was saved; the report page says the limits before sending."""

import datetime
import re

import pytest

from diaban.meetings.choices import MeetingStatus, ReportStatus
from diaban.meetings.models import Attendance, Meeting, MeetingReport
from diaban.people.choices import Role

LIST = "/api/meeting-reports/"
JSON = "application/json"


@pytest.fixture
def report(client, tree, accounts):
    """A draft report of the province-A cadre on the cell meeting of 05/03/2024, the cadre signed in."""
    tree.person_a.user = accounts[Role.CADRE]
    tree.person_a.save()
    day = datetime.date(2024, 3, 5)
    meeting = Meeting.objects.create(
        organization=tree.cell_a, date=day, planned_date=day, status=MeetingStatus.HELD, members_total=21,
        members_present=18,
    )  # fmt: skip
    attendance = Attendance.objects.create(meeting=meeting, person=tree.person_a, source="cadre")
    client.force_login(accounts[Role.CADRE])
    started = client.post(LIST, {"attendance": attendance.pk}, content_type=JSON)
    assert started.status_code == 201, started.content
    return MeetingReport.objects.get(pk=started.json()["id"])


def test_a_report_section_too_long_is_refused_by_the_api_and_the_draft_kept(client, report):
    url = "{}{}/".format(LIST, report.pk)
    saved = client.patch(url, {"content": "Kiểm điểm nghị quyết tháng 2."}, content_type=JSON)
    assert saved.status_code == 200, saved.content
    refused = client.patch(url, {"content": "a" * 20_001, "assessment": "Tốt"}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json() == {"content": ["Nội dung sinh hoạt dài 20.001 ký tự, tối đa 20.000."]}
    report.refresh_from_db()
    assert (report.content, report.assessment) == ("Kiểm điểm nghị quyết tháng 2.", "")
    # Each line of the recommendations becomes a recommendation on submission, so a line has a recommendation's limit.
    line = client.patch(url, {"recommendations_text": "Sửa cầu ấp 2\n" + "b" * 5001}, content_type=JSON)
    assert line.status_code == 400
    assert line.json() == {"recommendations_text": ["Kiến nghị dòng 2 dài 5.001 ký tự, tối đa 5.000."]}
    report.refresh_from_db()
    assert report.recommendations_text == ""


def test_the_report_page_tells_the_limits(client, report):
    page = client.get(report.get_absolute_url()).content.decode()
    content = re.search(r'<textarea[^>]*name="content"[^>]*>', page).group(0)
    assert 'maxlength="20000"' in content
    assert "tối đa 20.000 ký tự" in page


def test_a_reason_to_reopen_too_long_is_refused(client, tree, accounts, report):
    done = client.patch(
        "{}{}/".format(LIST, report.pk), {"content": "Sinh hoạt thường kỳ", "overall": "good"}, content_type=JSON
    )
    assert done.status_code == 200, done.content
    assert client.post("{}{}/submit/".format(LIST, report.pk)).status_code == 200
    client.force_login(accounts[Role.ORGANIZATION])
    refused = client.post("{}{}/reopen/".format(LIST, report.pk), {"reason": "c" * 1001}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json() == {"reason": ["Lý do mở lại dài 1.001 ký tự, tối đa 1.000."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
