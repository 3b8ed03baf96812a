"""Search pickers of the write forms (htmx fragments): people for the assignment forms, units for the person and
assignment forms."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.views.generic import ListView

from diaban.core.dates import parse_date, today
from diaban.core.scoping import CAPTURE
from diaban.people.views.mixins import ManagerRequiredMixin
from diaban.people.views.people import PersonListView
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


class PersonPickerView(ManagerRequiredMixin, PersonListView):
    """Search results as choices for the assignment form (an htmx fragment)."""

    template_name = "core/pickers.html#person-choices"
    paginate_by = 20
    htmx_partials = ()

    def get_queryset(self):
        people = super().get_queryset()
        if not self.request.GET.get("q", "").strip():
            return people.none()
        return people.active_on(today())


class UnitPickerView(LoginRequiredMixin, ManagerRequiredMixin, ListView):
    """Units in the writer's capture scope matching a search, as choices (an htmx fragment)."""

    model = Unit
    searchable = True
    template_name = "core/pickers.html#unit-choices"
    paginate_by = 20

    def get_queryset(self):
        q = self.request.GET.get("q", "").strip()
        if not q:
            return Unit.objects.none()
        try:
            # Units as of the start date of the assignment being written (its form's field, sent along).
            on = parse_date(self.request.GET.get("start_date"), today())
        except ValidationError:
            on = today()
        return (
            units_visible(self.request.user, CAPTURE)
            .search(q)
            .valid_on(on)
            .select_related("level", "parent")
            .order_by("level__rank", "path")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["field"] = self.request.GET.get("field", "unit")
        return context
