"""API shapes of guidance, read receipts, guidance conveyed, drafts, comments and review sessions. Writes go
through `diaban.guidance.services` (the viewsets call them); serializers only parse and present."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import NestedPrimaryKeyField, TextField, TextLimitsMixin, choice_field, request_user
from diaban.core.dates import today
from diaban.guidance import selectors
from diaban.guidance.choices import DraftKind, ReviewPeriod
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.guidance.services.guidance import REMINDER_LENGTH
from diaban.people.models import Department, Person
from diaban.people.serializers import BriefDepartmentSerializer, BriefPersonSerializer
from diaban.territory.serializers import BriefUnitSerializer, VisibleUnitField
from diaban.visits.selectors import trip_reports_visible


def _file_url(serializer, obj, name: str) -> str | None:
    """The scoped page route that streams the file; the storage path is never shown."""
    if not obj.file:
        return None
    path = reverse(name, kwargs={"pk": obj.pk})
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


ID_ERRORS = {
    "incorrect_type": "Phải là một id (số).",
    "does_not_exist": "Không có id {pk_value} trong phạm vi của bạn.",
}

# ---------------------------------------------------------------------------------------------------------
# Guidance


class BriefGuidanceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:guidance-detail")
    display = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = Guidance
        fields = ["id", "url", "display", "published_on", "convey_by"]


class GuidanceSerializer(serializers.ModelSerializer):
    """A guidance as listed: what, to whom, by when, and how many have read it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:guidance-detail")
    display = serializers.CharField(source="title", read_only=True)
    unit = BriefUnitSerializer(read_only=True)
    read_count = serializers.IntegerField(source="read_total", read_only=True, default=0)
    sent_to_me = serializers.BooleanField(read_only=True, default=False, help_text="định hướng gửi cho tôi")
    my_read_at = serializers.DateTimeField(
        read_only=True, allow_null=True, default=None, help_text="lúc tôi đã đọc; null nếu chưa đọc hoặc không gửi tôi"
    )
    file_url = serializers.SerializerMethodField(help_text="địa chỉ tải tệp đính kèm (cùng phạm vi), null nếu không có")

    class Meta:
        model = Guidance
        fields = ["id", "url", "display", "title", "unit", "issuer", "period", "convey_by", "published_on",
                  "published_at", "recipient_count", "read_count", "sent_to_me", "my_read_at", "file_url"]  # fmt: skip

    def get_file_url(self, guidance) -> str | None:
        return _file_url(self, guidance, "guidance_file")


class GuidanceDetailSerializer(GuidanceSerializer):
    conveyed_count = serializers.IntegerField(
        read_only=True, default=0, help_text="số báo cáo dự sinh hoạt, chuyến đi cơ sở đã ghi truyền đạt"
    )

    class Meta(GuidanceSerializer.Meta):
        fields = GuidanceSerializer.Meta.fields + ["body", "conveyed_count"]


class GuidancePublishSerializer(serializers.Serializer):
    unit = VisibleUnitField(help_text="địa bàn có cán bộ nhận (id): cán bộ công tác hoặc theo dõi trong đó")
    title = TextField(
        max_length=limits.TITLE, label="Tiêu đề",
        error_messages={"blank": "Cần ghi tiêu đề.", "required": "Cần ghi tiêu đề."},
    )  # fmt: skip
    body = TextField(required=False, allow_blank=True, default="", max_length=limits.REPORT, label="Nội dung")
    issuer = TextField(required=False, allow_blank=True, default="", max_length=200, label="Cơ quan ban hành")
    period = TextField(required=False, allow_blank=True, default="", max_length=60, label="Kỳ",
                       help_text="ví dụ: tháng 6/2025; để trống là tháng này")  # fmt: skip
    convey_by = serializers.DateField(
        help_text="truyền đạt trước ngày (dd/mm/yyyy)", error_messages={"required": "Cần ghi hạn truyền đạt."}
    )
    file = serializers.FileField(
        required=False, help_text="văn bản (doc, docx, odt, pdf) hoặc ảnh; multipart/form-data"
    )


class GuidanceRemindSerializer(serializers.Serializer):
    message = TextField(
        max_length=REMINDER_LENGTH,
        label="Lời nhắc",
        help_text="lời nhắc gửi kèm thông báo",
        error_messages={"required": "Ghi lời nhắc gửi kèm thông báo.", "blank": "Ghi lời nhắc gửi kèm thông báo."},
    )


class RemindedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="số thông báo gửi lần này")
    already = serializers.IntegerField(help_text="số cán bộ chưa đọc đã được nhắc trước đó (không nhắc lại)")
    without_account = serializers.IntegerField(help_text="số cán bộ chưa đọc không có tài khoản")


class ReceiptSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:guidance-receipt-detail")
    display = serializers.CharField(source="person.full_name", read_only=True)
    guidance = BriefGuidanceSerializer(read_only=True)
    person = BriefPersonSerializer(read_only=True)
    read = serializers.SerializerMethodField(help_text="đã đọc")

    class Meta:
        model = GuidanceRecipient
        fields = ["id", "url", "display", "guidance", "person", "read", "read_at"]

    def get_read(self, receipt) -> bool:
        return receipt.read_at is not None


# ---------------------------------------------------------------------------------------------------------
# Guidance conveyed


@extend_schema_field(BriefGuidanceSerializer)
class VisibleGuidanceField(NestedPrimaryKeyField):
    default_error_messages = {**ID_ERRORS, "required": "Chọn định hướng."}

    def __init__(self, **kwargs):
        super().__init__(BriefGuidanceSerializer, queryset=Guidance.objects.all(), **kwargs)

    def get_queryset(self):
        return selectors.guidance_visible(request_user(self))


@extend_schema_field(OpenApiTypes.INT)
class VisibleMeetingReportField(serializers.PrimaryKeyRelatedField):
    default_error_messages = ID_ERRORS

    def get_queryset(self):
        return selectors.meeting_reports_visible(request_user(self)).select_related(
            "attendance__person", "attendance__meeting"
        )


@extend_schema_field(OpenApiTypes.INT)
class VisibleTripReportField(serializers.PrimaryKeyRelatedField):
    default_error_messages = ID_ERRORS

    def get_queryset(self):
        return trip_reports_visible(request_user(self)).select_related("plan__owner")


class ConveyedSerializer(serializers.ModelSerializer):
    """A guidance conveyed in exactly one report: a meeting report or a trip report of the signed-in cadre."""

    url = serializers.HyperlinkedIdentityField(view_name="api:guidance-conveyed-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    guidance = VisibleGuidanceField()
    meeting_report = VisibleMeetingReportField(required=False, allow_null=True, help_text="báo cáo dự sinh hoạt (id)")
    trip_report = VisibleTripReportField(required=False, allow_null=True, help_text="báo cáo chuyến đi cơ sở (id)")
    person = BriefPersonSerializer(read_only=True)

    class Meta:
        model = GuidanceConveyed
        fields = ["id", "url", "display", "guidance", "meeting_report", "trip_report", "person", "conveyed_on",
                  "recorded_at"]  # fmt: skip
        read_only_fields = ["conveyed_on", "recorded_at"]
        # The service refuses a second link with its own message; DRF's unique validators would make both
        # reports required.
        validators = []

    def validate(self, attrs):
        given = [name for name in ("meeting_report", "trip_report") if attrs.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": ["Chọn đúng một báo cáo: meeting_report hoặc trip_report."]}
            )
        attrs["report"] = attrs[given[0]]
        return attrs


# ---------------------------------------------------------------------------------------------------------
# Drafts for comment


class DraftSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:draft-detail")
    display = serializers.CharField(source="title", read_only=True)
    unit = BriefUnitSerializer(read_only=True)
    kind = choice_field(DraftKind.choices, read_only=True)
    answered_count = serializers.IntegerField(source="answered_total", read_only=True, default=0)
    is_open = serializers.SerializerMethodField(help_text="còn hạn góp ý (đến hết ngày hạn)")
    file_url = serializers.SerializerMethodField(help_text="địa chỉ tải tệp dự thảo (cùng phạm vi), null nếu không có")

    class Meta:
        model = DraftDocument
        fields = ["id", "url", "display", "unit", "kind", "title", "deadline", "is_open", "sent_on", "sent_at",
                  "recipient_count", "answered_count", "file_url"]  # fmt: skip

    def get_is_open(self, document) -> bool:
        return document.is_open_on(today())

    def get_file_url(self, document) -> str | None:
        return _file_url(self, document, "draft_file")


class DraftAnswerSerializer(serializers.Serializer):
    person = BriefPersonSerializer()
    answered = serializers.BooleanField(help_text="đã gửi ít nhất một ý kiến")


class DraftDetailSerializer(DraftSerializer):
    recipients = serializers.SerializerMethodField(
        help_text="cán bộ được xin ý kiến và đã trả lời chưa (cán bộ chỉ thấy dòng của mình nếu dự thảo ngoài "
        "phạm vi của họ)"
    )

    class Meta(DraftSerializer.Meta):
        fields = DraftSerializer.Meta.fields + ["text", "recipients"]

    @extend_schema_field(DraftAnswerSerializer(many=True))
    def get_recipients(self, document):
        rows = self.context.get("answers", [])
        return DraftAnswerSerializer(rows, many=True, context=self.context).data


class DraftSendSerializer(serializers.Serializer):
    unit = VisibleUnitField(help_text="đơn vị gửi (id), trong phạm vi nhập liệu")
    kind = choice_field(DraftKind.choices)
    title = TextField(
        max_length=limits.TITLE, label="Tên dự thảo",
        error_messages={"blank": "Cần ghi tên dự thảo.", "required": "Cần ghi tên dự thảo."},
    )  # fmt: skip
    text = TextField(required=False, allow_blank=True, default="", max_length=limits.DOCUMENT, label="Nội dung")
    deadline = serializers.DateField(help_text="hạn góp ý (dd/mm/yyyy), nhận đến hết ngày này",
                                     error_messages={"required": "Cần ghi hạn góp ý."})  # fmt: skip
    file = serializers.FileField(
        required=False, help_text="văn bản (doc, docx, odt, pdf) hoặc ảnh; multipart/form-data"
    )


@extend_schema_field(OpenApiTypes.INT)
class VisibleDraftField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {**ID_ERRORS, "required": "Chọn dự thảo."}

    def get_queryset(self):
        return selectors.drafts_visible(request_user(self))


class CommentSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:draft-comment-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    document = VisibleDraftField(help_text="dự thảo (id)")
    person = BriefPersonSerializer(read_only=True)
    editable = serializers.SerializerMethodField(help_text="người dùng là người góp ý và còn hạn góp ý")

    class Meta:
        model = DraftComment
        fields = ["id", "url", "display", "document", "person", "text", "created_at", "updated_at", "editable"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"text": {"error_messages": {"blank": "Cần ghi ý kiến.", "required": "Cần ghi ý kiến."}}}

    def get_editable(self, comment) -> bool:
        user = request_user(self)
        return user is not None and comment.person.user_id == user.pk and comment.document.is_open_on(today())


class CommentUpdateSerializer(serializers.Serializer):
    text = TextField(
        max_length=limits.TEXT,
        label="Ý kiến",
        error_messages={"blank": "Cần ghi ý kiến.", "required": "Cần ghi ý kiến."},
    )


# ---------------------------------------------------------------------------------------------------------
# Review sessions

PERSON_ERRORS = {"does_not_exist": "Không có cán bộ id {pk_value}.", "incorrect_type": "Cán bộ phải là id (số)."}


@extend_schema_field(BriefDepartmentSerializer)
class RecordableDepartmentField(NestedPrimaryKeyField):
    default_error_messages = {
        **ID_ERRORS,
        "does_not_exist": "Không có phòng, ban id {pk_value} mà bạn được ghi buổi rút kinh nghiệm.",
        "required": "Chọn phòng, ban.",
    }

    def __init__(self, **kwargs):
        super().__init__(BriefDepartmentSerializer, queryset=Department.objects.all(), **kwargs)

    def get_queryset(self):
        return selectors.departments_recordable(request_user(self))


class SessionSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:review-session-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    department = RecordableDepartmentField()
    period = choice_field(ReviewPeriod.choices, default=ReviewPeriod.QUARTER)
    period_label = serializers.CharField(read_only=True, help_text="kỳ của buổi họp, ví dụ quý II/2025")
    attendees = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, help_text="cán bộ dự (id), người của phòng, ban",
        error_messages=PERSON_ERRORS,
    )  # fmt: skip

    class Meta:
        model = ReviewSession
        fields = ["id", "url", "display", "department", "date", "period", "period_label", "title", "attendees",
                  "minutes", "lessons", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


class SessionUpdateSerializer(TextLimitsMixin, serializers.ModelSerializer):
    period = choice_field(ReviewPeriod.choices, required=False)
    attendees = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False, error_messages=PERSON_ERRORS
    )

    class Meta:
        model = ReviewSession
        fields = ["date", "period", "title", "attendees", "minutes", "lessons"]


class DueSerializer(serializers.Serializer):
    """A department with no session in the current period of its cadence."""

    id = serializers.IntegerField(source="department.pk", help_text="phòng, ban (id)")
    display = serializers.CharField(source="department.name")
    unit = BriefUnitSerializer(source="department.unit")
    period = choice_field(ReviewPeriod.choices)
    period_label = serializers.CharField(source="label")
    start = serializers.DateField()
    end = serializers.DateField()
    last_date = serializers.DateField(allow_null=True, help_text="ngày buổi gần nhất")
