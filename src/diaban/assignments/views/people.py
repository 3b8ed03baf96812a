"""Pages of people (cán bộ): the list, one person with positions, memberships, assignments and history, and
recording a departure."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from diaban.assignments import selectors, services
from diaban.assignments.forms import PersonDepartForm, PersonForm, PositionForm
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.assignments.views.mixins import ManagerRequiredMixin, capture_unit
from diaban.core.dates import today
from diaban.core.scoping import CAPTURE
from diaban.core.views import CaptureObjectMixin, HtmxPartialMixin, add_service_errors
from diaban.people import services as people_services
from diaban.people.filters import PersonFilterSet
from diaban.people.models import CommitteeMembership, Person
from diaban.people.permissions import can_manage_people


class PersonListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """People in scope, sorted the Vietnamese way (given name first), searchable without accents."""

    model = Person
    searchable = True
    template_name = "assignments/person_list.html"
    paginate_by = 50
    htmx_partials = ("person-table",)

    def get_queryset(self):
        self.filterset = PersonFilterSet(self.request.GET, queryset=selectors.people_visible(self.request.user))
        return self.filterset.qs.by_name()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=self.filterset,
            q=self.request.GET.get("q", ""),
            query_without_page=query.urlencode(),
            can_manage=can_manage_people(self.request.user),
        )
        return context


class PersonPickerView(ManagerRequiredMixin, PersonListView):
    """Search results as choices for the assignment form (an htmx fragment)."""

    template_name = "assignments/pickers.html#person-choices"
    paginate_by = 20
    htmx_partials = ()

    def get_queryset(self):
        people = super().get_queryset()
        if not self.request.GET.get("q", "").strip():
            return people.none()
        return people.active_on(today())


class PersonDetailView(LoginRequiredMixin, DetailView):
    model = Person
    template_name = "assignments/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.people_visible(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        # Assignments shown are those the reader may see (a provincial cadre's units may lie outside a district).
        assignments = (
            selectors.assignments_visible(user)
            .filter(person=person)
            .select_related("unit__parent")
            .order_by("-start_date", "-id")
        )
        context.update(
            positions=selectors.positions_of(person),
            memberships=CommitteeMembership.objects.filter(person=person).select_related("committee", "term"),
            assignments=assignments,
            events=AssignmentEvent.objects.filter(assignment__in=assignments)
            .select_related("actor", "assignment__unit")
            .order_by("-at", "-id")[:50],
            can_manage=can_manage_people(user)
            and selectors.people_visible(user, CAPTURE).filter(pk=person.pk).exists(),
            today=today(),
        )
        return context


class PersonDepartView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """A person leaves (retired, transferred…): every running assignment ends, with the reason."""

    model = Person
    form_class = PersonDepartForm
    template_name = "assignments/person_depart.html"

    def capture_queryset(self):
        return selectors.people_visible(self.request.user, CAPTURE)

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


class PersonEditView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """Add a cadre (/can-bo/them/) or correct one (/can-bo/<pk>/sua/); the home unit must be in capture scope."""

    model = Person
    form_class = PersonForm
    template_name = "assignments/person_form.html"

    def capture_queryset(self):
        return selectors.people_visible(self.request.user, CAPTURE)

    def get_initial(self):
        person = self.get_target()
        if person is None:
            return {}
        fields = ("code", "full_name", "gender", "birth_year", "agency", "phone", "email")
        return {name: getattr(person, name) for name in fields} | {"home_unit": person.home_unit_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.get_target(), chosen_unit=capture_unit(self.request.user, context["form"]["home_unit"].value())
        )
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        home = capture_unit(self.request.user, data.pop("home_unit"))
        if home is None:
            form.add_error(None, "Nơi công tác đã chọn không có hoặc nằm ngoài phạm vi nhập liệu của bạn.")
            return self.form_invalid(form)
        data["birth_year"] = data["birth_year"] or None
        try:
            person = people_services.person_save(
                actor=self.request.user, person=self.get_target(), home_unit=home, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã lưu thông tin cán bộ {}.".format(person.full_name))
        return redirect(person.get_absolute_url())


class PositionAddView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """Record a position a cadre holds or held (/can-bo/<pk>/chuc-vu/)."""

    model = Person
    form_class = PositionForm
    template_name = "assignments/position_form.html"

    def capture_queryset(self):
        return selectors.people_visible(self.request.user, CAPTURE)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_target(), **kwargs)

    def form_valid(self, form):
        person = self.get_target()
        try:
            people_services.position_add(actor=self.request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã ghi chức vụ {} cho {}.".format(form.cleaned_data["title"], person.full_name))
        return redirect(person.get_absolute_url())
