"""Filtersets of visit plans and trip reports: the API's query parameters."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django_filters.widgets import BooleanWidget

from diaban.core.filters import IdFilter, period_filterset
from diaban.core.models import subtree_q
from diaban.core.text import fold
from diaban.territory.models import Unit
from diaban.visits.choices import PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import PlanEvent, TripReport, VisitPlan, VisitTarget


def _visiting(unit_id, plan_field: str = "pk") -> Q:
    """Plans (`plan_field` = "pk") or trip reports (`plan_field` = "plan_id") of trips to the unit or a unit
    below it. A subquery, so a plan visiting two units of the subtree is listed once."""
    root = Unit.objects.filter(pk=unit_id).only("path").first()
    if root is None:
        return Q(pk__in=[])
    targets = VisitTarget.objects.filter(subtree_q("unit__path", root.path)).values("plan_id")
    return Q(**{plan_field + "__in": targets})


def _plan_text_q(value: str, prefix: str = "") -> Q:
    """The plan's title (as typed, any case), its owner's name or code, or the name of a unit it visits
    (accent-free)."""
    value = value.strip()
    key = fold(value)
    return (
        Q(**{prefix + "title__icontains": value})
        | Q(**{prefix + "owner__search_key__contains": key})
        | Q(**{prefix + "owner__code__iexact": value})
        | Q(**{prefix + "pk__in": VisitTarget.objects.filter(unit__search_key__contains=key).values("plan_id")})
    )


def was_returned():
    """A draft with a return in its history was sent back and not submitted again (submitting leaves draft)."""
    return Exists(PlanEvent.objects.filter(plan=OuterRef("pk"), action=PlanAction.RETURNED))


class VisitPlanFilterSet(period_filterset("start_date", "end_date")):
    q = django_filters.CharFilter(
        method="filter_q", label="Tìm theo tên đợt đi, tên hoặc mã người chủ trì, tên địa bàn đến"
    )
    status = django_filters.MultipleChoiceFilter(choices=PlanStatus.choices, label="Tình trạng (có thể chọn nhiều)")
    returned = django_filters.BooleanFilter(
        method="filter_returned",
        widget=BooleanWidget,
        label="true: bản nháp bị trả lại, chưa trình lại; false: bỏ các kế hoạch đó",
    )
    owner = IdFilter(field_name="owner_id", label="Người chủ trì (id)")
    department = IdFilter(field_name="department_id", label="Phòng, ban (id)")
    unit = IdFilter(method="filter_unit", label="Đến địa bàn (id) hoặc một địa bàn bên dưới")

    class Meta:
        model = VisitPlan
        fields = ["q", "status", "returned", "owner", "department", "unit", "from", "to"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_plan_text_q(value)) if value.strip() else queryset

    def filter_returned(self, queryset, name, value):
        returned = Q(status=PlanStatus.DRAFT, was_returned=True)
        queryset = queryset.annotate(was_returned=was_returned())
        return queryset.filter(returned) if value else queryset.exclude(returned)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(_visiting(value))


class TripReportFilterSet(period_filterset("start_date", "end_date")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên đợt đi, tên hoặc mã người chủ trì")
    status = django_filters.ChoiceFilter(choices=TripReportStatus.choices, label="Tình trạng báo cáo")
    plan = IdFilter(field_name="plan_id", label="Kế hoạch (id)")
    owner = IdFilter(field_name="plan__owner_id", label="Người chủ trì (id)")
    department = IdFilter(field_name="plan__department_id", label="Phòng, ban (id)")
    unit = IdFilter(method="filter_unit", label="Đến địa bàn (id) hoặc một địa bàn bên dưới")

    class Meta:
        model = TripReport
        fields = ["q", "status", "plan", "owner", "department", "unit", "from", "to"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_plan_text_q(value, "plan__")) if value.strip() else queryset

    def filter_unit(self, queryset, name, value):
        return queryset.filter(_visiting(value, "plan_id"))
