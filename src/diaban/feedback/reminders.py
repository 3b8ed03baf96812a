"""What `diaban remind` does for recommendations each day (registered in apps.py):

1. sends to the Standing Committee those long overdue (services.escalation.escalate_overdue, with the reason written);
2. reminds each account of an agency once of every recommendation of its queue past its deadline;
3. tells the leaders who see the unit, once, of each recommendation sent up to them.
"""

import datetime

from django.contrib.auth import get_user_model

from diaban.core.dates import format_date
from diaban.core.scoping import VIEW, scope_of
from diaban.feedback.choices import WITH_AGENCY, RecommendationStatus
from diaban.feedback.models import Recommendation
from diaban.feedback.services.escalation import escalate_overdue
from diaban.people.choices import Role
from diaban.people.reminders import Reminder


def recommendation_reminders(on: datetime.date) -> list[tuple]:
    escalate_overdue(on)
    result = []
    overdue = (
        Recommendation.objects.filter(status__in=WITH_AGENCY, deadline__lt=on)
        .select_related("unit", "agency")
        .prefetch_related("agency__members")
    )
    for recommendation in overdue:
        text = "Kiến nghị số {} của {} quá hạn trả lời (hạn {}).".format(
            recommendation.pk, recommendation.unit.name, format_date(recommendation.deadline)
        )
        for user in recommendation.agency.members.all():
            if user.is_active:
                key = "recommendation-overdue-{}-{}".format(recommendation.pk, recommendation.deadline.isoformat())
                result.append((user, Reminder(key, text, recommendation.get_absolute_url())))
    escalated = list(Recommendation.objects.filter(status=RecommendationStatus.ESCALATED).select_related("unit"))
    if escalated:
        leaders = get_user_model().objects.filter(is_active=True, account__role=Role.LEADER)
        for leader in leaders:
            scope = scope_of(leader, VIEW)
            for recommendation in escalated:
                if scope.covers(recommendation.unit.path):
                    text = "Kiến nghị số {} của {} được trình Thường trực.".format(
                        recommendation.pk, recommendation.unit.name
                    )
                    key = "recommendation-escalated-{}-{}".format(recommendation.pk, recommendation.escalated_on)
                    result.append((leader, Reminder(key, text, recommendation.get_absolute_url())))
    return result
