"""Brief shapes nested in a meeting report (a recommendation it raised) and in the compliance figures (a unit as
plain data); the visits API nests them too."""

from rest_framework import serializers

from diaban.feedback.models import Recommendation
from diaban.territory.serializers import BriefUnitSerializer


class RecommendationBriefSerializer(serializers.ModelSerializer):
    """A recommendation the report raised (one per line of its text, created on submission)."""

    unit = BriefUnitSerializer(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "text", "unit"]


class BriefUnitDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
