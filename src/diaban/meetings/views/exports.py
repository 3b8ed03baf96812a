"""Downloads: the compliance dashboard as Excel, a meeting report as a Word document. Both are scoped like
the pages they come from: out of scope is 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseBadRequest
from django.views.generic import DetailView

from diaban.core.excel import xlsx_response
from diaban.core.scoping import restrict
from diaban.core.views import attachment
from diaban.meetings.exports import compliance_workbook
from diaban.meetings.models import MeetingReport
from diaban.meetings.report_docx import DOCX_CONTENT_TYPE, report_docx, report_filename
from diaban.meetings.selectors.cells import cells_least_attended, cells_never_attended
from diaban.meetings.selectors.compliance import compliance_report, default_year, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.meetings.views.calendar import year_param
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


class ComplianceExportView(LoginRequiredMixin, DetailView):
    """The compliance page of a unit and year (?nam=) as a workbook, every row of every table."""

    model = Unit

    def get_queryset(self):
        return units_visible(self.request.user)

    def get(self, request, *args, **kwargs):
        unit = self.get_object()
        year, error = year_param(request, default_year(unit))
        if error:
            return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
        start, end = year_span(unit, year)
        if start > end:
            raise Http404("{} không có hiệu lực trong năm {}.".format(unit.name, year))
        user = request.user
        report = compliance_report(unit, start, end, user)
        reporting = reporting_report(unit, start, end, user, lineage=report.lineage_branches)
        never = cells_never_attended(unit, start, end, user)
        remote = cells_least_attended(unit, start, end, user).filter(unit__is_remote=True)
        content = compliance_workbook(report, reporting, never, remote, user)
        return xlsx_response(content, "du-sinh-hoat-{}-{}.xlsx".format(unit.code or unit.pk, year))


class MeetingReportDocxView(LoginRequiredMixin, DetailView):
    """A meeting report as a Word document in the Party's document layout, for printing and signing."""

    model = MeetingReport

    def get_queryset(self):
        return restrict(MeetingReport.objects.all(), self.request.user).select_related(
            "attendance__person__home_unit",
            "attendance__meeting__organization__unit",
            "attendance__meeting__organization__parent",
        )

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        return attachment(report_docx(report), DOCX_CONTENT_TYPE, report_filename(report))
