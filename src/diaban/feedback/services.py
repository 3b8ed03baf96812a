"""Writes of recommendations: recording, routing, the agency's work, the Standing Committee, the answer told back,
groups, and the daily escalation of those long overdue. Who may do what is in selectors.py. Every function checks,
raises ValidationError (Vietnamese, naming the field) or PermissionDenied, and writes a RecommendationEvent.

Deadlines, overdue and escalation follow rules.py: a forwarded recommendation is due `topic.deadline_days` working
days after the day it was forwarded; when it is more than `topic.escalate_after_days` working days past the deadline,
`escalate_overdue` (run by `diaban remind`) sends it to the Standing Committee with the reason written down.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.models import SEGMENT_LENGTH
from diaban.core.scoping import restrict
from diaban.core.text import nfc
from diaban.core.uploads import PHOTOS_AND_SCANS, check_upload
from diaban.feedback import rules, selectors
from diaban.feedback.choices import (
    WITH_AGENCY,
    AuthorityLevel,
    EventAction,
    RaiserKind,
    RecommendationSource,
    RecommendationStatus,
)
from diaban.feedback.models import (
    Agency,
    Recommendation,
    RecommendationAttachment,
    RecommendationEvent,
    RecommendationGroup,
    Topic,
)
from diaban.people.permissions import person_of
from diaban.territory.models import Unit

S = RecommendationStatus


def _text(value, field: str, label: str, limit: int = limits.NOTE, required: bool = True) -> str:
    return limits.clean_text(value, limit, field=field, label=label, required=required)


def _day(on: datetime.date | None, field: str, not_before: datetime.date | None = None, label="") -> datetime.date:
    on = on or today()
    if on > today():
        raise ValidationError({field: "Ngày {} chưa tới.".format(format_date(on))})
    if not_before is not None and on < not_before:
        raise ValidationError(
            {field: "Ngày {} trước ngày {} ({}).".format(format_date(on), label, format_date(not_before))}
        )
    return on


def _lock(recommendation) -> Recommendation:
    """The row again, locked for the change (two staff routing at once cannot both win)."""
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("unit", "topic", "agency", "carried_by")
        .get(pk=recommendation.pk)
    )


# ---------------------------------------------------------------------------------------------------------
# Recording


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
    text = _text(text, "text", "nội dung kiến nghị", limits.TEXT)
    if source not in RecommendationSource.values:
        raise ValidationError({"source": "Nguồn {!r} không có trong danh mục.".format(source)})
    if raiser_kind and raiser_kind not in RaiserKind.values:
        raise ValidationError({"raiser_kind": "Người nêu {!r} không có trong danh mục.".format(raiser_kind)})
    if topic is not None and not topic.is_active:
        raise ValidationError({"topic": "Lĩnh vực {} không còn dùng.".format(topic.name)})
    raised_on = _day(raised_on, "raised_on")
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
        unit=unit, text=_text(text, "text", "nội dung kiến nghị", limits.TEXT), source=source, raised_on=raised_on,
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


# ---------------------------------------------------------------------------------------------------------
# Routing (organization staff)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def answer_on_the_spot(*, actor, recommendation, answer: str, on: datetime.date | None = None) -> Recommendation:
    """Answered where it was raised, within the cadre's or the committee's own authority."""
    recommendation = _lock(recommendation)
    _require(selectors.can_route(actor, recommendation), "Chỉ Ban Tổ chức phụ trách địa bàn mới phân loại kiến nghị.")
    answer = _text(answer, "answer", "nội dung trả lời", limits.TEXT)
    on = _day(on, "answered_on", recommendation.raised_on, "nêu kiến nghị")
    recommendation.level = AuthorityLevel.ON_THE_SPOT
    recommendation.status = S.ANSWERED
    recommendation.agency = None
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, on, actor
    recommendation.answered_by_name = _name_of(actor)
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
    recommendation = _lock(recommendation)
    _require(selectors.can_route(actor, recommendation), "Chỉ Ban Tổ chức phụ trách địa bàn mới chuyển kiến nghị.")
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
    on = _day(on, "forwarded_on", recommendation.raised_on, "nêu kiến nghị")
    comment = _text(comment, "comment", "ghi chú", required=False)
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
    recommendation = _lock(recommendation)
    _require(
        selectors.can_route(actor, recommendation) and recommendation.status != S.ESCALATED,
        "Chỉ Ban Tổ chức phụ trách địa bàn mới trình Thường trực.",
    )
    comment = _text(comment, "comment", "lý do trình Thường trực")
    topic = topic or recommendation.topic
    if topic is None:
        raise ValidationError({"topic": "Cần chọn lĩnh vực: thời hạn trả lời tính theo lĩnh vực."})
    on = _day(on, "escalated_on", recommendation.raised_on, "nêu kiến nghị")
    _to_standing_committee(recommendation, topic, on)
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.ESCALATED, actor=actor, comment=comment or ""
    )
    return recommendation


def _to_standing_committee(recommendation, topic, on) -> None:
    recommendation.topic = topic
    recommendation.level = AuthorityLevel.STANDING_COMMITTEE
    recommendation.status = S.ESCALATED
    recommendation.escalated_on = on
    recommendation.deadline = rules.deadline_when_escalated(recommendation.deadline, topic, on)
    recommendation.save()


# ---------------------------------------------------------------------------------------------------------
# The agency's work


@transaction.atomic
def acknowledge(*, actor, recommendation) -> Recommendation:
    recommendation = _lock(recommendation)
    _require(
        selectors.can_work_as_agency(actor, recommendation) and recommendation.status == S.FORWARDED,
        "Chỉ cơ quan được chuyển mới xác nhận đã nhận kiến nghị.",
    )
    recommendation.status = S.ACKNOWLEDGED
    recommendation.save()
    RecommendationEvent.record(recommendation=recommendation, action=EventAction.ACKNOWLEDGED, actor=actor)
    return recommendation


@transaction.atomic
def request_information(*, actor, recommendation, question: str) -> Recommendation:
    recommendation = _lock(recommendation)
    _require(selectors.can_work_as_agency(actor, recommendation), "Chỉ cơ quan đang giải quyết mới đề nghị bổ sung.")
    question = _text(question, "question", "nội dung cần bổ sung")
    recommendation.status = S.INFO_REQUESTED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.INFO_REQUESTED, actor=actor, comment=question or ""
    )
    return recommendation


@transaction.atomic
def provide_information(*, actor, recommendation, information: str) -> Recommendation:
    recommendation = _lock(recommendation)
    _require(
        selectors.can_provide_info(actor, recommendation),
        "Chỉ cán bộ tiếp nhận, người ghi kiến nghị hoặc Ban Tổ chức mới bổ sung thông tin.",
    )
    information = _text(information, "information", "thông tin bổ sung", limits.TEXT)
    recommendation.status = S.ACKNOWLEDGED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.INFO_PROVIDED, actor=actor, comment=information or ""
    )
    return recommendation


@transaction.atomic
def return_to_sender(*, actor, recommendation, reason: str) -> Recommendation:
    """The agency says it is not its own: back to organization staff to route again, with the reason."""
    recommendation = _lock(recommendation)
    _require(selectors.can_work_as_agency(actor, recommendation), "Chỉ cơ quan đang giải quyết mới trả lại kiến nghị.")
    reason = _text(reason, "reason", "lý do trả lại (vì sao không thuộc thẩm quyền)")
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


def _name_of(actor) -> str:
    agencies = selectors.agency_ids_of(actor) if getattr(actor, "pk", None) else set()
    if agencies:
        return ", ".join(Agency.objects.filter(pk__in=agencies).order_by("name").values_list("name", flat=True))
    person = person_of(actor)
    if person is not None:
        return person.full_name
    return (actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else "hệ thống"


def _answer(recommendation, actor, answer, on, comment_action=EventAction.ANSWERED) -> None:
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, on, actor
    name = _name_of(actor)
    if recommendation.status == S.ESCALATED and not selectors.agency_ids_of(actor):
        name = rules.standing_committee_answerer(name)
    recommendation.answered_by_name = name
    recommendation.status = S.ANSWERED
    recommendation.save()
    RecommendationEvent.record(recommendation=recommendation, action=comment_action, actor=actor, comment=answer or "")


@transaction.atomic
def answer(*, actor, recommendation, text: str, on: datetime.date | None = None, close: bool = False):
    """The agency's answer, or the Standing Committee's for one sent up; `close` also ends it."""
    recommendation = _lock(recommendation)
    _require(selectors.can_answer(actor, recommendation), "Bạn không trả lời được kiến nghị này.")
    text = _text(text, "answer", "nội dung trả lời", limits.TEXT)
    start = recommendation.forwarded_on or recommendation.escalated_on or recommendation.raised_on
    on = _day(on, "answered_on", start, "nhận kiến nghị")
    _answer(recommendation, actor, text, on)
    if close:
        recommendation.status = S.CLOSED
        recommendation.save()
        RecommendationEvent.record(recommendation=recommendation, action=EventAction.CLOSED, actor=actor)
    return recommendation


@transaction.atomic
def close(*, actor, recommendation, comment: str = "") -> Recommendation:
    recommendation = _lock(recommendation)
    _require(selectors.can_close(actor, recommendation), "Chỉ cơ quan đã trả lời hoặc Ban Tổ chức mới kết thúc.")
    comment = _text(comment, "comment", "ghi chú", required=False)
    recommendation.status = S.CLOSED
    recommendation.save()
    RecommendationEvent.record(
        recommendation=recommendation, action=EventAction.CLOSED, actor=actor, comment=comment or ""
    )
    return recommendation


@transaction.atomic
def mark_conveyed(*, actor, recommendation, on: datetime.date | None = None, report=None) -> Recommendation:
    """The answer was told to the grassroots (at a cell meeting: `report` is that meeting's report)."""
    recommendation = _lock(recommendation)
    _require(
        selectors.can_convey(actor, recommendation)
        or (report is not None and selectors.can_convey_at_meeting(actor, recommendation, report)),
        "Bạn không ghi được việc thông tin lại trả lời này.",
    )
    if report is not None:
        on = report.attendance.meeting.date
    on = _day(on, "conveyed_on", recommendation.answered_on, "trả lời")
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


# ---------------------------------------------------------------------------------------------------------
# Groups of similar recommendations


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
        _require(selectors.can_group(actor, recommendation),
                 "Kiến nghị số {} nằm ngoài phạm vi nhập liệu của bạn.".format(recommendation.pk))  # fmt: skip
    already = [r for r in recommendations if r.group_id is not None]
    if already:
        raise ValidationError({"members": "Kiến nghị số {} đã thuộc một nhóm; thêm vào nhóm đó.".format(already[0].pk)})
    title = _text(title, "title", "vấn đề chung của nhóm", limits.TITLE)
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
    _require(selectors.can_group(actor, recommendation), "Kiến nghị nằm ngoài phạm vi nhập liệu của bạn.")
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
    _require(selectors.can_group(actor, recommendation), "Kiến nghị nằm ngoài phạm vi nhập liệu của bạn.")
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
    _require(selectors.can_answer_group(actor, members), "Bạn không trả lời được mọi kiến nghị còn mở của nhóm.")
    text = _text(text, "answer", "nội dung trả lời chung", limits.TEXT)
    on = _day(on, "answered_on")
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
        _answer(member, actor, text, on)
    group.answer, group.answered_on = text, on
    group.save(update_fields=["answer", "answered_on"])
    return group


# ---------------------------------------------------------------------------------------------------------
# Daily work: escalation of what is long overdue


def escalation_day(recommendation) -> datetime.date | None:
    """The first day on which `escalate_overdue` sends it up: the working day after the `escalate_after_days` working
    days that follow the deadline."""
    if recommendation.deadline is None or recommendation.topic is None:
        return None
    return rules.escalation_day(recommendation.deadline, recommendation.topic)


@transaction.atomic
def escalate_overdue(on: datetime.date | None = None) -> list[Recommendation]:
    """Send to the Standing Committee every recommendation still with an agency more than its topic's
    `escalate_after_days` working days past its deadline, writing why. Safe to run every day."""
    on = on or today()
    done = []
    candidates = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(status__in=WITH_AGENCY, deadline__lt=on, topic__isnull=False)
        .select_related("topic", "agency", "unit")
    )
    for recommendation in candidates:
        if not rules.is_due_for_escalation(recommendation.deadline, recommendation.topic, on):
            continue
        agency, missed = recommendation.agency, recommendation.deadline
        _to_standing_committee(recommendation, recommendation.topic, on)
        reason = rules.escalation_reason(agency.name if agency else None, missed, on, recommendation.topic)
        RecommendationEvent.record(
            recommendation=recommendation,
            action=EventAction.AUTO_ESCALATED,
            actor=None,
            comment=reason or "",
            agency=agency,
        )
        done.append(recommendation)
    return done


def visible_or_404(user, pk):
    """A recommendation the user sees, for views and the API (Http404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(restrict(Recommendation.objects.select_related("unit", "topic", "agency"), user), pk=pk)
