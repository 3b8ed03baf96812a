"""Reminders of review sessions for `diaban remind` (registered in apps.py): the head of a department with no
session in the current period is told once per period, when the period has a month or less to run."""

import datetime

from django.urls import reverse

from diaban.core.dates import format_date
from diaban.guidance.selectors import sessions_due
from diaban.people.models import Department
from diaban.people.reminders import Reminder

# Sessions are held towards the end of a period: remind when this little of it is left.
REMIND_WITHIN = datetime.timedelta(days=30)


def review_reminders(on: datetime.date) -> list[tuple]:
    """(user, Reminder) for the heads, with an account, of the departments due a session."""
    result = []
    for due in sessions_due(Department.objects.all(), on):
        head = due.department.head
        if due.end - on > REMIND_WITHIN or head is None or head.user is None or not head.user.is_active:
            continue
        text = "{} chưa có buổi rút kinh nghiệm {} (kỳ kết thúc ngày {}).".format(
            due.department.name, due.label, format_date(due.end)
        )
        url = "{}?phong={}".format(reverse("review_session_create"), due.department.pk)
        result.append((head.user, Reminder("review-due-{}-{}".format(due.department.pk, due.key), text, url)))
    return result
