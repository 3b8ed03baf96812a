"""Planning and editing a trip: the plan form with its agenda, and the pickers of units and companions it fetches
(htmx fragments)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views import View
from django.views.generic import ListView

from diaban.core.dates import format_date, parse_date, today
from diaban.core.text import nfc
from diaban.core.views import add_service_errors
from diaban.people.models import Person
from diaban.people.selectors import people_visible
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.visits import selectors
from diaban.visits.choices import PlanStatus
from diaban.visits.forms import AgendaFormSet, PlanForm, agenda_initial
from diaban.visits.models import VisitPlan
from diaban.visits.services.plans import is_owner, plan_create, plan_update
from diaban.visits.views.plans import NO_PERSON, require_person, with_units


class PlanCreateView(LoginRequiredMixin, View):
    """Plan a trip: title, dates, units, agenda, companions, counterparts, documents. The owner is the
    signed-in cadre; an account without a person record is told why it cannot plan."""

    model = VisitPlan
    template_name = "visits/plan_form.html"
    blank_rows = 3

    def get_plan(self):
        return None

    def _forms(self, data=None):
        user, plan = self.request.user, self.get_plan()
        keep_units = [t.unit_id for t in plan.targets.all()] if plan else []
        keep_people = [p.pk for p in plan.companions.all()] if plan else []
        form = PlanForm(
            data,
            initial=PlanForm.initial_for(plan) if plan else {},
            units=units_visible(user),
            people=people_visible(user),
            keep_units=keep_units,
            keep_people=keep_people,
        )
        # The plan's items, then blank rows to type into ("Thêm nội dung" adds more).
        rows = (agenda_initial(plan) if plan else []) + [{}] * self.blank_rows
        return form, AgendaFormSet(data, prefix="agenda", initial=rows)

    def render(self, form=None, formset=None):
        person = selectors.person_of(self.request.user)
        context = {"plan": self.get_plan(), "person": person, "no_person": NO_PERSON if person is None else ""}
        if person is not None:
            if form is None:
                form, formset = self._forms()
            context.update(
                form=form,
                formset=formset,
                chosen_units=form.picked("units"),
                chosen_companions=form.picked("companions"),
                main=str(form["main"].value() or 0),
            )
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        require_person(request.user)
        form, formset = self._forms(request.POST)
        valid = form.is_valid()
        agenda = self._agenda(form, formset)
        if not valid or agenda is None:
            return self.render(form, formset)
        try:
            plan = self.save(form, agenda)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "agenda" in exc.error_dict:
                for error in exc.error_dict.pop("agenda"):
                    for message in error.messages:
                        form.agenda_errors.append(message)
                        form.add_error(None, message)
            if not hasattr(exc, "error_dict") or exc.error_dict:
                add_service_errors(form, exc)
            return self.render(form, formset)
        self._tell_overlaps(plan)
        return redirect(plan)

    def _agenda(self, form, formset):
        """The agenda rows typed, in order, with the main one; None (errors on the form) when unreadable."""
        if not formset.is_valid():
            for message in formset.non_form_errors():
                form.agenda_errors.append(message)
            for i, errors in enumerate(formset.errors, start=1):
                for field, messages_ in errors.items():
                    label = formset.forms[i - 1].fields[field].label if field in formset.forms[i - 1].fields else ""
                    for message in messages_:
                        form.agenda_errors.append("Nội dung {}: {}{}".format(i, label + ": " if label else "", message))
            for message in form.agenda_errors:
                form.add_error(None, message)
            return None
        main = form.cleaned_data.get("main") if form.is_valid() else None
        plan = self.get_plan()
        participants = {p.pk: p for p in plan.companions.all()} if plan else {}
        if plan:
            participants[plan.owner_id] = plan.owner
        agenda = []
        for i, row in enumerate(formset.forms):
            data = row.cleaned_data
            if not (data.get("text") or "").strip():
                continue
            agenda.append(
                {
                    "kind": data.get("kind"),
                    "text": data["text"],
                    "is_main": i == main,
                    # After a merge each item keeps who proposed it.
                    "proposed_by": participants.get(data.get("proposed_by")),
                }
            )
        return agenda

    def save(self, form, agenda):
        fields = form.service_fields()
        plan = plan_create(
            actor=self.request.user,
            units=form.cleaned_data["units"],
            agenda=agenda,
            companions=form.cleaned_data["companions"],
            **fields,
        )
        messages.success(self.request, "Đã lập kế hoạch “{}” (dự thảo). Kiểm tra rồi trình duyệt.".format(plan.title))
        return plan

    def _tell_overlaps(self, plan):
        overlaps = selectors.overlapping_plans(plan, self.request.user)
        if overlaps:
            names = "; ".join(
                "“{}” của {} ({}–{})".format(
                    o.title, o.owner.full_name, format_date(o.start_date), format_date(o.end_date)
                )
                for o in overlaps[:3]
            )
            more = " và {} kế hoạch khác".format(len(overlaps) - 3) if len(overlaps) > 3 else ""
            messages.warning(
                self.request,
                "Cùng địa bàn, cùng thời gian có kế hoạch khác: {}{}. Xem mục “Kế hoạch trùng địa bàn” để phối hợp "
                "hoặc gộp thành một chuyến.".format(names, more),
            )


class PlanEditView(PlanCreateView):
    """Edit a draft (a returned plan is a draft again): only its owner (others 403); out of scope 404."""

    capture = True
    writers: set = set()  # only the plan's owner, never a role as such: no generic account may edit
    blank_rows = 1

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_person(request.user)
            plan = self.get_plan()
            if not is_owner(request.user, plan):
                raise PermissionDenied("Chỉ người chủ trì mới được sửa kế hoạch của mình.")
            if plan.status != PlanStatus.DRAFT:
                messages.error(
                    request,
                    "Kế hoạch đang ở bước “{}”, không sửa được; người duyệt cần trả lại trước.".format(
                        plan.get_status_display()
                    ),
                )
                return redirect(plan)
        return super().dispatch(request, *args, **kwargs)

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(
                with_units(
                    selectors.plans_visible(self.request.user).select_related("owner").prefetch_related("companions")
                ).prefetch_related("agenda"),
                pk=self.kwargs["pk"],
            )
        return self._plan

    def save(self, form, agenda):
        plan = self.get_plan()
        units, companions = form.cleaned_data["units"], form.cleaned_data["companions"]
        # Only what was changed is passed on, so that the history names what the owner really edited.
        unchanged_units = [u.pk for u in units] == [t.unit_id for t in plan.targets.all()]
        unchanged_people = {p.pk for p in companions} == {p.pk for p in plan.companions.all()}
        plan = plan_update(
            actor=self.request.user,
            plan=plan,
            units=None if unchanged_units else units,
            agenda=None if _same_agenda(plan, agenda) else agenda,
            companions=None if unchanged_people else companions,
            **form.service_fields(),
        )
        messages.success(self.request, "Đã lưu kế hoạch “{}”.".format(plan.title))
        return plan


def _same_agenda(plan, agenda) -> bool:
    """Whether the rows typed are the plan's items as they are (the first is main when none is chosen)."""
    has_main = any(item["is_main"] for item in agenda)
    typed = [
        (
            item["kind"],
            nfc(item["text"]),
            item["is_main"] or (not has_main and i == 0),
            item["proposed_by"].pk if item["proposed_by"] else plan.owner_id,
        )
        for i, item in enumerate(agenda)
    ]
    stored = [(a.kind, a.text, a.is_main, a.proposed_by_id or plan.owner_id) for a in plan.agenda.all()]
    return typed == stored


# ---------------------------------------------------------------------------------------------------------
# Pickers (htmx fragments of the plan form)


class PlanUnitPickerView(LoginRequiredMixin, ListView):
    """Units in the user's scope whose name matches, accents ignored, as checkboxes for the plan form: the units
    as they were on the plan's first day when the form has one (a plan for June 2025 visits the communes of
    then), else today's."""

    model = Unit
    searchable = True
    template_name = "visits/plan_pickers.html#unit-choices"
    paginate_by = 20

    def get_queryset(self):
        q = self.request.GET.get("q", "").strip()
        if not q:
            return Unit.objects.none()
        try:
            on = parse_date(self.request.GET.get("start_date"), default=today())
        except ValidationError:
            on = today()
        return (
            units_visible(self.request.user)
            .search(q)
            .valid_on(on)
            .select_related("level", "parent")
            .order_by("level__rank", "path")
        )


class PlanPersonPickerView(LoginRequiredMixin, ListView):
    """People in the user's scope, still working, whose name or code matches: companions for the plan form."""

    model = Person
    searchable = True
    template_name = "visits/plan_pickers.html#person-choices"
    paginate_by = 20

    def get_queryset(self):
        q = self.request.GET.get("q", "").strip()
        if not q:
            return people_visible(self.request.user).none()
        return people_visible(self.request.user).search(q).active_on(today()).by_name()
