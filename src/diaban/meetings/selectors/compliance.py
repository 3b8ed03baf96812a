"""Compliance with the attendance rules below a unit over a period: the rules binding it, each person's figures by
`diaban.meetings.compliance`, summed per branch of the tree, and the report as plain data.

Over a period that spans a reorganization the unit is read with its lineage (`territory.lineage.unit_lineage`):
the people whose home unit lies in a unit it took the place of are measured for the part of the period before that
date, by the rules binding them there, and the report says whose figures it holds (`lineage_note`)."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.core.text import vietnamese_sort_key
from diaban.meetings.choices import MeetingStatus
from diaban.meetings.compliance import PersonCompliance, PersonFacts, RuleFacts, held_where, person_compliance
from diaban.meetings.models import Attendance, AttendanceRule
from diaban.meetings.selectors.reporting import ReportingReport, reporting_data
from diaban.people.models import Position
from diaban.territory.lineage import (
    LineageBranches,
    LineagePiece,
    has_predecessors_on,
    lineage_data,
    lineage_note,
    lineage_q,
)
from diaban.territory.models import Unit


def year_span(unit: Unit, year: int) -> tuple[datetime.date, datetime.date]:
    """The calendar year, cut to the unit's validity (a unit closed on 30/06/2025 is measured to that day). A unit
    that took others' place during the year is measured over the whole year, with theirs (`unit_lineage`)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if unit.valid_from and unit.valid_from > start and not has_predecessors_on(unit, unit.valid_from):
        start = unit.valid_from
    if unit.valid_until and unit.valid_until < end:
        end = unit.valid_until
    return start, end


def default_year(unit: Unit) -> int:
    year = today().year
    if unit.valid_until and unit.valid_until.year < year:
        return unit.valid_until.year
    return year


def rules_binding(
    root: Unit, start: datetime.date, end: datetime.date, pieces: list[LineagePiece] | None = None
) -> list[AttendanceRule]:
    """Rules in force at some time in [start, end] that bind people under `root`: issued for `root`, above
    it, or for a unit below it. With the root's lineage (`pieces`), the same for each piece over its own part
    of the period (the rules of an old province bind the people of its old communes until they closed)."""
    pieces = pieces or [LineagePiece(root, start, end)]
    paths, near = set(), Q()
    for piece in pieces:
        paths.update([*piece.unit.ancestor_paths(), piece.path])
        near |= subtree_q("unit__path", piece.path)
    rules = (
        AttendanceRule.objects.overlapping(start, end)
        .filter(Q(unit__path__in=sorted(paths)) | near)
        .select_related("unit")
        .prefetch_related("titles", "excluded_titles")
    )
    return [r for r in rules if any(_binds_in(r, piece) for piece in pieces)]


def _binds_in(rule: AttendanceRule, piece: LineagePiece) -> bool:
    if (rule.valid_from and rule.valid_from > piece.end) or (rule.valid_until and rule.valid_until < piece.start):
        return False
    return rule.unit.path.startswith(piece.path) or piece.path.startswith(rule.unit.path)


def _piece_of(pieces: list[LineagePiece], path: str) -> LineagePiece:
    """The piece of the lineage holding `path` (the narrowest, should pieces nest)."""
    return max((p for p in pieces if path.startswith(p.path)), key=lambda p: len(p.path), default=pieces[0])


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
    lineage: list[LineagePiece] = field(default_factory=list)
    lineage_branches: LineageBranches | None = None  # the root's and children's lineages, for `reporting_report`

    @property
    def assessed(self) -> int:
        return len(self.people)

    @cached_property
    def lineage_note(self) -> str:
        """ "Gồm số liệu trước 01/07/2025 của: …" when the figures include units the root took the place of."""
        return lineage_note(self.lineage)

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


def overlapping_q(prefix: str, start: datetime.date, end: datetime.date) -> Q:
    return Q(**{prefix + "start_date__lte": end}) & (
        Q(**{prefix + "end_date__isnull": True}) | Q(**{prefix + "end_date__gte": start})
    )


def compliance_report(
    root: Unit, start: datetime.date, end: datetime.date, user, branches: bool = True
) -> ComplianceReport:
    """Compliance of the people working under `root` (by home unit, within the user's scope) over [start, end];
    those working in a unit the root took the place of during the period, over the part before that date."""
    children = _children(root, end, user) if branches else None
    lineage = LineageBranches(root, children, start, end)
    pieces = lineage.root_pieces
    rules = rules_binding(root, start, end, pieces)
    facts_of_rules = [rule_facts(r) for r in rules]
    titles = set().union(*(f.titles | f.excluded_titles for f in facts_of_rules)) if facts_of_rules else set()
    span = ("start_date", "end_date")
    # People work under the root by their home unit, or by the unit a position of theirs is held in.
    positions = (
        restrict(Position.objects.all(), user)
        .filter(
            (Q(unit__isnull=True) & lineage_q(pieces, "person__home_unit__path", span_fields=span))
            | (Q(unit__isnull=False) & lineage_q(pieces, "unit__path", span_fields=span))
        )
        .filter(title_id__in=titles)
        .filter(Q(person__departed_on__isnull=True) | Q(person__departed_on__gt=start))
    )
    people: dict[int, PersonFacts] = {}
    names: dict[int, tuple] = {}
    latest: dict[int, tuple] = {}  # the person's place: where their latest position here is held
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
        unit_path,
        unit_name,
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
        "unit__path",
        "unit__name",
    ):
        facts = people.get(person_id)
        if facts is None:
            facts = people[person_id] = PersonFacts(person_id, home_path, departed)
        facts.positions.append((title_id, p_start, p_end, unit_path))
        place = (p_start, unit_path or home_path, unit_name or home_name)
        if person_id not in latest or place > latest[person_id]:
            latest[person_id] = place
        names[person_id] = (code, name, sort_key, latest[person_id][2])
    if people:
        bound = positions.values("person_id")
        for person_id, path, a_start, a_end in (
            Assignment.objects.filter(person_id__in=bound)
            .filter(overlapping_q("", start, end))
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
        place = latest[person_id][1]
        # Measured over the parts of the period of the pieces they worked in (an old commune's cadre who went
        # on in the new one: both parts).
        held_in = [_piece_of(pieces, held_where(facts, p)) for p in facts.positions]
        first, last = min(p.start for p in held_in), max(p.end for p in held_in)
        result = person_compliance(facts_of_rules, facts, first, last)
        if result.assessed:
            code, name, sort_key, place_name = names[person_id]
            rows.append(PersonRow(person_id, code, name, sort_key, place_name, place, result))
    rows.sort(key=lambda r: (r.sort_key, r.person_id))
    report = ComplianceReport(root, start, end, rules, rows, lineage=pieces, lineage_branches=lineage)
    if branches:
        report.branches = _branches(report, lineage)
    return report


def _children(root: Unit, end: datetime.date, user) -> list[Unit]:
    """The children of `root` as of `end` (moved inside the root's validity), in the Vietnamese order."""
    children = restrict(Unit.objects.filter(parent=root), user).valid_on(root.clamp_date(end))
    return sorted(children, key=lambda u: vietnamese_sort_key(u.name))


def _branches(report: ComplianceReport, lineage: LineageBranches) -> list[BranchRow]:
    """The children of the root as of the period's end, each with the people of its own lineage."""
    root = report.root
    by_path = {child.path: BranchRow(child) for child in lineage.children}
    own = BranchRow(root, own_level=True)
    for row in report.people:
        child = lineage.child_of(row.home_path)
        branch = by_path[child.path] if child is not None else own
        branch.assessed += 1
        branch.compliant += row.compliance.compliant
    return ([own] if own.assessed else []) + list(by_path.values())


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
        "lineage_note": report.lineage_note,
        "predecessors": lineage_data(report.lineage),
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
