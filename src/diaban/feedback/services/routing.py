"""Routing by organization staff: answered on the spot, forwarded to the competent agency (the deadline runs from
that day), or sent up to the Standing Committee."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.feedback import rules, selectors
from diaban.feedback.choices import WITH_AGENCY, AuthorityLevel, EventAction, RecommendationStatus
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent, Topic
from diaban.feedback.services.agency_work import answerer_name
from diaban.feedback.services.checks import day_of, locked, require, text_of

S = RecommendationStatus


@transaction.atomic
def answer_on_the_spot(*, actor, recommendation, answer: str, on: datetime.date | None = None) -> Recommendation:
    """Answered where it was raised, within the cadre's or the committee's own authority."""
    recommendation = locked(recommendation)
    require(selectors.can_route(actor, recommendation), "Chỉ Ban Tổ chức phụ trách địa bàn mới phân loại kiến nghị.")
    answer = text_of(answer, "answer", "nội dung trả lời", limits.TEXT)
    on = day_of(on, "answered_on", recommendation.raised_on, "nêu kiến nghị")
    recommendation.level = AuthorityLevel.ON_THE_SPOT
    recommendation.status = S.ANSWERED
    recommendation.agency = None
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, on, actor
    recommendation.answered_by_name = answerer_name(actor)
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.ANSWERED_ON_SPOT, actor=actor, comment=answer or ""
    )
    return recommendation


@transaction.atomic
def forward(
    *, actor, recommendation, agency: Agency, topic: Topic | None = None, on: datetime.date | None = None,
    comment: str = "",
) -> Recommendation:  # fmt: skip
    """Forward to the competent agency; the deadline runs from `on` in working days of the topic."""
    recommendation = locked(recommendation)
    require(selectors.can_route(actor, recommendation), "Chỉ Ban Tổ chức phụ trách địa bàn mới chuyển kiến nghị.")
    topic = topic or recommendation.topic
    if topic is None:
        raise ValidationError({"topic": "Cần chọn lĩnh vực: thời hạn trả lời tính theo lĩnh vực."})
    if agency is None:
        raise ValidationError({"agency": "Cần chọn cơ quan giải quyết."})
    if not agency.is_active:
        raise ValidationError({"agency": "{} không còn nhận kiến nghị.".format(agency.name)})
    if not recommendation.unit.path.startswith(agency.unit.path):
        raise ValidationError({"agency": "{} không phụ trách {}.".format(agency.name, recommendation.unit.name)})
    if agency.pk == recommendation.agency_id and recommendation.status in WITH_AGENCY:
        raise ValidationError({"agency": "Kiến nghị đang ở {}.".format(agency.name)})
    on = day_of(on, "forwarded_on", recommendation.raised_on, "nêu kiến nghị")
    comment = text_of(comment, "comment", "ghi chú", required=False)
    recommendation.topic = topic
    recommendation.level = AuthorityLevel.AGENCY
    recommendation.agency = agency
    recommendation.forwarded_on = on
    recommendation.deadline = rules.deadline_for(topic, on)
    recommendation.status = S.FORWARDED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation,
        action=EventAction.FORWARDED,
        actor=actor,
        comment=comment or rules.deadline_note(recommendation.deadline),
    )
    return recommendation


@transaction.atomic
def escalate(*, actor, recommendation, comment: str, topic: Topic | None = None, on=None) -> Recommendation:
    """Beyond any agency: to the Standing Committee (Thường trực), with the reason."""
    recommendation = locked(recommendation)
    require(
        selectors.can_route(actor, recommendation) and recommendation.status != S.ESCALATED,
        "Chỉ Ban Tổ chức phụ trách địa bàn mới trình Thường trực.",
    )
    comment = text_of(comment, "comment", "lý do trình Thường trực")
    topic = topic or recommendation.topic
    if topic is None:
        raise ValidationError({"topic": "Cần chọn lĩnh vực: thời hạn trả lời tính theo lĩnh vực."})
    on = day_of(on, "escalated_on", recommendation.raised_on, "nêu kiến nghị")
    to_standing_committee(recommendation, topic, on)
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.ESCALATED, actor=actor, comment=comment or ""
    )
    return recommendation


def to_standing_committee(recommendation, topic, on) -> None:
    recommendation.topic = topic
    recommendation.level = AuthorityLevel.STANDING_COMMITTEE
    recommendation.status = S.ESCALATED
    recommendation.escalated_on = on
    recommendation.deadline = rules.deadline_when_escalated(recommendation.deadline, topic, on)
    recommendation.save()
