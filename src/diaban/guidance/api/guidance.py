"""API of guidance: published, read, reminded; its read receipts; and the guidance conveyed in reports."""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.guidance import selectors
from diaban.guidance.api.common import NO_PERSON, Writes
from diaban.guidance.filters import ConveyedFilterSet, GuidanceFilterSet, ReceiptFilterSet
from diaban.guidance.models import Guidance, GuidanceConveyed, GuidanceRecipient
from diaban.guidance.serializers import (
    ConveyedSerializer,
    GuidanceDetailSerializer,
    GuidancePublishSerializer,
    GuidanceRemindSerializer,
    GuidanceSerializer,
    ReceiptSerializer,
    RemindedSerializer,
)
from diaban.guidance.services.conveyed import conveyed_add, conveyed_remove
from diaban.guidance.services.guidance import (
    PUBLISHERS,
    can_remind,
    guidance_mark_read,
    guidance_publish,
    guidance_remind,
)
from diaban.people.permissions import role_of
from diaban.visits.selectors import person_of


class GuidanceWrite(Writes):
    def may_write(self, request, view):
        if view.action == "read":
            self.message = NO_PERSON.format("đánh dấu đã đọc định hướng gửi cho mình")
            return person_of(request.user) is not None
        self.message = "Chỉ lãnh đạo và Ban Tổ chức mới được gửi định hướng và nhắc cán bộ chưa đọc."
        return role_of(request.user) in PUBLISHERS


@extend_schema_view(
    list=extend_schema(
        description="Định hướng, thông tin gửi cán bộ của các địa bàn trong phạm vi, và định hướng gửi cho chính "
        "người dùng; mới nhất trước. `read_count`/`recipient_count`: số đã đọc trên số người nhận."
    ),
    retrieve=extend_schema(responses=GuidanceDetailSerializer),
    create=extend_schema(
        request={"multipart/form-data": GuidancePublishSerializer, "application/json": GuidancePublishSerializer},
        responses={201: GuidanceDetailSerializer},
        description="Gửi định hướng cho cán bộ của một địa bàn: người nhận là cán bộ công tác trong địa bàn hoặc "
        "đang được phân công theo dõi một đơn vị trong đó, xác định ngay hôm nay và giữ nguyên về sau. Lãnh đạo "
        "gửi trong phạm vi xem, Ban Tổ chức trong phạm vi nhập liệu.",
    ),
)
class GuidanceViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Định hướng, thông tin gửi cán bộ, với số người đã đọc."""

    queryset = Guidance.objects.all()
    serializer_class = GuidanceSerializer
    filterset_class = GuidanceFilterSet
    permission_classes = [GuidanceWrite]

    def get_queryset(self):
        user = self.request.user
        mine = GuidanceRecipient.objects.filter(guidance=OuterRef("pk"), person__user_id=user.pk)
        rows = (
            selectors.with_read_counts(selectors.guidance_visible(user))
            .select_related("unit__level")
            .annotate(sent_to_me=Exists(mine), my_read_at=Subquery(mine.values("read_at")[:1]))
            .order_by("-published_on", "-id")
        )
        if self.action == "retrieve":
            conveyed = (
                GuidanceConveyed.objects.filter(guidance=OuterRef("pk"))
                .order_by()
                .values("guidance")
                .annotate(n=Count("pk"))
                .values("n")
            )
            rows = rows.annotate(conveyed_count=Coalesce(Subquery(conveyed), 0))
        return rows

    def get_serializer_class(self):
        return GuidanceDetailSerializer if self.action == "retrieve" else GuidanceSerializer

    def _detail(self, guidance, code=status.HTTP_200_OK):
        self.action = "retrieve"
        guidance = self.get_queryset().get(pk=guidance.pk)
        return Response(GuidanceDetailSerializer(guidance, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        data = GuidancePublishSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        guidance = call_service(guidance_publish, actor=request.user, upload=fields.pop("file", None), **fields)
        return self._detail(guidance, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=ReceiptSerializer,
        description="Cán bộ nhận định hướng đánh dấu đã đọc; đọc lại vẫn giữ thời điểm đọc lần đầu.",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Đánh dấu đã đọc."""
        receipt = call_service(guidance_mark_read, actor=request.user, guidance=self.get_object())
        receipt = GuidanceRecipient.objects.select_related("guidance", "person").get(pk=receipt.pk)
        return Response(ReceiptSerializer(receipt, context=self.get_serializer_context()).data)

    @extend_schema(
        request=GuidanceRemindSerializer,
        responses=RemindedSerializer,
        description="Người gửi (hoặc lãnh đạo, Ban Tổ chức trong phạm vi) nhắc cán bộ chưa đọc bằng thông báo trong "
        "ứng dụng, kèm lời nhắc. Mỗi cán bộ chỉ được nhắc một lần cho mỗi định hướng: gọi lại không gửi trùng.",
    )
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """Nhắc cán bộ chưa đọc."""
        guidance = self.get_object()
        if not can_remind(request.user, guidance):
            raise PermissionDenied("Chỉ người gửi, lãnh đạo và Ban Tổ chức trong phạm vi của mình mới nhắc được.")
        data = GuidanceRemindSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = call_service(guidance_remind, actor=request.user, guidance=guidance, **data.validated_data)
        return Response(RemindedSerializer(done).data)


class GuidanceReceiptViewSet(viewsets.ReadOnlyModelViewSet):
    """Người nhận định hướng và thời điểm đã đọc: của các định hướng trong phạm vi người dùng, và của chính họ;
    lọc `?guidance=id&read=false` để xem ai chưa đọc, xếp theo tên như tiếng Việt."""

    queryset = GuidanceRecipient.objects.all()
    serializer_class = ReceiptSerializer
    filterset_class = ReceiptFilterSet

    def get_queryset(self):
        return (
            selectors.receipts_visible(self.request.user)
            .select_related("guidance", "person")
            .order_by("-guidance__published_on", "guidance_id", "person__sort_key", "id")
        )


class ConveyedWrite(Writes):
    message = NO_PERSON.format("ghi định hướng đã truyền đạt trong báo cáo của mình")

    def may_write(self, request, view):
        return person_of(request.user) is not None


@extend_schema_view(
    create=extend_schema(
        description="Cán bộ lập báo cáo ghi định hướng đã truyền đạt: `guidance` và đúng một trong "
        "`meeting_report`, `trip_report` (báo cáo của chính mình). Định hướng phải gửi cho cán bộ đó, không muộn "
        "hơn ngày của báo cáo."
    ),
    destroy=extend_schema(description="Cán bộ lập báo cáo bỏ một định hướng đã ghi."),
)
class GuidanceConveyedViewSet(
    viewsets.GenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Định hướng đã truyền đạt tại buổi sinh hoạt chi bộ hoặc chuyến đi cơ sở."""

    queryset = GuidanceConveyed.objects.all()
    serializer_class = ConveyedSerializer
    filterset_class = ConveyedFilterSet
    permission_classes = [ConveyedWrite]

    def get_queryset(self):
        return (
            selectors.conveyed_visible(self.request.user)
            .select_related("guidance", "person")
            .order_by("-conveyed_on", "-id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = call_service(
            conveyed_add, actor=self.request.user, guidance=data["guidance"], report=data["report"]
        )

    def perform_destroy(self, instance):
        call_service(conveyed_remove, actor=self.request.user, link=instance)
