"""The list of visit plans (mine, awaiting my approval, all in my scope), and what the plan pages share: the cadre
behind the account, the page's filters as the API reads them, plans with their units. Rules are the services' and
selectors'; the plan pages parse input, call them and say what happened."""

import calendar
import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.views.generic import ListView

from diaban.core.dates import format_date
from diaban.core.views import HtmxPartialMixin
from diaban.visits import selectors
from diaban.visits.filters import VisitPlanFilterSet, was_returned
from diaban.visits.forms import PlanFilterForm
from diaban.visits.models import VisitPlan, VisitTarget

NO_PERSON = (
    "Tài khoản của bạn chưa gắn với một cán bộ nên không lập hay xử lý được kế hoạch đi cơ sở. "
    "Liên hệ Ban Tổ chức để gắn tài khoản với hồ sơ cán bộ."
)


def require_person(user):
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


def with_units(queryset):
    return queryset.prefetch_related(
        Prefetch("targets", queryset=VisitTarget.objects.select_related("unit", "unit__parent"))
    )


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
        return with_units(qs.select_related("owner", "department")).order_by(*order)

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
