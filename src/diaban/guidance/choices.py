import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftKind(models.TextChoices):
    """What the grassroots send up for comment (dự thảo)."""

    RESOLUTION = "resolution", _("Dự thảo nghị quyết")
    PLAN = "plan", _("Dự thảo kế hoạch")
    REPORT = "report", _("Dự thảo báo cáo")
    OTHER = "other", _("Dự thảo văn bản khác")


class ReviewPeriod(models.TextChoices):
    """How often a department holds its review session (rút kinh nghiệm); quarterly unless its last session
    says otherwise."""

    MONTH = "month", _("hằng tháng")
    QUARTER = "quarter", _("hằng quý")
    HALF_YEAR = "half", _("6 tháng một lần")


DEFAULT_REVIEW_PERIOD = ReviewPeriod.QUARTER
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_bounds(kind: str, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period of `kind` containing `on`."""
    if kind == ReviewPeriod.MONTH:
        first_month, months = on.month, 1
    elif kind == ReviewPeriod.HALF_YEAR:
        first_month, months = (1 if on.month <= 6 else 7), 6
    else:
        first_month, months = 3 * ((on.month - 1) // 3) + 1, 3
    start = datetime.date(on.year, first_month, 1)
    end_month = first_month + months
    end = (
        datetime.date(on.year + 1, 1, 1) if end_month > 12 else datetime.date(on.year, end_month, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def period_label(kind: str, on: datetime.date) -> str:
    """The period as Vietnamese write it: "tháng 6/2025", "quý II/2025", "6 tháng đầu năm 2025"."""
    if kind == ReviewPeriod.MONTH:
        return "tháng {}/{}".format(on.month, on.year)
    if kind == ReviewPeriod.HALF_YEAR:
        return "6 tháng {} năm {}".format("đầu" if on.month <= 6 else "cuối", on.year)
    return "quý {}/{}".format(_ROMAN[(on.month - 1) // 3 + 1], on.year)


def period_key(kind: str, on: datetime.date) -> str:
    """A short stable name of the period, for reminder keys: "2025-M06", "2025-Q2", "2025-H1"."""
    if kind == ReviewPeriod.MONTH:
        return "{}-M{:02d}".format(on.year, on.month)
    if kind == ReviewPeriod.HALF_YEAR:
        return "{}-H{}".format(on.year, 1 if on.month <= 6 else 2)
    return "{}-Q{}".format(on.year, (on.month - 1) // 3 + 1)
