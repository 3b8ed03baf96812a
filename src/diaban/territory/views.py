"""Pages of the unit tree and the party organizations."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from diaban.core.views import DateParamMixin, HtmxPartialMixin
from diaban.territory import selectors
from diaban.territory.filters import PartyOrganizationFilterSet
from diaban.territory.lineage import predecessor_histories
from diaban.territory.models import PartyOrganization, Unit


class UnitListView(LoginRequiredMixin, DateParamMixin, HtmxPartialMixin, TemplateView):
    """The tree browser: the user's top units, opened level by level on demand; accent-free search."""

    model = Unit
    searchable = True
    template_name = "territory/unit_list.html"
    htmx_partials = ("search-results",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        date = self.view_date()
        context.update(
            q=q,
            roots=selectors.unit_roots(self.request.user, date),
            results=list(selectors.unit_search(self.request.user, q)) if q else None,
        )
        return context


class UnitChildrenView(LoginRequiredMixin, DateParamMixin, DetailView):
    """The children of one node of the tree browser (an htmx fragment)."""

    model = Unit
    template_name = "territory/unit_list.html#tree-children"
    context_object_name = "unit"

    def get_queryset(self):
        return selectors.units_visible(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = selectors.unit_children(self.object, self.request.user, self.view_date())
        return context


class UnitDetailView(LoginRequiredMixin, DateParamMixin, DetailView):
    """One unit: breadcrumb, validity and successions, children, counts by level below, party organizations."""

    model = Unit
    template_name = "territory/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return selectors.units_visible(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, user, date = self.object, self.request.user, self.view_date()
        before, after = selectors.unit_successions(unit)
        context.update(
            ancestors=selectors.unit_ancestors(unit, user),
            shown_date=unit.clamp_date(date),
            children=selectors.unit_children(unit, user, date),
            counts=selectors.unit_counts_below(unit, date),
            predecessors=before,
            predecessor_histories=predecessor_histories(before, user) if before else [],
            successors=after,
            organizations=selectors.unit_organizations(unit, user),
            organization_counts=selectors.organization_counts_below(unit, user),
        )
        return context


class OrganizationListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Party organizations in scope, filterable like the API."""

    model = PartyOrganization
    searchable = True
    template_name = "territory/organization_list.html"
    paginate_by = 50
    htmx_partials = ("organization-table",)

    def get_queryset(self):
        self.filterset = PartyOrganizationFilterSet(
            self.request.GET, queryset=selectors.organizations_visible(self.request.user).select_related("parent")
        )
        return self.filterset.qs.order_by("path")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["q"] = self.request.GET.get("q", "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class OrganizationDetailView(LoginRequiredMixin, DetailView):
    model = PartyOrganization
    template_name = "territory/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return selectors.organizations_visible(self.request.user).select_related("parent", "unit__level")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["children"] = selectors.organizations_visible(user).filter(parent=self.object).order_by("path")
        context["ancestors"] = (
            selectors.organizations_visible(user).filter(path__in=self.object.ancestor_paths()).order_by("depth")
        )
        return context
