"""API shapes of recommendations, their groups, topics and agencies. Writes go through `feedback.services` (the
views call them); serializers only parse and present.

The name and contact of a person who raised a recommendation are shown only to those
`selectors.can_see_personal_data` allows; everyone else gets null there and reads `raiser` as "cá nhân (thông tin
cá nhân được bảo vệ)". Input fields are named like the services' error keys, so a 400 names the field sent."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import TextField, VisibleField, choice_field, id_messages, request_user
from diaban.core.dates import today
from diaban.core.filters import DATE_ERROR
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
from diaban.people.models import Person
from diaban.people.serializers import BriefPersonSerializer
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.territory.serializers import BriefUnitSerializer

DATE_MESSAGES = {"invalid": DATE_ERROR}


def _id_messages(what: str) -> dict:
    return id_messages(what, required="Chọn {}.".format(what))


@extend_schema_field(OpenApiTypes.INT)
class NamedVisibleField(VisibleField):
    """A visible object by id whose refusals name it (`what`); left out when optional, the service decides."""

    def __init__(self, visible, what: str, **kwargs):
        kwargs.setdefault("error_messages", _id_messages(what))
        if kwargs.get("required") is False:
            kwargs.setdefault("default", None)  # left out: the service decides (and names the field)
        super().__init__(visible, **kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # The list itself refuses a non-list in Vietnamese too.
        kwargs.setdefault("error_messages", _id_messages(args[1] if len(args) > 1 else kwargs["what"]))
        return super().many_init(*args, **kwargs)


def _text(help_text: str, max_length: int, what: str):
    """Optional text of at most `max_length` characters (core.limits): whether it is required the service says,
    naming the field."""
    return TextField(
        required=False, allow_blank=True, default="", help_text=help_text, max_length=max_length, label=what
    )


def _date(help_text: str):
    return serializers.DateField(
        required=False, allow_null=True, default=None, error_messages=DATE_MESSAGES, help_text=help_text
    )


def _people_visible(user):
    return restrict(Person.objects.all(), user, VIEW)


def _all_topics(user):
    return Topic.objects.all()


def _all_agencies(user):
    return Agency.objects.select_related("unit")


# ---------------------------------------------------------------------------------------------------------
# Topics and agencies


class BriefTopicSerializer(serializers.ModelSerializer):
    display = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "display", "deadline_days"]


class RecommendationTopicSerializer(serializers.ModelSerializer):
    display = serializers.CharField(source="name", read_only=True)
    keywords = serializers.SerializerMethodField(help_text="từ khóa dùng để gợi ý lĩnh vực")

    class Meta:
        model = Topic
        fields = ["id", "display", "name", "deadline_days", "escalate_after_days", "keywords", "position"]

    def get_keywords(self, topic) -> list[str]:
        return [word.strip() for word in topic.keywords.splitlines() if word.strip()]


class BriefAgencySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agency-detail")
    display = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "url", "display"]


class AgencySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agency-detail")
    display = serializers.CharField(source="name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit = BriefUnitSerializer(read_only=True, help_text="địa bàn phụ trách")
    topics = BriefTopicSerializer(many=True, read_only=True, help_text="lĩnh vực giải quyết (đang dùng)")

    class Meta:
        model = Agency
        fields = ["id", "url", "display", "name", "kind", "kind_display", "unit", "topics"]


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
    text = _text("nội dung kiến nghị (bắt buộc)", limits.TEXT, "Nội dung kiến nghị")
    source = choice_field(RecommendationSource.choices, required=False, default=RecommendationSource.DIRECT)
    raised_on = _date("ngày nêu (dd/mm/yyyy), mặc định hôm nay; không sau hôm nay")
    topic = NamedVisibleField(_all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True)
    raiser_kind = choice_field(RaiserKind.choices, required=False, allow_blank=True, default="")
    raiser_name = _text(
        "tên người, tổ chức nêu (tên cá nhân chỉ người có trách nhiệm xem)", 200, "Tên người, tổ chức nêu"
    )
    raiser_contact = _text("địa chỉ, điện thoại (chỉ người có trách nhiệm xem)", 300, "Địa chỉ, điện thoại")
    carried_by = NamedVisibleField(
        _people_visible, "cán bộ", queryset=Person.objects.all(), required=False, allow_null=True,
        help_text="cán bộ tiếp nhận (id); mặc định là người ghi",
    )  # fmt: skip
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list,
        help_text="tệp đính kèm (đơn thư, ảnh), mỗi tệp đến 10 MB; multipart/form-data",
    )  # fmt: skip


class SpotAnswerSerializer(serializers.Serializer):
    answer = _text("nội dung trả lời tại chỗ (bắt buộc)", limits.TEXT, "Nội dung trả lời")
    answered_on = _date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")


class ForwardSerializer(serializers.Serializer):
    agency = NamedVisibleField(
        _all_agencies, "cơ quan", queryset=Agency.objects.all(), required=False, allow_null=True,
        help_text="cơ quan giải quyết (id), bắt buộc: xác nhận cơ quan gợi ý (…/suggestion/) hoặc chọn cơ quan khác",
    )  # fmt: skip
    topic = NamedVisibleField(
        _all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True,
        help_text="lĩnh vực (id); bỏ trống: lĩnh vực đã chọn khi ghi, nếu chưa có thì lĩnh vực gợi ý theo từ khóa",
    )  # fmt: skip
    forwarded_on = _date("ngày chuyển (dd/mm/yyyy), mặc định hôm nay; hạn trả lời tính từ ngày này")
    comment = _text("ghi chú, lưu vào lịch sử", limits.NOTE, "Ghi chú")


class EscalateSerializer(serializers.Serializer):
    comment = _text("lý do trình Thường trực (bắt buộc)", limits.NOTE, "Lý do trình Thường trực")
    topic = NamedVisibleField(
        _all_topics, "lĩnh vực", queryset=Topic.objects.all(), required=False, allow_null=True,
        help_text="lĩnh vực (id); bỏ trống: lĩnh vực đã chọn",
    )  # fmt: skip
    escalated_on = _date("ngày trình (dd/mm/yyyy), mặc định hôm nay")


class QuestionSerializer(serializers.Serializer):
    question = _text("nội dung cần bổ sung (bắt buộc)", limits.NOTE, "Nội dung cần bổ sung")


class InformationSerializer(serializers.Serializer):
    information = _text("thông tin bổ sung (bắt buộc)", limits.TEXT, "Thông tin bổ sung")


class ReturnSerializer(serializers.Serializer):
    reason = _text("lý do trả lại: vì sao không thuộc thẩm quyền (bắt buộc)", limits.NOTE, "Lý do trả lại")


class AnswerSerializer(serializers.Serializer):
    answer = _text("nội dung trả lời (bắt buộc)", limits.TEXT, "Nội dung trả lời")
    answered_on = _date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")
    close = serializers.BooleanField(
        required=False, default=False, help_text="true: trả lời xong thì kết thúc luôn",
        error_messages={"invalid": "close phải là true hoặc false."},
    )  # fmt: skip


class CloseSerializer(serializers.Serializer):
    comment = _text("ghi chú, lưu vào lịch sử", limits.NOTE, "Ghi chú")


class ConveySerializer(serializers.Serializer):
    conveyed_on = _date("ngày thông tin lại cho cơ sở (dd/mm/yyyy), mặc định hôm nay")


# ---------------------------------------------------------------------------------------------------------
# Groups


class RecommendationGroupSerializer(serializers.ModelSerializer):
    """A group with the members the user sees."""

    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-group-detail")
    display = serializers.CharField(source="title", read_only=True)
    unit = BriefUnitSerializer(read_only=True, help_text="cấp nhỏ nhất chứa mọi kiến nghị của nhóm")
    members = BriefRecommendationSerializer(
        source="visible_members", many=True, read_only=True, help_text="kiến nghị của nhóm trong phạm vi người dùng"
    )
    member_count = serializers.SerializerMethodField(help_text="số kiến nghị của nhóm trong phạm vi người dùng")

    class Meta:
        model = RecommendationGroup
        fields = ["id", "url", "display", "title", "unit", "answer", "answered_on", "created_at", "member_count",
                  "members"]  # fmt: skip

    def get_member_count(self, group) -> int:
        return len(group.visible_members)


def _recommendations_visible(user):
    return selectors.recommendations_visible(user).select_related("unit", "carried_by")


class GroupCreateSerializer(serializers.Serializer):
    title = _text("vấn đề chung của nhóm (bắt buộc)", limits.TITLE, "Vấn đề chung của nhóm")
    members = NamedVisibleField(
        _recommendations_visible, "kiến nghị", queryset=Recommendation.objects.all(), many=True, required=False,
        default=list, help_text="kiến nghị (id), ít nhất hai, chưa thuộc nhóm nào",
    )  # fmt: skip


class GroupMemberSerializer(serializers.Serializer):
    recommendation = NamedVisibleField(
        _recommendations_visible, "kiến nghị", queryset=Recommendation.objects.all(), help_text="kiến nghị (id)"
    )


class GroupAnswerSerializer(serializers.Serializer):
    answer = _text(
        "trả lời chung (bắt buộc); mọi kiến nghị còn mở của nhóm nhận trả lời này", limits.TEXT, "Trả lời chung"
    )
    answered_on = _date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")
