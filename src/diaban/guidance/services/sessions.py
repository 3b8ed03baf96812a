"""Review sessions of a department: recorded and corrected by organization staff and the department's head."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core.dates import format_date, today
from diaban.core.text import nfc_text
from diaban.guidance import selectors
from diaban.guidance.choices import ReviewPeriod
from diaban.guidance.models import ReviewSession
from diaban.people.models import Department


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
        department=department, date=date, period=period or ReviewPeriod.QUARTER, title=nfc_text(title),
        minutes=nfc_text(minutes), lessons=nfc_text(lessons), recorded_by=actor if getattr(actor, "pk", None) else None,
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
        setattr(session, name, nfc_text(value) if isinstance(value, str) else value)
    attendees = list(attendees) if attendees is not None else None
    _check_session(session, attendees, on or today())
    session.save()
    if attendees is not None:
        session.attendees.set(attendees)
    return session
