"""Groups of similar recommendations: the same problem raised in several units, answered once for all."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date
from diaban.core.models import SEGMENT_LENGTH
from diaban.feedback import selectors
from diaban.feedback.choices import AuthorityLevel, EventAction
from diaban.feedback.models import Recommendation, RecommendationEvent, RecommendationGroup
from diaban.feedback.services.agency_work import record_answer
from diaban.feedback.services.checks import day_of, require, text_of
from diaban.territory.models import Unit


def _common_unit(units) -> Unit:
    paths = [unit.path for unit in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-SEGMENT_LENGTH]
    if not prefix:
        raise ValidationError({"members": "Các kiến nghị không cùng một tỉnh."})
    return Unit.objects.get(path=prefix)


@transaction.atomic
def group_create(*, actor, recommendations, title: str) -> RecommendationGroup:
    recommendations = list(recommendations)
    if len(recommendations) < 2:
        raise ValidationError({"members": "Một nhóm cần ít nhất hai kiến nghị."})
    for recommendation in recommendations:
        require(selectors.can_group(actor, recommendation),
                 "Kiến nghị số {} nằm ngoài phạm vi nhập liệu của bạn.".format(recommendation.pk))  # fmt: skip
    already = [r for r in recommendations if r.group_id is not None]
    if already:
        raise ValidationError({"members": "Kiến nghị số {} đã thuộc một nhóm; thêm vào nhóm đó.".format(already[0].pk)})
    title = text_of(title, "title", "vấn đề chung của nhóm", limits.TITLE)
    group = RecommendationGroup.objects.create(
        title=title, unit=_common_unit([r.unit for r in recommendations]), created_by=actor
    )
    for recommendation in recommendations:
        _join(group, recommendation, actor)
    return group


def _join(group, recommendation, actor) -> None:
    recommendation.group = group
    recommendation.save(update_fields=["group", "updated_at"])
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.GROUPED, actor=actor, comment=group.title
    )


@transaction.atomic
def group_add(*, actor, group: RecommendationGroup, recommendation) -> RecommendationGroup:
    require(selectors.can_group(actor, recommendation), "Kiến nghị nằm ngoài phạm vi nhập liệu của bạn.")
    if recommendation.group_id == group.pk:
        raise ValidationError({"members": "Kiến nghị số {} đã ở trong nhóm.".format(recommendation.pk)})
    if recommendation.group_id is not None:
        raise ValidationError({"members": "Kiến nghị số {} thuộc nhóm khác.".format(recommendation.pk)})
    _join(group, recommendation, actor)
    units = [group.unit, recommendation.unit]
    common = _common_unit(units)
    if common.pk != group.unit_id:
        group.unit = common
        group.save(update_fields=["unit"])
    return group


@transaction.atomic
def group_remove(*, actor, group: RecommendationGroup, recommendation) -> RecommendationGroup:
    require(selectors.can_group(actor, recommendation), "Kiến nghị nằm ngoài phạm vi nhập liệu của bạn.")
    if recommendation.group_id != group.pk:
        raise ValidationError({"members": "Kiến nghị số {} không ở trong nhóm.".format(recommendation.pk)})
    recommendation.group = None
    recommendation.save(update_fields=["group", "updated_at"])
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.UNGROUPED, actor=actor, comment=group.title
    )
    return group


@transaction.atomic
def group_answer(*, actor, group: RecommendationGroup, text: str, on: datetime.date | None = None):
    """One answer for the whole group: every open member gets it, so it reaches every unit in the group."""
    members = list(
        Recommendation.objects.select_for_update(of=("self",))
        .filter(group=group)
        .select_related("unit", "topic", "agency", "carried_by")
    )
    require(selectors.can_answer_group(actor, members), "Bạn không trả lời được mọi kiến nghị còn mở của nhóm.")
    text = text_of(text, "answer", "nội dung trả lời chung", limits.TEXT)
    on = day_of(on, "answered_on")
    for member in members:
        if not member.is_open:
            continue
        start = member.forwarded_on or member.escalated_on or member.raised_on
        if on < start:
            raise ValidationError(
                {"answered_on": "Kiến nghị số {} được nhận ngày {}, sau ngày trả lời.".format(member.pk,
                                                                                              format_date(start))}
            )  # fmt: skip
        if not member.level:
            member.level = AuthorityLevel.ON_THE_SPOT  # answered by the committee itself
        record_answer(member, actor, text, on)
    group.answer, group.answered_on = text, on
    group.save(update_fields=["answer", "answered_on"])
    return group
