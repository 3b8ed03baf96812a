"""Writing the trips: the plans with their history as the services would have written it, their units, agendas and
companions, and the trip reports with their findings, recommendations and follow-ups."""

import datetime
import random
from bisect import bisect_left, bisect_right

from django.utils import timezone

from diaban.core.models import SEGMENT_LENGTH
from diaban.core.text import in_sentence
from diaban.demo.common import stamps_as_given
from diaban.demo.visits.facts import (
    AGENDA,
    CANCEL_COMMENTS,
    CODES,
    CONVEYED,
    COUNTERPARTS,
    DOCUMENTS,
    DRY_SEASON,
    FINDINGS,
    FOLLOW_UPS,
    GUIDANCE,
    RECOMMENDATIONS,
    RETURN_COMMENTS,
    SITUATIONS,
    SUMMARIES,
    Period,
)
from diaban.demo.visits.schedule import Trip
from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import (
    AgendaItem,
    Finding,
    FollowUp,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
    VisitTarget,
)
from diaban.visits.selectors import approvers_for


def write_trips(trips: list[Trip], calendar: list, period: Period, rng: random.Random) -> dict:
    """The plans and everything hanging from them, in bulk, with the times each step happened."""
    plans, events, targets, companions, agenda = [], [], [], [], []
    reports = []  # (plan, trip, its history)
    derived = {}
    for trip in trips:
        _fill(trip, derived, period, rng)
        plan, steps = _plan(trip, calendar, period, rng)
        plans.append(plan)
        events.append(steps)
    with stamps_as_given(VisitPlan, PlanEvent, TripReport, Recommendation):
        VisitPlan.objects.bulk_create(plans, batch_size=500)
        for plan, trip, steps in zip(plans, trips, events, strict=True):
            targets += [VisitTarget(plan=plan, unit=u, order=i) for i, u in enumerate(trip.units)]
            companions += [VisitPlan.companions.through(visitplan_id=plan.pk, person_id=m.person.pk)
                           for m in trip.companions]  # fmt: skip
            for i, (kind, text) in enumerate(trip.agenda):
                agenda.append(AgendaItem(plan=plan, kind=kind, text=text, is_main=i == 0, proposed_by=plan.owner,
                                         order=i))  # fmt: skip
            for step in steps:
                step.plan = plan
            if trip.status == "done" or (trip.status == "approved" and steps[-1].action == PlanAction.REPORT_SAVED):
                reports.append((plan, trip, steps))
        VisitTarget.objects.bulk_create(targets, batch_size=2000)
        VisitPlan.companions.through.objects.bulk_create(companions, batch_size=2000)
        AgendaItem.objects.bulk_create(agenda, batch_size=2000)
        PlanEvent.objects.bulk_create([e for steps in events for e in steps], batch_size=2000)
        recommendations = _reports(reports, agenda, rng)
    return {"reports": len(reports), "recommendations": recommendations}


def _fill(trip: Trip, derived: dict, period: Period, rng: random.Random) -> None:
    """Title, agenda (the main item first) and the approvers, derived as the services derive them. The demo's
    leaders are in charge of whole districts all year, so the approvers of an owner depend only on the districts
    visited: derived once per owner and districts (`derived`)."""
    bank = [item for item in AGENDA[trip.owner.key] + (AGENDA["common"] if trip.owner.key != "batri" else [])
            if item[3] is None or item[3][0] <= trip.start <= item[3][1]]  # fmt: skip
    items = rng.sample(bank, rng.randint(2, min(4, len(bank))))
    showcase = period.showcase
    if trip.title in showcase.titles:  # the showcase's own contents, so that the merged plan reads well
        shorts = showcase.agenda[showcase.titles.index(trip.title)]
        items = sorted([i for i in bank if i[1] in shorts], key=lambda i: shorts.index(i[1]))
    trip.agenda = [(kind, text) for kind, _short, text, _when in items]
    if not trip.title:
        trip.title = "{} — {}".format(items[0][1], ", ".join(u.name for u in trip.units))
    if trip.status != "draft":
        key = (trip.owner.person.pk, tuple(sorted({u.path[: 2 * SEGMENT_LENGTH] for u in trip.units})))
        if key not in derived:
            derived[key] = approvers_for(trip.owner.person, trip.units, trip.start)
        trip.approvers = derived[key]


def _plan(trip: Trip, calendar: list, period: Period, rng: random.Random) -> tuple[VisitPlan, list[PlanEvent]]:
    """The plan row and its history, each step on a working day before the trip and by today, in order."""
    owner = trip.owner.person
    approvers = trip.approvers
    head_user = approvers.department_head.user_id if approvers else None
    leader_user = approvers.leader.user_id if approvers else None
    i = bisect_left(calendar, trip.start) - rng.randint(8, 14) - (6 if trip.returned_first else 0)
    last = len(calendar) if period.now is None else bisect_right(calendar, period.now) - 1
    i = min(i, last - 6)  # a plan for the weeks after today was made some days before it
    clock = [timezone.make_aware(datetime.datetime.combine(calendar[i], datetime.time(8)))]
    steps = []
    cancel_after_approval = trip.status == "cancelled" and rng.random() < 0.6

    def step(action, actor, comment="", changes=None, gap=(0, 2), day=None):
        nonlocal i
        if day is None:
            i = min(i + rng.randint(*gap), bisect_left(calendar, trip.start) - 1, last)
            day = calendar[i]
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.randrange(60))))
        at = max(at, clock[-1] + datetime.timedelta(minutes=rng.randint(5, 50)))
        clock.append(at)
        steps.append(PlanEvent(action=action, actor_id=actor, comment=comment, changes=changes or {}, at=at))

    step(PlanAction.CREATED, owner.user_id, gap=(0, 0))
    if trip.status == "cancelled" and not cancel_after_approval:
        step(PlanAction.CANCELLED, owner.user_id, rng.choice(CANCEL_COMMENTS), gap=(1, 3))
    elif trip.status != "draft":
        step(PlanAction.SUBMITTED, owner.user_id)
        if trip.returned_first:
            by_leader = rng.random() < 0.3
            if by_leader:
                step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
            step(PlanAction.RETURNED, leader_user if by_leader else head_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
            step(PlanAction.UPDATED, owner.user_id, changes={"agenda": [len(trip.agenda) - 1, len(trip.agenda)]},
                 gap=(1, 2))  # fmt: skip
            step(PlanAction.SUBMITTED, owner.user_id)
        if trip.status == "returned":
            if owner.code != CODES["tochuc"] and rng.random() < 0.4:
                step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
                step(PlanAction.RETURNED, leader_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
            else:
                step(PlanAction.RETURNED, head_user, rng.choice(RETURN_COMMENTS), gap=(1, 2))
        elif trip.status != "submitted":
            step(PlanAction.DEPARTMENT_APPROVED, head_user, gap=(1, 2))
            if trip.status != "dept_ok":
                step(PlanAction.APPROVED, leader_user, gap=(1, 2))
        if trip.status == "cancelled":
            step(PlanAction.CANCELLED, owner.user_id, rng.choice(CANCEL_COMMENTS), gap=(0, 1))
    end = bisect_left(calendar, trip.end)
    if trip.status == "done" or (trip.status == "approved" and trip.title not in period.showcase.titles and
                                 trip.start < period.drafts_before and rng.random() < 0.35):  # fmt: skip
        i = min(end + rng.randint(0, 3), last)
        step(PlanAction.REPORT_SAVED, owner.user_id, changes={"report": ["", "lập báo cáo"]}, day=calendar[i])
        if trip.status == "done":
            late = rng.random() < 0.2
            step(PlanAction.REPORT_SUBMITTED, owner.user_id, day=calendar[min(i + rng.randint(6, 12) if late else
                 i + rng.randint(0, 4), last)])  # fmt: skip
    status = {"returned": PlanStatus.DRAFT, "dept_ok": PlanStatus.DEPARTMENT_APPROVED}.get(trip.status, trip.status)
    submitted = any(s.action == PlanAction.SUBMITTED for s in steps)
    plan = VisitPlan(
        title=trip.title, owner=owner, department=owner.department,
        start_date=trip.start, end_date=trip.end, status=status,
        counterparts=_counterparts(trip, rng), documents_studied=_documents(trip, rng),
        department_approver=approvers.department_head if submitted else None,
        leader_approver=approvers.leader if submitted else None,
        created_by_id=owner.user_id, created_at=steps[0].at, updated_at=steps[-1].at,
    )  # fmt: skip
    plan.normalize_text()
    return plan, steps


def _counterparts(trip: Trip, rng: random.Random) -> str:
    lines = []
    for unit in trip.units:
        if unit.level.key == "hamlet":
            lines.append("Chi ủy chi bộ " + in_sentence(unit.name))
        else:
            name = in_sentence(unit.name)
            lines += [pattern.format(name) for pattern in rng.sample(COUNTERPARTS, 2)]
    return "\n".join(lines)


def _documents(trip: Trip, rng: random.Random) -> str:
    pool = DOCUMENTS[trip.owner.key] + DOCUMENTS["common"]
    return "\n".join(rng.sample(pool, rng.randint(1, 3)))


def _reports(reports: list, agenda: list, rng: random.Random) -> int:
    """Trip reports: submitted for trips done, drafts for some approved trips; a part per unit with a finding per
    agenda item, guidance, recommendations (records once submitted, as the service makes them), follow-ups."""
    items_of = {}
    for item in agenda:
        items_of.setdefault(item.plan_id, []).append(item)
    rows = []
    for plan, trip, steps in reports:
        submitted = steps[-1].at if steps[-1].action == PlanAction.REPORT_SUBMITTED else None
        rows.append(
            TripReport(
                plan=plan,
                status=TripReportStatus.SUBMITTED if submitted else TripReportStatus.DRAFT,
                start_date=trip.start,
                end_date=trip.end,
                summary=rng.choice(SUMMARIES) if submitted else "",
                guidance_conveyed=rng.choice(CONVEYED) if submitted and rng.random() < 0.6 else "",
                submitted_at=submitted,
                first_submitted_at=submitted,
                updated_at=steps[-1].at,
            )
        )
    TripReport.objects.bulk_create(rows, batch_size=1000)
    parts, raised = [], []
    for report, (_row, trip, _steps) in zip(rows, reports, strict=True):
        for unit in trip.units:
            dry = trip.start.month in (12, 1, 2, 3, 4, 5)
            lines = rng.sample(RECOMMENDATIONS, rng.choice([1, 1, 2])) if rng.random() < 0.3 else []
            part = UnitVisitReport(
                report=report,
                unit=unit,
                situation=DRY_SEASON if dry and rng.random() < 0.3 else rng.choice(SITUATIONS),
                guidance_given=rng.choice(GUIDANCE),
                recommendations_text="\n".join(lines),
            )
            parts.append(part)
            if report.status == TripReportStatus.SUBMITTED:
                raised += [(part, line, trip, report) for line in lines]
    UnitVisitReport.objects.bulk_create(parts, batch_size=2000)
    findings, follow_ups = [], []
    for part in parts:
        report = part.report
        for item in items_of[report.plan_id]:
            if report.status == TripReportStatus.SUBMITTED or rng.random() < 0.5:
                findings.append(Finding(unit_report=part, agenda_item=item, text=rng.choice(FINDINGS[item.kind])))
            else:
                findings.append(Finding(unit_report=part, agenda_item=item, text=""))
        if report.status == TripReportStatus.SUBMITTED and rng.random() < 0.5:
            due = report.end_date + datetime.timedelta(days=rng.randint(20, 45))
            done = due - datetime.timedelta(days=rng.randint(-5, 15)) if rng.random() < 0.6 else None
            follow_ups.append(FollowUp(unit_report=part, text=rng.choice(FOLLOW_UPS), due_date=due, done_on=done))
    Finding.objects.bulk_create(findings, batch_size=2000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    return raise_recommendations([(part, line, trip.owner.person, report) for part, line, trip, report in raised])


def raise_recommendations(raised: list) -> int:
    """The recommendations of submitted trip reports as records, one per line, each linked to its unit's part of
    the report, as the service makes them: `raised` holds (part, line, owner, report)."""
    records = Recommendation.objects.bulk_create(
        [
            Recommendation(
                unit_id=part.unit_id,
                text=line,
                source=RecommendationSource.VISIT,
                raised_on=report.start_date,
                carried_by=owner,
                created_by_id=owner.user_id,
                created_at=report.submitted_at,
                updated_at=report.submitted_at,
            )
            for part, line, owner, report in raised
        ],
        batch_size=2000,
    )
    UnitVisitReport.recommendations.through.objects.bulk_create(
        [
            UnitVisitReport.recommendations.through(unitvisitreport_id=part.pk, recommendation_id=record.pk)
            for (part, _line, _owner, _report), record in zip(raised, records, strict=True)
        ],
        batch_size=2000,
    )
    return len(records)
