"""Writes of guidance, guidance conveyed, drafts for comment and review sessions.

Who may do what (DESIGN §2):
- guidance is published by organization staff and administrators in their capture scope, and by leaders in
  their view scope (leaders decide what is conveyed and usually hold view rights only), to the cadres of a unit
  there; its recipients are written on the day (see `selectors.guidance_audience`);
- a recipient marks a guidance read (the first time counts); the publisher, and organization staff, leaders
  and administrators who could publish to its unit, remind those who have not read it, once per cadre;
- the author of a meeting or trip report records which guidance they conveyed in it;
- the grassroots (cell and committee offices), organization staff and administrators send a draft from a unit
  in their capture scope to the cadres following it; the invited cadres comment until the deadline (that day
  included) and edit or withdraw their comments until then;
- organization staff and administrators in their capture scope, and a department's head, record its review
  sessions.
Every function validates and raises ValidationError (Vietnamese messages, by field) or PermissionDenied.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import nfc
from diaban.core.uploads import DOCUMENTS, check_upload
from diaban.guidance import selectors
from diaban.guidance.choices import DraftKind, ReviewPeriod
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    DraftRecipient,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.meetings.models import MeetingReport
from diaban.people.choices import Role
from diaban.people.models import Department, Notification
from diaban.people.permissions import role_of
from diaban.territory.models import Unit
from diaban.visits.selectors import person_of

PUBLISHERS = {Role.ORGANIZATION, Role.LEADER, Role.ADMINISTRATOR}
SENDERS = {Role.GRASSROOTS, Role.ORGANIZATION, Role.ADMINISTRATOR}
# A reminder goes into a notification of at most 500 characters that also names the guidance.
REMINDER_LENGTH = 300


def _text(value) -> str:
    return nfc(value or "").strip()


# ---------------------------------------------------------------------------------------------------------
# Guidance


def publish_action(user) -> str:
    """Leaders publish in their view scope, the others in their capture scope."""
    return VIEW if role_of(user) == Role.LEADER else CAPTURE


def can_publish(user) -> bool:
    return role_of(user) in PUBLISHERS


def publishable_units(user, on: datetime.date):
    """Units the user may send guidance to on `on`: in their publishing scope and existing that day."""
    return restrict(Unit.objects.all(), user, publish_action(user)).valid_on(on)


@transaction.atomic
def guidance_publish(
    *, actor, unit: Unit, title: str, convey_by: datetime.date, period: str = "", body: str = "", issuer: str = "",
    upload=None, on: datetime.date | None = None,
) -> Guidance:  # fmt: skip
    """Publish a guidance to the cadres of `unit` and write its recipients as they stand on `on` (today)."""
    on = on or today()
    if not can_publish(actor):
        raise PermissionDenied("Chỉ lãnh đạo và Ban Tổ chức mới được gửi định hướng, thông tin cho cán bộ.")
    errors = {}
    if unit is None:
        errors["unit"] = "Chọn địa bàn có cán bộ nhận định hướng."
    elif not publishable_units(actor, on).filter(pk=unit.pk).exists():
        if restrict(Unit.objects.filter(pk=unit.pk), actor, publish_action(actor)).exists():
            errors["unit"] = "{} không còn tồn tại ngày {}.".format(unit.name, format_date(on))
        else:
            errors["unit"] = "{} nằm ngoài phạm vi của bạn.".format(unit.name)
    title, body, issuer, period = _text(title), _text(body), _text(issuer), _text(period)
    errors.update(Guidance(title=title, body=body, issuer=issuer, period=period).text_length_errors())
    if not title:
        errors["title"] = "Cần ghi tiêu đề."
    if not body and upload is None:
        errors["body"] = "Cần ghi nội dung hoặc đính kèm tệp."
    if convey_by is None:
        errors["convey_by"] = "Cần ghi hạn truyền đạt."
    elif convey_by < on:
        errors["convey_by"] = "Hạn truyền đạt {} đã qua (hôm nay {}).".format(format_date(convey_by), format_date(on))
    file_name = ""
    if upload is not None:
        try:
            file_name = check_upload(upload, allowed=DOCUMENTS)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    guidance = Guidance(
        unit=unit, title=title, body=body, issuer=issuer, convey_by=convey_by, published_on=on,
        period=period or "tháng {}/{}".format(on.month, on.year),
        published_by=actor if getattr(actor, "pk", None) else None, file_name=file_name,
    )  # fmt: skip
    if upload is not None:
        guidance.file = upload
    guidance.save()
    people = list(selectors.guidance_audience(unit, on).values_list("pk", flat=True))
    GuidanceRecipient.objects.bulk_create(
        [GuidanceRecipient(guidance=guidance, person_id=pk) for pk in people], batch_size=2000
    )
    guidance.recipient_count = len(people)
    guidance.save(update_fields=["recipient_count"])
    return guidance


def guidance_mark_read(*, actor, guidance: Guidance) -> GuidanceRecipient:
    """The signed-in cadre has read `guidance`; reading again keeps the first time."""
    receipt = selectors.receipt_of(actor, guidance)
    if receipt is None:
        raise PermissionDenied("Định hướng này không gửi cho bạn.")
    if receipt.read_at is None:
        now = timezone.now()
        # Two clicks at once: only the first stamps the time.
        GuidanceRecipient.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=now)
        receipt.refresh_from_db(fields=["read_at"])
    return receipt


def can_remind(user, guidance: Guidance) -> bool:
    """The publisher, or a publisher role whose publishing scope holds the guidance's unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if guidance.published_by_id is not None and guidance.published_by_id == user.pk:
        return True
    if not can_publish(user):
        return False
    return restrict(Guidance.objects.filter(pk=guidance.pk), user, publish_action(user)).exists()


@dataclass
class Reminded:
    created: int  # notifications sent now
    already: int  # unread cadres reminded before
    without_account: int  # unread cadres who cannot sign in, to be reached another way


def guidance_remind(*, actor, guidance: Guidance, message: str) -> Reminded:
    """A notification to every cadre who has not read `guidance` and has an account, once per cadre: pressing
    again sends nothing to those already reminded."""
    if not can_remind(actor, guidance):
        raise PermissionDenied("Chỉ người gửi, lãnh đạo và Ban Tổ chức trong phạm vi của mình mới nhắc được cán bộ.")
    message = limits.clean_text(message, REMINDER_LENGTH, field="message", label="lời nhắc")
    if not message:
        raise ValidationError({"message": "Ghi lời nhắc gửi kèm thông báo."})
    key = "guidance-unread-{}".format(guidance.pk)
    unread = guidance.recipients.filter(read_at__isnull=True)
    users = list(
        unread.filter(person__user__isnull=False, person__user__is_active=True).values_list(
            "person__user_id", flat=True
        )
    )
    without_account = unread.count() - len(users)
    done = set(Notification.objects.filter(key=key, user_id__in=users).values_list("user_id", flat=True))
    text = "Nhắc đọc định hướng «{}» (truyền đạt trước {}): {}".format(
        guidance.title, format_date(guidance.convey_by), message
    )
    if len(text) > 500:
        text = text[:499] + "…"
    new = [
        Notification(user_id=uid, key=key, text=text, url=guidance.get_absolute_url())
        for uid in users
        if uid not in done
    ]
    Notification.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return Reminded(created=len(new), already=len(done), without_account=without_account)


# ---------------------------------------------------------------------------------------------------------
# Guidance conveyed in a meeting or trip report


def is_report_author(user, report) -> bool:
    person = person_of(user)
    return person is not None and selectors.report_author(report).pk == person.pk


@transaction.atomic
def conveyed_add(*, actor, guidance: Guidance, report) -> GuidanceConveyed:
    """The author of `report` says they conveyed `guidance` there."""
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới ghi được định hướng đã truyền đạt trong báo cáo đó.")
    author = selectors.report_author(report)
    day = selectors.report_date(report)
    if guidance.published_on > day:
        raise ValidationError(
            {
                "guidance": "Định hướng «{}» gửi ngày {}, sau ngày {} của báo cáo: chưa thể truyền đạt.".format(
                    guidance.title, format_date(guidance.published_on), format_date(day)
                )
            }
        )
    if not GuidanceRecipient.objects.filter(guidance=guidance, person=author).exists():
        raise ValidationError({"guidance": "Định hướng «{}» không gửi cho bạn.".format(guidance.title)})
    is_meeting = isinstance(report, MeetingReport)
    link, created = GuidanceConveyed.objects.get_or_create(
        guidance=guidance,
        meeting_report=report if is_meeting else None,
        trip_report=None if is_meeting else report,
        defaults={"person": author, "conveyed_on": day, "recorded_by": actor if actor.pk else None},
    )
    if not created:
        raise ValidationError({"guidance": "Đã ghi định hướng «{}» trong báo cáo này.".format(guidance.title)})
    return link


@transaction.atomic
def conveyed_remove(*, actor, link: GuidanceConveyed) -> None:
    if not is_report_author(actor, link.report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới bỏ được định hướng đã ghi trong báo cáo đó.")
    link.delete()


@transaction.atomic
def conveyed_set(*, actor, report, guidance_ids) -> tuple[int, int]:
    """Make the guidance linked to `report` exactly `guidance_ids` (the ticked boxes). Returns (added, removed)."""
    if not is_report_author(actor, report):
        raise PermissionDenied("Chỉ cán bộ lập báo cáo mới ghi được định hướng đã truyền đạt trong báo cáo đó.")
    wanted = {int(pk) for pk in guidance_ids}
    if wanted - set(Guidance.objects.filter(pk__in=wanted).values_list("pk", flat=True)):
        raise ValidationError({"guidance": "Có định hướng không tồn tại trong danh sách đã chọn."})
    current = selectors.linked_ids(report)
    added = 0
    for guidance in Guidance.objects.filter(pk__in=wanted - current).order_by("pk"):
        conveyed_add(actor=actor, guidance=guidance, report=report)
        added += 1
    stale = current - wanted
    if isinstance(report, MeetingReport):
        GuidanceConveyed.objects.filter(meeting_report=report, guidance_id__in=stale).delete()
    else:
        GuidanceConveyed.objects.filter(trip_report=report, guidance_id__in=stale).delete()
    return added, len(stale)


# ---------------------------------------------------------------------------------------------------------
# Drafts for comment


def can_send_drafts(user) -> bool:
    return role_of(user) in SENDERS


def sending_units(user, on: datetime.date):
    return restrict(Unit.objects.all(), user, CAPTURE).valid_on(on)


@transaction.atomic
def draft_send(
    *, actor, unit: Unit, kind: str, title: str, deadline: datetime.date, text: str = "", upload=None,
    on: datetime.date | None = None,
) -> DraftDocument:  # fmt: skip
    """Send a draft from `unit` to the cadres following it (written on the day) for comment by `deadline`."""
    on = on or today()
    if not can_send_drafts(actor):
        raise PermissionDenied("Chỉ cơ sở (chi bộ, đảng ủy) và Ban Tổ chức mới gửi được dự thảo xin góp ý.")
    errors = {}
    if unit is None:
        errors["unit"] = "Chọn đơn vị gửi."
    elif not sending_units(actor, on).filter(pk=unit.pk).exists():
        errors["unit"] = "{} nằm ngoài phạm vi nhập liệu của bạn hoặc không còn tồn tại.".format(unit.name)
    if kind not in DraftKind.values:
        errors["kind"] = "Chọn loại dự thảo."
    title, text = _text(title), _text(text)
    errors.update(DraftDocument(title=title, text=text).text_length_errors())
    if not title:
        errors["title"] = "Cần ghi tên dự thảo."
    if not text and upload is None:
        errors["text"] = "Cần ghi nội dung dự thảo hoặc đính kèm tệp."
    if deadline is None:
        errors["deadline"] = "Cần ghi hạn góp ý."
    elif deadline < on:
        errors["deadline"] = "Hạn góp ý {} đã qua (hôm nay {}).".format(format_date(deadline), format_date(on))
    file_name = ""
    if upload is not None:
        try:
            file_name = check_upload(upload, allowed=DOCUMENTS)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not errors:
        people = list(selectors.draft_followers(unit, on).values_list("pk", flat=True))
        if not people:
            errors["unit"] = "{} chưa có cán bộ nào được phân công theo dõi để xin ý kiến.".format(unit.name)
    if errors:
        raise ValidationError(errors)
    document = DraftDocument(
        unit=unit, kind=kind, title=title, text=text, deadline=deadline, sent_on=on, file_name=file_name,
        sent_by=actor if getattr(actor, "pk", None) else None, recipient_count=len(people),
    )  # fmt: skip
    if upload is not None:
        document.file = upload
    document.save()
    DraftRecipient.objects.bulk_create([DraftRecipient(document=document, person_id=pk) for pk in people])
    return document


def _closed_message(document: DraftDocument) -> str:
    return "Đã hết hạn góp ý ({}): không thêm, sửa hay rút ý kiến được nữa.".format(format_date(document.deadline))


def can_comment(user, document: DraftDocument) -> bool:
    person = person_of(user)
    return person is not None and document.recipients.filter(person=person).exists()


@transaction.atomic
def comment_add(*, actor, document: DraftDocument, text: str, on: datetime.date | None = None) -> DraftComment:
    person = person_of(actor)
    if person is None or not document.recipients.filter(person=person).exists():
        raise PermissionDenied("Bạn không thuộc danh sách cán bộ được xin ý kiến về dự thảo này.")
    if not document.is_open_on(on or today()):
        raise ValidationError({"text": _closed_message(document)})
    text = limits.clean_text(text, limits.TEXT, field="text", label="ý kiến", required=True)
    return DraftComment.objects.create(document=document, person=person, text=text)


def _own_open_comment(actor, comment: DraftComment, on) -> None:
    person = person_of(actor)
    if person is None or comment.person_id != person.pk:
        raise PermissionDenied("Chỉ người góp ý mới sửa hoặc rút được ý kiến của mình.")
    if not comment.document.is_open_on(on or today()):
        raise ValidationError({"text": _closed_message(comment.document)})


@transaction.atomic
def comment_update(*, actor, comment: DraftComment, text: str, on: datetime.date | None = None) -> DraftComment:
    _own_open_comment(actor, comment, on)
    text = limits.clean_text(text, limits.TEXT, field="text", label="ý kiến")
    if not text:
        raise ValidationError({"text": "Cần ghi ý kiến; muốn bỏ ý kiến thì chọn rút ý kiến."})
    comment.text = text
    comment.save()
    return comment


@transaction.atomic
def comment_delete(*, actor, comment: DraftComment, on: datetime.date | None = None) -> None:
    _own_open_comment(actor, comment, on)
    comment.delete()


# ---------------------------------------------------------------------------------------------------------
# Review sessions


def can_record_session(user, department: Department) -> bool:
    return selectors.departments_recordable(user).filter(pk=department.pk).exists()


SESSION_FIELDS = ("date", "period", "title", "minutes", "lessons")


def _check_session(session: ReviewSession, attendees, on: datetime.date) -> None:
    errors = session.text_length_errors(SESSION_FIELDS)
    if session.date is None:
        errors["date"] = "Cần ghi ngày họp."
    elif session.date > on:
        errors["date"] = "Ngày họp {} chưa đến: ghi buổi rút kinh nghiệm sau khi họp.".format(format_date(session.date))
    if session.period not in ReviewPeriod.values:
        errors["period"] = "Chọn định kỳ: hằng tháng, hằng quý hoặc 6 tháng một lần."
    if not (session.minutes or "").strip():
        errors["minutes"] = "Cần ghi biên bản buổi rút kinh nghiệm."
    if attendees is not None:
        allowed = set(selectors.session_members(session.department).values_list("pk", flat=True))
        strangers = [p.full_name for p in attendees if p.pk not in allowed]
        if strangers:
            errors["attendees"] = "{} không thuộc {}.".format(", ".join(strangers), session.department.name)
        elif not attendees:
            errors["attendees"] = "Chọn cán bộ dự."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_record(
    *, actor, department: Department, date: datetime.date, minutes: str, attendees, period: str = ReviewPeriod.QUARTER,
    title: str = "", lessons: str = "", on: datetime.date | None = None,
) -> ReviewSession:  # fmt: skip
    if department is None or not can_record_session(actor, department):
        raise PermissionDenied(
            "Chỉ trưởng phòng, ban và Ban Tổ chức trong phạm vi của mình mới ghi được buổi rút kinh nghiệm."
        )
    attendees = list(attendees)
    session = ReviewSession(
        department=department, date=date, period=period or ReviewPeriod.QUARTER, title=_text(title),
        minutes=_text(minutes), lessons=_text(lessons), recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    _check_session(session, attendees, on or today())
    session.save()
    session.attendees.set(attendees)
    return session


@transaction.atomic
def session_update(*, actor, session: ReviewSession, attendees=None, on: datetime.date | None = None, **fields):
    if not can_record_session(actor, session.department):
        raise PermissionDenied(
            "Chỉ trưởng phòng, ban và Ban Tổ chức trong phạm vi của mình mới sửa được buổi rút kinh nghiệm."
        )
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        setattr(session, name, _text(value) if isinstance(value, str) else value)
    attendees = list(attendees) if attendees is not None else None
    _check_session(session, attendees, on or today())
    session.save()
    if attendees is not None:
        session.attendees.set(attendees)
    return session
