"""API of the catalogues recommendations are routed by: their topics and the agencies that answer them."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from diaban.feedback import selectors
from diaban.feedback.filters import AgencyFilterSet
from diaban.feedback.models import Agency, Topic
from diaban.feedback.serializers.catalogue import AgencySerializer, RecommendationTopicSerializer


class RecommendationTopicViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Lĩnh vực kiến nghị đang dùng, với thời hạn trả lời và mức trình Thường trực (ngày làm việc): một danh mục
    chung cho cả hệ thống."""

    queryset = Topic.objects.filter(is_active=True).order_by("position", "name")
    serializer_class = RecommendationTopicSerializer


@extend_schema_view(
    list=extend_schema(
        description="Cơ quan giải quyết đang hoạt động phụ trách các địa bàn trong phạm vi (kể cả cơ quan cấp trên "
        "phụ trách chúng). `unit`: các cơ quan phụ trách địa bàn đó, cấp gần nhất trước; `topic`: giải quyết lĩnh "
        "vực đó."
    )
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Cơ quan giải quyết kiến nghị (sở, ngành, UBND…), với địa bàn phụ trách và lĩnh vực giải quyết."""

    queryset = Agency.objects.all()
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def get_queryset(self):
        return (
            selectors.agencies_visible(self.request.user)
            .filter(is_active=True)
            .select_related("unit__level")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.filter(is_active=True)))
            .order_by("name", "id")
        )
