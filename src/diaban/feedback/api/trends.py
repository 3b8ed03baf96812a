"""The trends of recommendations through the API: `/api/recommendation-trends/<unit id>/?tu=&den=`, the figures of
the trends page (`diaban.feedback.trends`), scoped the same way (an agency's accounts see their own queue)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.feedback.trends import period_of, trends_report
from diaban.feedback.trends_data import trends_data
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.territory.serializers import LINEAGE_NOTE_HELP, LineagePredecessorSerializer

FROM_PARAM = OpenApiParameter(
    "tu", OpenApiTypes.STR, description="từ ngày nêu (dd/mm/yyyy); mặc định ngày 1 của tháng cách đây 11 tháng"
)
TO_PARAM = OpenApiParameter(
    "den",
    OpenApiTypes.STR,
    description="đến ngày (dd/mm/yyyy), cũng là ngày tính đang mở, quá hạn; mặc định hôm nay (hoặc ngày cuối của "
    "địa bàn đã giải thể)",
)


class TrendsUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class TrendsTopicCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="lĩnh vực; null: chưa phân lĩnh vực")
    name = serializers.CharField()
    count = serializers.IntegerField()


class TrendsUnitCountSerializer(serializers.Serializer):
    unit = TrendsUnitSerializer()
    own_level = serializers.BooleanField(help_text="ghi ngay tại địa bàn hỏi, không thuộc đơn vị trực thuộc nào")
    count = serializers.IntegerField()


class TrendsMonthSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="tháng nêu (yyyy-mm)")
    count = serializers.IntegerField()


class TrendsAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="cơ quan; null: chưa chuyển cơ quan vào ngày `to`")
    name = serializers.CharField()
    open = serializers.IntegerField(help_text="đang mở ngày `to`")
    overdue = serializers.IntegerField(help_text="quá hạn ngày `to`")


class TrendsLeadTimeSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    answered = serializers.IntegerField(help_text="số kiến nghị trả lời trong kỳ")
    median_days = serializers.FloatField(help_text="trung vị số ngày làm việc từ khi nhận đến khi trả lời")


class TrendsOpenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    unit = TrendsUnitSerializer()
    topic = serializers.CharField()
    agency = serializers.CharField(help_text="cơ quan đã được chuyển đến ngày `to`")
    raised_on = serializers.DateField()
    deadline = serializers.DateField(allow_null=True, help_text="hạn trả lời; null nếu đến ngày `to` chưa chuyển đi")
    age_days = serializers.IntegerField(help_text="số ngày làm việc từ ngày nêu đến ngày `to`")
    overdue = serializers.BooleanField()


class TrendsHeatUnitSerializer(serializers.Serializer):
    unit = TrendsUnitSerializer()
    own_level = serializers.BooleanField()


class TrendsHeatTopicSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class TrendsHeatRowSerializer(serializers.Serializer):
    topic = TrendsHeatTopicSerializer()
    counts = serializers.ListField(child=serializers.IntegerField(), help_text="một số cho mỗi đơn vị của `units`")


class TrendsHeatSerializer(serializers.Serializer):
    units = TrendsHeatUnitSerializer(many=True)
    rows = TrendsHeatRowSerializer(many=True)


class RecommendationTrendsSerializer(serializers.Serializer):
    """The figures as `diaban recommendations-report --json` prints them."""

    unit = TrendsUnitSerializer()
    # "from" is a Python keyword: declared in get_fields.
    to = serializers.DateField()
    lineage_note = serializers.CharField(help_text=LINEAGE_NOTE_HELP)
    predecessors = LineagePredecessorSerializer(many=True)
    total = serializers.IntegerField(help_text="số kiến nghị nêu trong kỳ")
    by_topic = TrendsTopicCountSerializer(many=True)
    by_unit = TrendsUnitCountSerializer(many=True)
    by_month = TrendsMonthSerializer(many=True)
    open_total = serializers.IntegerField(help_text="đang mở ngày `to` (nêu bất kỳ lúc nào trước đó)")
    overdue_total = serializers.IntegerField()
    by_agency = TrendsAgencySerializer(many=True)
    answered_total = serializers.IntegerField(help_text="số kiến nghị trả lời trong kỳ")
    median_days = serializers.FloatField(allow_null=True)
    lead_time_by_agency = TrendsLeadTimeSerializer(many=True)
    lead_time_by_topic = TrendsLeadTimeSerializer(many=True)
    oldest_open = TrendsOpenSerializer(many=True)
    heat = TrendsHeatSerializer()

    def get_fields(self):
        fields = super().get_fields()
        return {"unit": fields.pop("unit"), "from": serializers.DateField(), **fields}


class RecommendationTrendsViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Thống kê kiến nghị dưới một địa bàn trong một kỳ: theo lĩnh vực, đơn vị, tháng; đang mở và quá hạn theo cơ
    quan; thời gian trả lời; kiến nghị mở lâu nhất — như trang Thống kê kiến nghị và lệnh
    `diaban recommendations-report`."""

    queryset = Unit.objects.all()
    serializer_class = RecommendationTrendsSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[FROM_PARAM, TO_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        params = request.query_params
        try:
            start, end = period_of(unit, params.get("tu"), params.get("den"), ("tu", "den"))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(trends_data(trends_report(request.user, unit, start, end)))
