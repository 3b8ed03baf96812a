"""Filtersets of meetings, attendances, attendance rules and meeting reports: the API's query parameters."""

import django_filters
from django.db.models import Q

from diaban.core.dates import today
from diaban.core.filters import IdFilter, SubtreeFilter, date_filter, period_filterset
from diaban.core.text import fold
from diaban.meetings.choices import Activity, MeetingKind, MeetingStatus, Period, ReportStatus
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport


class MeetingFilterSet(period_filterset("date")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên chi bộ hoặc chủ đề (không phân biệt dấu)")
    organization = IdFilter(field_name="organization_id", label="Chi bộ (id)")
    within = SubtreeFilter(path_field="organization__unit__path", label="Trong địa bàn (id, mọi cấp bên dưới)")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label="Tình trạng")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="Loại buổi họp")

    class Meta:
        model = Meeting
        fields = ["q", "organization", "within", "from", "to", "status", "kind"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(Q(organization__search_key__contains=key) | Q(topic__icontains=value.strip()))


class AttendanceFilterSet(period_filterset("meeting__date")):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc mã cán bộ (không phân biệt dấu)")
    person = IdFilter(field_name="person_id", label="Cán bộ (id)")
    meeting = IdFilter(field_name="meeting_id", label="Buổi họp (id)")
    organization = IdFilter(field_name="meeting__organization_id", label="Chi bộ (id)")
    within = SubtreeFilter(path_field="meeting__organization__unit__path", label="Trong địa bàn (id, mọi cấp bên dưới)")

    class Meta:
        model = Attendance
        fields = ["q", "person", "meeting", "organization", "within", "from", "to"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(Q(person__search_key__contains=key) | Q(person__code__iexact=value.strip()))


class AttendanceRuleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên hoặc số văn bản")
    unit = IdFilter(field_name="unit_id", label="Địa bàn ban hành (id)")
    within = SubtreeFilter(path_field="unit__path", label="Trong địa bàn (id, mọi cấp bên dưới)")
    period = django_filters.ChoiceFilter(choices=Period.choices, label="Chu kỳ")
    activity = django_filters.ChoiceFilter(choices=Activity.choices, label="Hoạt động được tính")
    date = date_filter("Đang áp dụng vào ngày (dd/mm/yyyy)", method="filter_date")

    class Meta:
        model = AttendanceRule
        fields = ["q", "unit", "within", "period", "activity", "date"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(document__icontains=value)) if value else queryset

    def filter_date(self, queryset, name, value):
        return queryset.overlapping(value, value)


def overdue_q() -> Q:
    """Not submitted by its due date, which has passed (as the report page marks it)."""
    return Q(first_submitted_at__isnull=True, due_date__lt=today())


class MeetingReportFilterSet(period_filterset("attendance__meeting__date")):
    q = django_filters.CharFilter(
        method="filter_q", label="Tìm theo tên, mã cán bộ hoặc tên chi bộ (không phân biệt dấu)"
    )
    person = IdFilter(field_name="attendance__person_id", label="Cán bộ lập báo cáo (id)")
    organization = IdFilter(field_name="attendance__meeting__organization_id", label="Chi bộ (id)")
    within = SubtreeFilter(
        path_field="attendance__meeting__organization__unit__path", label="Trong địa bàn (id, mọi cấp bên dưới)"
    )
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="Tình trạng báo cáo")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Quá hạn: true chỉ báo cáo chưa nộp mà đã quá hạn; false bỏ các báo cáo đó"
    )

    class Meta:
        model = MeetingReport
        fields = ["q", "person", "organization", "within", "from", "to", "status", "overdue"]

    def filter_q(self, queryset, name, value):
        key = fold(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(attendance__person__search_key__contains=key)
            | Q(attendance__person__code__iexact=value.strip())
            | Q(attendance__meeting__organization__search_key__contains=key)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
