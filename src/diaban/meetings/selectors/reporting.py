"""Reporting rate and timeliness of meeting reports (DHIS2's definitions), by cadre, branch and month, and as
plain data. Over a period that spans a reorganization, the reports of the cadres working in the units the root
took the place of count for the meetings before that date (`territory.lineage.unit_lineage`)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.core.text import vietnamese_sort_key
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.models import Attendance, report_due_date
from diaban.people.models import Person, Position
from diaban.territory.lineage import LineageBranches, LineagePiece, lineage_data, lineage_note, lineage_q
from diaban.territory.models import Unit


def _reporting_figures(row) -> dict:
    return {
        "expected": row.expected,
        "received": row.received,
        "on_time": row.on_time,
        "rate": round(row.rate, 4),
        "on_time_rate": round(row.on_time_rate, 4),
    }


def reporting_data(reporting: "ReportingReport") -> dict:
    return {
        "as_of": reporting.as_of.isoformat(),
        "lineage_note": reporting.lineage_note,
        "predecessors": lineage_data(reporting.lineage),
        **_reporting_figures(reporting.total),
        "branches": [
            {"unit": {"id": unit.pk, "code": unit.code, "name": unit.name}, "own_level": own, **_reporting_figures(row)}
            for unit, own, row in reporting.branches
        ],
        "months": [
            {"month": "{}-{:02d}".format(year, month), **_reporting_figures(row)}
            for (year, month), row in reporting.months.items()
        ],
        "people": [{"id": row.person_id, "code": row.code, **_reporting_figures(row)} for row in reporting.people],
    }


@dataclass
class ReportingRow:
    """Reports of one cadre: expected (one per meeting attended whose report is due, or already sent),
    received (submitted at least once), on time (first submitted by the due date)."""

    person_id: int
    code: str = ""
    full_name: str = ""
    sort_key: str = ""
    home_path: str = ""
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float:
        return self.received / self.expected if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected if self.expected else 0.0

    @property
    def missing(self) -> int:
        return self.expected - self.received


@dataclass
class ReportingReport:
    root: Unit
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    people: list[ReportingRow]
    branches: list = field(default_factory=list)  # (unit, own_level, ReportingRow of sums)
    months: dict = field(default_factory=dict)  # (year, month) of the meeting → ReportingRow of sums
    lineage: list[LineagePiece] = field(default_factory=list)

    @property
    def total(self) -> ReportingRow:
        return _sum_rows(self.people)

    @property
    def lineage_note(self) -> str:
        return lineage_note(self.lineage)


def _sum_rows(rows) -> ReportingRow:
    total = ReportingRow(0)
    for row in rows:
        total.expected += row.expected
        total.received += row.received
        total.on_time += row.on_time
    return total


def homes_of(pieces: list[LineagePiece], path_field: str) -> Q:
    """Rows whose home unit (`path_field`) lies in one of the pieces, whatever the date."""
    condition = Q()
    for piece in pieces:
        condition |= subtree_q(path_field, piece.path)
    return condition


def reporting_report(
    root: Unit, start: datetime.date, end: datetime.date, user, as_of=None, lineage: LineageBranches | None = None
) -> ReportingReport:
    """Reporting rate and timeliness of the cadres working under `root` (by home unit) for the meetings they
    attended in [start, end], as of `as_of` (default today): a report is expected once it is due or sent. Those
    working in a unit the root took the place of during the period count for the meetings before that date."""
    as_of = as_of or today()
    if lineage is None or lineage.children is None or (lineage.root, lineage.start, lineage.end) != (root, start, end):
        # Not given by the compliance report of the same unit and period (which read them already).
        children = restrict(Unit.objects.filter(parent=root), user).valid_on(root.clamp_date(end))
        lineage = LineageBranches(root, sorted(children, key=lambda u: vietnamese_sort_key(u.name)), start, end)
    pieces = lineage.root_pieces
    homes = homes_of(pieces, "home_unit__path")
    # People work under the root by their home unit, or by the unit a position of theirs is held in on the day of
    # the meeting (a commune cadre who went on in the new commune, a provincial cadre in today's province), as on
    # the compliance page.
    span = ("start_date", "end_date")
    held_here = Position.objects.filter(unit__isnull=False).filter(lineage_q(pieces, "unit__path", span_fields=span))
    held_then = held_here.filter(person_id=OuterRef("person_id"), start_date__lte=OuterRef("meeting__date")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("meeting__date"))
    )
    people_in_scope = restrict(Person.objects.all(), user).filter(homes | Q(pk__in=held_here.values("person_id")))
    by_home = (
        lineage_q(pieces, "person__home_unit__path", "meeting__date")
        if len(pieces) > 1
        else homes_of(pieces, "person__home_unit__path")
    )
    rows: dict[int, ReportingRow] = {}
    months: dict[tuple, ReportingRow] = {}
    for values in (
        Attendance.objects.filter(person__in=people_in_scope, meeting__status=MeetingStatus.HELD)
        .filter(meeting__date__gte=start, meeting__date__lte=end)
        .filter(by_home | Exists(held_then))
        .values_list(
            "person_id",
            "meeting__date",
            "report__due_date",
            "report__first_submitted_at",
            "person__code",
            "person__full_name",
            "person__sort_key",
            "person__home_unit__path",
        )
    ):
        person_id, meeting_date, due, first_submitted, code, name, sort_key, home_path = values
        due = due or report_due_date(meeting_date)
        sent = first_submitted is not None
        if not sent and due >= as_of:
            continue  # not due yet
        row = rows.get(person_id)
        if row is None:
            row = rows[person_id] = ReportingRow(person_id, code, name, sort_key, home_path)
        month = months.setdefault((meeting_date.year, meeting_date.month), ReportingRow(0))
        on_time = sent and timezone.localtime(first_submitted).date() <= due
        for target in (row, month):
            target.expected += 1
            target.received += sent
            target.on_time += on_time
    # Those who work here by a position are counted in the branch it is held in (the latest).
    elsewhere = [row.person_id for row in rows.values() if lineage.child_of(row.home_path) is None]
    for person_id, path in (
        held_here.filter(person_id__in=elsewhere).order_by("start_date", "pk").values_list("person_id", "unit__path")
    ):
        rows[person_id].home_path = path
    people = sorted(rows.values(), key=lambda r: (r.sort_key, r.person_id))
    report = ReportingReport(root, start, end, as_of, people, months=dict(sorted(months.items())), lineage=pieces)
    children = lineage.children
    groups: dict[str, list] = {child.path: [] for child in children}
    own: list = []
    for row in people:
        child = lineage.child_of(row.home_path)
        (groups[child.path] if child is not None else own).append(row)
    report.branches = ([(root, True, _sum_rows(own))] if own else []) + [
        (child, False, _sum_rows(groups[child.path])) for child in children
    ]
    return report
