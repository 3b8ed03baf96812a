"""API shapes of a group of similar recommendations: as read, with the members the user sees, and as written."""

from rest_framework import serializers

from diaban.core import limits
from diaban.feedback import selectors
from diaban.feedback.models import Recommendation, RecommendationGroup
from diaban.feedback.serializers.fields import NamedVisibleField, optional_date, optional_text
from diaban.feedback.serializers.recommendations import BriefRecommendationSerializer
from diaban.territory.serializers import BriefUnitSerializer


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
    title = optional_text("vấn đề chung của nhóm (bắt buộc)", limits.TITLE, "Vấn đề chung của nhóm")
    members = NamedVisibleField(
        _recommendations_visible, "kiến nghị", queryset=Recommendation.objects.all(), many=True, required=False,
        default=list, help_text="kiến nghị (id), ít nhất hai, chưa thuộc nhóm nào",
    )  # fmt: skip


class GroupMemberSerializer(serializers.Serializer):
    recommendation = NamedVisibleField(
        _recommendations_visible, "kiến nghị", queryset=Recommendation.objects.all(), help_text="kiến nghị (id)"
    )


class GroupAnswerSerializer(serializers.Serializer):
    answer = optional_text(
        "trả lời chung (bắt buộc); mọi kiến nghị còn mở của nhóm nhận trả lời này", limits.TEXT, "Trả lời chung"
    )
    answered_on = optional_date("ngày trả lời (dd/mm/yyyy), mặc định hôm nay")
