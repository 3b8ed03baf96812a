"""The assignment filterset: list page, API and Excel export."""

import django_filters
from django.db.models import Q

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment
from diaban.core.filters import DATE_ERROR, IdFilter, SubtreeFilter
from diaban.core.text import fold
from diaban.territory.models import UnitLevel


class AssignmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên cán bộ hoặc địa bàn (không phân biệt dấu)")
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    unit = IdFilter(field_name="unit_id", label="Địa bàn (id, chỉ địa bàn này)")
    within = SubtreeFilter(path_field="unit__path", label="Trong địa bàn (id, mọi cấp bên dưới)")
    level = django_filters.ModelChoiceFilter(
        field_name="unit__level", queryset=UnitLevel.objects.all(), to_field_name="key", label="Cấp địa bàn"
    )
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label="Nhiệm vụ")
    date = django_filters.DateFilter(
        method="filter_date",
        label="Đang hiệu lực vào ngày (dd/mm/yyyy)",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    overridden = django_filters.BooleanFilter(method="filter_overridden", label="Phân công ngoài quy định")

    class Meta:
        model = Assignment
        fields = ["q", "person", "unit", "within", "level", "purpose", "date", "overridden"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(person__search_key__contains=key) | Q(unit__search_key__contains=key) | Q(person__code__iexact=value)
        )

    def filter_date(self, queryset, name, value):
        return queryset.active_on(value)

    def filter_overridden(self, queryset, name, value):
        return queryset.exclude(override_reason="") if value else queryset.filter(override_reason="")
