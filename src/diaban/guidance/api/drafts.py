"""API of drafts for comment and their comments."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.guidance import selectors
from diaban.guidance.api.common import NO_PERSON, Writes
from diaban.guidance.filters import CommentFilterSet, DraftFilterSet
from diaban.guidance.models import DraftComment, DraftDocument
from diaban.guidance.serializers import (
    CommentSerializer,
    CommentUpdateSerializer,
    DraftDetailSerializer,
    DraftSendSerializer,
    DraftSerializer,
)
from diaban.guidance.services.drafts import SENDERS, comment_add, comment_delete, comment_update, draft_send
from diaban.people.permissions import role_of
from diaban.visits.selectors import person_of


class DraftWrite(Writes):
    message = "Chỉ cơ sở (chi bộ, đảng ủy) và Ban Tổ chức mới gửi được dự thảo xin góp ý."

    def may_write(self, request, view):
        return role_of(request.user) in SENDERS


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
        document = call_service(draft_send, actor=request.user, upload=fields.pop("file", None), **fields)
        return self._detail(document, status.HTTP_201_CREATED)


class CommentWrite(Writes):
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
            comment_add, actor=self.request.user, document=data["document"], text=data["text"]
        )

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = call_service(comment_update, actor=request.user, comment=comment, **data.validated_data)
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        call_service(comment_delete, actor=self.request.user, comment=instance)
