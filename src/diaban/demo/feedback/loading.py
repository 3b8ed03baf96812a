"""Loading the recommendations of the demo: once, in bulk, and a summary of what was written."""

import random
from collections import Counter

from django.contrib.auth import get_user_model

from diaban.core.dates import format_date, today
from diaban.demo.common import refresh_statistics, stamps_as_given
from diaban.demo.feedback.channels import lives_from_channels
from diaban.demo.feedback.context import STAFF, Context, build_context
from diaban.demo.feedback.facts import BEFORE_REFORM, SOURCE, Period, S, after_reform
from diaban.demo.feedback.from_reports import existing_life
from diaban.demo.feedback.groups import build_groups
from diaban.demo.feedback.handover import handover_lives
from diaban.demo.feedback.showcase import showcase_lives, showcase_today_lives
from diaban.feedback import rules
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, RecommendationGroup
from diaban.meetings.models import MeetingReport
from diaban.territory.models import Unit


def load_feedback(province: Unit, log) -> None:
    """Bến Tre's year before the reform: agencies, a topic and a life for every recommendation, new ones from the
    other channels, groups; once."""
    _load(province, BEFORE_REFORM, log)


def load_feedback_after_reform(province: Unit, log) -> None:
    """Today's Vĩnh Long from 01/07/2025 to today: its agencies under their names since 2025, a topic and a life for
    the recommendations of its meeting reports, new ones from the other channels; once."""
    _load(province, after_reform(today()), log)


def _load(province: Unit, period: Period, log) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["coquan", *STAFF, "lanhdao"])}
    loaded = Agency.objects.filter(unit=province, name=period.agencies[0][1]).first()
    if loaded is not None:
        if "coquan" in users:
            loaded.members.add(users["coquan"])
        log("Kiến nghị mẫu từ {} đã có: giữ nguyên.".format(format_date(period.start)))
        return
    refresh_statistics(Recommendation, MeetingReport)
    rng = random.Random(period.seed)
    ctx = build_context(province, users, rng, period)
    lives = [existing_life(ctx, rec) for rec in ctx.existing]
    new_lives = lives_from_channels(ctx)
    # The groups are the year before the reform's; each period has its showcase.
    group_rows, group_lives = build_groups(ctx) if period == BEFORE_REFORM else ([], [])
    new_lives += group_lives + (showcase_lives(ctx) if period == BEFORE_REFORM else showcase_today_lives(ctx))
    answered_groups = []
    if period != BEFORE_REFORM:  # last, so that the draws of the others stay as they were
        handed, answered_groups = handover_lives(ctx)
        lives += handed
    with stamps_as_given(Recommendation, RecommendationGroup):
        RecommendationGroup.objects.bulk_create(group_rows)
        Recommendation.objects.bulk_create([life.rec for life in new_lives], batch_size=1000)
        Recommendation.objects.bulk_update([life.rec for life in lives], _UPDATED_FIELDS, batch_size=500)
        RecommendationGroup.objects.bulk_update(answered_groups, ["answer", "answered_on"])
    RecommendationEvent.objects.bulk_create([e for life in lives + new_lives for e in life.events], batch_size=2000)
    MeetingReport.answers_conveyed.through.objects.bulk_create(
        [
            MeetingReport.answers_conveyed.through(meetingreport_id=report_id, recommendation_id=life.rec.pk)
            for life in lives + new_lives
            if (report_id := life.conveyed_at_report) is not None
        ],
        batch_size=2000,
    )
    refresh_statistics(Recommendation, RecommendationEvent, RecommendationGroup)
    _summary([life.rec for life in lives + new_lives], ctx, group_rows, log)


_UPDATED_FIELDS = [
    "topic", "raiser_kind", "raiser_name", "status", "level", "agency", "forwarded_on", "deadline", "escalated_on",
    "answer", "answered_on", "answered_by", "answered_by_name", "conveyed_on", "conveyed_by", "search_key",
    "created_at", "updated_at",
]  # fmt: skip


def _summary(recs: list, ctx: Context, groups: list, log) -> None:
    start, end = ctx.period.start, ctx.period.end
    year = [r for r in recs if start <= r.raised_on <= end]
    sources = Counter(r.source for r in year)
    status = Counter(r.status for r in recs)
    open_ = [r for r in recs if r.status not in (S.ANSWERED, S.CLOSED)]
    overdue = sum(1 for r in open_ if rules.is_overdue(r.deadline, end))
    log(
        "Kiến nghị {}–{}: {} ({} từ báo cáo dự sinh hoạt, {} từ chuyến đi cơ sở, {} đơn thư, {} dư luận, {} báo cáo "
        "của đơn vị, {} nhập trực tiếp); {} cơ quan giải quyết".format(
            format_date(start), format_date(end), len(year), sources[SOURCE.MEETING], sources[SOURCE.VISIT],
            sources[SOURCE.PETITION], sources[SOURCE.PUBLIC_OPINION], sources[SOURCE.UNIT_REPORT],
            sources[SOURCE.DIRECT], len({a.pk for a in ctx.agencies.values()}),
        )
    )  # fmt: skip
    groups_said = "; {} nhóm kiến nghị tương tự ({} đã trả lời chung)".format(
        len(groups), sum(1 for g in groups if g.answered_on)
    )
    log(
        "Đến {}: {} đã trả lời, {} đã kết thúc, {} đang mở ({} quá hạn, {} chờ Thường trực){}".format(
            format_date(end), status[S.ANSWERED], status[S.CLOSED], len(open_), overdue, status[S.ESCALATED],
            groups_said if groups else "",
        )
    )  # fmt: skip
