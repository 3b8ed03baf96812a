"""Filters every app's FilterSets share."""

import django_filters
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from diaban.core.ids import IdField
from diaban.core.models import subtree_q

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = "Ngày không hợp lệ. Viết theo dạng ngày/tháng/năm, ví dụ 01/07/2025."


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.Filter):
    """An id parameter (`?unit=`, `?person=`…): a number too large or not a positive integer is a Vietnamese error
    (400 in the API, a message on a page), never an overflow in the database."""

    field_class = IdField


def date_filter(label: str, **kwargs) -> django_filters.DateFilter:
    """A date written dd/mm/yyyy (or yyyy-mm-dd); a wrong one gets the Vietnamese message, not a 500."""
    return django_filters.DateFilter(
        label=label, input_formats=DATE_FORMATS, error_messages={"invalid": DATE_ERROR}, **kwargs
    )


def period_filterset(field_name: str, end_field: str | None = None) -> type:
    """A filterset base with `from` and `to` (both days included; they are Python keywords, so they cannot be
    written as class attributes). On one date `field_name`: the rows dated in [from, to]. On an interval
    [`field_name`, `end_field`]: the rows that overlap [from, to] (a trip of 6–8 May is on the ground on 7 May)."""
    if end_field is None:
        since = date_filter("Từ ngày (dd/mm/yyyy)", field_name=field_name, lookup_expr="gte")
        until = date_filter("Đến ngày (dd/mm/yyyy)", field_name=field_name, lookup_expr="lte")
    else:
        since = date_filter("Từ ngày (dd/mm/yyyy): còn diễn ra từ ngày này", field_name=end_field, lookup_expr="gte")
        until = date_filter(
            "Đến ngày (dd/mm/yyyy): bắt đầu không sau ngày này", field_name=field_name, lookup_expr="lte"
        )
    return django_filters.filterset.FilterSetMetaclass(
        "PeriodFilterSet", (django_filters.FilterSet,), {"__module__": __name__, "from": since, "to": until}
    )


class SubtreeFilter(IdFilter):
    """`?within=<id>`: the rows whose tree node, reached by `path_field` (`"path"`, `"unit__path"`,
    `"organization__unit__path"`…), lies in the subtree of node `id` (one indexed prefix match); an id that names
    no node gives no rows."""

    def __init__(self, *, path_field: str = "path", include_root: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.path_field, self.include_root = path_field, include_root

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        *hops, _path = self.path_field.split("__")
        tree = queryset.model
        for hop in hops:
            tree = tree._meta.get_field(hop).related_model
        root = tree._default_manager.filter(pk=value).only("path").first()
        if root is None:
            return queryset.none()
        queryset = queryset.filter(subtree_q(self.path_field, root.path))
        if not self.include_root:
            queryset = queryset.exclude(**{"__".join([*hops, "pk"]): root.pk})
        return queryset


def with_aliases(params, aliases: dict[str, str]):
    """A page's query with its Vietnamese parameter names (`?linh-vuc=`) read as the FilterSet's (`topic`), so the
    page and the API filter through one FilterSet; a name the FilterSet already has wins over its alias."""
    data = params.copy()
    for alias, name in aliases.items():
        if alias in params and name not in params:
            data.setlist(name, params.getlist(alias))
    return data
