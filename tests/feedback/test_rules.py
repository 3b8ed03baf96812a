"""The time rules of recommendations (feedback.rules) against a day-by-day count over the holidays announced for
2024 and 2025: the deadline, the day the daily job sends one up, the deadline once sent up, overdue, the reason."""

import datetime
import random
from types import SimpleNamespace

from diaban.core.dates import format_date
from diaban.feedback import rules
from tests.feedback.test_services import HOLIDAYS, independent_deadline

D = datetime.date


def _topic(deadline_days=15, escalate_after_days=10):
    return SimpleNamespace(name="Đất đai", deadline_days=deadline_days, escalate_after_days=escalate_after_days)


def _late(deadline, on) -> int:
    """Working days after `deadline` up to and including `on`, one calendar day at a time."""
    days = [deadline + datetime.timedelta(days=n) for n in range(1, (on - deadline).days + 1)]
    return sum(1 for day in days if day.isoweekday() <= 5 and day not in HOLIDAYS)


def test_deadline_and_escalation_day_against_a_day_by_day_count():
    rng = random.Random(20250630)
    for _n in range(300):
        start = D(2024, 1, 2) + datetime.timedelta(days=rng.randrange(540))
        topic = _topic(rng.choice([5, 10, 15, 20, 30]), rng.choice([3, 5, 10, 15]))
        deadline = rules.deadline_for(topic, start)
        assert deadline == independent_deadline(start, topic.deadline_days), (start, topic)
        up = rules.escalation_day(deadline, topic)
        # The first day the daily job sends it up: past the threshold that day, not the day before.
        assert _late(deadline, up) == topic.escalate_after_days + 1
        assert rules.is_due_for_escalation(deadline, topic, up)
        assert not rules.is_due_for_escalation(deadline, topic, up - datetime.timedelta(days=1))
        for on in (deadline, deadline + datetime.timedelta(days=rng.randrange(1, 60))):
            assert rules.is_due_for_escalation(deadline, topic, on) == (_late(deadline, on) > topic.escalate_after_days)


def test_the_deadline_once_sent_up_and_overdue():
    topic = _topic(deadline_days=10)
    on = D(2025, 3, 3)
    assert rules.deadline_when_escalated(D(2025, 3, 10), topic, on) == D(2025, 3, 10)  # still ahead: kept
    assert rules.deadline_when_escalated(on, topic, on) == on
    assert rules.deadline_when_escalated(D(2025, 2, 20), topic, on) == independent_deadline(on, 10)  # passed: anew
    assert rules.deadline_when_escalated(None, topic, on) == independent_deadline(on, 10)
    assert not rules.is_overdue(on, on) and rules.is_overdue(on, on + datetime.timedelta(days=1))
    assert not rules.is_overdue(None, on)


def test_the_reason_names_the_agency_the_days_late_and_the_deadline_missed():
    topic = _topic(escalate_after_days=10)
    deadline = D(2025, 2, 3)
    on = rules.escalation_day(deadline, topic)
    reason = rules.escalation_reason("Sở Tài nguyên và Môi trường", deadline, on, topic)
    assert reason == (
        "Tự động trình Thường trực: Sở Tài nguyên và Môi trường chưa trả lời, quá hạn 11 ngày làm việc (hạn {}; "
        "mức trình của lĩnh vực Đất đai là quá 10 ngày làm việc).".format(format_date(deadline))
    )
    assert rules.escalation_reason(None, deadline, on, topic).startswith(
        "Tự động trình Thường trực: {} chưa trả lời".format(rules.UNKNOWN_AGENCY)
    )
    assert rules.standing_committee_answerer("Trần Văn Hùng") == "Thường trực cấp ủy (Trần Văn Hùng)"
