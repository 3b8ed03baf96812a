"""Filtersets of people, positions, memberships, departments and leave, used by the list page, the API and the
Excel export alike."""

import django_filters
from django.db.models import Q

from diaban.core.dates import today
from diaban.core.filters import DATE_ERROR, IdFilter, SubtreeFilter, period_filterset
from diaban.core.text import fold
from diaban.people.models import CommitteeMembership, Department, Leave, LeaveKind, Person, Position


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc mã (không phân biệt dấu)")
    home_unit = SubtreeFilter(path_field="home_unit__path", label="Công tác tại (id địa bàn, mọi cấp bên dưới)")
    status = django_filters.ChoiceFilter(
        method="filter_status",
        label="Tình trạng",
        choices=[("active", "đang công tác"), ("departed", "đã thôi công tác")],
    )
    code = django_filters.CharFilter(field_name="code", label="Mã cán bộ")

    class Meta:
        model = Person
        fields = ["q", "home_unit", "status", "code"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        return queryset.filter(Q(search_key__contains=key) | Q(code__iexact=value.strip())) if key else queryset

    def filter_status(self, queryset, name, value):
        on = today()
        if value == "active":
            return queryset.active_on(on)
        return queryset.filter(departed_on__lte=on)


class PositionFilterSet(django_filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    date = django_filters.DateFilter(
        method="filter_date",
        label="Đang giữ vào ngày",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )

    class Meta:
        model = Position
        fields = ["person", "date"]

    def filter_date(self, queryset, name, value):
        return queryset.held_on(value)


class CommitteeMembershipFilterSet(django_filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    term = django_filters.CharFilter(field_name="term__name", label="Nhiệm kỳ, ví dụ 2020–2025")

    class Meta:
        model = CommitteeMembership
        fields = ["person", "term"]


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên phòng, ban")
    parent = IdFilter(field_name="parent_id", label="Thuộc cơ quan, phòng (id)")
    unit = IdFilter(field_name="unit_id", label="Cấp (địa bàn, id)")

    class Meta:
        model = Department
        fields = ["q", "parent", "unit"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


class LeaveFilterSet(period_filterset("start_date", "end_date")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc mã cán bộ (không phân biệt dấu)")
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    kind = django_filters.ChoiceFilter(choices=LeaveKind.choices, label="Loại nghỉ")

    class Meta:
        model = Leave
        fields = ["q", "person", "kind", "from", "to"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(Q(person__search_key__contains=key) | Q(person__code__iexact=value.strip()))
