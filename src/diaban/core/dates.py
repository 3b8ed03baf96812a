"""Dates as Vietnamese users write them: dd/mm/yyyy."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


def today() -> datetime.date:
    """The day the product works on: the local date, or the one pinned by DIABAN_TODAY (see settings)."""
    return settings.DIABAN_TODAY or timezone.localdate()


def now() -> datetime.datetime:
    """The moment something is done (a report submitted, a guidance read): the real time of day, on `today()`, so
    that what is measured from it (a report filed on time or late) agrees with the day the product works on."""
    moment = timezone.localtime()
    pinned = settings.DIABAN_TODAY
    if pinned is None or pinned == moment.date():
        return moment
    return moment + (pinned - moment.date())


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


# The years a period can be asked for, everywhere (pages, API, CLI, forms).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_error(text: str) -> str:
    return "Năm không hợp lệ: “{}”. Viết bốn chữ số, ví dụ 2025.".format(text)


def parse_year(text, default: int | None = None) -> int | None:
    """ "2024" → 2024; empty gives `default`; anything else, or a year outside 2000–2100, a clear error."""
    text = "" if text is None else str(text).strip()
    if not text:
        return default
    if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    raise ValidationError(year_error(text))


def year_param(params, name: str, default: int) -> tuple[int, str]:
    """The year a page is asked for (`?nam=`, `?year=`): a wrong one falls back to `default` with the message."""
    try:
        return parse_year(params.get(name), default), ""
    except ValidationError as exc:
        return default, exc.messages[0]


def day_asked(params, date_name: str | None = None, year_name: str | None = None) -> datetime.date:
    """The day a page asks about, to open the scope unit valid that day: the date in `date_name`, else the last day
    of the year in `year_name`; today when neither is asked, or what is asked is wrong (the page tells that)."""
    try:
        if date_name and params.get(date_name):
            return parse_date(params.get(date_name))
        if year_name and params.get(year_name):
            return datetime.date(parse_year(params.get(year_name)), 12, 31)
    except ValidationError:
        pass
    return today()


def format_date(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""
