"""The coverage dashboard (độ bao phủ địa bàn): per level and per branch of the tree, on any date."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.text import capfirst
from django.views.generic import DetailView

from diaban.assignments import selectors
from diaban.assignments.coverage_excel import coverage_workbook
from diaban.core.dates import format_date
from diaban.core.excel import xlsx_response
from diaban.core.models import first_with_count
from diaban.core.views import DateParamMixin, HtmxPartialMixin
from diaban.people.permissions import can_manage_people
from diaban.people.selectors import people_visible
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import unit_ancestors, unit_roots, units_visible

UNCOVERED_SHOWN = 50
IDLE_SHOWN = 20


class CoverageView(LoginRequiredMixin, DateParamMixin, HtmxPartialMixin, DetailView):
    """Coverage below one unit: the user's first scope unit at /bao-phu/, any unit in scope at /bao-phu/<pk>/."""

    model = Unit
    template_name = "assignments/coverage.html"
    context_object_name = "unit"
    htmx_partials = ("uncovered", "coverage-people")

    def get_queryset(self):
        return units_visible(self.request.user)

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        roots = unit_roots(self.request.user, self.view_date())
        if not roots:
            raise Http404("Tài khoản chưa được giao địa bàn nào.")
        self.roots = roots
        return roots[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, unit = self.request.user, self.object
        asked = self.view_date()
        date = unit.clamp_date(asked)
        context.update(
            date=date,
            date_text=format_date(date),
            clamped=date != asked,
            can_assign=can_manage_people(user),
        )
        part = self.request.htmx.target if self.request.htmx else None
        # The lists load after the page (hx-trigger="load"): the page itself is the two passes of the report.
        if part == "uncovered":
            levels = list(UnitLevel.objects.filter(rank__gt=unit.level.rank))
            level = next((lv for lv in levels if lv.key == self.request.GET.get("cap", "")), None)
            uncovered, uncovered_count = first_with_count(
                selectors.uncovered_units(unit, date, user, level), UNCOVERED_SHOWN
            )
            context.update(uncovered=uncovered, uncovered_count=uncovered_count)
        elif part == "coverage-people":
            idle, idle_count = first_with_count(selectors.idle_cadres(unit, date, user), IDLE_SHOWN)
            busiest = selectors.busiest_cadres(unit, date, user)
            # A cadre following units here may live outside the reader's scope: named, but linked only if it opens.
            openable = people_visible(user).filter(pk__in=[row["person_id"] for row in busiest])
            context.update(
                idle=idle,
                idle_count=idle_count,
                busiest=busiest,
                openable_people=set(openable.values_list("pk", flat=True)),
            )
        else:
            report = selectors.coverage_report(unit, date, user, people=False)
            context.update(
                report=report,
                ancestors=unit_ancestors(unit, user),
                roots=getattr(self, "roots", None) or [],
                level_filter=self.request.GET.get("cap", ""),
                chart={
                    "labels": [capfirst(row.level.name_plural) for row in report.levels],
                    "covered": [row.covered for row in report.levels],
                    "uncovered": [row.uncovered for row in report.levels],
                    "load_labels": [label for label, _n in report.load],
                    "load": [n for _label, n in report.load],
                },
                levels_below=[row.level for row in report.levels],
            )
        return context


class CoverageExportView(LoginRequiredMixin, DateParamMixin, DetailView):
    """The dashboard's figures, all uncovered units and all idle cadres, as an Excel workbook."""

    model = Unit

    def get_queryset(self):
        return units_visible(self.request.user)

    def get(self, request, *args, **kwargs):
        unit = self.get_object()
        date = unit.clamp_date(self.view_date())
        report = selectors.coverage_report(unit, date, request.user)
        filename = "bao-phu-{}-{}.xlsx".format(unit.code or unit.pk, date.strftime("%Y%m%d"))
        return xlsx_response(coverage_workbook(report, request.user), filename)
