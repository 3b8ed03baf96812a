"""On the demo, built for the tests' day (16/11/2026): every cadre works in today's Vĩnh Long. `canbo`, whose
district level ended, sits on Xã Ba Tri's party committee: his home page and his calendar feed show his hamlet's
next meetings after today, his quota this year is under Vĩnh Long's rule, and he has reports to file."""

import datetime
import re
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse
from icalendar import Calendar

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.scoping import SYSTEM
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, Meeting, report_due_date
from diaban.meetings.selectors.compliance import compliance_report, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.people.models import Person, Position
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE

VINH_LONG_RULE = "Đảng ủy viên xã, phường dự sinh hoạt chi bộ ở ấp, khu phố được phân công theo dõi"


def _canbo():
    return get_user_model().objects.get(username="canbo")


def _section(html: str, marker: str) -> str:
    """The list of the home page that carries `marker` (a data attribute)."""
    return html.split(marker, 1)[1].split("</ul>", 1)[0]


def _dates(text: str) -> list[datetime.date]:
    return [datetime.datetime.strptime(d, "%d/%m/%Y").date() for d in re.findall(r"\d\d/\d\d/\d{4}", text)]


def test_the_cadre_home_and_calendar_show_meetings_after_today(demo, client):
    client.force_login(_canbo())
    html = client.get(reverse("home")).content.decode()
    upcoming = _section(html, "data-upcoming")
    assert "Chi bộ khu phố 1" in upcoming
    assert _dates(upcoming) and all(d > today() for d in _dates(upcoming))
    # His quota this year, under Vĩnh Long's rule; reports of the meetings he attended lately still to file.
    assert "Thực hiện quy định dự sinh hoạt năm {}".format(today().year) in html
    assert VINH_LONG_RULE in _section(html, "data-rule-progress")
    pending = _section(html, 'data-reports="due"') + (
        _section(html, 'data-reports="overdue"') if 'data-reports="overdue"' in html else ""
    )
    assert any(today() - datetime.timedelta(days=45) <= d <= today() for d in _dates(pending)[::2]), pending

    token = _canbo().calendar_feed.token
    client.logout()
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))  # a phone subscribes without signing in
    assert response.status_code == 200
    days = [e.decoded("dtstart") for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert any(d > today() for d in days), days


def test_after_the_reform_cadres_attend_where_they_follow_and_nothing_is_held_after_today(demo):
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    attendances = Attendance.objects.filter(meeting__organization__unit__path__startswith=vinh_long.path)
    rows = list(attendances.values_list("person_id", "meeting__date", "meeting__organization__unit__path"))
    assert len(rows) > 2000
    assignments = defaultdict(list)
    for person_id, path, start, end in Assignment.objects.filter(person_id__in={r[0] for r in rows}).values_list(
        "person_id", "unit__path", "start_date", "end_date"
    ):
        assignments[person_id].append((path, start, end or datetime.date.max))
    for person_id, date, cell_path in rows:
        assert REFORM_DATE <= date <= today()
        assert any(cell_path.startswith(p) and s <= date <= e for p, s, e in assignments[person_id])
    assert all(at.date() <= today() for at in attendances.values_list("recorded_at", flat=True))
    ahead = Meeting.objects.filter(organization__unit__path__startswith=vinh_long.path, date__gt=today())
    assert ahead.exists() and not ahead.exclude(status__in=[MeetingStatus.PLANNED, MeetingStatus.POSTPONED]).exists()
    assert ahead.order_by("-date").first().date >= today() + datetime.timedelta(days=90)


def test_xa_ba_tri_assesses_its_party_committee_members_under_the_rule_in_force(demo):
    xa_ba_tri = Unit.objects.get(level__key="commune", code="29110", valid_from=REFORM_DATE)
    report = compliance_report(xa_ba_tri, *year_span(xa_ba_tri, today().year), SYSTEM)
    assert VINH_LONG_RULE in [r.name for r in report.rules]
    assert all(r.valid_from >= REFORM_DATE for r in report.rules)  # Bến Tre's ended with 2025
    canbo = Person.objects.get(user__username="canbo")
    rows = {row.person_id: row for row in report.people}
    assert canbo.pk in rows and rows[canbo.pk].home_unit == "Xã Ba Tri"
    # Those assessed are the commune's committee members and the provincial cadres following it; most keep up.
    assert report.assessed >= 10 and report.compliant / report.assessed > 0.5
    # 2025: the meetings attended in the five predecessors before 01/07/2025 count for the cadres of then.
    earlier = compliance_report(xa_ba_tri, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), SYSTEM)
    assert earlier.lineage_note and earlier.assessed >= report.assessed


def test_the_reporting_rate_of_today_s_province_counts_those_who_work_there_by_their_position(demo):
    """Cadres whose home unit is an old one (a district, a commune that merged) work in today's Vĩnh Long by the
    unit of their position: their reports of this year count for it, each in the branch the position is held in,
    as hand-counted here from the attendances and positions."""
    vinh_long = Unit.objects.get(level__key="province", code="86", valid_from=REFORM_DATE)
    start, end = datetime.date(today().year, 1, 1), datetime.date(today().year, 12, 31)
    report = reporting_report(vinh_long, start, end, SYSTEM)
    held = defaultdict(list)
    for person_id, path, p_start, p_end in Position.objects.filter(unit__path__startswith=vinh_long.path).values_list(
        "person_id", "unit__path", "start_date", "end_date"
    ):
        held[person_id].append((path, p_start, p_end or datetime.date.max))
    expected = received = 0
    attendances = Attendance.objects.filter(meeting__status=MeetingStatus.HELD, meeting__date__gte=start)
    for person_id, day, home, sent, due in attendances.values_list(
        "person_id", "meeting__date", "person__home_unit__path", "report__first_submitted_at", "meeting__date"
    ):
        here = [path for path, s, e in held[person_id] if s <= day <= e]
        if not (home.startswith(vinh_long.path) or here) or (sent is None and report_due_date(due) >= today()):
            continue
        expected += 1
        received += sent is not None
    assert report.total.expected == expected > 1000 and report.total.received == received
    assert 0.7 < report.total.rate < 1
    # Today's communes have their cadres' reports, not only the province's own.
    communes = [(unit, row.expected) for unit, own, row in report.branches if not own]
    assert sum(1 for _unit, count in communes if count) >= 40
