"""Reads of meetings, attendance and compliance. Every queryset starts from `restrict`.

`compliance_report` is what the compliance page, the API and `diaban compliance` show: the rules in force,
each person's figures by `diaban.meetings.compliance`, summed per branch of the tree. Its queries are
fixed in number whatever the size of the unit: the rules (three), the positions of the people they bind,
those people's assignments and attendances, and the branches.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.models import SEGMENT_LENGTH, subtree_q
from diaban.core.scoping import VIEW, restrict
from diaban.core.text import vietnamese_sort_key
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.compliance import PersonCompliance, PersonFacts, RuleFacts, person_compliance
from diaban.meetings.models import Attendance, AttendanceRule, AttendanceRuleEvent, Meeting, report_due_date
from diaban.people.models import Person, Position
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization, Unit


def year_span(unit: Unit, year: int) -> tuple[datetime.date, datetime.date]:
    """The calendar year, cut to the unit's validity (a unit closed on 30/06/2025 is measured to that day)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if unit.valid_from and unit.valid_from > start:
        start = unit.valid_from
    if unit.valid_until and unit.valid_until < end:
        end = unit.valid_until
    return start, end


def default_year(unit: Unit) -> int:
    year = today().year
    if unit.valid_until and unit.valid_until.year < year:
        return unit.valid_until.year
    return year


def meetings_visible(user, action: str = VIEW):
    return restrict(Meeting.objects.select_related("organization__unit"), user, action)


def attendances_visible(user, action: str = VIEW):
    return restrict(Attendance.objects.select_related("person", "meeting__organization"), user, action)


def rules_visible(user, action: str = VIEW):
    return restrict(AttendanceRule.objects.select_related("unit"), user, action).prefetch_related(
        "titles", "excluded_titles"
    )


def rule_history(rule: AttendanceRule):
    """The rule's events, oldest first, with who made them (the caller found the rule in the reader's scope)."""
    return AttendanceRuleEvent.objects.filter(rule=rule).select_related("actor").order_by("at", "id")


def cell_calendar(organization: PartyOrganization, start: datetime.date, end: datetime.date):
    """The cell's meetings between two dates with their cadres' attendance (two queries)."""
    return (
        Meeting.objects.filter(organization=organization)
        .between(start, end)
        .prefetch_related("attendances__person")
        .order_by("date", "id")
    )


def rules_binding(root: Unit, start: datetime.date, end: datetime.date) -> list[AttendanceRule]:
    """Rules in force at some time in [start, end] that bind people under `root`: issued for `root`, above
    it, or for a unit below it."""
    rules = (
        AttendanceRule.objects.overlapping(start, end)
        .filter(Q(unit__path__in=[*root.ancestor_paths(), root.path]) | subtree_q("unit__path", root.path))
        .select_related("unit")
        .prefetch_related("titles", "excluded_titles")
    )
    return [r for r in rules if r.unit.path.startswith(root.path) or root.path.startswith(r.unit.path)]


def rule_facts(rule: AttendanceRule) -> RuleFacts:
    return RuleFacts(
        id=rule.pk,
        minimum=rule.minimum,
        period=rule.period,
        activity=rule.activity,
        valid_from=rule.valid_from,
        valid_until=rule.valid_until,
        titles=frozenset(t.pk for t in rule.titles.all()),
        excluded_titles=frozenset(t.pk for t in rule.excluded_titles.all()),
        unit_path=rule.unit.path,
    )


@dataclass
class PersonRow:
    person_id: int
    code: str
    full_name: str
    sort_key: str
    home_unit: str
    home_path: str
    compliance: PersonCompliance

    @property
    def attended(self) -> int:
        binding = self.compliance.binding
        return binding.attended if binding else 0

    @property
    def required(self) -> float:
        binding = self.compliance.binding
        return binding.required if binding else 0.0


@dataclass
class BranchRow:
    """People whose home unit lies in one child of the root (or in the root itself: `unit` is the root)."""

    unit: Unit
    own_level: bool = False
    assessed: int = 0
    compliant: int = 0

    @property
    def behind(self) -> int:
        return self.assessed - self.compliant

    @property
    def share(self) -> float:
        return self.compliant / self.assessed if self.assessed else 0.0


@dataclass
class ComplianceReport:
    root: Unit
    start: datetime.date
    end: datetime.date
    rules: list
    people: list[PersonRow]
    branches: list[BranchRow] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return len(self.people)

    @cached_property
    def compliant(self) -> int:
        return sum(1 for p in self.people if p.compliance.compliant)

    @property
    def share(self) -> float:
        return self.compliant / self.assessed if self.assessed else 0.0

    @cached_property
    def behind(self) -> list[PersonRow]:
        """Those below 1, furthest behind first."""
        return sorted(
            (p for p in self.people if not p.compliance.compliant), key=lambda p: (p.compliance.ratio, p.sort_key)
        )


def _overlapping(prefix: str, start: datetime.date, end: datetime.date) -> Q:
    return Q(**{prefix + "start_date__lte": end}) & (
        Q(**{prefix + "end_date__isnull": True}) | Q(**{prefix + "end_date__gte": start})
    )


def compliance_report(
    root: Unit, start: datetime.date, end: datetime.date, user, branches: bool = True
) -> ComplianceReport:
    """Compliance of the people working under `root` (by home unit, within the user's scope) over [start, end]."""
    rules = rules_binding(root, start, end)
    facts_of_rules = [rule_facts(r) for r in rules]
    titles = set().union(*(f.titles | f.excluded_titles for f in facts_of_rules)) if facts_of_rules else set()
    positions = (
        restrict(Position.objects.all(), user)
        .filter(subtree_q("person__home_unit__path", root.path), title_id__in=titles)
        .filter(_overlapping("", start, end))
        .filter(Q(person__departed_on__isnull=True) | Q(person__departed_on__gt=start))
    )
    people: dict[int, PersonFacts] = {}
    names: dict[int, tuple] = {}
    for (
        person_id,
        title_id,
        p_start,
        p_end,
        home_path,
        departed,
        name,
        code,
        sort_key,
        home_name,
    ) in positions.values_list(
        "person_id",
        "title_id",
        "start_date",
        "end_date",
        "person__home_unit__path",
        "person__departed_on",
        "person__full_name",
        "person__code",
        "person__sort_key",
        "person__home_unit__name",
    ):
        facts = people.get(person_id)
        if facts is None:
            facts = people[person_id] = PersonFacts(person_id, home_path, departed)
            names[person_id] = (code, name, sort_key, home_name)
        facts.positions.append((title_id, p_start, p_end))
    if people:
        bound = positions.values("person_id")
        for person_id, path, a_start, a_end in (
            Assignment.objects.filter(person_id__in=bound)
            .filter(_overlapping("", start, end))
            .values_list("person_id", "unit__path", "start_date", "end_date")
        ):
            people[person_id].assignments.append((path, a_start, a_end))
        for person_id, meeting_id, date, path in (
            Attendance.objects.filter(person_id__in=bound, meeting__status=MeetingStatus.HELD)
            .filter(meeting__date__gte=start, meeting__date__lte=end)
            .values_list("person_id", "meeting_id", "meeting__date", "meeting__organization__unit__path")
        ):
            people[person_id].attendances.append((meeting_id, date, path))
    rows = []
    for person_id, facts in people.items():
        result = person_compliance(facts_of_rules, facts, start, end)
        if result.assessed:
            code, name, sort_key, home_name = names[person_id]
            rows.append(PersonRow(person_id, code, name, sort_key, home_name, facts.home_path, result))
    rows.sort(key=lambda r: (r.sort_key, r.person_id))
    report = ComplianceReport(root, start, end, rules, rows)
    if branches:
        report.branches = _branches(report, user)
    return report


def _branches(report: ComplianceReport, user) -> list[BranchRow]:
    root = report.root
    on = root.clamp_date(report.end)
    children = restrict(Unit.objects.filter(parent=root), user).valid_on(on)
    by_path = {child.path: BranchRow(child) for child in sorted(children, key=lambda u: vietnamese_sort_key(u.name))}
    own = BranchRow(root, own_level=True)
    width = len(root.path) + SEGMENT_LENGTH
    for row in report.people:
        branch = by_path.get(row.home_path[:width], own) if len(row.home_path) >= width else own
        branch.assessed += 1
        branch.compliant += row.compliance.compliant
    return ([own] if own.assessed else []) + list(by_path.values())


def cells_least_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` with the cadres' attendances at their meetings in [start, end]: remote areas first,
    then the least attended. `visits` counts attendances, `held` the meetings held."""
    in_period = Q(meetings__status=MeetingStatus.HELD, meetings__date__gte=start, meetings__date__lte=end)
    return (
        restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), user)
        .filter(subtree_q("unit__path", root.path))
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=end))
        .filter(Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=start))
        .annotate(
            visits=Count("meetings__attendances", filter=in_period),
            held=Count("meetings", filter=in_period, distinct=True),
        )
        .select_related("unit")
        .order_by("-unit__is_remote", "visits", "path")
    )


def cells_never_attended(root: Unit, start: datetime.date, end: datetime.date, user):
    """Cells under `root` whose meetings in [start, end] no cadre attended: remote areas first."""
    attended = Attendance.objects.filter(
        meeting__organization=OuterRef("pk"),
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=start,
        meeting__date__lte=end,
    )
    return (
        restrict(PartyOrganization.objects.filter(kind=OrganizationKind.CELL), user)
        .filter(subtree_q("unit__path", root.path))
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=end))
        .filter(Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=start))
        .exclude(Exists(attended))
        .select_related("unit")
        .order_by("-unit__is_remote", "path")
    )


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


def compliance_data(report: ComplianceReport, reporting: "ReportingReport | None" = None) -> dict:
    """The report as plain data: the API's answer and `diaban compliance --json`; with `reporting`, the
    reporting rate and timeliness of the same unit and period under "reporting"."""
    data = _compliance_data(report)
    if reporting is not None:
        data["reporting"] = reporting_data(reporting)
    return data


def _compliance_data(report: ComplianceReport) -> dict:
    return {
        "unit": {"id": report.root.pk, "code": report.root.code, "name": report.root.name},
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "rules": [
            {
                "id": r.pk,
                "name": r.name,
                "minimum": r.minimum,
                "period": r.period,
                "activity": r.activity,
                "document": r.document,
            }
            for r in report.rules
        ],
        "assessed": report.assessed,
        "compliant": report.compliant,
        "share": round(report.share, 4),
        "branches": [
            {
                "unit": {"id": b.unit.pk, "code": b.unit.code, "name": b.unit.name},
                "own_level": b.own_level,
                "assessed": b.assessed,
                "compliant": b.compliant,
            }
            for b in report.branches
        ],
        "people": [
            {
                "id": p.person_id,
                "code": p.code,
                "name": p.full_name,
                "ratio": round(p.compliance.ratio, 4),
                "compliant": p.compliance.compliant,
                "rules": [
                    {"rule": r.rule_id, "attended": r.attended, "required": round(r.required, 4)}
                    for r in p.compliance.results
                ],
            }
            for p in report.people
        ],
    }


# ---------------------------------------------------------------------------------------------------------
# Reporting rate and timeliness (DHIS2's definitions)


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

    @property
    def total(self) -> ReportingRow:
        return _sum_rows(self.people)


def _sum_rows(rows) -> ReportingRow:
    total = ReportingRow(0)
    for row in rows:
        total.expected += row.expected
        total.received += row.received
        total.on_time += row.on_time
    return total


def reporting_report(root: Unit, start: datetime.date, end: datetime.date, user, as_of=None) -> ReportingReport:
    """Reporting rate and timeliness of the cadres working under `root` (by home unit) for the meetings they
    attended in [start, end], as of `as_of` (default today): a report is expected once it is due or sent."""
    as_of = as_of or today()
    people_in_scope = restrict(Person.objects.all(), user).filter(subtree_q("home_unit__path", root.path))
    rows: dict[int, ReportingRow] = {}
    months: dict[tuple, ReportingRow] = {}
    for values in (
        Attendance.objects.filter(person__in=people_in_scope, meeting__status=MeetingStatus.HELD)
        .filter(meeting__date__gte=start, meeting__date__lte=end)
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
    people = sorted(rows.values(), key=lambda r: (r.sort_key, r.person_id))
    report = ReportingReport(root, start, end, as_of, people, months=dict(sorted(months.items())))
    on = root.clamp_date(end)
    children = sorted(
        restrict(Unit.objects.filter(parent=root), user).valid_on(on), key=lambda u: vietnamese_sort_key(u.name)
    )
    width = len(root.path) + SEGMENT_LENGTH
    groups: dict[str, list] = {child.path: [] for child in children}
    own: list = []
    for row in people:
        groups.get(row.home_path[:width] if len(row.home_path) >= width else None, own).append(row)
    report.branches = ([(root, True, _sum_rows(own))] if own else []) + [
        (child, False, _sum_rows(groups[child.path])) for child in children
    ]
    return report


def my_reports(person: Person):
    """The cadre's attendances with their reports, newest meeting first (the home page's 'reports due')."""
    return (
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .select_related("meeting__organization__unit", "report")
        .order_by("-meeting__date", "-id")
    )


# ---------------------------------------------------------------------------------------------------------
# The cadre's own page


def _assigned_area_q(person: Person, on: datetime.date, field_name: str) -> Q | None:
    paths = list(Assignment.objects.active_on(on).filter(person=person).values_list("unit__path", flat=True))
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= subtree_q(field_name, path)
    return condition


def upcoming_meetings(person: Person, on: datetime.date, limit: int = 5) -> list[Meeting]:
    """Planned meetings from `on` on, in the cells of the units the person follows that day."""
    area = _assigned_area_q(person, on, "organization__unit__path")
    if area is None:
        return []
    return list(
        Meeting.objects.filter(area, date__gte=on)
        .exclude(status=MeetingStatus.POSTPONED)
        .select_related("organization__unit")
        .order_by("date", "id")[:limit]
    )


def reports_pending(person: Person) -> list[Attendance]:
    """Meetings the person attended whose report is not submitted (none yet, a draft, or reopened), oldest
    first; `report_due` gives each one's due date."""
    return list(
        my_reports(person)
        .filter(Q(report__isnull=True) | ~Q(report__status="submitted"))
        .order_by("meeting__date", "id")
    )


@dataclass
class RuleProgress:
    rule: AttendanceRule
    required: float
    attended: int

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.attended / self.required)) if self.required else 0


def person_progress(person: Person, year: int, look_back: int = 3) -> tuple[int, list[RuleProgress]]:
    """The person's attended ÷ required for each rule binding them in `year` — or, if none does, in the latest
    of the `look_back` years before in which one did (a cadre whose units were reorganized still sees it).
    The facts of all those years are read once: six queries whatever the history."""
    if person.home_unit_id is None:
        return year, []
    first, last = datetime.date(year - look_back, 1, 1), datetime.date(year, 12, 31)
    rules = rules_binding(person.home_unit, first, last)
    if not rules:
        return year, []
    facts = PersonFacts(person.pk, person.home_unit.path, person.departed_on)
    facts.positions = list(
        Position.objects.filter(person=person)
        .filter(_overlapping("", first, last))
        .values_list("title_id", "start_date", "end_date")
    )
    facts.assignments = list(
        Assignment.objects.filter(person=person)
        .filter(_overlapping("", first, last))
        .values_list("unit__path", "start_date", "end_date")
    )
    facts.attendances = list(
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .filter(meeting__date__gte=first, meeting__date__lte=last)
        .values_list("meeting_id", "meeting__date", "meeting__organization__unit__path")
    )
    by_id = {r.pk: r for r in rules}
    all_facts = [rule_facts(r) for r in rules]
    for candidate in range(year, year - look_back - 1, -1):
        start, end = datetime.date(candidate, 1, 1), datetime.date(candidate, 12, 31)
        result = person_compliance(all_facts, facts, start, end)
        if result.results:
            return candidate, [RuleProgress(by_id[r.rule_id], r.required, r.attended) for r in result.results]
    return year, []
