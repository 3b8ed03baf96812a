"""One filterset per model, used by the list pages and the API alike."""

import django_filters

from diaban.core.filters import DATE_ERROR, DATE_FORMATS, IdFilter, SubtreeFilter
from diaban.core.models import subtree_q
from diaban.core.text import fold
from diaban.territory.models import PartyOrganization, Unit, UnitLevel


def date_filter(label):
    """A date written dd/mm/yyyy (or yyyy-mm-dd) filtered by the set's `filter_date`."""
    return django_filters.DateFilter(
        method="filter_date", label=label, input_formats=DATE_FORMATS, error_messages={"invalid": DATE_ERROR}
    )


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm kiếm (không phân biệt dấu)")
    level = django_filters.ModelChoiceFilter(
        queryset=UnitLevel.objects.all(), to_field_name="key", label="Cấp (province, district, commune…)"
    )
    parent = IdFilter(field_name="parent_id", label="Trực thuộc (id, chỉ cấp con trực tiếp)")
    within = SubtreeFilter(include_root=False, label="Trong cây của (id, mọi cấp bên dưới)")
    code = django_filters.CharFilter(field_name="code", label="Mã GSO")
    date = date_filter("Hiệu lực vào ngày (dd/mm/yyyy)")
    is_remote = django_filters.BooleanFilter(label="Vùng sâu, vùng xa")

    class Meta:
        model = Unit
        fields = ["q", "level", "parent", "within", "code", "date", "is_remote"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_key__contains=fold(value)) if fold(value) else queryset

    def filter_date(self, queryset, name, value):
        return queryset.valid_on(value)


class PartyOrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Tìm kiếm (không phân biệt dấu)")
    kind = django_filters.CharFilter(field_name="kind", label="Cấp tổ chức (provincial, district, grassroots, cell)")
    parent = IdFilter(field_name="parent_id", label="Trực thuộc (id)")
    within = SubtreeFilter(include_root=False, label="Trong cây của tổ chức (id)")
    unit = IdFilter(field_name="unit_id", label="Địa bàn (id)")
    in_unit = IdFilter(method="filter_in_unit", label="Nằm trong địa bàn (id, mọi cấp bên dưới)")

    class Meta:
        model = PartyOrganization
        fields = ["q", "kind", "parent", "within", "unit", "in_unit"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_key__contains=fold(value)) if fold(value) else queryset

    def filter_in_unit(self, queryset, name, value):
        root = Unit.objects.filter(pk=value).only("path").first()
        if root is None:
            return queryset.none()
        return queryset.filter(subtree_q("unit__path", root.path))
