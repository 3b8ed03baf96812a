"""Daily work: what has stayed with an agency long past its deadline goes up to the Standing Committee, with the
reason written down (`diaban remind`)."""

import datetime

from django.db import transaction

from diaban.core.dates import today
from diaban.feedback import rules
from diaban.feedback.choices import WITH_AGENCY, EventAction
from diaban.feedback.models import Recommendation, RecommendationEvent
from diaban.feedback.services.routing import to_standing_committee


def escalation_day(recommendation) -> datetime.date | None:
    """The first day on which `escalate_overdue` sends it up: the working day after the `escalate_after_days` working
    days that follow the deadline."""
    if recommendation.deadline is None or recommendation.topic is None:
        return None
    return rules.escalation_day(recommendation.deadline, recommendation.topic)


@transaction.atomic
def escalate_overdue(on: datetime.date | None = None) -> list[Recommendation]:
    """Send to the Standing Committee every recommendation still with an agency more than its topic's
    `escalate_after_days` working days past its deadline, writing why. Safe to run every day."""
    on = on or today()
    done = []
    candidates = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(status__in=WITH_AGENCY, deadline__lt=on, topic__isnull=False)
        .select_related("topic", "agency", "unit")
    )
    for recommendation in candidates:
        if not rules.is_due_for_escalation(recommendation.deadline, recommendation.topic, on):
            continue
        agency, missed = recommendation.agency, recommendation.deadline
        to_standing_committee(recommendation, recommendation.topic, on)
        reason = rules.escalation_reason(agency.name if agency else None, missed, on, recommendation.topic)
        RecommendationEvent.record(
            recommendation=recommendation,
            action=EventAction.AUTO_ESCALATED,
            actor=None,
            comment=reason or "",
            agency=agency,
        )
        done.append(recommendation)
    return done
