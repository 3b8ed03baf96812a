"""The time rules of a recommendation, as plain functions of dates and of its topic's two numbers, so that the
services that write one step at a time and the demo that writes a year of history in bulk follow the same ones.

- Deadline: a forwarded recommendation is due `topic.deadline_days` working days after the day it was forwarded
  (core.workdays: weekends and Vietnam's public holidays, lunar Tết included, skipped). Sent to the Standing
  Committee, it keeps its deadline unless it has none or it has passed: then it gets a new one from that day.
- Overdue: still open after its deadline (DESIGN §4); `selectors.overdue_q` is the same rule as a query.
- Escalation: more than `topic.escalate_after_days` working days past its deadline and still with the agency, it
  goes to the Standing Committee (`services.escalation.escalate_overdue`, run daily by `diaban remind`), with the reason
  written down. Run every day, the job sends it up on `escalation_day`.

`topic` is anything with `name`, `deadline_days` and `escalate_after_days` (a feedback.models.Topic).
"""

import datetime

from diaban.core.dates import format_date
from diaban.core.workdays import add_working_days, working_days_after

UNKNOWN_AGENCY = "cơ quan được chuyển"


def deadline_for(topic, start: datetime.date) -> datetime.date:
    """The answer is due `topic.deadline_days` working days after `start` (the day it was forwarded)."""
    return add_working_days(start, topic.deadline_days)


def deadline_note(deadline: datetime.date) -> str:
    """What the forwarding writes in the history when staff add no comment."""
    return "Hạn trả lời {}.".format(format_date(deadline))


def deadline_when_escalated(deadline: datetime.date | None, topic, on: datetime.date) -> datetime.date:
    """The deadline of a recommendation sent to the Standing Committee on `on`."""
    if deadline is None or deadline < on:
        return deadline_for(topic, on)
    return deadline


def is_overdue(deadline: datetime.date | None, on: datetime.date) -> bool:
    """Past its deadline on `on`; only an open recommendation is overdue (`Recommendation.is_overdue`)."""
    return deadline is not None and on > deadline


def is_due_for_escalation(deadline: datetime.date, topic, on: datetime.date) -> bool:
    """On `on`, more than the topic's `escalate_after_days` working days past `deadline`."""
    return working_days_after(deadline, on) > topic.escalate_after_days


def escalation_day(deadline: datetime.date, topic) -> datetime.date:
    """The first day `is_due_for_escalation` holds: the working day after the `escalate_after_days` working days
    that follow the deadline."""
    return add_working_days(deadline, topic.escalate_after_days + 1)


def escalation_reason(agency_name: str | None, deadline: datetime.date, on: datetime.date, topic) -> str:
    """Why it was sent up on `on`, naming the agency and the deadline it missed."""
    return (
        "Tự động trình Thường trực: {} chưa trả lời, quá hạn {} ngày làm việc (hạn {}; mức trình của lĩnh vực "
        "{} là quá {} ngày làm việc)."
    ).format(
        agency_name or UNKNOWN_AGENCY,
        working_days_after(deadline, on),
        format_date(deadline),
        topic.name,
        topic.escalate_after_days,
    )


def standing_committee_answerer(name: str) -> str:
    """Who answered, as shown, when a member of the Standing Committee answers one sent up to it."""
    return "Thường trực cấp ủy ({})".format(name)
