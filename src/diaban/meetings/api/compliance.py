"""API of compliance with the attendance rules below a unit over a period, with the reporting rate and timeliness of
the same unit and period: what the compliance page and `diaban compliance` show."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.core.dates import format_date, parse_date, parse_year
from diaban.meetings.selectors.compliance import compliance_data, compliance_report, default_year, year_span
from diaban.meetings.selectors.reporting import reporting_report
from diaban.meetings.serializers.compliance import ComplianceSerializer
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible

YEAR_PARAM = OpenApiParameter(
    "year", int, description="năm tính (mặc định năm nay, hoặc năm cuối của địa bàn đã giải thể), khi không có from/to"
)
FROM_PARAM = OpenApiParameter("from", OpenApiTypes.STR, description="từ ngày (dd/mm/yyyy), mặc định 01/01 của năm")
TO_PARAM = OpenApiParameter("to", OpenApiTypes.STR, description="đến ngày (dd/mm/yyyy), mặc định 31/12 của năm")


def compliance_period(unit: Unit, params) -> tuple[datetime.date, datetime.date]:
    """[from, to] of a compliance request: the dates given, else `year` (by default the unit's current or last
    year) cut to the unit's validity, as the compliance page does."""
    errors = {}
    year = default_year(unit)
    try:
        year = parse_year(params.get("year"), year)
    except DjangoValidationError as exc:
        errors["year"] = exc.messages
    span = dict(zip(("from", "to"), year_span(unit, year), strict=True))
    for name in ("from", "to"):
        try:
            span[name] = parse_date(params.get(name), span[name])
        except DjangoValidationError as exc:
            errors[name] = exc.messages
    if not errors and span["to"] < span["from"]:
        if params.get("from") or params.get("to"):
            errors["to"] = [
                "Ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(span["to"]), format_date(span["from"]))
            ]
        else:
            errors["year"] = ["{} không có hiệu lực trong năm {}.".format(unit.name, year)]
    if errors:
        raise ValidationError(errors)
    return span["from"], span["to"]


class ComplianceViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Tỉ lệ cán bộ đạt quy định dự sinh hoạt dưới một địa bàn trong một kỳ: như trang và lệnh
    `diaban compliance`."""

    queryset = Unit.objects.all()
    serializer_class = ComplianceSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[FROM_PARAM, TO_PARAM, YEAR_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        start, end = compliance_period(unit, request.query_params)
        report = compliance_report(unit, start, end, request.user)
        reporting = reporting_report(unit, start, end, request.user, lineage=report.lineage_branches)
        return Response(compliance_data(report, reporting))
