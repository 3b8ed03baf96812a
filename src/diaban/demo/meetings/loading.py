"""Loading the meetings of the demo: the rules, then the calendar and attendance once."""

import random

from diaban.assignments.models import Assignment
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.common import refresh_statistics
from diaban.demo.meetings.attendance import followers_of, record_attendances
from diaban.demo.meetings.cell_calendar import add_thematic, cells_of, shape_calendar
from diaban.demo.meetings.facts import END, SEED, START
from diaban.demo.meetings.rules import load_rules
from diaban.meetings.models import Attendance, Meeting
from diaban.meetings.services.schedule import calendar_generate
from diaban.people.models import Person
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit


def load_meetings(province: Unit, log) -> None:
    """Rules (always brought up to date), then the calendar and attendance once: a second run changes nothing."""
    load_rules(province, log)
    refresh_statistics(Unit, PartyOrganization, Person, Assignment, Meeting, Attendance)
    ben_tre_cells = PartyOrganization.objects.filter(kind=OrganizationKind.CELL).filter(
        subtree_q("unit__path", province.path)
    )
    attended = Attendance.objects.filter(
        meeting__organization__in=ben_tre_cells, meeting__date__gte=START, meeting__date__lte=END
    )
    if attended.exists():
        log("Lịch sinh hoạt chi bộ và cán bộ dự sinh hoạt mẫu đã có: giữ nguyên.")
        return
    rng = random.Random(SEED)
    calendar_generate(organizations=ben_tre_cells, start=START, end=END)
    cells = cells_of(ben_tre_cells)
    people = followers_of(province)
    demo_paths = [path for path, _start, _end in people.get(DEMO_CADRE, {}).get("assignments", [])]
    protected = {cell["id"] for path in demo_paths for cell in cells["under"].get(path, [])}
    counts = shape_calendar(cells, protected, rng)
    thematic = add_thematic(cells, rng)
    log(
        "Lịch sinh hoạt chi bộ {}–{}: {} buổi thường kỳ ({} đã họp, {} dời ngày, {} hoãn), {} buổi chuyên đề".format(
            START.strftime("%d/%m/%Y"),
            END.strftime("%d/%m/%Y"),
            counts["regular"],
            counts["held"],
            counts["moved"],
            counts["postponed"],
            thematic,
        )
    )
    total, attendees = record_attendances(cells, people, rng)
    log("Cán bộ dự sinh hoạt chi bộ: {} lượt của {} cán bộ tỉnh, huyện".format(total, attendees))
    refresh_statistics(Meeting, Attendance)  # for what reads them next in the same load
