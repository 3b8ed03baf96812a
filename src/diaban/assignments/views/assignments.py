"""Pages of assignments: list, detail with history, assign, end, rotate; and the policy rules."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from diaban.assignments import selectors, services
from diaban.assignments.filters import AssignmentFilterSet
from diaban.assignments.forms import AssignmentCreateForm, AssignmentEndForm, AssignmentRotateForm
from diaban.assignments.models import Assignment, AssignmentRule
from diaban.core.dates import format_date, parse_date, today
from diaban.core.ids import parse_id
from diaban.core.scoping import CAPTURE
from diaban.core.views import CaptureObjectMixin, HtmxPartialMixin, add_service_errors, chosen
from diaban.people.permissions import can_manage_people
from diaban.people.selectors import people_visible
from diaban.people.views.mixins import ManagerRequiredMixin, capture_unit
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import PartyOrganization


class AssignmentListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Assignments in scope, filterable like the API; current ones by default."""

    model = Assignment
    searchable = True
    template_name = "assignments/assignment_list.html"
    paginate_by = 50
    htmx_partials = ("assignment-table",)

    def get_queryset(self):
        self.filterset = AssignmentFilterSet(
            self.request.GET, queryset=selectors.assignments_visible(self.request.user).select_related("unit__parent")
        )
        return self.filterset.qs.order_by("-start_date", "unit__path", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=self.filterset,
            q=self.request.GET.get("q", ""),
            query_without_page=query.urlencode(),
            can_assign=can_manage_people(self.request.user),
            today=today(),
        )
        return context


class AssignmentDetailView(LoginRequiredMixin, DetailView):
    model = Assignment
    template_name = "assignments/assignment_detail.html"
    context_object_name = "assignment"

    def get_queryset(self):
        return selectors.assignments_visible(self.request.user).select_related(
            "previous__unit", "next__unit", "person__home_unit"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment, user = self.object, self.request.user
        context.update(
            events=selectors.assignment_history(assignment),
            can_manage=can_manage_people(user)
            and selectors.assignments_visible(user, CAPTURE).filter(pk=assignment.pk).exists(),
            today=today(),
        )
        return context


class _AssignmentWriteView(LoginRequiredMixin, ManagerRequiredMixin, CaptureObjectMixin, FormView):
    """An operation on one assignment in the writer's capture scope."""

    model = Assignment

    def capture_queryset(self):
        return selectors.assignments_visible(self.request.user, CAPTURE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = self.get_target()
        return context

    def run(self, form, call, message):
        try:
            result = call()
        except ValidationError as exc:
            add_service_errors(form, exc, {"new_unit": "new_unit", "override_reason": "override_reason"})
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(result.get_absolute_url())


class AssignmentEndView(_AssignmentWriteView):
    form_class = AssignmentEndForm
    template_name = "assignments/assignment_end.html"

    def get_initial(self):
        return {"end_date": format_date(today())}

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.assignment_end(actor=self.request.user, assignment=self.get_target(), **form.cleaned_data),
            "Đã kết thúc phân công.",
        )


class AssignmentRotateView(_AssignmentWriteView):
    """Rotation (luân chuyển địa bàn): ends this assignment and starts one on another unit."""

    form_class = AssignmentRotateForm
    template_name = "assignments/assignment_rotate.html"

    def get_initial(self):
        return {"date": format_date(today())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chosen_unit"] = capture_unit(self.request.user, context["form"]["new_unit"].value())
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        new_unit = capture_unit(self.request.user, data.pop("new_unit"))
        if new_unit is None:
            form.add_error(None, "Địa bàn mới không có hoặc nằm ngoài phạm vi nhập liệu của bạn.")
            return self.form_invalid(form)
        return self.run(
            form,
            lambda: services.assignment_rotate(
                actor=self.request.user, assignment=self.get_target(), new_unit=new_unit, **data
            ),
            "Đã luân chuyển địa bàn; phân công cũ được giữ trong lịch sử.",
        )


class AssignmentCreateView(LoginRequiredMixin, ManagerRequiredMixin, FormView):
    """Assign a cadre to a unit; the unit may come from the coverage page (?unit=), the person from search."""

    model = Assignment
    form_class = AssignmentCreateForm
    template_name = "assignments/assignment_form.html"

    def get_initial(self):
        # From the coverage page the date looked at comes along: a unit closed since is assigned on that date.
        try:
            start = parse_date(self.request.GET.get("ngay"), today())
        except ValidationError:
            start = today()
        initial = {"start_date": format_date(start)}
        for name in ("unit", "person"):
            if pk := parse_id(self.request.GET.get(name)):
                initial[name] = pk
        return initial

    def _chosen(self, form):
        user = self.request.user
        unit_id, person_id = form["unit"].value(), form["person"].value()
        return capture_unit(user, unit_id), chosen(people_visible(user), person_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, person = self._chosen(context["form"])
        context.update(
            chosen_unit=unit,
            chosen_person=person,
            cells=PartyOrganization.objects.filter(unit=unit, kind=OrganizationKind.CELL).order_by("name")
            if unit
            else [],
        )
        return context

    def form_valid(self, form):
        unit, person = self._chosen(form)
        if unit is None:
            form.add_error(None, "Địa bàn đã chọn không có hoặc nằm ngoài phạm vi nhập liệu của bạn.")
        if person is None:
            form.add_error(None, "Cán bộ đã chọn không có hoặc nằm ngoài phạm vi của bạn.")
        if unit is None or person is None:
            return self.form_invalid(form)
        data = dict(form.cleaned_data)
        data.pop("unit"), data.pop("person")
        organization_id = data.pop("organization")
        organization = (
            PartyOrganization.objects.filter(pk=organization_id, unit=unit).first() if organization_id else None
        )
        try:
            assignment = services.assignment_create(
                actor=self.request.user, person=person, unit=unit, organization=organization, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, "Đã phân công {} theo dõi {}.".format(assignment.person.full_name, assignment.unit.name)
        )
        return redirect(assignment.get_absolute_url())


class RuleListView(LoginRequiredMixin, ListView):
    """The assignment policy (quy định phân công), as data: who may follow which level, when, by which text."""

    model = AssignmentRule
    template_name = "assignments/rule_list.html"

    def get_queryset(self):
        return AssignmentRule.objects.select_related("position_level", "target_level")


class ReorganizationMovesView(LoginRequiredMixin, ManagerRequiredMixin, ListView):
    """After a reorganization: the assignments of closed units, each offered to move to a successor unit."""

    model = Assignment
    template_name = "assignments/reorganization_moves.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.assignments_awaiting_successor(self.request.user, CAPTURE)

    def post(self, request, *args, **kwargs):
        chosen = request.POST.getlist("move")
        pending = {str(a.pk): a for a in self.get_queryset().filter(pk__in=[c for c in chosen if c.isdigit()])}
        moved, errors = 0, []
        for key in chosen:
            assignment = pending.get(key)
            if assignment is None:
                continue
            successors = {str(s.successor_id): s.successor for s in assignment.unit.successions_out.all()}
            successor = successors.get(request.POST.get("successor-{}".format(key), ""))
            if successor is None:
                errors.append(
                    "{} → {}: chọn địa bàn kế thừa.".format(assignment.person.full_name, assignment.unit.name)
                )
                continue
            try:
                services.assignment_move_to_successor(
                    actor=request.user,
                    assignment=assignment,
                    successor=successor,
                    override_reason=request.POST.get("reason-{}".format(key), ""),
                )
                moved += 1
            except ValidationError as exc:
                errors.extend(
                    "{} → {}: {}".format(assignment.person.full_name, successor.name, m) for m in exc.messages
                )
        if moved:
            messages.success(request, "Đã chuyển {} phân công sang địa bàn kế thừa.".format(moved))
        for error in errors:
            messages.error(request, error)
        if not chosen:
            messages.warning(request, "Chưa chọn phân công nào.")
        return redirect("assignment_moves")
