"""API shapes of meeting reports (báo cáo dự sinh hoạt chi bộ): as read, with their files and history, and as
written (started, saved, reopened, given a file); and the quality criteria they are judged by."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import TextField, TextLimitsMixin, choice_field, request_user
from diaban.core.dates import today
from diaban.meetings.choices import OverallQuality
from diaban.meetings.models import MeetingReport, QualityCriterion, ReportAttachment, ReportEvent
from diaban.meetings.selectors.lists import attendances_visible
from diaban.meetings.serializers.briefs import RecommendationBriefSerializer
from diaban.meetings.serializers.meetings import MEMBER_KWARGS, BriefMeetingSerializer
from diaban.people.serializers import BriefPersonSerializer


class QualityCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityCriterion
        fields = ["id", "text", "order", "source", "active"]


class ReportAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="địa chỉ tải tệp (cùng phạm vi với báo cáo)")

    class Meta:
        model = ReportAttachment
        fields = ["id", "name", "url", "uploaded_at"]

    def get_url(self, attachment) -> str:
        # The page route streams the file after checking the reader's scope; the storage path is never shown.
        path = reverse("report_attachment", kwargs={"pk": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="người thực hiện")
    changes = serializers.DictField(help_text="trường → [trước, sau]", read_only=True)

    class Meta:
        model = ReportEvent
        fields = ["id", "action", "actor", "at", "changes", "reason"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()


class MeetingReportSerializer(serializers.ModelSerializer):
    """A report as listed: the template's fields and its state, without the collections of the detail."""

    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-report-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    attendance = serializers.IntegerField(source="attendance_id", read_only=True)
    meeting = BriefMeetingSerializer(source="attendance.meeting", read_only=True)
    person = BriefPersonSerializer(source="attendance.person", read_only=True)
    criteria = serializers.PrimaryKeyRelatedField(
        source="criteria_met", many=True, read_only=True, help_text="tiêu chí chất lượng đạt (id)"
    )
    overdue = serializers.SerializerMethodField(help_text="chưa nộp mà đã quá hạn")
    on_time = serializers.SerializerMethodField(help_text="lần nộp đầu không muộn hơn hạn; null khi chưa nộp")
    editable = serializers.SerializerMethodField(help_text="người dùng là cán bộ lập báo cáo và báo cáo chưa khóa")

    class Meta:
        model = MeetingReport
        fields = ["id", "url", "display", "attendance", "meeting", "person", "status", "due_date", "overdue", "on_time",
                  "submitted_at", "first_submitted_at", "updated_at", "editable", "members_total", "members_present",
                  "committee_met_before", "content", "criteria", "overall", "assessment", "guidance", "answers",
                  "proposals", "recommendations_text"]  # fmt: skip

    def get_overdue(self, report) -> bool:
        return report.first_submitted_at is None and report.due_date < today()

    def get_on_time(self, report) -> bool | None:
        if report.first_submitted_at is None:
            return None
        return timezone.localtime(report.first_submitted_at).date() <= report.due_date

    def get_editable(self, report) -> bool:
        request = self.context.get("request")
        user_id = request.user.pk if request else None
        return user_id is not None and report.attendance.person.user_id == user_id and not report.is_locked


class MeetingReportDetailSerializer(MeetingReportSerializer):
    recommendations = RecommendationBriefSerializer(many=True, read_only=True)
    attachments = ReportAttachmentSerializer(many=True, read_only=True)
    history = ReportEventSerializer(source="events", many=True, read_only=True, help_text="ai, lúc nào, làm gì")

    class Meta(MeetingReportSerializer.Meta):
        fields = MeetingReportSerializer.Meta.fields + ["recommendations", "attachments", "history"]


@extend_schema_field(OpenApiTypes.INT)
class VisibleAttendanceField(serializers.PrimaryKeyRelatedField):
    """An attendance by id, among those the user can see: one outside their scope does not exist."""

    def get_queryset(self):
        return attendances_visible(request_user(self))


class MeetingReportStartSerializer(serializers.Serializer):
    attendance = VisibleAttendanceField(
        help_text="lượt dự sinh hoạt của chính người dùng (id)",
        error_messages={
            "required": "Chọn lượt dự sinh hoạt cần lập báo cáo.",
            "does_not_exist": "Không có lượt dự sinh hoạt id {pk_value} trong phạm vi của bạn.",
            "incorrect_type": "Lượt dự sinh hoạt phải là một id (số).",
            "null": "Chọn lượt dự sinh hoạt cần lập báo cáo.",
        },
    )


class MeetingReportUpdateSerializer(TextLimitsMixin, serializers.ModelSerializer):
    """What the author may change on a draft: the template's fields and the criteria met."""

    overall = choice_field(OverallQuality.choices, required=False, allow_blank=True)
    criteria = serializers.PrimaryKeyRelatedField(
        queryset=QualityCriterion.objects.all(),
        many=True,
        required=False,
        help_text="tiêu chí chất lượng đạt (id), thay cả danh sách",
        error_messages={
            "does_not_exist": "Không có tiêu chí id {pk_value}.",
            "incorrect_type": "Tiêu chí phải là một id (số).",
            "not_a_list": "Gửi danh sách id tiêu chí.",
        },
    )

    class Meta:
        model = MeetingReport
        fields = ["members_total", "members_present", "committee_met_before", "content", "criteria", "overall",
                  "assessment", "guidance", "answers", "proposals", "recommendations_text"]  # fmt: skip
        extra_kwargs = {name: MEMBER_KWARGS[name] for name in ("members_total", "members_present")}

    def validate_criteria(self, value):
        # As on the page: retired criteria stay on the reports that chose them but are not chosen anew.
        chosen = set(self.instance.criteria_met.values_list("pk", flat=True)) if self.instance else set()
        retired = [c for c in value if not c.active and c.pk not in chosen]
        if retired:
            raise serializers.ValidationError(
                ["Tiêu chí không còn dùng: {}.".format("; ".join("{} (id {})".format(c.text, c.pk) for c in retired))]
            )
        return value


class ReportReopenSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE,
        label="Lý do mở lại",
        help_text="lý do mở lại (bắt buộc, lưu vào lịch sử)",
    )


class ReportAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="ảnh (jpg, png, webp, heic) hoặc bản quét pdf")
