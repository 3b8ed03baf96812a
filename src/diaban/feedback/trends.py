"""Trends of recommendations and the performance of the agencies that answer them, below one unit over a period
[start, end]: what the trends page, its Excel file, the API (`/api/recommendation-trends/<unit>/`) and
`diaban recommendations-report` all show, from this one selector.

Which recommendations: those the user sees (`selectors.recommendations_visible`: an agency's accounts see their
own queue only) in the subtree of the unit. Then, one definition each:

- **Counts** by topic, by child unit and by month, and the heat table topics × child units: recommendations
  *raised* in [start, end]. A recommendation counts for the child unit whose subtree holds it; one recorded on
  the unit itself counts on a row of its own.
- **Open and overdue, as of `end`** (so that a past period reads as it was, whatever happened since), over
  every recommendation raised up to `end`, whenever:
  open on day X = raised on or before X and not answered by X (no answer date, or one after X);
  overdue on day X = open on X and its deadline before X.
  Each counts for the agency it had been forwarded to by X; one not forwarded by X (never forwarded, sent straight
  to the Standing Committee, or forwarded only later) counts under "chưa chuyển cơ quan".
  One forwarded and later sent up to the Standing Committee still counts for its agency. Known limits: the
  deadline and the agency are the current ones (a recommendation returned by one agency and forwarded to another
  on a later day counts for the second, with its deadline).
- **Lead time** of an answer, in working days (weekends, public holidays and lunar Tết skipped):
  `core.workdays.working_days_after(receipt, answered_on)`, where receipt is the day it was forwarded to the
  agency, else the day it was sent to the Standing Committee, else the day it was raised (answered on the spot).
  The medians by agency and by topic are over the recommendations *answered* in [start, end], whenever raised;
  an answer that went through no agency counts under "không qua cơ quan".
- **Oldest open** as of `end`: the ten raised first (age in working days from raising to `end`).

Over a period that spans a reorganization the unit is read with its lineage (`territory.lineage`): the
recommendations recorded in the units it took the place of, before that date, count as its own (raised, open,
answered, oldest), each under the child unit as of `end` whose lineage holds it; the report says whose they are
(`lineage_note`).

Queries: five, whatever the size of the subtree: the child units as of `end`; the reorganizations inside the period
(one or two more for each one stepped back through); the counts by child unit × topic × month, grouped in SQL; one
list of the open ones and of the answers of the period, counted by agency and turned into medians here; the oldest
open ones. One more when a child closed during the period holds some.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from diaban.core.dates import format_date, parse_date, today
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.text import format_int, vietnamese_sort_key
from diaban.core.workdays import working_days_after
from diaban.feedback.selectors import recommendations_visible
from diaban.territory.lineage import LineageBranches, LineagePiece, lineage_note
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible

NOT_FORWARDED = "chưa chuyển cơ quan"
NO_AGENCY = "không qua cơ quan (trả lời tại chỗ, Thường trực)"
NO_TOPIC = "chưa phân lĩnh vực"
OLDEST_SHOWN = 10


def format_days(value: float | None) -> str:
    """A median of working days the Vietnamese way: 12, 2,5, 1.234; "—" when there is none."""
    if value is None:
        return "—"
    whole = int(value)
    tenths = round((value - whole) * 10)
    return format_int(whole) + (",{}".format(tenths) if tenths else "")


def open_on_q(day: datetime.date) -> Q:
    """Open on `day`: raised by then and not answered by then."""
    return Q(raised_on__lte=day) & (Q(answered_on__isnull=True) | Q(answered_on__gt=day))


def receipt_day(raised_on, forwarded_on, escalated_on) -> datetime.date:
    """The day the body that answers received it, from which its lead time runs."""
    return forwarded_on or escalated_on or raised_on


def twelve_months_to(end: datetime.date) -> datetime.date:
    """The first day of the twelve calendar months ending with the month of `end` (a year, month by month)."""
    return datetime.date(end.year - 1 + end.month // 12, end.month % 12 + 1, 1)


def period_of(unit: Unit, start_text: str | None, end_text: str | None, field_names=("from", "to")):
    """[start, end] asked for in dd/mm/yyyy: by default the twelve months to today, or to the unit's last day if it
    has been closed (its figures stop there). Raises ValidationError naming the field at fault."""
    start_field, end_field = field_names
    errors = {}
    end = start = None
    try:
        end = parse_date(end_text, unit.clamp_date(today()))
    except ValidationError as exc:
        errors[end_field] = exc.messages
    try:
        start = parse_date(start_text, twelve_months_to(end) if end else None)
    except ValidationError as exc:
        errors[start_field] = exc.messages
    if not errors and end < start:
        errors[end_field] = ["Ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(end), format_date(start))]
    if errors:
        raise ValidationError(errors)
    return start, end


# ---------------------------------------------------------------------------------------------------------
# What the report holds


@dataclass
class TopicCount:
    topic_id: int | None
    name: str
    count: int
    position: int = 0
    share: float = 0.0  # of the recommendations raised in the period


@dataclass
class UnitCount:
    """A child unit of the report's unit (or the unit itself, `own_level`, for what was recorded on it)."""

    unit: Unit
    own_level: bool
    count: int


@dataclass
class MonthCount:
    month: datetime.date  # its first day
    count: int

    @property
    def label(self) -> str:
        return "{:02d}/{}".format(self.month.month, self.month.year)


@dataclass
class AgencyLoad:
    agency_id: int | None  # None: not forwarded by `end`
    name: str
    open: int
    overdue: int


@dataclass
class LeadTime:
    key: int | None  # agency or topic id; None: no agency, no topic
    name: str
    answered: int
    median: float

    @property
    def median_display(self) -> str:
        return format_days(self.median)


@dataclass
class OpenRecommendation:
    recommendation: object  # a Recommendation, its unit, topic and agency loaded
    agency_name: str  # the agency as of `end`
    deadline: datetime.date | None  # as of `end`: none before it was forwarded or sent up
    age: int  # working days from raising to `end`
    overdue: bool


@dataclass
class HeatRow:
    topic: TopicCount
    counts: list[int]  # one per entry of `TrendsReport.by_unit`


@dataclass
class TrendsReport:
    unit: Unit
    start: datetime.date
    end: datetime.date
    total: int = 0
    by_topic: list[TopicCount] = field(default_factory=list)
    by_unit: list[UnitCount] = field(default_factory=list)
    by_month: list[MonthCount] = field(default_factory=list)
    agencies: list[AgencyLoad] = field(default_factory=list)
    open_total: int = 0
    overdue_total: int = 0
    answered_total: int = 0
    median_lead: float | None = None
    lead_by_agency: list[LeadTime] = field(default_factory=list)
    lead_by_topic: list[LeadTime] = field(default_factory=list)
    oldest: list[OpenRecommendation] = field(default_factory=list)
    heat: list[HeatRow] = field(default_factory=list)
    lineage: list[LineagePiece] = field(default_factory=list)

    @cached_property
    def lineage_note(self) -> str:
        """ "Gồm số liệu trước 01/07/2025 của: …" when the figures include units the unit took the place of."""
        return lineage_note(self.lineage)

    @property
    def heat_max(self) -> int:
        return max((n for row in self.heat for n in row.counts), default=0)

    @property
    def median_lead_display(self) -> str:
        return format_days(self.median_lead)

    def chart(self) -> dict:
        """The page's Chart.js data: by month and by topic."""
        return {
            "months": {"labels": [m.label for m in self.by_month], "counts": [m.count for m in self.by_month]},
            "topics": {"labels": [t.name for t in self.by_topic], "counts": [t.count for t in self.by_topic]},
        }


# ---------------------------------------------------------------------------------------------------------
# The selector


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return months


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _children(unit: Unit, user, end: datetime.date) -> list[Unit]:
    """The child units valid at the period's end (moved inside the unit's validity)."""
    return list(units_visible(user).filter(parent=unit).valid_on(unit.clamp_date(end)))


def _counts(report: TrendsReport, raised, user, lineage: LineageBranches) -> None:
    """By topic, by child unit, by month and the heat table, from one grouped query. A recommendation counts for
    the child as of `end` whose lineage holds it, else for a child closed during the period that holds it (its
    figures stay its own), else on the unit itself."""
    unit = report.unit
    rows = (
        raised.annotate(branch=lineage.bucket("unit__path"), month=TruncMonth("raised_on"))
        .values("branch", "month", "topic_id", "topic__name", "topic__position")
        .annotate(n=Count("id"))
        .order_by()
    )
    width = len(unit.path) + SEGMENT_LENGTH
    topics: dict[int | None, TopicCount] = {}
    cells: dict[tuple, int] = {}
    branches: dict[object, int] = {}  # a child's id, a closed child's path, or None for the unit itself
    months: dict[datetime.date, int] = {}
    for row in rows:
        key, path, month, n = row["topic_id"], row["branch"], _as_date(row["month"]), row["n"]
        child = lineage.child_of(path)
        if child is not None:
            branch = child.pk
        elif path.startswith(unit.path) and len(path) >= width:
            branch = path[:width]
        else:
            branch = None
        topic = topics.get(key)
        if topic is None:
            topic = topics[key] = TopicCount(key, row["topic__name"] or NO_TOPIC, 0, row["topic__position"] or 0)
        topic.count += n
        cells[(key, branch)] = cells.get((key, branch), 0) + n
        branches[branch] = branches.get(branch, 0) + n
        months[month] = months.get(month, 0) + n
    report.total = sum(branches.values())
    for topic in topics.values():
        topic.share = topic.count / report.total
    report.by_topic = sorted(
        topics.values(), key=lambda t: (-t.count, t.topic_id is None, t.position, vietnamese_sort_key(t.name))
    )
    report.by_month = [MonthCount(month, months.get(month, 0)) for month in _months(report.start, report.end)]
    closed = [b for b in branches if isinstance(b, str)]
    entries = [(child, child.pk) for child in lineage.children]
    if closed:
        entries += [(u, u.path) for u in units_visible(user).filter(parent=unit, path__in=closed)]
    entries.sort(key=lambda e: (vietnamese_sort_key(e[0].name), e[0].path))
    by_unit = [(UnitCount(unit, True, branches[None]), None)] if None in branches else []
    by_unit += [(UnitCount(child, False, branches.get(key, 0)), key) for child, key in entries]
    report.by_unit = [entry for entry, _key in by_unit]
    report.heat = [
        HeatRow(topic, [cells.get((topic.topic_id, key), 0) for _entry, key in by_unit]) for topic in report.by_topic
    ]


def _medians(groups: dict, names: dict) -> list[LeadTime]:
    result = [LeadTime(key, names[key], len(days), statistics.median(days)) for key, days in groups.items()]
    return sorted(result, key=lambda r: (r.key is None, -r.median, -r.answered, vietnamese_sort_key(r.name)))


def _open_and_answered(report: TrendsReport, scoped) -> None:
    """Open and overdue by agency as of `end`, and lead times of the answers of the period, from one list: the
    two sets never meet (answered by `end`, or not), and one pass over the table costs half of two."""
    start, end = report.start, report.end
    rows = (
        scoped.filter(open_on_q(end) | Q(answered_on__gte=start, answered_on__lte=end))
        .values_list(
            "agency_id",
            "agency__name",
            "topic_id",
            "topic__name",
            "raised_on",
            "forwarded_on",
            "escalated_on",
            "answered_on",
            "deadline",
        )  # fmt: skip
        .order_by()
    )
    loads: dict[int | None, AgencyLoad] = {}
    known: dict[tuple, int] = {}  # the same pair of days comes back often
    by_agency: dict[int | None, list[int]] = {}
    by_topic: dict[int | None, list[int]] = {}
    agency_names: dict[int | None, str] = {None: NO_AGENCY}
    topic_names: dict[int | None, str] = {None: NO_TOPIC}
    every = []
    for (
        agency_id,
        agency_name,
        topic_id,
        topic_name,
        raised_on,
        forwarded_on,
        escalated_on,
        answered_on,
        deadline,
    ) in rows:
        if answered_on is None or answered_on > end:  # open on `end`
            key = agency_id if forwarded_on is not None and forwarded_on <= end else None
            load = loads.get(key)
            if load is None:
                load = loads[key] = AgencyLoad(key, agency_name if key is not None else NOT_FORWARDED, 0, 0)
            load.open += 1
            load.overdue += deadline is not None and deadline < end
            continue
        pair = (receipt_day(raised_on, forwarded_on, escalated_on), answered_on)
        days = known.get(pair)
        if days is None:
            days = known[pair] = working_days_after(*pair)
        by_agency.setdefault(agency_id, []).append(days)
        by_topic.setdefault(topic_id, []).append(days)
        agency_names.setdefault(agency_id, agency_name)
        topic_names.setdefault(topic_id, topic_name)
        every.append(days)
    report.agencies = sorted(
        loads.values(), key=lambda a: (a.agency_id is None, -a.overdue, -a.open, vietnamese_sort_key(a.name))
    )
    report.open_total = sum(a.open for a in loads.values())
    report.overdue_total = sum(a.overdue for a in loads.values())
    report.answered_total = len(every)
    report.median_lead = statistics.median(every) if every else None
    report.lead_by_agency = _medians(by_agency, agency_names)
    report.lead_by_topic = _medians(by_topic, topic_names)


def _oldest(report: TrendsReport, scoped) -> None:
    end = report.end
    found = scoped.filter(open_on_q(end)).select_related("unit", "topic", "agency").order_by("raised_on", "id")
    report.oldest = []
    for r in found[:OLDEST_SHOWN]:
        forwarded = r.agency_id is not None and r.forwarded_on is not None and r.forwarded_on <= end
        received = forwarded or (r.escalated_on is not None and r.escalated_on <= end)
        report.oldest.append(
            OpenRecommendation(
                r,
                r.agency.name if forwarded else NOT_FORWARDED,
                r.deadline if received else None,
                working_days_after(r.raised_on, end),
                r.deadline is not None and r.deadline < end,
            )
        )


def _in_subtree_q(path: str) -> Q:
    """Recommendations in the subtree at `path`. On SQLite, which keeps no planner statistics, as a list of the
    subtree's unit ids: with a join on the path it starts from every recommendation of the period in the country
    (half a second at national scale, whatever the unit); PostgreSQL plans the join well, the list less so."""
    if connection.vendor == "sqlite":
        return Q(unit_id__in=Unit.objects.filter(subtree_q("path", path)).values("pk"))
    return subtree_q("unit__path", path)


def _in_lineage_q(pieces: list[LineagePiece], *, raised_from: bool) -> Q:
    """Recommendations of each piece of the lineage raised up to its last day (and from its first, `raised_from`):
    a predecessor's, before the day the unit took its place."""
    condition = Q()
    for piece in pieces:
        here = _in_subtree_q(piece.path) & Q(raised_on__lte=piece.end)
        if raised_from:
            here &= Q(raised_on__gte=piece.start)
        condition |= here
    return condition


def trends_report(user, unit: Unit, start: datetime.date, end: datetime.date) -> TrendsReport:
    """The figures of recommendations below `unit` over [start, end] as `user` may see them (module docstring)."""
    if end < start:
        raise ValueError("end before start")
    lineage = LineageBranches(unit, _children(unit, user, end), start, end)
    pieces = lineage.root_pieces
    visible = recommendations_visible(user)
    if len(pieces) == 1:
        scoped = visible.filter(_in_subtree_q(unit.path))
        raised = scoped.filter(raised_on__gte=start, raised_on__lte=end)
    else:
        scoped = visible.filter(_in_lineage_q(pieces, raised_from=False))
        raised = visible.filter(_in_lineage_q(pieces, raised_from=True))
    report = TrendsReport(unit, start, end, lineage=pieces)
    _counts(report, raised, user, lineage)
    _open_and_answered(report, scoped)
    _oldest(report, scoped)
    return report
