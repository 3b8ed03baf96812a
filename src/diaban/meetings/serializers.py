"""API shapes of meetings, attendances, attendance rules, meeting reports and compliance. Writes of meetings,
attendances, rules and reports go through the services (the views call them); serializers only parse and present."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import NestedPrimaryKeyField, TextField, TextLimitsMixin, choice_field, request_user
from diaban.core.dates import today
from diaban.feedback.models import Recommendation
from diaban.meetings.choices import Activity, MeetingKind, MeetingStatus, OverallQuality, Period
from diaban.meetings.models import (
    Attendance,
    AttendanceRule,
    AttendanceRuleEvent,
    Meeting,
    MeetingReport,
    QualityCriterion,
    ReportAttachment,
    ReportEvent,
)
from diaban.meetings.selectors import attendances_visible
from diaban.people.models import Person, PositionTitle
from diaban.people.serializers import BriefPersonSerializer, PositionTitleSerializer
from diaban.territory.models import PartyOrganization
from diaban.territory.selectors import organizations_visible
from diaban.territory.serializers import BriefPartyOrganizationSerializer, BriefUnitSerializer, VisibleUnitField

MEMBER_FIELDS = ("members_total", "members_present", "members_excused")
# Numbers of party members: whole numbers, never negative.
MEMBER_KWARGS = {
    name: {
        "error_messages": {
            "invalid": "Số đảng viên phải là một số nguyên.",
            "min_value": "Số đảng viên không được âm.",
            "max_value": "Số đảng viên quá lớn.",
        }
    }
    for name in MEMBER_FIELDS
}


@extend_schema_field(BriefPartyOrganizationSerializer)
class CellField(NestedPrimaryKeyField):
    """A party organization by id, among those the user can see: one outside their scope does not exist."""

    default_error_messages = {
        "required": "Chọn chi bộ.",
        "does_not_exist": "Không có chi bộ id {pk_value} trong phạm vi của bạn.",
        "incorrect_type": "Chi bộ phải là một id (số).",
    }

    def __init__(self, **kwargs):
        super().__init__(BriefPartyOrganizationSerializer, queryset=PartyOrganization.objects.all(), **kwargs)

    def get_queryset(self):
        return organizations_visible(request_user(self))


@extend_schema_field(PositionTitleSerializer)
class TitleField(NestedPrimaryKeyField):
    default_error_messages = {
        "does_not_exist": "Không có chức vụ id {pk_value}.",
        "incorrect_type": "Chức vụ phải là một id (số).",
    }

    def __init__(self, **kwargs):
        super().__init__(PositionTitleSerializer, queryset=PositionTitle.objects.all(), **kwargs)


# Described by a pattern, not an enum: drf-spectacular names enums after the field, and "kind" is already the
# party organization's kind (an ENUM_NAME_OVERRIDES entry in the settings would allow a named enum).
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^({})$".format("|".join(MeetingKind.values)),
        "description": "regular: thường kỳ; thematic: chuyên đề",
    }
)
class MeetingKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", choice_field(MeetingKind.choices).error_messages)
        super().__init__(choices=MeetingKind.choices, **kwargs)


class BriefMeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    organization = BriefPartyOrganizationSerializer(read_only=True)
    kind = MeetingKindField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "url", "display", "organization", "kind", "date", "status"]


class MeetingAttendanceSerializer(serializers.ModelSerializer):
    """A cadre's attendance as shown inside its meeting."""

    person = BriefPersonSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "person", "source", "recorded_at"]


class MeetingSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    organization = CellField()
    # Meetings created through the API are those besides the calendar: thematic unless said otherwise.
    kind = MeetingKindField(default=MeetingKind.THEMATIC)
    status = choice_field(MeetingStatus.choices, default=MeetingStatus.PLANNED)
    is_moved = serializers.BooleanField(read_only=True)
    attendances = MeetingAttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "url", "display", "organization", "kind", "date", "planned_date", "is_moved", "status",
                  "topic", "members_total", "members_present", "members_excused", "committee_met_before", "note",
                  "attendances", "updated_at"]  # fmt: skip
        read_only_fields = ["planned_date", "updated_at"]
        extra_kwargs = MEMBER_KWARGS


class MeetingUpdateSerializer(TextLimitsMixin, serializers.ModelSerializer):
    """What the cell may change on a meeting: move it, postpone it, mark it held with the members' attendance,
    correct its details. The cell, the kind and the calendar date stay."""

    status = choice_field(MeetingStatus.choices, required=False)

    class Meta:
        model = Meeting
        fields = ["date", "status", "topic", "members_total", "members_present", "members_excused",
                  "committee_met_before", "note"]  # fmt: skip
        extra_kwargs = MEMBER_KWARGS


class AttendanceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:attendance-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    meeting = BriefMeetingSerializer(read_only=True)
    person = BriefPersonSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "url", "display", "meeting", "person", "source", "recorded_at"]


class AttendanceRecordSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        # Any cadre: those who attend a cell's meetings mostly work above the cell, outside its secretary's scope.
        queryset=Person.objects.all(),
        required=False,
        help_text="cán bộ dự (id); bỏ trống: chính người dùng",
        error_messages={
            "does_not_exist": "Không có cán bộ id {pk_value}.",
            "incorrect_type": "Cán bộ phải là một id (số).",
            "null": "Chọn cán bộ.",
        },
    )


class AttendanceRuleSerializer(TextLimitsMixin, serializers.ModelSerializer):
    """A rule as shown, and the fields of a write parsed; the rule as a whole (titles, dates, scope) is checked by
    `services.attendance_rule_create` and `attendance_rule_update`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:attendance-rule-detail")
    display = serializers.CharField(source="name", read_only=True)
    unit = VisibleUnitField(help_text="địa bàn của cấp ủy ban hành (id)")
    titles = TitleField(many=True, required=False, allow_empty=True, help_text="chức vụ áp dụng (id)")
    excluded_titles = TitleField(many=True, required=False, allow_empty=True, help_text="trừ chức vụ (id)")
    activity = choice_field(Activity.choices, default=Activity.ASSIGNED)
    period = choice_field(Period.choices)
    minimum = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        error_messages={
            "min_value": "Số lần tối thiểu phải từ 1 trở lên.",
            "max_value": "Số lần tối thiểu không quá 1000.",
            "invalid": "Số lần tối thiểu phải là một số nguyên.",
        },
    )

    class Meta:
        model = AttendanceRule
        fields = ["id", "url", "display", "name", "unit", "titles", "excluded_titles", "activity", "minimum", "period",
                  "document", "valid_from", "valid_until"]  # fmt: skip


class AttendanceRuleEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField(help_text="người thực hiện")
    changes = serializers.DictField(
        help_text="trường → [trước, sau]; khi đặt quy định, “trước” để trống", read_only=True
    )
    lines = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="các thay đổi, viết cho người đọc"
    )

    class Meta:
        model = AttendanceRuleEvent
        fields = ["id", "action", "action_display", "actor", "at", "changes", "lines"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()


# Meeting reports (báo cáo dự sinh hoạt chi bộ)


class QualityCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityCriterion
        fields = ["id", "text", "order", "source", "active"]


class RecommendationBriefSerializer(serializers.ModelSerializer):
    """A recommendation the report raised (one per line of its text, created on submission)."""

    unit = BriefUnitSerializer(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "text", "unit"]


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


# The compliance report, as `compliance_data` gives it (for the OpenAPI description).


class BriefUnitDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


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
    branches = ReportingBranchSerializer(many=True)
    months = ReportingMonthSerializer(many=True)
    people = ReportingPersonSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        return {"as_of": fields.pop("as_of"), **fields}


class ComplianceSerializer(serializers.Serializer):
    """The compliance report as `diaban compliance --json` prints it."""

    unit = BriefUnitDataSerializer()
    # "from" is a Python keyword: declared below.
    to = serializers.DateField()
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
