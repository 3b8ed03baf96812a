"""A person's departure (retired, transferred…), on the person's address: it ends every running assignment."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from diaban.assignments import services
from diaban.assignments.forms import PersonDepartForm
from diaban.assignments.models import Assignment
from diaban.core.dates import today
from diaban.core.scoping import CAPTURE
from diaban.core.views import CaptureObjectMixin, add_service_errors
from diaban.people.models import Person
from diaban.people.selectors import people_visible
from diaban.people.views.mixins import ManagerRequiredMixin


class PersonDepartView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """A person leaves (retired, transferred…): every running assignment ends, with the reason."""

    model = Person
    form_class = PersonDepartForm
    template_name = "assignments/person_depart.html"

    def capture_queryset(self):
        return people_visible(self.request.user, CAPTURE)

    def get_initial(self):
        return {"date": today().strftime("%d/%m/%Y")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_target()
        context.update(
            person=person,
            running=Assignment.objects.filter(person=person, end_date__isnull=True).select_related("unit"),
        )
        return context

    def form_valid(self, form):
        person = self.get_target()
        try:
            ended = services.person_depart(actor=self.request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, "Đã ghi nhận {} thôi công tác; kết thúc {} phân công.".format(person.full_name, len(ended))
        )
        return redirect(person.get_absolute_url())
