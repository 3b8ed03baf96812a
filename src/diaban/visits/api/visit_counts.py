"""API of the visits each unit receives (approved or done plans), month by month in a year: the units visited
too often and those not visited at all."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.core.dates import parse_year, today
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible
from diaban.visits import selectors
from diaban.visits.serializers.visit_counts import VisitCountsSerializer

YEAR_PARAM = OpenApiParameter("year", int, description="năm tính (mặc định năm nay)")
LEVEL_PARAM = OpenApiParameter(
    "level",
    OpenApiTypes.STR,
    description="cấp địa bàn được đếm (mã cấp: commune, hamlet…); mặc định cấp nhận nhiều lượt nhất",
)


def _year(params) -> int:
    try:
        return parse_year(params.get("year"), today().year)
    except DjangoValidationError as exc:
        raise ValidationError({"year": exc.messages}) from exc


def _level(params) -> str | None:
    key = (params.get("level") or "").strip()
    if not key:
        return None
    keys = list(UnitLevel.objects.values_list("key", flat=True))
    if key not in keys:
        raise ValidationError({"level": ["Không có cấp “{}”; chọn một trong: {}.".format(key, ", ".join(keys))]})
    return key


class VisitCountViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Số lượt đi cơ sở (kế hoạch đã duyệt hoặc đã đi) mỗi địa bàn dưới một địa bàn nhận được theo tháng trong năm;
    địa bàn bị đến quá nhiều và địa bàn chưa được đến (vùng sâu, vùng xa trước)."""

    queryset = Unit.objects.all()
    serializer_class = VisitCountsSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[YEAR_PARAM, LEVEL_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        counts = selectors.visit_counts(unit, _year(request.query_params), request.user, _level(request.query_params))
        return Response(VisitCountsSerializer(counts).data)
