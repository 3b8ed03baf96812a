"""API shapes of the visits each unit receives, for the OpenAPI description; the view renders
`selectors.visit_counts`."""

from rest_framework import serializers

from diaban.meetings.serializers.briefs import BriefUnitDataSerializer


class VisitedUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_remote = serializers.BooleanField(help_text="vùng sâu, vùng xa")
    parent = serializers.CharField(source="parent.name", default="", help_text="tên địa bàn cấp trên")


class UnitVisitsSerializer(serializers.Serializer):
    unit = VisitedUnitSerializer()
    by_month = serializers.ListField(child=serializers.IntegerField(), help_text="12 số: tháng 1 đến tháng 12")
    total = serializers.IntegerField()


class VisitCountsSerializer(serializers.Serializer):
    unit = BriefUnitDataSerializer(source="root")
    year = serializers.IntegerField()
    level_name = serializers.CharField(help_text="cấp địa bàn được đếm")
    monthly_max = serializers.IntegerField(help_text="số lượt tối đa một tháng trước khi bị coi là đến quá nhiều")
    rows = UnitVisitsSerializer(many=True, help_text="mọi địa bàn của cấp được đếm")
    too_often = UnitVisitsSerializer(many=True, help_text="địa bàn có tháng nhận quá số lượt tối đa, nhiều nhất trước")
    too_rarely = UnitVisitsSerializer(many=True, help_text="địa bàn chưa được đến lần nào trong năm, vùng sâu trước")
