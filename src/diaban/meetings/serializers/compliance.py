"""The compliance report, as `compliance_data` gives it (for the OpenAPI description)."""

from rest_framework import serializers

from diaban.meetings.choices import Activity, Period
from diaban.meetings.serializers.briefs import BriefUnitDataSerializer
from diaban.territory.serializers import LINEAGE_NOTE_HELP, LineagePredecessorSerializer


class ComplianceRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    minimum = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    activity = serializers.ChoiceField(choices=Activity.choices)
    document = serializers.CharField()


class ComplianceBranchSerializer(serializers.Serializer):
    unit = BriefUnitDataSerializer()
    own_level = serializers.BooleanField(help_text="người công tác ngay tại địa bàn gốc, không thuộc cấp dưới")
    assessed = serializers.IntegerField()
    compliant = serializers.IntegerField()


class PersonRuleResultSerializer(serializers.Serializer):
    rule = serializers.IntegerField()
    attended = serializers.IntegerField(help_text="số buổi đã dự được tính")
    required = serializers.FloatField(help_text="số buổi phải dự (tính theo thời gian áp dụng)")


class PersonComplianceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    ratio = serializers.FloatField(help_text="tỉ lệ đã dự ÷ phải dự theo quy định chặt nhất với người này")
    compliant = serializers.BooleanField()
    rules = PersonRuleResultSerializer(many=True)


class ReportingFiguresSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text="số báo cáo phải có: đã đến hạn hoặc đã nộp")
    received = serializers.IntegerField(help_text="số báo cáo đã nộp")
    on_time = serializers.IntegerField(help_text="số báo cáo nộp lần đầu đúng hạn")
    rate = serializers.FloatField(help_text="đã nộp ÷ phải có")
    on_time_rate = serializers.FloatField(help_text="đúng hạn ÷ phải có")


class ReportingBranchSerializer(ReportingFiguresSerializer):
    unit = BriefUnitDataSerializer()
    own_level = serializers.BooleanField(help_text="người công tác ngay tại địa bàn gốc, không thuộc cấp dưới")

    def get_fields(self):
        fields = super().get_fields()
        return {"unit": fields.pop("unit"), "own_level": fields.pop("own_level"), **fields}


class ReportingMonthSerializer(ReportingFiguresSerializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="tháng của buổi sinh hoạt (yyyy-mm)")

    def get_fields(self):
        fields = super().get_fields()
        return {"month": fields.pop("month"), **fields}


class ReportingPersonSerializer(ReportingFiguresSerializer):
    id = serializers.IntegerField()
    code = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        return {"id": fields.pop("id"), "code": fields.pop("code"), **fields}


class ReportingSerializer(ReportingFiguresSerializer):
    """Reporting rate and timeliness of the cadres under the unit for the meetings of the period."""

    as_of = serializers.DateField(help_text="tính đến ngày (báo cáo chưa đến hạn chưa được tính)")
    lineage_note = serializers.CharField(help_text=LINEAGE_NOTE_HELP)
    predecessors = LineagePredecessorSerializer(many=True)
    branches = ReportingBranchSerializer(many=True)
    months = ReportingMonthSerializer(many=True)
    people = ReportingPersonSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        first = {name: fields.pop(name) for name in ("as_of", "lineage_note", "predecessors")}
        return {**first, **fields}


class ComplianceSerializer(serializers.Serializer):
    """The compliance report as `diaban compliance --json` prints it."""

    unit = BriefUnitDataSerializer()
    # "from" is a Python keyword: declared below.
    to = serializers.DateField()
    lineage_note = serializers.CharField(help_text=LINEAGE_NOTE_HELP)
    predecessors = LineagePredecessorSerializer(many=True)
    rules = ComplianceRuleSerializer(many=True)
    assessed = serializers.IntegerField(help_text="số cán bộ có quy định áp dụng trong kỳ")
    compliant = serializers.IntegerField(help_text="số cán bộ đạt")
    share = serializers.FloatField()
    branches = ComplianceBranchSerializer(many=True)
    people = PersonComplianceSerializer(many=True)
    reporting = ReportingSerializer(help_text="tỉ lệ báo cáo dự sinh hoạt và tỉ lệ đúng hạn, cùng địa bàn và kỳ")

    def get_fields(self):
        fields = super().get_fields()
        return {"unit": fields.pop("unit"), "from": serializers.DateField(), **fields}
