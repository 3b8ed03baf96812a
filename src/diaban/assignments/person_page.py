"""The assignments part of a person's page (`people.sections`): the units they follow, their history, and the
links to assign them and to record their departure."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diaban.assignments.models import AssignmentEvent
from diaban.assignments.selectors import assignments_visible
from diaban.core.dates import today
from diaban.people.sections import PersonAction


def assignments_section(request, person) -> dict:
    # Assignments shown are those the reader may see (a provincial cadre's units may lie outside a district).
    assignments = (
        assignments_visible(request.user)
        .filter(person=person)
        .select_related("unit__parent")
        .order_by("-start_date", "-id")
    )
    return {
        "aside": "assignments/_person_assignments.html",
        "below": "assignments/_person_history.html",
        "actions": [
            PersonAction(
                10, _("Phân công địa bàn"), "{}?person={}".format(reverse("assignment_create"), person.pk), primary=True
            ),
            PersonAction(40, _("Thôi công tác"), reverse("person_depart", kwargs={"pk": person.pk})),
        ],
        "assignments": assignments,
        "events": AssignmentEvent.objects.filter(assignment__in=assignments)
        .select_related("actor", "assignment__unit")
        .order_by("-at", "-id")[:50],
        "today": today(),
    }
