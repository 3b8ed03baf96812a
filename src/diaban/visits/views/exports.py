"""Downloads of field work: the visit plans as Excel (with the visits each unit received), an approved plan and
a trip report as Word documents. Scoped like the pages they come from: out of scope is 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views.generic import DetailView

from diaban.core.dates import today
from diaban.core.excel import xlsx_response
from diaban.core.ids import parse_id
from diaban.core.views import attachment
from diaban.meetings.report_docx import DOCX_CONTENT_TYPE
from diaban.territory.selectors import units_visible
from diaban.visits import visit_docx
from diaban.visits.exports import plans_workbook
from diaban.visits.models import TripReport, VisitPlan
from diaban.visits.selectors import visit_counts
from diaban.visits.views.plans import PlanListView


def _refuse(message: str, status: int = 400) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _describe(form, tab: str) -> str:
    """The list's filters in words, for the workbook's title."""
    data = form.cleaned_data
    tabs = dict(form.fields["xem"].choices)
    parts = [str(tabs.get(tab, tab))]
    if data.get("tinh_trang"):
        parts.append("tình trạng: {}".format(dict(form.fields["tinh_trang"].choices)[data["tinh_trang"]]))
    if data.get("nam"):
        parts.append(
            "tháng {:02d}/{}".format(data["thang"], data["nam"]) if data.get("thang") else "năm {}".format(data["nam"])
        )
    if (data.get("q") or "").strip():
        parts.append("tìm: “{}”".format(data["q"].strip()))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


class VisitPlanExportView(PlanListView):
    """The plan list with the same tab, search and filters as the page (?xem=, ?q=, ?tinh_trang=, ?nam=,
    ?thang=; ?status= and ?year= as in the API), every page of it. With ?unit=<id> of a unit in scope, a
    second sheet counts the visits each unit below it received per month of the year."""

    def get(self, request, *args, **kwargs):
        params = request.GET.copy()
        for alias, name in (("status", "tinh_trang"), ("year", "nam")):
            if params.get(alias) and not params.get(name):
                params[name] = params[alias]
        request.GET = params  # the list view reads its filters from the request
        plans = self.get_queryset()
        if self.filters.errors:
            # The page shows these next to the fields; a file cannot, and must not silently ignore them.
            messages = [str(m) for errors in self.filters.errors.values() for m in errors]
            return _refuse(" ".join(messages))
        year = self.filters.cleaned_data.get("nam")
        counts = None
        unit_id = (params.get("unit") or "").strip()
        if unit_id:
            pk = parse_id(unit_id)
            if pk is None:
                return _refuse("Địa bàn không hợp lệ: {!r}.".format(unit_id[:40]))
            # A unit out of scope gets no sheet, as if it did not exist.
            unit = units_visible(request.user).filter(pk=pk).first()
            if unit is not None:
                counts = visit_counts(unit, year or today().year, request.user)
        content = plans_workbook(plans, _describe(self.filters, self.tab), counts)
        name = "ke-hoach-di-co-so{}.xlsx".format("-{}".format(year) if year else "")
        return xlsx_response(content, name)


class VisitPlanDocxView(LoginRequiredMixin, DetailView):
    """An approved plan as a Word document in the Party's layout, for printing and filing; a plan not approved
    yet is refused with the reason (409)."""

    model = VisitPlan

    def get_queryset(self):
        return visit_docx.plans_for_docx(self.request.user)

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        refusal = visit_docx.docx_refusal(plan)
        if refusal:
            return _refuse(refusal, status=409)
        return attachment(visit_docx.plan_docx(plan), DOCX_CONTENT_TYPE, visit_docx.plan_filename(plan))


class TripReportDocxView(LoginRequiredMixin, DetailView):
    """A trip report as a Word document; a draft is marked "BẢN NHÁP"."""

    model = TripReport

    def get_queryset(self):
        return visit_docx.reports_for_docx(self.request.user)

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        return attachment(visit_docx.report_docx(report), DOCX_CONTENT_TYPE, visit_docx.report_filename(report))
