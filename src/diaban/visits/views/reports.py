"""The trip report page: the owner's form (saved as typed, submitted once), a read-only page for everyone else
who sees the plan, and reopening with a reason by the department head or organization staff."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.generic import DetailView

from diaban.core.views import add_service_errors
from diaban.feedback.models import Recommendation
from diaban.people.permissions import can_manage_people
from diaban.visits import selectors
from diaban.visits.models import Finding, TripReport, UnitVisitReport
from diaban.visits.report_forms import ReopenForm, TripReportForm
from diaban.visits.services.plans import is_owner
from diaban.visits.services.trip_reports import (
    can_reopen_trip_report,
    trip_report_reopen,
    trip_report_save,
    trip_report_submit,
)

STATUS_TARGET = "report-status"


class TripReportView(LoginRequiredMixin, DetailView):
    """One trip report. Visible to whoever sees the plan (its participants always do); only the plan's owner
    edits it, and only until it is submitted."""

    model = TripReport
    template_name = "visits/trip_report.html"
    context_object_name = "report"

    def get_queryset(self):
        return selectors.trip_reports_visible(self.request.user).select_related(
            "plan__owner", "plan__department", "plan__department_approver"
        )

    def parts(self, report) -> list[UnitVisitReport]:
        """The unit parts with everything the page shows of them, read once (five queries whatever the size)."""
        if not hasattr(self, "_parts"):
            findings = Finding.objects.select_related("agenda_item__proposed_by").order_by(
                "-agenda_item__is_main", "agenda_item__order", "id"
            )
            self._parts = list(
                report.units.select_related("unit__parent").prefetch_related(
                    Prefetch("findings", queryset=findings),
                    "follow_ups",
                    Prefetch("recommendations", queryset=Recommendation.objects.order_by("id")),
                )
            )
        return self._parts

    def _form(self, report, data=None):
        parts = self.parts(report)
        return TripReportForm(data, initial=TripReportForm.initial_for(report, parts), parts=parts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        plan = report.plan
        parts = self.parts(report)
        editable = not report.is_locked and is_owner(user, plan)
        form = kwargs.get("form") or (self._form(report) if editable else None)
        context.update(
            plan=plan,
            parts=parts,
            editable=editable,
            form=form,
            sections=form.sections() if form is not None else [],
            problems=form.messages() if form is not None and form.is_bound else [],
            can_reopen=report.is_locked and can_reopen_trip_report(user, report),
            reopen_form=kwargs.get("reopen_form") or ReopenForm(),
            events=_labelled(plan.events.filter(action__startswith="report").select_related("actor"), parts),
            recommendation_count=sum(len(p.recommendations.all()) for p in parts),
            last_saved=report.updated_at if editable else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        if not is_owner(request.user, report.plan):
            raise PermissionDenied("Chỉ người chủ trì chuyến đi mới được sửa báo cáo chuyến đi.")
        autosave = bool(request.htmx) and request.htmx.target == STATUS_TARGET
        if report.is_locked and not autosave:
            messages.error(request, "Báo cáo đã nộp và bị khóa; cần mở lại (có lý do) mới sửa được.")
            return HttpResponseRedirect(report.get_absolute_url())
        action = request.POST.get("action", "save")
        form = self._form(report, request.POST)
        if not form.is_valid() and not autosave:
            return self._page(form)
        try:
            trip_report_save(actor=request.user, report=report, **form.service_payload())
            if action == "submit":
                report = trip_report_submit(actor=request.user, report=report)
        except ValidationError as exc:
            form.add_service_errors(exc)
            return self._status(form, saved=False) if autosave else self._page(form)
        if action == "submit":
            recorded = Recommendation.objects.filter(trip_reports__report=report).count()
            messages.success(
                request,
                "Đã nộp báo cáo lúc {}; báo cáo đã khóa. {} kiến nghị của cơ sở đã được ghi để theo dõi.".format(
                    timezone.localtime(report.submitted_at).strftime("%H:%M ngày %d/%m/%Y"), recorded
                ),
            )
            return HttpResponseRedirect(report.get_absolute_url())
        if autosave:
            return self._status(form, saved=True)
        messages.success(request, "Đã lưu bản nháp.")
        return HttpResponseRedirect(report.get_absolute_url())

    def _status(self, form, saved: bool):
        """The small status line an autosave answers with: when it saved and what could not be saved."""
        context = {"saved": saved, "problems": form.messages(), "now": timezone.localtime()}
        return TemplateResponse(self.request, "visits/trip_report.html#report-status", context)

    def _page(self, form):
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(form=form))


class TripReportReopenView(TripReportView):
    """POST: reopen a submitted trip report with a reason (the department head who approved the plan, or
    organization staff). A missing reason or a report not submitted answers 400 with the page and the message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # Accounts that are neither organization staff nor a cadre can never reopen: refused before any lookup.
        if not can_manage_people(request.user) and selectors.person_of(request.user) is None:
            raise PermissionDenied("Chỉ trưởng phòng đã duyệt kế hoạch hoặc Ban Tổ chức mới được mở lại báo cáo.")
        self.object = report = self.get_object()
        if not can_reopen_trip_report(request.user, report):
            raise PermissionDenied("Chỉ trưởng phòng đã duyệt kế hoạch hoặc Ban Tổ chức mới được mở lại báo cáo.")
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                trip_report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Đã mở lại báo cáo để người chủ trì sửa.")
                return HttpResponseRedirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(reopen_form=form), status=400)


def _labelled(events, parts):
    """Events with what changed named as the page names it ("Xã An Phú — tình hình chung")."""
    names = {f.name: str(f.verbose_name) for f in TripReport._meta.concrete_fields}
    unit_names = {f.name: str(f.verbose_name) for f in UnitVisitReport._meta.concrete_fields}
    unit_names["follow_ups"] = "việc theo dõi tiếp"
    by_unit = {str(p.unit_id): p.unit.name for p in parts}
    findings = {str(f.pk): (p.unit.name, f.agenda_item.get_kind_display()) for p in parts for f in p.findings.all()}
    result = list(events)
    for event in result:
        changed = []
        for key in event.changes:
            head, _sep, tail = key.partition(":")
            if key == "report":
                changed.append("lập báo cáo")
            elif head == "finding" and tail in findings:
                changed.append("{} — kết quả “{}”".format(*findings[tail]))
            elif tail and head in by_unit:
                changed.append("{} — {}".format(by_unit[head], unit_names.get(tail, tail)))
            else:
                changed.append(names.get(key, key))
        event.changed = changed
    return result
