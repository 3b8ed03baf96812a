"""The compliance dashboard (organization staff and leaders) and the list of attendance rules."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import DetailView, ListView

from diaban.core.dates import day_asked
from diaban.core.models import first_with_count
from diaban.meetings.models import AttendanceRule
from diaban.meetings.selectors.cells import cells_least_attended, cells_never_attended
from diaban.meetings.selectors.compliance import compliance_report, default_year, year_span
from diaban.meetings.selectors.lists import rules_visible
from diaban.meetings.selectors.reporting import reporting_report
from diaban.meetings.views.calendar import year_param
from diaban.territory.models import Unit
from diaban.territory.selectors import unit_ancestors, unit_roots, units_visible

BEHIND_SHOWN = 50
CELLS_SHOWN = 20


class ComplianceView(LoginRequiredMixin, DetailView):
    """Compliance with the attendance rules below a unit over a year, by branch, with who is behind and which
    cells no cadre attended."""

    model = Unit
    template_name = "meetings/compliance.html"
    context_object_name = "unit"

    def get_queryset(self):
        return units_visible(self.request.user)

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        roots = unit_roots(self.request.user, day_asked(self.request.GET, year_name="nam"))
        if not roots:
            raise Http404("Tài khoản chưa được giao địa bàn nào.")
        return roots[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, unit = self.request.user, self.object
        year, error = year_param(self.request, default_year(unit))
        start, end = year_span(unit, year)
        if start > end:
            start = end = None
        report = compliance_report(unit, start, end, user) if start else None
        reporting = reporting_report(unit, start, end, user, lineage=report.lineage_branches) if start else None
        cells = cells_least_attended(unit, start, end, user) if start else None
        never = cells_never_attended(unit, start, end, user) if start else None
        never_rows, never_count = first_with_count(never, CELLS_SHOWN) if never is not None else ([], 0)
        context.update(
            year=year,
            year_error=error,
            start=start,
            end=end,
            report=report,
            behind=report.behind[:BEHIND_SHOWN] if report else [],
            cells=list(cells.filter(unit__is_remote=True)[:CELLS_SHOWN]) if cells is not None else [],
            never=never_rows,
            never_count=never_count,
            ancestors=unit_ancestors(unit, user),
            reporting=reporting,
            reporting_branches={b[0].pk: b[2] for b in reporting.branches} if reporting else {},
            chart={
                "labels": ["{:02d}/{}".format(m, y) for (y, m) in reporting.months],
                "expected": [r.expected for r in reporting.months.values()],
                "received": [r.received for r in reporting.months.values()],
                "on_time": [r.on_time for r in reporting.months.values()],
            }
            if reporting
            else None,
        )
        return context


class AttendanceRuleListView(LoginRequiredMixin, ListView):
    """The attendance rules (quy định) issued for units in the user's scope, newest first."""

    model = AttendanceRule
    template_name = "meetings/rule_list.html"
    context_object_name = "rules"

    def get_queryset(self):
        return rules_visible(self.request.user).order_by("-valid_from", "name")
