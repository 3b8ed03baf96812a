"""The coordination page (phối hợp đi cơ sở): plans of different people for the same unit close in time, to be
merged into one trip, and the visits each unit receives per month — units visited too often and units never
visited, remote areas first — with the trips counted."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.views.generic import TemplateView

from diaban.core import dates
from diaban.core.dates import today
from diaban.core.ids import parse_id
from diaban.core.models import subtree_q
from diaban.core.scoping import restrict
from diaban.core.text import fold
from diaban.territory.selectors import unit_ancestors, unit_roots, units_visible
from diaban.visits import selectors
from diaban.visits.choices import VISIT_STATUSES, PlanStatus
from diaban.visits.models import VisitPlan, VisitTarget
from diaban.visits.services.merging import can_merge

ROWS_SHOWN = 300
TRIPS_SHOWN = 50
MONTHS = range(1, 13)


def year_param(request, default: int) -> tuple[int, str]:
    return dates.year_param(request.GET, "year", default)


class VisitCoordinationView(LoginRequiredMixin, TemplateView):
    """Overlapping plans with a merge form for those allowed to merge them, and the visit counts of a unit's
    subtree over a year (`?unit=<pk>&year=YYYY`, searched by `?q=` in the trips listed)."""

    model = VisitPlan
    template_name = "visits/coordination.html"
    searchable = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, request = self.request.user, self.request
        q = (request.GET.get("q") or "").strip()
        window = selectors.overlap_window()
        groups = selectors.coordination_groups(user, since=today() - window)
        if q:
            key = fold(q)
            groups = [g for g in groups if key in fold(g.unit.name) or any(_matches(p, key) for p in g.plans)]
        context.update(q=q, window_days=window.days, groups=[_with_merges(user, g) for g in groups])
        unit, unit_error = self._unit()
        context.update(unit=unit, unit_error=unit_error)
        if unit is None:
            return context
        year, year_error = year_param(request, _latest_year(user, unit))
        counts = selectors.visit_counts(unit, year, user)
        rows = sorted(counts.rows, key=lambda r: (not r.unit.is_remote, r.unit.path))
        trips = _trips(user, unit, year, q)
        context.update(
            year=year,
            year_error=year_error,
            ancestors=unit_ancestors(unit, user),
            counts=counts,
            rows=rows[:ROWS_SHOWN],
            rows_hidden=max(0, len(rows) - ROWS_SHOWN),
            month_totals=[sum(r.by_month[m - 1] for r in rows) for m in MONTHS],
            grand_total=sum(r.total for r in rows),
            too_often=[
                (r, [(m, r.by_month[m - 1]) for m in MONTHS if r.by_month[m - 1] > counts.monthly_max])
                for r in counts.too_often
            ],
            trips=trips[:TRIPS_SHOWN],
            trips_more=len(trips) > TRIPS_SHOWN,
            months=list(MONTHS),
        )
        return context

    def _unit(self):
        """The unit whose subtree is counted: `?unit=` if the user sees it (404 otherwise), else their first
        scope unit."""
        text = (self.request.GET.get("unit") or "").strip()
        if text:
            pk = parse_id(text)
            if pk is None:
                return self._default_unit(), "Địa bàn không hợp lệ: “{}”.".format(text[:40])
            unit = units_visible(self.request.user).select_related("level", "parent").filter(pk=pk).first()
            if unit is None:
                raise Http404("Không có địa bàn này trong phạm vi của bạn.")
            return unit, ""
        return self._default_unit(), ""

    def _default_unit(self):
        roots = unit_roots(self.request.user, dates.day_asked(self.request.GET, year_name="year"))
        return roots[0] if roots else None


def _matches(plan, key: str) -> bool:
    return key in fold(plan.title) or key in fold(plan.owner.full_name)


# A plan already done (trip report filed) is history: it is shown but not merged.
def _with_merges(user, group):
    """Each plan of a group with the other plans of the group that the user may merge into it."""
    rows = []
    for plan in group.plans:
        others = []
        if plan.status != PlanStatus.DONE:
            others = [
                o
                for o in group.plans
                if o.pk != plan.pk
                and o.owner_id != plan.owner_id
                and o.status != PlanStatus.DONE
                and can_merge(user, plan, o)
            ]
        rows.append({"plan": plan, "merge_from": others})
    return {"unit": group.unit, "rows": rows}


def _latest_year(user, unit) -> int:
    """The latest year up to this one in which a unit of the subtree received (or will receive) a trip; this
    year when none did."""
    this_year = today().year
    latest = (
        restrict(VisitTarget.objects.all(), user)
        .filter(
            subtree_q("unit__path", unit.path),
            plan__status__in=VISIT_STATUSES,
            plan__start_date__lte=datetime.date(this_year, 12, 31),
        )
        .aggregate(last=Max("plan__start_date"))["last"]
    )
    return latest.year if latest else this_year


def _trips(user, unit, year, q) -> list[VisitPlan]:
    """The trips counted in the year for the subtree that the user may open, newest first (one more than
    shown, to tell whether there are more)."""
    targets = VisitTarget.objects.filter(subtree_q("unit__path", unit.path))
    plans = selectors.plans_visible(user).filter(
        status__in=VISIT_STATUSES,
        start_date__gte=datetime.date(year, 1, 1),
        start_date__lte=datetime.date(year, 12, 31),
        pk__in=targets.values("plan_id"),
    )
    if q:
        key = fold(q)
        by_unit = targets.filter(unit__search_key__contains=key).values("plan_id") if key else targets.none()
        plans = plans.filter(Q(title__icontains=q) | Q(owner__search_key__contains=key) | Q(pk__in=by_unit))
    targets_shown = Prefetch("targets", queryset=VisitTarget.objects.select_related("unit"))
    plans = plans.select_related("owner", "department").prefetch_related(targets_shown)
    return list(plans.order_by("-start_date", "-id")[: TRIPS_SHOWN + 1])
