"""The field-work part of the cadre's home page (Kế hoạch đi cơ sở): plans awaiting my approval, my next
approved trips, my drafts and returned plans with the approver's comment, and my trips done whose report is
not submitted. A fixed number of queries whatever the number of plans."""

from django.db.models import Prefetch, Q

from diaban.core.dates import today
from diaban.core.models import first_with_count
from diaban.visits import selectors
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import PlanEvent, VisitPlan, VisitTarget

SHOWN = 5


def plans_panel(request, person, role):
    if person is None:
        return None
    on = today()
    awaiting, awaiting_count = first_with_count(selectors.awaiting_approval(request.user), SHOWN)
    going = VisitPlan.objects.filter(
        Q(owner=person) | Q(pk__in=VisitPlan.companions.through.objects.filter(person=person).values("visitplan_id"))
    )
    upcoming = list(
        going.filter(status=PlanStatus.APPROVED, end_date__gte=on)
        .select_related("owner")
        .prefetch_related(Prefetch("targets", queryset=VisitTarget.objects.select_related("unit")))
        .order_by("start_date", "id")[:SHOWN]
    )
    drafts, drafts_count = first_with_count(
        VisitPlan.objects.filter(owner=person, status=PlanStatus.DRAFT).order_by("start_date", "id"), SHOWN
    )
    # A draft with a return in its history was sent back (submitting moves it out of draft): its latest
    # return carries the comment to act on.
    returns = {}
    for event in PlanEvent.objects.filter(plan__in=drafts, action=PlanAction.RETURNED).select_related("actor"):
        returns[event.plan_id] = event  # oldest first: the latest stays
    for plan in drafts:
        plan.returned = returns.get(plan.pk)
    unreported = list(
        VisitPlan.objects.filter(owner=person)
        .filter(
            Q(status=PlanStatus.APPROVED, end_date__lt=on)
            | Q(status=PlanStatus.DONE, report__status=TripReportStatus.REOPENED)
        )
        .select_related("report")
        .order_by("end_date", "id")[:SHOWN]
    )
    return {
        "template": "visits/home_panel.html",
        "awaiting": awaiting,
        "awaiting_count": awaiting_count,
        "upcoming": upcoming,
        "drafts": drafts,
        "drafts_count": drafts_count,
        "unreported": unreported,
    }
