"""API shapes of topics and agencies, brief (nested in a recommendation) and in full."""

from rest_framework import serializers

from diaban.feedback.models import Agency, Topic
from diaban.territory.serializers import BriefUnitSerializer


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
