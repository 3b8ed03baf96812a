"""Pages of people (cán bộ): the list, one person with positions and memberships (and what the apps above add to
the page), adding or correcting a cadre, and recording a position."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView

from diaban.core.scoping import CAPTURE
from diaban.core.views import CaptureObjectMixin, HtmxPartialMixin, add_service_errors
from diaban.people import selectors, services
from diaban.people.filters import PersonFilterSet
from diaban.people.forms import PersonForm, PositionForm
from diaban.people.models import Person
from diaban.people.permissions import can_manage_people
from diaban.people.sections import PersonAction, person_sections
from diaban.people.views.mixins import ManagerRequiredMixin, capture_unit


class PersonListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """People in scope, sorted the Vietnamese way (given name first), searchable without accents."""

    model = Person
    searchable = True
    template_name = "people/person_list.html"
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


class PersonDetailView(LoginRequiredMixin, DetailView):
    """One person: their positions and memberships, and the sections the apps above add (`people.sections`)."""

    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.people_visible(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        sections = person_sections(self.request, person)
        # Numbered with room before and after: the apps above add their links among these.
        actions = [
            PersonAction(20, _("Ghi chức vụ"), reverse("position_add", kwargs={"pk": person.pk})),
            PersonAction(30, _("Sửa thông tin"), reverse("person_edit", kwargs={"pk": person.pk})),
        ]
        actions += [action for section in sections for action in section.get("actions", ())]
        context.update(
            positions=selectors.positions_of(person),
            memberships=selectors.memberships_of(person),
            sections=sections,
            actions=sorted(actions, key=lambda action: action.order),
            can_manage=can_manage_people(user)
            and selectors.people_visible(user, CAPTURE).filter(pk=person.pk).exists(),
        )
        return context


class PersonEditView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """Add a cadre (/can-bo/them/) or correct one (/can-bo/<pk>/sua/); the home unit must be in capture scope."""

    model = Person
    form_class = PersonForm
    template_name = "people/person_form.html"

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
            person = services.person_save(actor=self.request.user, person=self.get_target(), home_unit=home, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã lưu thông tin cán bộ {}.".format(person.full_name))
        return redirect(person.get_absolute_url())


class PositionAddView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """Record a position a cadre holds or held (/can-bo/<pk>/chuc-vu/)."""

    model = Person
    form_class = PositionForm
    template_name = "people/position_form.html"

    def capture_queryset(self):
        return selectors.people_visible(self.request.user, CAPTURE)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_target(), **kwargs)

    def form_valid(self, form):
        person = self.get_target()
        try:
            services.position_add(actor=self.request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã ghi chức vụ {} cho {}.".format(form.cleaned_data["title"], person.full_name))
        return redirect(person.get_absolute_url())
