"""Recording a recommendation: by hand (the page, the API), from a line of a submitted meeting or trip report,
and its files."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.text import nfc
from diaban.core.uploads import PHOTOS_AND_SCANS, check_upload
from diaban.feedback import selectors
from diaban.feedback.choices import EventAction, RaiserKind, RecommendationSource
from diaban.feedback.models import Recommendation, RecommendationAttachment, RecommendationEvent, Topic
from diaban.feedback.services.checks import day_of, text_of
from diaban.people.permissions import person_of
from diaban.territory.models import Unit


@transaction.atomic
def recommendation_create(
    *,
    actor,
    unit: Unit,
    text: str,
    source: str = RecommendationSource.DIRECT,
    raised_on: datetime.date | None = None,
    topic: Topic | None = None,
    raiser_kind: str = "",
    raiser_name: str = "",
    raiser_contact: str = "",
    carried_by=None,
    attachments=(),
) -> Recommendation:
    if unit is None:
        raise ValidationError({"unit": "Cần chọn địa bàn nêu kiến nghị."})
    if not selectors.can_record(actor, unit):
        raise PermissionDenied("{} nằm ngoài phạm vi của bạn: không ghi được kiến nghị ở đây.".format(unit.name))
    text = text_of(text, "text", "nội dung kiến nghị", limits.TEXT)
    if source not in RecommendationSource.values:
        raise ValidationError({"source": "Nguồn {!r} không có trong danh mục.".format(source)})
    if raiser_kind and raiser_kind not in RaiserKind.values:
        raise ValidationError({"raiser_kind": "Người nêu {!r} không có trong danh mục.".format(raiser_kind)})
    if topic is not None and not topic.is_active:
        raise ValidationError({"topic": "Lĩnh vực {} không còn dùng.".format(topic.name)})
    raised_on = day_of(raised_on, "raised_on")
    if carried_by is None:
        carried_by = person_of(actor)
    recommendation = Recommendation(
        unit=unit,
        text=text,
        source=source,
        raised_on=raised_on,
        topic=topic,
        raiser_kind=raiser_kind or "",
        raiser_name=nfc(raiser_name or ""),
        raiser_contact=nfc(raiser_contact or ""),
        carried_by=carried_by,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    recommendation.check_text_lengths()
    recommendation.save()
    for upload in attachments:
        attach(actor=actor, recommendation=recommendation, upload=upload, check=False)
    RecommendationEvent.record(recommendation=recommendation, action=EventAction.CREATED, actor=actor)
    return recommendation


def recommendation_from_report(*, actor, unit: Unit, text: str, source: str, raised_on, carried_by) -> Recommendation:
    """A line of a submitted meeting or trip report, recorded as received: the report's service has checked its
    author, so the check here is only that there is something to record."""
    recommendation = Recommendation.objects.create(
        unit=unit, text=text_of(text, "text", "nội dung kiến nghị", limits.TEXT), source=source, raised_on=raised_on,
        carried_by=carried_by, created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    RecommendationEvent.record(recommendation=recommendation, action=EventAction.CREATED, actor=actor)
    return recommendation


def attach(*, actor, recommendation, upload, check: bool = True) -> RecommendationAttachment:
    if check and not (
        selectors.can_route(actor, recommendation)
        or selectors.can_provide_info(actor, recommendation)
        or (recommendation.created_by_id == getattr(actor, "pk", None) and recommendation.is_open)
    ):
        raise PermissionDenied("Bạn không đính kèm được tệp vào kiến nghị này.")
    name = check_upload(upload, allowed=PHOTOS_AND_SCANS, field="attachments")
    return RecommendationAttachment.objects.create(
        recommendation=recommendation, file=upload, name=name, uploaded_by=actor
    )
