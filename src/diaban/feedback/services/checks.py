"""What every write of a recommendation checks: its texts, the day of the step, the right to take it, and the
row itself, locked for the change."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.feedback.models import Recommendation


def text_of(value, field: str, label: str, limit: int = limits.NOTE, required: bool = True) -> str:
    return limits.clean_text(value, limit, field=field, label=label, required=required)


def day_of(on: datetime.date | None, field: str, not_before: datetime.date | None = None, label="") -> datetime.date:
    on = on or today()
    if on > today():
        raise ValidationError({field: "Ngày {} chưa tới.".format(format_date(on))})
    if not_before is not None and on < not_before:
        raise ValidationError(
            {field: "Ngày {} trước ngày {} ({}).".format(format_date(on), label, format_date(not_before))}
        )
    return on


def locked(recommendation) -> Recommendation:
    """The row again, locked for the change (two staff routing at once cannot both win)."""
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("unit", "topic", "agency", "carried_by")
        .get(pk=recommendation.pk)
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
