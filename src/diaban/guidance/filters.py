"""Filtersets of guidance, read receipts, guidance conveyed, drafts, comments and review sessions: the list
pages' and the API's query parameters. `q` searches without accents."""

import django_filters
from django.db.models import Q

from diaban.core.dates import today
from diaban.core.filters import IdFilter, SubtreeFilter, period_filterset
from diaban.core.text import fold
from diaban.guidance.choices import DraftKind, ReviewPeriod
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)


def _folded(queryset, field: str, value: str):
    key = fold(value)
    return queryset.filter(**{field + "__contains": key}) if key else queryset


def _person_q(prefix: str, value: str) -> Q:
    return Q(**{prefix + "search_key__contains": fold(value)}) | Q(**{prefix + "code__iexact": value.strip()})


class GuidanceFilterSet(period_filterset("published_on")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm trong tiêu đề, kỳ, nội dung (không phân biệt dấu)")
    unit = IdFilter(field_name="unit_id", label="Gửi cán bộ của địa bàn (id)")
    within = SubtreeFilter(path_field="unit__path", label="Gửi trong địa bàn (id, mọi cấp bên dưới)")
    unread = django_filters.BooleanFilter(
        method="filter_unread", label="true: chỉ định hướng gửi cho tôi mà tôi chưa đọc; false: đã đọc"
    )

    class Meta:
        model = Guidance
        fields = ["q", "unit", "within", "from", "to", "unread"]

    def filter_q(self, queryset, name, value):
        return _folded(queryset, "search_text", value)

    def filter_unread(self, queryset, name, value):
        user_id = getattr(getattr(self.request, "user", None), "pk", None)
        if user_id is None:
            return queryset.none()
        mine = GuidanceRecipient.objects.filter(person__user_id=user_id, read_at__isnull=value)
        return queryset.filter(pk__in=mine.values("guidance_id"))


class ReceiptFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc mã cán bộ (không phân biệt dấu)")
    guidance = IdFilter(field_name="guidance_id", label="Định hướng (id)")
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    read = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", exclude=True, label="Đã đọc")

    class Meta:
        model = GuidanceRecipient
        fields = ["q", "guidance", "person", "read"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_person_q("person__", value)) if value.strip() else queryset


class ConveyedFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tiêu đề định hướng hoặc tên cán bộ")
    guidance = IdFilter(field_name="guidance_id", label="Định hướng (id)")
    person = IdFilter(field_name="person_id", label="Cán bộ truyền đạt (id)")
    meeting_report = IdFilter(field_name="meeting_report_id", label="Báo cáo dự sinh hoạt (id)")
    trip_report = IdFilter(field_name="trip_report_id", label="Báo cáo chuyến đi cơ sở (id)")

    class Meta:
        model = GuidanceConveyed
        fields = ["q", "guidance", "person", "meeting_report", "trip_report"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(Q(guidance__search_text__contains=key) | _person_q("person__", value))


class DraftFilterSet(period_filterset("sent_on")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm trong tên và nội dung dự thảo (không phân biệt dấu)")
    unit = IdFilter(field_name="unit_id", label="Đơn vị gửi (id)")
    within = SubtreeFilter(path_field="unit__path", label="Gửi từ trong địa bàn (id, mọi cấp bên dưới)")
    kind = django_filters.ChoiceFilter(choices=DraftKind.choices, label="Loại dự thảo")
    open = django_filters.BooleanFilter(method="filter_open", label="true: còn hạn góp ý; false: đã hết hạn")

    class Meta:
        model = DraftDocument
        fields = ["q", "unit", "within", "kind", "from", "to", "open"]

    def filter_q(self, queryset, name, value):
        return _folded(queryset, "search_text", value)

    def filter_open(self, queryset, name, value):
        return queryset.filter(deadline__gte=today()) if value else queryset.filter(deadline__lt=today())


class CommentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc mã cán bộ góp ý (không phân biệt dấu)")
    document = IdFilter(field_name="document_id", label="Dự thảo (id)")
    person = IdFilter(field_name="person_id", label="Cán bộ góp ý (id)")

    class Meta:
        model = DraftComment
        fields = ["q", "document", "person"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_person_q("person__", value)) if value.strip() else queryset


class SessionFilterSet(period_filterset("date")):
    q = django_filters.CharFilter(
        method="filter_q", label="Tìm trong biên bản và bài học kinh nghiệm (không phân biệt dấu)"
    )
    department = IdFilter(field_name="department_id", label="Phòng, ban (id)")
    period = django_filters.ChoiceFilter(choices=ReviewPeriod.choices, label="Định kỳ")

    class Meta:
        model = ReviewSession
        fields = ["q", "department", "period", "from", "to"]

    def filter_q(self, queryset, name, value):
        return _folded(queryset, "search_text", value)
