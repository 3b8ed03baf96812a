"""Loading the meetings of the demo: the rules, then the calendar and attendance once."""

import random

from diaban.assignments.models import Assignment
from diaban.core.dates import format_date, today
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.common import refresh_statistics
from diaban.demo.meetings.attendance import followers_of, record_attendances
from diaban.demo.meetings.cell_calendar import add_thematic, cells_of, shape_calendar
from diaban.demo.meetings.facts import BEFORE_REFORM, Span, after_reform
from diaban.demo.meetings.rules import load_rules
from diaban.meetings.models import Attendance, Meeting
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.reform import REFORM_DATE


def load_meetings(province: Unit, log) -> None:
    """Rules (always brought up to date), then Bến Tre's calendar and attendance before the reform, once: a
    second run changes nothing."""
    load_rules(province, log)
    refresh_statistics(Unit, PartyOrganization, Person, Assignment, Meeting, Attendance)
    cells = PartyOrganization.objects.filter(kind=OrganizationKind.CELL).filter(subtree_q("unit__path", province.path))
    _calendar_and_attendance(province, cells, BEFORE_REFORM, log)


def load_meetings_after_reform(province: Unit, log) -> None:
    """Today's Vĩnh Long from 01/07/2025: the calendar of the cells carried under its communes, held up to today
    and planned three months ahead, and the provincial and commune cadres' attendance; once."""
    refresh_statistics(Unit, PartyOrganization, Person, Assignment, Meeting, Attendance)
    cells = PartyOrganization.objects.filter(kind=OrganizationKind.CELL, valid_from=REFORM_DATE).filter(
        subtree_q("unit__path", province.path)
    )
    _calendar_and_attendance(province, cells, after_reform(today()), log)


def _calendar_and_attendance(province: Unit, cells, span: Span, log) -> None:
    attended = Attendance.objects.filter(
        meeting__organization__in=cells, meeting__date__gte=span.start, meeting__date__lte=span.end
    )
    if attended.exists():
        log("Lịch sinh hoạt chi bộ và cán bộ dự sinh hoạt mẫu từ {} đã có: giữ nguyên.".format(format_date(span.start)))
        return
    rng = random.Random(span.seed)
    calendar_generate(organizations=cells, start=span.start, end=span.end)
    calendar = cells_of(cells)
    people = followers_of(province, span)
    demo_paths = [path for path, _start, _end in people.get(DEMO_CADRE, {}).get("assignments", [])]
    protected = {cell["id"] for path in demo_paths for cell in calendar["under"].get(path, [])}
    counts = shape_calendar(calendar, protected, rng, span)
    thematic = add_thematic(calendar, rng, span)
    log(
        "Lịch sinh hoạt chi bộ {}–{}: {} buổi thường kỳ ({} đã họp, {} dời ngày, {} hoãn), {} buổi chuyên đề".format(
            format_date(span.start),
            format_date(span.end),
            counts["regular"],
            counts["held"],
            counts["moved"],
            counts["postponed"],
            thematic,
        )
    )
    total, attendees = record_attendances(calendar, people, rng, span)
    log("Cán bộ dự sinh hoạt chi bộ: {} lượt của {} cán bộ".format(total, attendees))
    refresh_statistics(Meeting, Attendance)  # for what reads them next in the same load
