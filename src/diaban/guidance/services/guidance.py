"""Guidance: published to the cadres of a unit, marked read by its recipients, and the reminders to those who have
not read it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import dates, limits
from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import nfc_text
from diaban.core.uploads import DOCUMENTS, check_upload
from diaban.guidance import selectors
from diaban.guidance.models import Guidance, GuidanceRecipient
from diaban.people.choices import Role
from diaban.people.models import Notification
from diaban.people.permissions import role_of
from diaban.territory.models import Unit

PUBLISHERS = {Role.ORGANIZATION, Role.LEADER, Role.ADMINISTRATOR}


# A reminder goes into a notification of at most 500 characters that also names the guidance.
REMINDER_LENGTH = 300


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
    title, body, issuer, period = nfc_text(title), nfc_text(body), nfc_text(issuer), nfc_text(period)
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
        now = dates.now()
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
