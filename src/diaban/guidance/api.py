"""API of guidance and read receipts, guidance conveyed in reports, drafts for comment and comments, review
sessions and the departments due one, scoped exactly like the pages.

Reads need a signed-in user and return only what lies in their scope or is addressed to them (404 for a single
object outside). Writes go through `diaban.guidance.services`, which decide who may; refusals are 403 with the
services' Vietnamese message, bad input 400 naming the field.
"""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.dates import today
from diaban.guidance import selectors, services
from diaban.guidance.filters import (
    CommentFilterSet,
    ConveyedFilterSet,
    DraftFilterSet,
    GuidanceFilterSet,
    ReceiptFilterSet,
    SessionFilterSet,
)
from diaban.guidance.models import (
    DraftComment,
    DraftDocument,
    Guidance,
    GuidanceConveyed,
    GuidanceRecipient,
    ReviewSession,
)
from diaban.guidance.serializers import (
    CommentSerializer,
    CommentUpdateSerializer,
    ConveyedSerializer,
    DraftDetailSerializer,
    DraftSendSerializer,
    DraftSerializer,
    DueSerializer,
    GuidanceDetailSerializer,
    GuidancePublishSerializer,
    GuidanceRemindSerializer,
    GuidanceSerializer,
    ReceiptSerializer,
    RemindedSerializer,
    SessionSerializer,
    SessionUpdateSerializer,
)
from diaban.people.models import Department
from diaban.people.permissions import MANAGERS, role_of
from diaban.visits.selectors import person_of

NO_PERSON = "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ mới {}."


class _Writes(permissions.IsAuthenticated):
    """Reads for anyone signed in (within scope); each write action names who may attempt it, by role or by
    having a person record. Whether this object is theirs the services decide."""

    def may_write(self, request, view) -> bool:
        raise NotImplementedError

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or self.may_write(request, view)


class GuidanceWrite(_Writes):
    def may_write(self, request, view):
        if view.action == "read":
            self.message = NO_PERSON.format("đánh dấu đã đọc định hướng gửi cho mình")
            return person_of(request.user) is not None
        self.message = "Chỉ lãnh đạo và Ban Tổ chức mới được gửi định hướng và nhắc cán bộ chưa đọc."
        return role_of(request.user) in services.PUBLISHERS


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
        guidance = call_service(
            services.guidance_publish, actor=request.user, upload=fields.pop("file", None), **fields
        )
        return self._detail(guidance, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=ReceiptSerializer,
        description="Cán bộ nhận định hướng đánh dấu đã đọc; đọc lại vẫn giữ thời điểm đọc lần đầu.",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Đánh dấu đã đọc."""
        receipt = call_service(services.guidance_mark_read, actor=request.user, guidance=self.get_object())
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
        if not services.can_remind(request.user, guidance):
            raise PermissionDenied("Chỉ người gửi, lãnh đạo và Ban Tổ chức trong phạm vi của mình mới nhắc được.")
        data = GuidanceRemindSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = call_service(services.guidance_remind, actor=request.user, guidance=guidance, **data.validated_data)
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


class ConveyedWrite(_Writes):
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
            services.conveyed_add, actor=self.request.user, guidance=data["guidance"], report=data["report"]
        )

    def perform_destroy(self, instance):
        call_service(services.conveyed_remove, actor=self.request.user, link=instance)


class DraftWrite(_Writes):
    message = "Chỉ cơ sở (chi bộ, đảng ủy) và Ban Tổ chức mới gửi được dự thảo xin góp ý."

    def may_write(self, request, view):
        return role_of(request.user) in services.SENDERS


@extend_schema_view(
    retrieve=extend_schema(responses=DraftDetailSerializer),
    create=extend_schema(
        request={"multipart/form-data": DraftSendSerializer, "application/json": DraftSendSerializer},
        responses={201: DraftDetailSerializer},
        description="Gửi dự thảo (nghị quyết, kế hoạch, báo cáo) từ một đơn vị trong phạm vi nhập liệu đến cán bộ "
        "đang được phân công theo dõi đơn vị đó hoặc cấp trên của nó, với hạn góp ý.",
    ),
)
class DraftViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Dự thảo cơ sở xin góp ý, với số cán bộ đã trả lời."""

    queryset = DraftDocument.objects.all()
    serializer_class = DraftSerializer
    filterset_class = DraftFilterSet
    permission_classes = [DraftWrite]

    def get_queryset(self):
        rows = selectors.drafts_visible(self.request.user).select_related("unit__level")
        return selectors.with_answer_counts(rows).order_by("-sent_on", "-id")

    def get_serializer_class(self):
        return DraftDetailSerializer if self.action == "retrieve" else DraftSerializer

    def _detail(self, document, code=status.HTTP_200_OK):
        document = selectors.with_answer_counts(
            DraftDocument.objects.filter(pk=document.pk).select_related("unit__level")
        ).get()
        answers = selectors.answers_of(document)
        if not selectors.in_scope(self.request.user, document):
            answers = [a for a in answers if a.person.user_id == self.request.user.pk]
        context = {**self.get_serializer_context(), "answers": answers}
        return Response(DraftDetailSerializer(document, context=context).data, code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        data = DraftSendSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = call_service(services.draft_send, actor=request.user, upload=fields.pop("file", None), **fields)
        return self._detail(document, status.HTTP_201_CREATED)


class CommentWrite(_Writes):
    message = NO_PERSON.format("góp ý dự thảo được gửi xin ý kiến")

    def may_write(self, request, view):
        return person_of(request.user) is not None


@extend_schema_view(
    create=extend_schema(
        description="Cán bộ được xin ý kiến gửi một ý kiến về dự thảo (được gửi nhiều ý kiến), đến hết ngày hạn."
    ),
    partial_update=extend_schema(
        request=CommentUpdateSerializer, description="Người góp ý sửa ý kiến của mình, đến hết ngày hạn."
    ),
    destroy=extend_schema(description="Người góp ý rút ý kiến của mình, đến hết ngày hạn."),
)
class DraftCommentViewSet(
    viewsets.GenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Ý kiến góp ý dự thảo."""

    queryset = DraftComment.objects.all()
    serializer_class = CommentSerializer
    filterset_class = CommentFilterSet
    permission_classes = [CommentWrite]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            selectors.comments_visible(self.request.user)
            .select_related("document", "person")
            .order_by("document_id", "created_at", "id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = call_service(
            services.comment_add, actor=self.request.user, document=data["document"], text=data["text"]
        )

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = call_service(services.comment_update, actor=request.user, comment=comment, **data.validated_data)
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        call_service(services.comment_delete, actor=self.request.user, comment=instance)


class SessionWrite(_Writes):
    message = "Chỉ trưởng phòng, ban và Ban Tổ chức mới ghi được buổi rút kinh nghiệm."

    def may_write(self, request, view):
        user = request.user
        return role_of(user) in MANAGERS or Department.objects.filter(head__user_id=user.pk).exists()


@extend_schema_view(
    list=extend_schema(
        description="Buổi rút kinh nghiệm của các phòng, ban trong phạm vi; `q` tìm trong biên bản và bài học kinh "
        "nghiệm, không phân biệt dấu."
    ),
    create=extend_schema(
        description="Ghi buổi rút kinh nghiệm của một phòng, ban: Ban Tổ chức trong phạm vi nhập liệu, hoặc trưởng "
        "phòng, ban đó. Người dự phải là cán bộ của phòng, ban; ngày họp không sau hôm nay."
    ),
    partial_update=extend_schema(request=SessionUpdateSerializer, description="Sửa buổi rút kinh nghiệm."),
)
class ReviewSessionViewSet(
    viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Buổi rút kinh nghiệm định kỳ của phòng, ban."""

    queryset = ReviewSession.objects.all()
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet
    permission_classes = [SessionWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.sessions_visible(self.request.user)
            .select_related("department")
            .prefetch_related("attendees")
            .order_by("-date", "-id")
        )

    def perform_create(self, serializer):
        fields = {"minutes": "", **serializer.validated_data}
        serializer.instance = call_service(services.session_record, actor=self.request.user, **fields)

    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = SessionUpdateSerializer(session, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session = call_service(services.session_update, actor=request.user, session=session, **data.validated_data)
        session = self.get_queryset().get(pk=session.pk)
        return Response(SessionSerializer(session, context=self.get_serializer_context()).data)


class ReviewDueViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Phòng, ban trong phạm vi (có cán bộ) chưa có buổi rút kinh nghiệm trong kỳ hiện tại, theo định kỳ của buổi
    gần nhất (mặc định hằng quý)."""

    queryset = Department.objects.all()
    serializer_class = DueSerializer
    # Only departments with people and no session this period are listed: a department of the scope may rightly
    # be absent, so the matrix checks only that nothing outside the scope appears.
    searchable = False

    def list(self, request, *args, **kwargs):
        due = selectors.sessions_due(selectors.departments_visible(request.user), today())
        page = self.paginate_queryset(due)
        return self.get_paginated_response(DueSerializer(page, many=True, context=self.get_serializer_context()).data)
