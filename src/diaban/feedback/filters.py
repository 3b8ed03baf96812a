"""Filtersets of recommendations, their groups and agencies: the API's query parameters. `q` on recommendations
searches their text without accents ("nuoc ngot" finds "nước ngọt")."""

import django_filters
from django.db.models import Q

from diaban.core.dates import today
from diaban.core.filters import IdFilter
from diaban.core.models import subtree_q
from diaban.feedback import selectors
from diaban.feedback.choices import (
    OPEN_STATUSES,
    AgencyKind,
    AuthorityLevel,
    RecommendationSource,
    RecommendationStatus,
)
from diaban.feedback.models import Agency, Recommendation, RecommendationGroup
from diaban.meetings.filters import period_filterset
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


def _root(unit_id):
    return Unit.objects.filter(pk=unit_id).only("path").first()


class RecommendationFilterSet(period_filterset("raised_on")):
    q = django_filters.CharFilter(
        method="filter_q", label="Tìm trong nội dung kiến nghị: mọi từ, không phân biệt dấu, không cần đúng thứ tự"
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RecommendationStatus.choices, label="Tình trạng (có thể chọn nhiều)"
    )
    open = django_filters.BooleanFilter(method="filter_open", label="true: chưa trả lời; false: đã trả lời")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="true: quá hạn hôm nay (chưa trả lời, đã qua hạn); false: bỏ các kiến nghị đó"
    )
    topic = IdFilter(field_name="topic_id", label="Lĩnh vực (id)")
    agency = IdFilter(field_name="agency_id", label="Cơ quan giải quyết (id)")
    unit = IdFilter(method="filter_unit", label="Địa bàn (id) và mọi địa bàn bên dưới")
    source = django_filters.ChoiceFilter(choices=RecommendationSource.choices, label="Nguồn")
    level = django_filters.ChoiceFilter(choices=AuthorityLevel.choices, label="Thẩm quyền")
    group = IdFilter(field_name="group_id", label="Nhóm kiến nghị tương tự (id)")

    class Meta:
        model = Recommendation
        fields = ["q", "status", "open", "overdue", "topic", "agency", "unit", "source", "level", "group", "from", "to"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(selectors.search_q(value))

    def filter_open(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)

    def filter_overdue(self, queryset, name, value):
        condition = selectors.overdue_q(today())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_unit(self, queryset, name, value):
        root = _root(value)
        return queryset.filter(subtree_q("unit__path", root.path)) if root else queryset.none()


class RecommendationGroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Tìm theo vấn đề chung")
    unit = IdFilter(method="filter_unit", label="Có kiến nghị của địa bàn (id) hoặc một địa bàn bên dưới")
    answered = django_filters.BooleanFilter(
        field_name="answered_on", lookup_expr="isnull", exclude=True, label="Đã có trả lời chung"
    )

    class Meta:
        model = RecommendationGroup
        fields = ["q", "unit", "answered"]

    def filter_unit(self, queryset, name, value):
        root = _root(value)
        if root is None:
            return queryset.none()
        members = Recommendation.objects.filter(subtree_q("unit__path", root.path), group__isnull=False)
        return queryset.filter(pk__in=members.values("group_id"))


class AgencyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên cơ quan")
    unit = IdFilter(method="filter_unit", label="Cơ quan phụ trách địa bàn (id): cấp gần nhất trước, rồi các cấp trên")
    topic = IdFilter(field_name="topics", label="Giải quyết lĩnh vực (id)")
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label="Loại cơ quan")

    class Meta:
        model = Agency
        fields = ["q", "unit", "topic", "kind"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value)) if value else queryset

    def filter_unit(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        unit = units_visible(user).filter(pk=value).first()
        if unit is None:
            return queryset.none()
        serving = selectors.agencies_for(unit).values("pk")
        return queryset.filter(pk__in=serving).order_by("-unit__depth", "name", "id")
