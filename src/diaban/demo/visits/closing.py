"""The year's plans closed at the reform: on 30/06/2025, the last day of the district level and of the communes
that merged, each owner closes what was still in hand, so that no approver's queue and no owner's home page carries
June 2025 into today.

- A trip done whose report was still a draft is reported: the findings left empty are written, the report is
  submitted, and its recommendations become records as the service makes them (their lives follow, as those of
  every report's, `demo.feedback`).
- A plan that will not be carried out (a draft, one returned, one waiting for a step, one approved but never
  reported) is cancelled by its owner with the reason: its places no longer exist as they were.

Assumed for the demo (the articles do not say): that staff closed their plans this way before the reform. Generated
with a seed of its own, after the year's plans: the year itself is unchanged, its state on 30/06/2025 before the
closing is the history up to the closing's events."""

import datetime
import random

from django.utils import timezone

from diaban.demo.common import stamps_as_given
from diaban.demo.visits.facts import END, FINDINGS, SUMMARIES
from diaban.demo.visits.writing import raise_recommendations
from diaban.feedback.models import Recommendation
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import Finding, PlanEvent, TripReport, VisitPlan

SEED = 2025_06_30
CLOSING_DAY = END
CLOSED = (
    "Không thực hiện trước khi kết thúc cấp huyện; đóng kế hoạch khi sắp xếp đơn vị hành chính từ 01/07/2025 "
    "(địa bàn mới lập kế hoạch mới)."
)
CLOSED_REPORT = "Nộp báo cáo khi đóng kế hoạch trước ngày 01/07/2025."
IN_HAND = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED, PlanStatus.APPROVED)


def close_before_reform(log) -> None:
    """Once: report the trips done whose report was a draft, cancel the rest of the plans still in hand."""
    if PlanEvent.objects.filter(action=PlanAction.CANCELLED, comment=CLOSED).exists():
        log("Kế hoạch đi cơ sở còn dở đến 30/06/2025 đã được đóng: giữ nguyên.")
        return
    rng = random.Random(SEED)
    plans = list(
        VisitPlan.objects.filter(start_date__lte=END, status__in=IN_HAND)
        .select_related("owner")
        .prefetch_related("events")
        .order_by("start_date", "id")
    )
    drafts = {
        r.plan_id: r
        for r in TripReport.objects.filter(plan__in=plans, status=TripReportStatus.DRAFT).prefetch_related(
            "units__findings__agenda_item"
        )
    }
    events, reported, cancelled = [], [], []
    for plan in plans:
        last = max(e.at for e in plan.events.all())
        at = max(
            timezone.make_aware(datetime.datetime.combine(CLOSING_DAY, datetime.time(rng.randint(8, 16)))),
            last + datetime.timedelta(minutes=rng.randint(10, 50)),
        )
        report = drafts.get(plan.pk)
        if plan.status == PlanStatus.APPROVED and report is not None:
            report.plan = plan
            _submit(report, at, rng)
            plan.status = PlanStatus.DONE
            events.append(
                PlanEvent(
                    plan=plan, action=PlanAction.REPORT_SUBMITTED, actor_id=plan.owner.user_id, comment=CLOSED_REPORT,
                    at=at,
                )
            )  # fmt: skip
            reported.append(report)
        else:
            plan.status = PlanStatus.CANCELLED
            events.append(
                PlanEvent(plan=plan, action=PlanAction.CANCELLED, actor_id=plan.owner.user_id, comment=CLOSED, at=at)
            )
            cancelled.append(plan)
        plan.updated_at = at
    with stamps_as_given(VisitPlan, PlanEvent, TripReport, Recommendation):
        VisitPlan.objects.bulk_update(plans, ["status", "updated_at"])
        PlanEvent.objects.bulk_create(events)
        raised = _records(reported)
    log(
        "Đóng kế hoạch đi cơ sở còn dở ngày {}: {} chuyến đã đi nộp báo cáo ({} kiến nghị), {} kế hoạch hủy".format(
            CLOSING_DAY.strftime("%d/%m/%Y"), len(reported), raised, len(cancelled)
        )
    )


def _submit(report: TripReport, at, rng: random.Random) -> None:
    """The draft finished and sent: every finding written, an overall assessment."""
    findings = []
    for part in report.units.all():
        for finding in part.findings.all():
            if not finding.text:
                finding.text = rng.choice(FINDINGS[finding.agenda_item.kind])
                findings.append(finding)
    Finding.objects.bulk_update(findings, ["text"])
    report.status = TripReportStatus.SUBMITTED
    report.summary = report.summary or rng.choice(SUMMARIES)
    report.submitted_at = report.first_submitted_at = report.updated_at = at
    report.save(update_fields=["status", "summary", "submitted_at", "first_submitted_at", "updated_at"])


def _records(reports: list[TripReport]) -> int:
    raised = []
    for report in reports:
        for part in report.units.all():
            raised += [(part, line, report.plan.owner, report) for line in part.recommendations_text.splitlines()]
    return raise_recommendations(raised)
