"""API of groups of similar recommendations: formed and changed by organization staff, answered once for all."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from diaban.core.api import call_service, parse_body
from diaban.feedback import selectors
from diaban.feedback.api.recommendations import DATE_NOTE
from diaban.feedback.filters import RecommendationGroupFilterSet
from diaban.feedback.models import RecommendationGroup
from diaban.feedback.serializers.groups import (
    GroupAnswerSerializer,
    GroupCreateSerializer,
    GroupMemberSerializer,
    RecommendationGroupSerializer,
)
from diaban.feedback.services import groups
from diaban.people.permissions import MANAGERS, role_of


class GroupWrite(permissions.IsAuthenticated):
    """Forming a group and changing its members is organization staff's (refused up front to other roles);
    answering needs the group found first."""

    message = "Chỉ Ban Tổ chức mới gộp các kiến nghị tương tự thành nhóm và thêm, bớt kiến nghị của nhóm."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) not in (
            "create", "add", "remove"
        ):  # fmt: skip
            return True
        return role_of(request.user) in MANAGERS


@extend_schema_view(
    list=extend_schema(
        description="Nhóm kiến nghị tương tự có ít nhất một kiến nghị người dùng thấy, mới lập trước; mỗi nhóm chỉ "
        "kèm các kiến nghị trong phạm vi người dùng."
    ),
    create=extend_schema(
        request=GroupCreateSerializer,
        responses={201: RecommendationGroupSerializer},
        description="Ban Tổ chức gộp ít nhất hai kiến nghị trong phạm vi nhập liệu, chưa thuộc nhóm nào, với vấn đề "
        "chung.",
    ),
)
class RecommendationGroupViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Nhóm kiến nghị cùng một vấn đề ở nhiều địa bàn, trả lời chung."""

    queryset = RecommendationGroup.objects.all()
    serializer_class = RecommendationGroupSerializer
    filterset_class = RecommendationGroupFilterSet
    permission_classes = [GroupWrite]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        members = selectors.recommendations_visible(user).select_related("unit__level").order_by("raised_on", "id")
        return (
            selectors.groups_visible(user)
            .select_related("unit__level")
            .prefetch_related(Prefetch("members", queryset=members, to_attr="visible_members"))
            .order_by("-created_at", "-id")
        )

    def _detail(self, group, code=status.HTTP_200_OK):
        found = self.get_queryset().filter(pk=group.pk).first()
        if found is None:  # its last member the user saw was just taken out
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(RecommendationGroupSerializer(found, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        values = parse_body(GroupCreateSerializer, request, self.get_serializer_context())
        group = call_service(
            groups.group_create, actor=request.user, recommendations=values["members"], title=values["title"]
        )
        return self._detail(group, status.HTTP_201_CREATED)

    @extend_schema(
        request=GroupMemberSerializer,
        responses=RecommendationGroupSerializer,
        description="Ban Tổ chức thêm một kiến nghị (chưa thuộc nhóm nào) vào nhóm.",
    )
    @action(detail=True, methods=["post"])
    def add(self, request, pk=None):
        """Thêm kiến nghị vào nhóm."""
        group = self.get_object()
        values = parse_body(GroupMemberSerializer, request, self.get_serializer_context())
        call_service(groups.group_add, actor=request.user, group=group, recommendation=values["recommendation"])
        return self._detail(group)

    @extend_schema(
        request=GroupMemberSerializer,
        responses={200: RecommendationGroupSerializer, 204: None},
        description="Ban Tổ chức tách một kiến nghị khỏi nhóm. 204 khi trong nhóm không còn kiến nghị nào người dùng "
        "thấy.",
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Tách kiến nghị khỏi nhóm."""
        group = self.get_object()
        values = parse_body(GroupMemberSerializer, request, self.get_serializer_context())
        call_service(groups.group_remove, actor=request.user, group=group, recommendation=values["recommendation"])
        return self._detail(group)

    @extend_schema(
        request=GroupAnswerSerializer,
        responses=RecommendationGroupSerializer,
        description="Trả lời chung: mọi kiến nghị còn mở của nhóm nhận cùng một trả lời, nên trả lời đến mọi địa "
        "bàn trong nhóm. Người trả lời phải trả lời (hoặc phân loại) được từng kiến nghị còn mở." + DATE_NOTE,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Trả lời chung cho cả nhóm."""
        group = self.get_object()
        values = parse_body(GroupAnswerSerializer, request)
        call_service(
            groups.group_answer, actor=request.user, group=group, text=values["answer"], on=values["answered_on"]
        )
        return self._detail(group)
