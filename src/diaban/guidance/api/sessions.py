"""API of review sessions and the departments due one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.dates import today
from diaban.guidance import selectors
from diaban.guidance.api.common import Writes
from diaban.guidance.filters import SessionFilterSet
from diaban.guidance.models import ReviewSession
from diaban.guidance.serializers import DueSerializer, SessionSerializer, SessionUpdateSerializer
from diaban.guidance.services.sessions import session_record, session_update
from diaban.people.models import Department
from diaban.people.permissions import MANAGERS, role_of


class SessionWrite(Writes):
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
        serializer.instance = call_service(session_record, actor=self.request.user, **fields)

    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = SessionUpdateSerializer(session, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session = call_service(session_update, actor=request.user, session=session, **data.validated_data)
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
