"""Drafts for comment: sent from a unit to the cadres following it, commented on until the deadline."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE, restrict
from diaban.core.text import nfc_text
from diaban.core.uploads import DOCUMENTS, check_upload
from diaban.guidance import selectors
from diaban.guidance.choices import DraftKind
from diaban.guidance.models import DraftComment, DraftDocument, DraftRecipient
from diaban.people.choices import Role
from diaban.people.permissions import role_of
from diaban.territory.models import Unit
from diaban.visits.selectors import person_of

SENDERS = {Role.GRASSROOTS, Role.ORGANIZATION, Role.ADMINISTRATOR}


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
    title, text = nfc_text(title), nfc_text(text)
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
