"""Field-time pages (thời gian đi cơ sở): the departments the user sees, and a department's figures person by
person and month by month against the share its rule sets."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.views.generic import DetailView, ListView

from diaban.core.dates import parse_date, parse_year, today
from diaban.core.scoping import restrict
from diaban.core.views import HtmxPartialMixin
from diaban.people.models import Department
from diaban.visits import fieldtime_selectors as selectors


def period_param(request, default_year) -> tuple[datetime.date, datetime.date, int | None, str]:
    """The period asked for: ?tu=dd/mm/yyyy&den=dd/mm/yyyy, else ?nam=yyyy, else the default year (a callable,
    so its queries run only when needed). A wrong entry falls back to the default with a message.
    Returns (start, end, year or None for a chosen range, error)."""
    get = request.GET
    error = ""
    if (get.get("tu") or "").strip() or (get.get("den") or "").strip():
        try:
            start, end = parse_date(get.get("tu")), parse_date(get.get("den"))
            if start is None or end is None:
                raise ValidationError("Cần nhập cả ngày bắt đầu (Từ ngày) và ngày kết thúc (Đến ngày).")
            selectors.check_period(start, end)
            return start, end, None, ""
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if (get.get("nam") or "").strip() and not error:
        try:
            year = parse_year(get.get("nam"))
            start, end = selectors.year_period(year)
            return start, end, year, ""
        except ValidationError as exc:
            error = " ".join(exc.messages)
    year = default_year()
    start, end = selectors.year_period(year)
    return start, end, year, error


class FieldTimeListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """The departments the user sees, each leading to its field time; the signed-in cadre's own figure for
    this year on top."""

    model = Department
    searchable = True
    template_name = "visits/fieldtime_list.html"
    context_object_name = "departments"
    paginate_by = 50
    htmx_partials = ("department-table",)

    def get_queryset(self):
        return selectors.departments_for_field_time(self.request.user, self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(q=self.request.GET.get("q", ""), query_without_page=query.urlencode())
        if not (self.request.htmx and self.request.htmx.target in self.htmx_partials):
            start, end = selectors.year_period(today().year)
            context.update(own=selectors.own_field_time(self.request.user, start, end), own_start=start, own_end=end)
        return context


class FieldTimeDetailView(LoginRequiredMixin, DetailView):
    """A department's field time over a year or a chosen range: each member, the total, the chart by month."""

    model = Department
    template_name = "visits/fieldtime_detail.html"
    context_object_name = "department"

    def get_queryset(self):
        return restrict(Department.objects.select_related("unit", "parent", "head"), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department, user = self.object, self.request.user
        start, end, year, error = period_param(self.request, lambda: selectors.default_year(department, user))
        result = selectors.department_field_time(department, start, end, user)
        own = next((r for r in result.rows if r.person.user_id == user.pk), None)
        context.update(
            result=result,
            start=start,
            end=end,
            year=year,
            period_error=error,
            years=[y for y in ((year or end.year) - 1, (year or end.year) + 1) if y <= today().year],
            own=own,
            chart=result.chart(),
            to_today=year is not None and end == today() and end.year == year,
        )
        return context
