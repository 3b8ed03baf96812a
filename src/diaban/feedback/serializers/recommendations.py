"""API shapes of a recommendation as read (listed, in full with its history and the actions the user may take, the
similar ones, the routing suggestion) and as written (recording it, each step of its life)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import choice_field, request_user
from diaban.core.dates import today
from diaban.core.scoping import VIEW, restrict
from diaban.feedback import selectors
from diaban.feedback.choices import RaiserKind, RecommendationSource, RecommendationStatus
from diaban.feedback.models import (
    Agency,
    Recommendation,
    RecommendationAttachment,
    RecommendationEvent,
    RecommendationGroup,
    Topic,
)
from diaban.feedback.serializers.catalogue import BriefAgencySerializer, BriefTopicSerializer
from diaban.feedback.serializers.fields import NamedVisibleField, optional_date, optional_text
from diaban.people.models import Person
from diaban.people.serializers import BriefPersonSerializer
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.territory.serializers import BriefUnitSerializer


def _people_visible(user):
    return restrict(Person.objects.all(), user, VIEW)


def _all_topics(user):
    return Topic.objects.all()


def _all_agencies(user):
    return Agency.objects.select_related("unit")


# ---------------------------------------------------------------------------------------------------------
# Recommendations as read


class BriefGroupSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-group-detail")
    display = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = RecommendationGroup
        fields = ["id", "url", "display"]


class RecommendationEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField(help_text="người thực hiện; “hệ thống” cho việc tự động")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    agency = BriefAgencySerializer(read_only=True, allow_null=True, help_text="cơ quan liên quan")

    class Meta:
        model = RecommendationEvent
        fields = ["id", "action", "action_display", "actor", "at", "status", "status_display", "agency", "comment"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return "hệ thống"
        return event.actor.get_full_name() or event.actor.get_username()


class RecommendationAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="địa chỉ tải tệp (cùng phạm vi với kiến nghị)")

    class Meta:
        model = RecommendationAttachment
        fields = ["id", "name", "url", "uploaded_at"]

    def get_url(self, attachment) -> str:
        # The page route streams the file after finding the recommendation in the reader's scope; the storage
        # path is never shown.
        path = reverse("recommendation_attachment", kwargs={"pk": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RecommendationSerializer(serializers.ModelSerializer):
    """A recommendation as listed: where, what, who raised it (as the reader may know), where it stands."""

    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    unit = BriefUnitSerializer(read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    topic = BriefTopicSerializer(read_only=True, allow_null=True)
    raiser_kind_display = serializers.CharField(source="get_raiser_kind_display", read_only=True)
    raiser = serializers.SerializerMethodField(help_text="người nêu, như người dùng được biết")
    raiser_name = serializers.SerializerMethodField(
        help_text="tên người, tổ chức nêu; null với cá nhân nêu khi người dùng không có trách nhiệm xem"
    )
    raiser_contact = serializers.SerializerMethodField(
        help_text="địa chỉ, điện thoại; null với cá nhân nêu khi người dùng không có trách nhiệm xem"
    )
    carried_by = BriefPersonSerializer(read_only=True, allow_null=True, help_text="cán bộ tiếp nhận")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    agency = BriefAgencySerializer(read_only=True, allow_null=True, help_text="cơ quan giải quyết")
    is_overdue = serializers.SerializerMethodField(help_text="chưa trả lời và đã qua hạn (tính đến hôm nay)")
    group = BriefGroupSerializer(read_only=True, allow_null=True, help_text="nhóm kiến nghị tương tự")

    class Meta:
        model = Recommendation
        fields = ["id", "url", "display", "unit", "text", "source", "source_display", "raised_on", "topic",
                  "raiser_kind", "raiser_kind_display", "raiser", "raiser_name", "raiser_contact", "carried_by",
                  "status", "status_display", "level", "level_display", "agency", "forwarded_on", "deadline",
                  "is_overdue", "escalated_on", "answered_on", "conveyed_on", "group", "created_at",
                  "updated_at"]  # fmt: skip

    def _hidden(self, recommendation) -> bool:
        return recommendation.raiser_kind == RaiserKind.PERSON and not selectors.can_see_personal_data(
            request_user(self), recommendation
        )

    def get_raiser(self, recommendation) -> str:
        return selectors.raiser_label(request_user(self), recommendation)

    def get_raiser_name(self, recommendation) -> str | None:
        return None if self._hidden(recommendation) else recommendation.raiser_name

    def get_raiser_contact(self, recommendation) -> str | None:
        return None if self._hidden(recommendation) else recommendation.raiser_contact

    def get_is_overdue(self, recommendation) -> bool:
        return recommendation.is_overdue(today())


# What the user may do with a recommendation: the API action names, decided by the selectors' predicates.
ACTION_CHECKS = [
    ("answer-on-the-spot", selectors.can_route),
    ("forward", selectors.can_route),
    ("escalate", lambda user, r: selectors.can_route(user, r) and r.status != RecommendationStatus.ESCALATED),
    (
        "acknowledge",
        lambda user, r: selectors.can_work_as_agency(user, r) and r.status == RecommendationStatus.FORWARDED,
    ),
    ("request-information", selectors.can_work_as_agency),
    ("return", selectors.can_work_as_agency),
    ("provide-information", selectors.can_provide_info),
    ("answer", selectors.can_answer),
    ("close", selectors.can_close),
    ("convey", selectors.can_convey),
    ("group", selectors.can_group),
]


class RecommendationDetailSerializer(RecommendationSerializer):
    """A recommendation with its answer, files and whole history."""

    conveyed_by = BriefPersonSerializer(read_only=True, allow_null=True, help_text="người thông tin lại cho cơ sở")
    attachments = RecommendationAttachmentSerializer(many=True, read_only=True)
    history = RecommendationEventSerializer(
        source="events", many=True, read_only=True, help_text="ai, lúc nào, làm gì, cơ quan nào, ghi chú"
    )
    allowed_actions = serializers.SerializerMethodField(
        help_text="thao tác người dùng làm được lúc này: " + ", ".join(name for name, _check in ACTION_CHECKS)
    )

    class Meta(RecommendationSerializer.Meta):
        fields = RecommendationSerializer.Meta.fields + ["answer", "answered_by_name", "conveyed_by", "attachments",
                                                         "history", "allowed_actions"]  # fmt: skip

    def get_allowed_actions(self, recommendation) -> list[str]:
        user = request_user(self)
        return [name for name, check in ACTION_CHECKS if check(user, recommendation)]


class BriefRecommendationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    unit = BriefUnitSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "url", "display", "unit", "raised_on", "status", "status_display", "answered_on"]


class SimilarRecommendationSerializer(BriefRecommendationSerializer):
    group = BriefGroupSerializer(read_only=True, allow_null=True, help_text="nhóm mà kiến nghị này đã thuộc")
    similarity = serializers.FloatField(read_only=True, help_text="độ giống, từ 0 đến 1")

    class Meta(BriefRecommendationSerializer.Meta):
        fields = BriefRecommendationSerializer.Meta.fields + ["text", "group", "similarity"]


class RecommendationCreatedSerializer(RecommendationDetailSerializer):
    similar = serializers.SerializerMethodField(
        help_text="kiến nghị còn mở (hoặc đã thuộc một nhóm) trong phạm vi giống nhất, tối đa 5, giống nhất trước"
    )

    class Meta(RecommendationDetailSerializer.Meta):
        fields = RecommendationDetailSerializer.Meta.fields + ["similar"]

    @extend_schema_field(SimilarRecommendationSerializer(many=True))
    def get_similar(self, recommendation):
        rows = self.context.get("similar", [])
        return SimilarRecommendationSerializer(rows, many=True, context=self.context).data


class RoutingSuggestionSerializer(serializers.Serializer):
    topic = BriefTopicSerializer(
        allow_null=True, help_text="lĩnh vực đã chọn khi ghi, nếu chưa có thì gợi ý theo từ khóa"
    )
    topic_from_keywords = serializers.BooleanField(help_text="lĩnh vực là gợi ý theo từ khóa, chưa ai chọn")
    agency = BriefAgencySerializer(
        allow_null=True,
        help_text="cơ quan gần nhất phụ trách địa bàn và giải quyết lĩnh vực đó; cần xác nhận khi chuyển",
    )
    agencies = BriefAgencySerializer(many=True, help_text="mọi cơ quan phụ trách địa bàn, cấp gần nhất trước")


# ---------------------------------------------------------------------------------------------------------
# Recommendations as written


class RecommendationCreateSerializer(serializers.Serializer):
    """A new recommendation. What it needs (a unit, a text) the service checks, naming the field."""

    unit = NamedVisibleField(units_visible, "địa bàn", queryset=Unit.objects.all(), required=False, allow_null=True)
    text = optional_text("nội dung kiến nghị (bắt buộc)", limits.TEXT, "Nội dung kiến nghị")
    source = choice_field(RecommendationSource.choices, required=False, default=RecommendationSource.DIRECT)
    raised_on = optional_date("ngày nêu (dd/mm/yyyy), mặc định hôm nay; không sau hôm nay")
    topic = NamedVisibleField(_all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True)
    raiser_kind = choice_field(RaiserKind.choices, required=False, allow_blank=True, default="")
    raiser_name = optional_text(
        "tên người, tổ chức nêu (tên cá nhân chỉ người có trách nhiệm xem)", 200, "Tên người, tổ chức nêu"
    )
    raiser_contact = optional_text("địa chỉ, điện thoại (chỉ người có trách nhiệm xem)", 300, "Địa chỉ, điện thoại")
    carried_by = NamedVisibleField(
        _people_visible, "cán bộ", queryset=Person.objects.all(), required=False, allow_null=True,
        help_text="cán bộ tiếp nhận (id); mặc định là người ghi",
    )  # fmt: skip
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list,
        help_text="tệp đính kèm (đơn thư, ảnh), mỗi tệp đến 10 MB; multipart/form-data",
    )  # fmt: skip


class SpotAnswerSerializer(serializers.Serializer):
    answer = optional_text("nội dung trả lời tại chỗ (bắt buộc)", limits.TEXT, "Nội dung trả lời")
    answered_on = optional_date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")


class ForwardSerializer(serializers.Serializer):
    agency = NamedVisibleField(
        _all_agencies, "cơ quan", queryset=Agency.objects.all(), required=False, allow_null=True,
        help_text="cơ quan giải quyết (id), bắt buộc: xác nhận cơ quan gợi ý (…/suggestion/) hoặc chọn cơ quan khác",
    )  # fmt: skip
    topic = NamedVisibleField(
        _all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True,
        help_text="lĩnh vực (id); bỏ trống: lĩnh vực đã chọn khi ghi, nếu chưa có thì lĩnh vực gợi ý theo từ khóa",
    )  # fmt: skip
    forwarded_on = optional_date("ngày chuyển (dd/mm/yyyy), mặc định hôm nay; hạn trả lời tính từ ngày này")
    comment = optional_text("ghi chú, lưu vào lịch sử", limits.NOTE, "Ghi chú")


class EscalateSerializer(serializers.Serializer):
    comment = optional_text("lý do trình Thường trực (bắt buộc)", limits.NOTE, "Lý do trình Thường trực")
    topic = NamedVisibleField(
        _all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True,
        help_text="lĩnh vực (id); bỏ trống: lĩnh vực đã chọn",
    )  # fmt: skip
    escalated_on = optional_date("ngày trình (dd/mm/yyyy), mặc định hôm nay")


class QuestionSerializer(serializers.Serializer):
    question = optional_text("nội dung cần bổ sung (bắt buộc)", limits.NOTE, "Nội dung cần bổ sung")


class InformationSerializer(serializers.Serializer):
    information = optional_text("thông tin bổ sung (bắt buộc)", limits.TEXT, "Thông tin bổ sung")


class ReturnSerializer(serializers.Serializer):
    reason = optional_text("lý do trả lại: vì sao không thuộc thẩm quyền (bắt buộc)", limits.NOTE, "Lý do trả lại")


class AnswerSerializer(serializers.Serializer):
    answer = optional_text("nội dung trả lời (bắt buộc)", limits.TEXT, "Nội dung trả lời")
    answered_on = optional_date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")
    close = serializers.BooleanField(
        required=False, default=False, help_text="true: trả lời xong thì kết thúc luôn",
        error_messages={"invalid": "close phải là true hoặc false."},
    )  # fmt: skip


class CloseSerializer(serializers.Serializer):
    comment = optional_text("ghi chú, lưu vào lịch sử", limits.NOTE, "Ghi chú")


class ConveySerializer(serializers.Serializer):
    conveyed_on = optional_date("ngày thông tin lại cho cơ sở (dd/mm/yyyy), mặc định hôm nay")
