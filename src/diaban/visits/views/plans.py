"""Pages of visit plans: the list (mine, awaiting my approval, all in my scope), planning and editing a trip,
one plan with its approvers, history and the overlapping plans of others, and the POST actions (submit,
approve, return, cancel, merge, start the trip report). Rules are the services' and selectors'; these views
parse input, call them and say what happened."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from diaban.core.dates import format_date, parse_date, today
from diaban.core.text import nfc
from diaban.core.views import HtmxPartialMixin, add_service_errors
from diaban.people.models import Person
from diaban.people.selectors import people_visible
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.visits import selectors, services
from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.filters import VisitPlanFilterSet, was_returned
from diaban.visits.forms import AgendaFormSet, PlanFilterForm, PlanForm, agenda_initial
from diaban.visits.models import VisitPlan, VisitTarget

NO_PERSON = (
    "Tài khoản của bạn chưa gắn với một cán bộ nên không lập hay xử lý được kế hoạch đi cơ sở. "
    "Liên hệ Ban Tổ chức để gắn tài khoản với hồ sơ cán bộ."
)


def _require_person(user):
    person = selectors.person_of(user)
    if person is None:
        raise PermissionDenied(NO_PERSON)
    return person


def _taking_part(person):
    """Plans the person goes on: as owner or companion."""
    through = VisitPlan.companions.through.objects.filter(person=person).values("visitplan_id")
    return Q(owner=person) | Q(pk__in=through)


def plan_filters(data: dict) -> QueryDict:
    """The page's filters (tab aside) as the API's FilterSet reads them: one FilterSet for both."""
    params = QueryDict(mutable=True)
    if data.get("q"):
        params["q"] = data["q"]
    status = data.get("tinh_trang")
    if status == "returned":
        params["returned"] = "true"
    elif status:
        params["status"] = status
    year, month = data.get("nam"), data.get("thang")
    if year:
        first = datetime.date(year, month or 1, 1)
        last = datetime.date(year, month or 12, calendar.monthrange(year, month or 12)[1])
        params["from"], params["to"] = format_date(first), format_date(last)
    return params


def _with_units(queryset):
    return queryset.prefetch_related(
        Prefetch("targets", queryset=VisitTarget.objects.select_related("unit", "unit__parent"))
    )


# ---------------------------------------------------------------------------------------------------------
# List


class PlanListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Visit plans: mine (owner or companion), those awaiting my approval, all in my scope; filtered by
    status, year and month, and searched by title, unit or owner without accents."""

    model = VisitPlan
    searchable = True
    template_name = "visits/plan_list.html"
    paginate_by = 30
    htmx_partials = ("plan-list",)

    def get_queryset(self):
        user = self.request.user
        self.person = selectors.person_of(user)
        self.filters = PlanFilterForm(self.request.GET)
        self.filters.is_valid()
        data = self.filters.cleaned_data
        self.tab = data.get("xem") or ("cua-toi" if self.person else "tat-ca")
        if self.tab == "cho-duyet":
            qs = selectors.awaiting_approval(user)
        elif self.tab == "cua-toi":
            qs = (
                selectors.plans_visible(user).filter(_taking_part(self.person))
                if self.person
                else VisitPlan.objects.none()
            )
        else:
            qs = selectors.plans_visible(user)
        self.filterset = VisitPlanFilterSet(plan_filters(data), queryset=qs, request=self.request)
        qs = self.filterset.qs
        if "was_returned" not in qs.query.annotations:
            qs = qs.annotate(was_returned=was_returned())
        order = ["start_date", "id"] if self.tab == "cho-duyet" else ["-start_date", "-id"]
        return _with_units(qs.select_related("owner", "department")).order_by(*order)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        tab_query = query.copy()
        tab_query.pop("xem", None)
        export_query = query.copy()
        export_query["xem"] = self.tab  # the file holds what the page shows, whichever tab is the default
        context.update(
            filters=self.filters,
            tab=self.tab,
            tabs=self.filters.fields["xem"].choices,
            tab_query=tab_query.urlencode(),
            export_query=export_query.urlencode(),
            query_without_page=query.urlencode(),
            person=self.person,
            awaiting_count=selectors.awaiting_approval(self.request.user).count() if self.person else 0,
        )
        return context


# ---------------------------------------------------------------------------------------------------------
# Create and edit


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
        _require_person(request.user)
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
        plan = services.plan_create(
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
            _require_person(request.user)
            plan = self.get_plan()
            if not services.is_owner(request.user, plan):
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
                _with_units(
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
        plan = services.plan_update(
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


# ---------------------------------------------------------------------------------------------------------
# Detail


class PlanDetailView(LoginRequiredMixin, DetailView):
    """One plan: what, where, who goes, who approves each step, the history, the overlapping plans of others
    (merge one into this one) and the actions the reader may take."""

    model = VisitPlan
    template_name = "visits/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail_queryset(self.request.user).select_related(
            "owner__department", "department_approver", "leader_approver", "report"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        me = selectors.person_of(user)
        owner = me is not None and me.pk == plan.owner_id
        events = _labelled(plan.events.all())
        report = getattr(plan, "report", None)
        overlaps = selectors.overlapping_plans(plan, user)
        prefetch_related_objects(overlaps, Prefetch("targets", queryset=VisitTarget.objects.select_related("unit")))
        for other in overlaps:
            other.mergeable = PlanStatus.DONE not in (plan.status, other.status) and services.can_merge(
                user, plan, other
            )
        context.update(
            me=me,
            is_owner=owner,
            steps=self._steps(plan, events),
            approvers_error=self._preview(plan, context),
            events=events,
            overlaps=overlaps,
            report=report,
            can_edit=owner and plan.status == PlanStatus.DRAFT,
            can_submit=owner and plan.status == PlanStatus.DRAFT,
            can_cancel=owner and plan.status not in (PlanStatus.DONE, PlanStatus.CANCELLED, PlanStatus.MERGED),
            can_approve=selectors.can_approve(user, plan),
            can_start_report=owner and report is None and plan.status == PlanStatus.APPROVED,
            trip_started=plan.start_date <= today(),
            returned=next((e for e in reversed(events) if e.action == PlanAction.RETURNED), None)
            if plan.status == PlanStatus.DRAFT
            else None,
            counterparts=[line for line in plan.counterparts.splitlines() if line.strip()],
            documents=[line for line in plan.documents_studied.splitlines() if line.strip()],
        )
        return context

    @staticmethod
    def _steps(plan, events):
        """The two approval steps once submitted: who, and whether done (when), waiting or not reached. A draft
        (returned plans too) gets none: its approvers are derived again when it is submitted."""
        if not plan.department_approver_id or plan.status == PlanStatus.DRAFT:
            return []
        last = {}
        for e in events:  # oldest first: the last approval of each step stays
            last[e.action] = e
        steps = []
        for label, person, action, waiting_in, done_in in (
            ("Trưởng phòng duyệt", plan.department_approver, PlanAction.DEPARTMENT_APPROVED, PlanStatus.SUBMITTED,
             (PlanStatus.DEPARTMENT_APPROVED, PlanStatus.APPROVED, PlanStatus.DONE)),
            ("Lãnh đạo phụ trách duyệt", plan.leader_approver, PlanAction.APPROVED, PlanStatus.DEPARTMENT_APPROVED,
             (PlanStatus.APPROVED, PlanStatus.DONE)),
        ):  # fmt: skip
            if plan.status in done_in:
                state = "done"
            elif plan.status == waiting_in:
                state = "waiting"
            else:
                state = "closed" if plan.status in (PlanStatus.CANCELLED, PlanStatus.MERGED) else ""
            event = last.get(action) if state == "done" else None
            steps.append({"label": label, "person": person, "state": state, "event": event})
        return steps

    @staticmethod
    def _preview(plan, context):
        """Before submission: who would approve now, or why nobody can yet."""
        if plan.status != PlanStatus.DRAFT:
            return ""
        units = [t.unit for t in plan.targets.all()]
        try:
            approvers = selectors.approvers_for(plan.owner, units, plan.start_date)
        except ValidationError as exc:
            return " ".join(exc.messages)
        context["preview"] = [
            {"label": "Trưởng phòng duyệt", "person": approvers.department_head},
            {"label": "Lãnh đạo phụ trách duyệt", "person": approvers.leader},
        ]
        return ""


_PLAN_PARTS = {"units": "địa bàn", "agenda": "nội dung làm việc", "companions": "người cùng đi"}


def _labelled(events):
    """Events with the plan fields they changed named as the form names them (trip report edits are told by
    their action alone)."""
    names = {f.name: str(f.verbose_name) for f in VisitPlan._meta.concrete_fields} | _PLAN_PARTS
    result = list(events)
    for event in result:
        updated = event.action == PlanAction.UPDATED
        event.changed = [names[key] for key in event.changes if key in names] if updated else []
    return result


# ---------------------------------------------------------------------------------------------------------
# Actions (POST only)


class _PlanActionView(LoginRequiredMixin, SingleObjectMixin, View):
    """A POST on a plan: accounts without a person record get 403 (only owners and approvers act), plans out
    of the user's sight 404; the service decides who may act (403 otherwise). A refused change (a
    ValidationError) comes back as a message on the plan's page."""

    model = VisitPlan
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.plans_visible(self.request.user)

    def post(self, request, *args, **kwargs):
        _require_person(request.user)
        plan = self.get_object()
        try:
            return self.act(plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan)

    def act(self, plan):
        raise NotImplementedError

    def comment(self) -> str:
        return (self.request.POST.get("comment") or "").strip()


class PlanSubmitView(_PlanActionView):
    def act(self, plan):
        plan = services.plan_submit(actor=self.request.user, plan=plan)
        messages.success(
            self.request,
            "Đã trình kế hoạch. {} duyệt trước, sau đó {}.".format(
                plan.department_approver.full_name, plan.leader_approver.full_name
            ),
        )
        return redirect(plan)


class PlanApproveView(_PlanActionView):
    def act(self, plan):
        plan = services.plan_approve(actor=self.request.user, plan=plan, comment=self.comment())
        if plan.status == PlanStatus.APPROVED:
            text = "Đã duyệt kế hoạch “{}”: kế hoạch đã được duyệt đủ hai bước.".format(plan.title)
        else:
            text = "Đã duyệt kế hoạch “{}”; chuyển {} duyệt tiếp.".format(plan.title, plan.leader_approver.full_name)
        messages.success(self.request, text)
        return redirect(plan)


class PlanReturnView(_PlanActionView):
    def act(self, plan):
        plan = services.plan_return(actor=self.request.user, plan=plan, comment=self.comment())
        messages.success(
            self.request, "Đã trả lại kế hoạch “{}” cho {} kèm ý kiến.".format(plan.title, plan.owner.full_name)
        )
        return redirect(plan)


class PlanCancelView(_PlanActionView):
    def act(self, plan):
        plan = services.plan_cancel(actor=self.request.user, plan=plan, comment=self.comment())
        messages.success(self.request, "Đã hủy kế hoạch “{}”.".format(plan.title))
        return redirect(plan)


class PlanMergeView(_PlanActionView):
    """Merge the plan named in `other` into this one (one trip instead of two)."""

    def act(self, plan):
        other_id = self.request.POST.get("other") or ""
        if not other_id.isdigit():
            raise ValidationError("Chưa chọn kế hoạch cần gộp vào kế hoạch này.")
        other = get_object_or_404(selectors.plans_visible(self.request.user), pk=other_id)
        plan = services.plans_merge(actor=self.request.user, into=plan, other=other)
        text = "Đã gộp “{}” của {} vào kế hoạch này.".format(other.title, other.owner.full_name)
        if plan.status == PlanStatus.SUBMITTED and plan.department_approver_id:
            text += " Kế hoạch được trình duyệt lại từ bước trưởng phòng ({}).".format(
                plan.department_approver.full_name
            )
        messages.success(self.request, text)
        return redirect(plan)


class TripReportStartView(_PlanActionView):
    """Open the trip report of an approved plan whose trip has begun (creating its draft the first time)."""

    def act(self, plan):
        report = services.trip_report_start(actor=self.request.user, plan=plan)
        return redirect(reverse("trip_report", kwargs={"pk": report.pk}))
