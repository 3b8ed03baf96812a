"""API shapes of trip reports: as listed, in full (each unit's situation, findings per agenda item,
recommendations and follow-ups; the report's history) and the owner's draft as saved; the reason of a reopening."""

from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import DATE_MESSAGES, TextField, choice_field_class, request_user
from diaban.meetings.serializers.briefs import RecommendationBriefSerializer
from diaban.visits.choices import TripReportStatus
from diaban.visits.models import AgendaItem, Finding, FollowUp, TripReport, UnitVisitReport
from diaban.visits.serializers.plans import (
    AgendaKindField,
    BriefPlanSerializer,
    PlanEventSerializer,
    TargetUnitSerializer,
)

TripReportStatusField = choice_field_class("TripReportStatusField", TripReportStatus.choices)


class BriefAgendaItemSerializer(serializers.ModelSerializer):
    kind = AgendaKindField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "kind", "text", "is_main"]


class FindingSerializer(serializers.ModelSerializer):
    agenda_item = BriefAgendaItemSerializer(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "agenda_item", "text"]


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "text", "due_date", "done_on"]


class UnitVisitReportSerializer(serializers.ModelSerializer):
    unit = TargetUnitSerializer(read_only=True)
    findings = FindingSerializer(many=True, read_only=True, help_text="kết quả theo từng nội dung làm việc")
    recommendations = RecommendationBriefSerializer(
        many=True, read_only=True, help_text="kiến nghị đã tạo khi nộp, mỗi dòng kiến nghị một bản ghi"
    )
    follow_ups = FollowUpSerializer(many=True, read_only=True, help_text="việc cần theo dõi tiếp, có hạn")

    class Meta:
        model = UnitVisitReport
        fields = ["id", "unit", "situation", "guidance_given", "recommendations_text", "recommendations", "findings",
                  "follow_ups"]  # fmt: skip


class TripReportSerializer(serializers.ModelSerializer):
    """A trip report as listed, without its parts per unit."""

    url = serializers.HyperlinkedIdentityField(view_name="api:trip-report-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    plan = BriefPlanSerializer(read_only=True)
    status = TripReportStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    editable = serializers.SerializerMethodField(help_text="người dùng là người chủ trì và báo cáo chưa khóa")

    class Meta:
        model = TripReport
        fields = ["id", "url", "display", "plan", "status", "status_display", "start_date", "end_date", "summary",
                  "guidance_conveyed", "submitted_at", "first_submitted_at", "updated_at", "editable"]  # fmt: skip

    def get_editable(self, report) -> bool:
        user = request_user(self)
        return bool(user and user.pk) and report.plan.owner.user_id == user.pk and not report.is_locked


class TripReportDetailSerializer(TripReportSerializer):
    units = UnitVisitReportSerializer(many=True, read_only=True, help_text="kết quả tại từng địa bàn")
    history = PlanEventSerializer(
        source="plan.report_events", many=True, read_only=True, help_text="lập, lưu, nộp, mở lại: ai, lúc nào"
    )

    class Meta(TripReportSerializer.Meta):
        fields = TripReportSerializer.Meta.fields + ["units", "history"]


ID_MESSAGES = {"invalid": "Phải là một id (số).", "required": "Cần ghi id."}


class FindingInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(error_messages=ID_MESSAGES, help_text="kết quả theo nội dung (id)")
    text = TextField(allow_blank=True, max_length=limits.TEXT, label="Kết quả", help_text="kết quả")


class FollowUpInputSerializer(serializers.Serializer):
    text = TextField(allow_blank=True, max_length=500, label="Việc cần làm tiếp")
    due_date = serializers.DateField(
        required=False, allow_null=True, error_messages=DATE_MESSAGES, help_text="hạn (dd/mm/yyyy)"
    )


class UnitPartInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(error_messages=ID_MESSAGES, help_text="phần báo cáo của một địa bàn (id)")
    situation = TextField(required=False, allow_blank=True, max_length=limits.REPORT, label="Tình hình chung")
    guidance_given = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Định hướng, góp ý đã đưa ra"
    )
    recommendations_text = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Kiến nghị của cơ sở",
        help_text="mỗi dòng một kiến nghị; khi nộp, mỗi dòng thành một kiến nghị",
    )  # fmt: skip
    findings = FindingInputSerializer(many=True, required=False)
    follow_ups = FollowUpInputSerializer(
        many=True, required=False, help_text="việc theo dõi tiếp của địa bàn; thay cả danh sách"
    )


class TripReportUpdateSerializer(serializers.Serializer):
    """What the owner may change on a draft trip report; only what is sent changes."""

    start_date = serializers.DateField(required=False, error_messages=DATE_MESSAGES, help_text="đi thực tế từ ngày")
    end_date = serializers.DateField(required=False, error_messages=DATE_MESSAGES, help_text="đến ngày")
    summary = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Đánh giá chung", help_text="đánh giá chung"
    )
    guidance_conveyed = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Định hướng, thông tin đã truyền đạt",
        help_text="định hướng, thông tin của cấp ủy đã truyền đạt",
    )  # fmt: skip
    units = UnitPartInputSerializer(many=True, required=False, help_text="phần của từng địa bàn đã đi")


class TripReportReopenSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE,
        label="Lý do mở lại",
        help_text="lý do mở lại (bắt buộc, lưu vào lịch sử)",
    )
