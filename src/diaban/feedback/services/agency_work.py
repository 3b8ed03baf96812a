"""The agency's work on a recommendation forwarded to it: acknowledging it, asking for more, giving it back,
answering (the Standing Committee answers those sent up the same way), closing, and the answer told back to the
grassroots."""

import datetime

from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date
from diaban.feedback import rules, selectors
from diaban.feedback.choices import EventAction, RecommendationStatus
from diaban.feedback.models import Agency, Recommendation, RecommendationEvent
from diaban.feedback.services.checks import day_of, locked, require, text_of
from diaban.people.permissions import person_of

S = RecommendationStatus


@transaction.atomic
def acknowledge(*, actor, recommendation) -> Recommendation:
    recommendation = locked(recommendation)
    require(
        selectors.can_work_as_agency(actor, recommendation) and recommendation.status == S.FORWARDED,
        "Chỉ cơ quan được chuyển mới xác nhận đã nhận kiến nghị.",
    )
    recommendation.status = S.ACKNOWLEDGED
    recommendation.save()
    RecommendationEvent.record(recommendation=recommendation, action=EventAction.ACKNOWLEDGED, actor=actor)
    return recommendation


@transaction.atomic
def request_information(*, actor, recommendation, question: str) -> Recommendation:
    recommendation = locked(recommendation)
    require(selectors.can_work_as_agency(actor, recommendation), "Chỉ cơ quan đang giải quyết mới đề nghị bổ sung.")
    question = text_of(question, "question", "nội dung cần bổ sung")
    recommendation.status = S.INFO_REQUESTED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.INFO_REQUESTED, actor=actor, comment=question or ""
    )
    return recommendation


@transaction.atomic
def provide_information(*, actor, recommendation, information: str) -> Recommendation:
    recommendation = locked(recommendation)
    require(
        selectors.can_provide_info(actor, recommendation),
        "Chỉ cán bộ tiếp nhận, người ghi kiến nghị hoặc Ban Tổ chức mới bổ sung thông tin.",
    )
    information = text_of(information, "information", "thông tin bổ sung", limits.TEXT)
    recommendation.status = S.ACKNOWLEDGED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.INFO_PROVIDED, actor=actor, comment=information or ""
    )
    return recommendation


@transaction.atomic
def return_to_sender(*, actor, recommendation, reason: str) -> Recommendation:
    """The agency says it is not its own: back to organization staff to route again, with the reason."""
    recommendation = locked(recommendation)
    require(selectors.can_work_as_agency(actor, recommendation), "Chỉ cơ quan đang giải quyết mới trả lại kiến nghị.")
    reason = text_of(reason, "reason", "lý do trả lại (vì sao không thuộc thẩm quyền)")
    former = recommendation.agency
    recommendation.status = S.RETURNED
    recommendation.level = ""
    recommendation.agency = None
    recommendation.forwarded_on = None
    recommendation.deadline = None
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.RETURNED, actor=actor, comment=reason or "", agency=former
    )
    return recommendation


def answerer_name(actor) -> str:
    agencies = selectors.agency_ids_of(actor) if getattr(actor, "pk", None) else set()
    if agencies:
        return ", ".join(Agency.objects.filter(pk__in=agencies).order_by("name").values_list("name", flat=True))
    person = person_of(actor)
    if person is not None:
        return person.full_name
    return (actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else "hệ thống"


def record_answer(recommendation, actor, answer, on, comment_action=EventAction.ANSWERED) -> None:
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, on, actor
    name = answerer_name(actor)
    if recommendation.status == S.ESCALATED and not selectors.agency_ids_of(actor):
        name = rules.standing_committee_answerer(name)
    recommendation.answered_by_name = name
    recommendation.status = S.ANSWERED
    recommendation.save()
    RecommendationEvent.record(recommendation=recommendation, action=comment_action, actor=actor, comment=answer or "")


@transaction.atomic
def answer(*, actor, recommendation, text: str, on: datetime.date | None = None, close: bool = False):
    """The agency's answer, or the Standing Committee's for one sent up; `close` also ends it."""
    recommendation = locked(recommendation)
    require(selectors.can_answer(actor, recommendation), "Bạn không trả lời được kiến nghị này.")
    text = text_of(text, "answer", "nội dung trả lời", limits.TEXT)
    start = recommendation.forwarded_on or recommendation.escalated_on or recommendation.raised_on
    on = day_of(on, "answered_on", start, "nhận kiến nghị")
    record_answer(recommendation, actor, text, on)
    if close:
        recommendation.status = S.CLOSED
        recommendation.save()
        RecommendationEvent.record(recommendation=recommendation, action=EventAction.CLOSED, actor=actor)
    return recommendation


@transaction.atomic
def close(*, actor, recommendation, comment: str = "") -> Recommendation:
    recommendation = locked(recommendation)
    require(selectors.can_close(actor, recommendation), "Chỉ cơ quan đã trả lời hoặc Ban Tổ chức mới kết thúc.")
    comment = text_of(comment, "comment", "ghi chú", required=False)
    recommendation.status = S.CLOSED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.CLOSED, actor=actor, comment=comment or ""
    )
    return recommendation


@transaction.atomic
def mark_conveyed(*, actor, recommendation, on: datetime.date | None = None, report=None) -> Recommendation:
    """The answer was told to the grassroots (at a cell meeting: `report` is that meeting's report)."""
    recommendation = locked(recommendation)
    require(
        selectors.can_convey(actor, recommendation)
        or (report is not None and selectors.can_convey_at_meeting(actor, recommendation, report)),
        "Bạn không ghi được việc thông tin lại trả lời này.",
    )
    if report is not None:
        on = report.attendance.meeting.date
    on = day_of(on, "conveyed_on", recommendation.answered_on, "trả lời")
    recommendation.conveyed_on = on
    recommendation.conveyed_by = person_of(actor)
    recommendation.save()
    comment = ""
    if report is not None:
        report.answers_conveyed.add(recommendation)
        comment = "Tại buổi sinh hoạt ngày {}.".format(format_date(report.attendance.meeting.date))
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.CONVEYED, actor=actor, comment=comment or ""
    )
    return recommendation
