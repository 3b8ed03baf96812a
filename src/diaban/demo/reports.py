"""Meeting reports of the Bến Tre demo, so that the reporting rate and timeliness tell a story.

Of the attendances the demo records, most are reported within the due time, some late, some never; a few
reports raise recommendations of the kind the articles describe (water for the dry season, rural roads, land,
social policy). The demo cadre's last meetings of a period stay unreported: his home page has reports to file. Those
of June 2025 he sent late, on the district level's last day, once the demo is built past it (assumed for the demo:
the reports left were sent before the handover). Generated, deterministic (seeded), written in bulk; loaded once.
The texts are in data/reports.json.
"""

import datetime
import random

from django.utils import timezone

from diaban.core.dates import today
from diaban.core.models import subtree_q
from diaban.demo.accounts import DEMO_CADRE
from diaban.demo.common import data
from diaban.demo.meetings.facts import BEFORE_REFORM
from diaban.feedback.models import Recommendation, RecommendationSource
from diaban.meetings.choices import MeetingStatus, OverallQuality, ReportStatus
from diaban.meetings.models import Attendance, MeetingReport, QualityCriterion, report_due_date
from diaban.territory.models import Unit
from diaban.territory.reform import REFORM_DATE

SEED = 2024_06
MISSING = 0.12  # attendances never reported
LATE = 0.18  # of those reported, first sent after the due date
WITH_RECOMMENDATION = 0.12
_TEXTS = data("reports")
REGULAR_CONTENT = _TEXTS["regular_content"]  # of a regular meeting without a topic
GUIDANCE = _TEXTS["guidance"]
RECOMMENDATIONS = _TEXTS["recommendations"]


def load_reports(province: Unit, log, recent_from: datetime.date = BEFORE_REFORM.recent_from) -> None:
    """Reports of the attendances recorded in `province`, once. The demo cadre's from `recent_from` on stay to be
    filed; a report whose day of sending is after today is not sent yet."""
    attendances = Attendance.objects.filter(
        subtree_q("meeting__organization__unit__path", province.path), meeting__status=MeetingStatus.HELD
    )
    if MeetingReport.objects.filter(attendance__in=attendances).exists():
        log("Báo cáo dự sinh hoạt mẫu đã có: giữ nguyên.")
        return
    rng = random.Random(SEED)
    criteria = list(QualityCriterion.objects.filter(active=True).values_list("pk", flat=True))
    rows = list(
        attendances.order_by("meeting__date", "id").values_list(
            "pk", "person_id", "person__code", "meeting__date", "meeting__topic", "meeting__members_total",
            "meeting__members_present", "meeting__committee_met_before", "meeting__organization__unit_id",
        )
    )  # fmt: skip
    last_of_demo_cadre = {pk for pk, _p, code, date, *_rest in rows if code == DEMO_CADRE and date >= recent_from}
    now = timezone.make_aware(datetime.datetime.combine(today(), datetime.time(7)))
    reports, raised, sent_before_reform = [], [], []
    for pk, person_id, _code, date, topic, total, present, met, unit_id in rows:
        if pk in last_of_demo_cadre:
            if date < REFORM_DATE <= today():
                sent_before_reform.append((pk, date, topic, total, present, met))
            continue
        if rng.random() < MISSING:
            continue
        delay = rng.randint(6, 25) if rng.random() < LATE else rng.randint(0, 5)
        sent = timezone.make_aware(datetime.datetime.combine(date + datetime.timedelta(days=delay), datetime.time(16)))
        if sent > now:
            continue
        report = _submitted(pk, date, topic, total, present, met, sent, rng)
        reports.append(report)
        if rng.random() < WITH_RECOMMENDATION:
            raised.append((len(reports) - 1, rng.choice(RECOMMENDATIONS), unit_id, date, person_id))
    reports += _sent_before_reform(sent_before_reform)  # last: the draws above stay as they were
    reports = MeetingReport.objects.bulk_create(reports, batch_size=2000)
    met_rows = []
    for report in reports:
        for criterion in criteria:
            if rng.random() < 0.8:
                met_rows.append(
                    MeetingReport.criteria_met.through(meetingreport_id=report.pk, qualitycriterion_id=criterion)
                )
    MeetingReport.criteria_met.through.objects.bulk_create(met_rows, batch_size=5000)
    recommendations = Recommendation.objects.bulk_create(
        [
            Recommendation(
                unit_id=unit_id, text=text, source=RecommendationSource.MEETING, raised_on=date, carried_by_id=person_id
            )  # fmt: skip
            for _i, text, unit_id, date, person_id in raised
        ],
        batch_size=2000,
    )
    for report, (_i, text, *_rest) in zip([reports[r[0]] for r in raised], raised, strict=True):
        report.recommendations_text = text
    MeetingReport.objects.bulk_update([reports[r[0]] for r in raised], ["recommendations_text"], batch_size=2000)
    MeetingReport.recommendations.through.objects.bulk_create(
        [
            MeetingReport.recommendations.through(meetingreport_id=reports[r[0]].pk, recommendation_id=rec.pk)
            for r, rec in zip(raised, recommendations, strict=True)
        ],
        batch_size=5000,
    )
    late = sum(1 for r in reports if r.first_submitted_at.date() > r.due_date)
    log(
        "Báo cáo dự sinh hoạt: {} báo cáo cho {} lượt dự ({} nộp trễ), {} kiến nghị.".format(
            len(reports), len(rows), late, len(recommendations)
        )
    )


def _sent_before_reform(rows: list) -> list[MeetingReport]:
    """The demo cadre's reports of his last meetings before the reform, sent late on 30/06/2025."""
    rng = random.Random(SEED + 1)
    sent = timezone.make_aware(datetime.datetime.combine(REFORM_DATE - datetime.timedelta(days=1), datetime.time(15)))
    return [_submitted(pk, date, *figures, sent, rng) for pk, date, *figures in rows]


def _submitted(pk, date, topic, total, present, met, sent, rng: random.Random) -> MeetingReport:
    """A report sent at `sent`, with the meeting's figures, an overall assessment and the guidance conveyed."""
    return MeetingReport(
        attendance_id=pk, status=ReportStatus.SUBMITTED, due_date=report_due_date(date), members_total=total,
        members_present=present, committee_met_before=met, content=topic or REGULAR_CONTENT,
        overall=rng.choices(list(OverallQuality.values), weights=[55, 35, 9, 1])[0], guidance=rng.choice(GUIDANCE),
        submitted_at=sent, first_submitted_at=sent,
    )  # fmt: skip
