"""Dates as Vietnamese users write them: dd/mm/yyyy."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def parse_date(text: str | None, default: datetime.date | None = None) -> datetime.date | None:
    """Parse "dd/mm/yyyy" (or ISO "yyyy-mm-dd"); empty gives `default`; anything else a clear error."""
    if text is None or not str(text).strip():
        return default
    text = str(text).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError("Ngày không hợp lệ: {!r}. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025.".format(text))


def format_date(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""
