"""Filtersets of recommendations, their groups and agencies: the API's query parameters. `q` on recommendations
searches their text without accents ("nuoc ngot" finds "nước ngọt")."""

import django_filters
from django.db.models import Q
from django_filters.widgets import BooleanWidget

from diaban.core.dates import today
from diaban.core.filters import IdFilter, SubtreeFilter, period_filterset
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
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


def _root(unit_id):
    return Unit.objects.filter(pk=unit_id).only("path").first()


S = RecommendationStatus
# Quick views of the list, by what the reader has to do: (label, condition).
QUICK_VIEWS = {
    "": ("Tất cả", None),
    "cho-phan-loai": ("Chờ phân loại", Q(status__in=[S.NEW, S.RETURNED])),
    "dang-giai-quyet": ("Đang giải quyết", Q(status__in=[S.FORWARDED, S.ACKNOWLEDGED, S.INFO_REQUESTED])),
    "thuong-truc": ("Trình Thường trực", Q(status=S.ESCALATED)),
    "da-tra-loi": ("Đã trả lời", Q(status__in=[S.ANSWERED, S.CLOSED])),
    "chua-thong-tin-lai": ("Chưa thông tin lại", Q(status__in=[S.ANSWERED, S.CLOSED], conveyed_on__isnull=True)),
}
# The list page's parameter names for the FilterSet's.
PAGE_ALIASES = {"xem": "view", "qua-han": "overdue", "linh-vuc": "topic", "co-quan": "agency", "nguon": "source"}


class RecommendationFilterSet(period_filterset("raised_on")):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Tìm trong nội dung kiến nghị và tên địa bàn: mọi từ, không phân biệt dấu, không cần đúng thứ tự",
    )
    view = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _condition) in QUICK_VIEWS.items() if key],
        method="filter_view",
        label="Nhóm theo việc cần làm",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RecommendationStatus.choices, label="Tình trạng (có thể chọn nhiều)"
    )
    open = django_filters.BooleanFilter(
        method="filter_open", widget=BooleanWidget, label="true: chưa trả lời; false: đã trả lời"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        widget=BooleanWidget,
        label="true: quá hạn hôm nay (chưa trả lời, đã qua hạn); false: bỏ các kiến nghị đó",
    )
    topic = IdFilter(field_name="topic_id", label="Lĩnh vực (id)")
    agency = IdFilter(field_name="agency_id", label="Cơ quan giải quyết (id)")
    unit = SubtreeFilter(path_field="unit__path", label="Địa bàn (id) và mọi địa bàn bên dưới")
    source = django_filters.ChoiceFilter(choices=RecommendationSource.choices, label="Nguồn")
    level = django_filters.ChoiceFilter(choices=AuthorityLevel.choices, label="Thẩm quyền")
    group = IdFilter(field_name="group_id", label="Nhóm kiến nghị tương tự (id)")

    class Meta:
        model = Recommendation
        fields = ["q", "view", "status", "open", "overdue", "topic", "agency", "unit", "source", "level", "group",
                  "from", "to"]  # fmt: skip

    def filter_q(self, queryset, name, value):
        return queryset.filter(selectors.search_q(value, with_unit=True))

    def filter_view(self, queryset, name, value):
        condition = QUICK_VIEWS[value][1]
        return queryset.filter(condition) if condition is not None else queryset

    def filter_open(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)

    def filter_overdue(self, queryset, name, value):
        condition = selectors.overdue_q(today())
        return queryset.filter(condition) if value else queryset.exclude(condition)


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
