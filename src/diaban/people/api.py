"""API of people, positions, memberships, departments and leave, scoped exactly like the pages.

Reads need a signed-in user and return only what lies in their scope. Writes are for organization staff
(403 for others) on objects in their capture scope (404 outside), and go through the same services as the
pages.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.scoping import CAPTURE, restrict
from diaban.people import selectors, services
from diaban.people.filters import (
    CommitteeMembershipFilterSet,
    DepartmentFilterSet,
    LeaveFilterSet,
    PersonFilterSet,
    PositionFilterSet,
)
from diaban.people.models import CommitteeMembership, Department, Leave, Person, Position
from diaban.people.permissions import MANAGERS, can_manage_people, role_of
from diaban.people.serializers import (
    CommitteeMembershipSerializer,
    DepartmentSerializer,
    LeaveSerializer,
    PersonSerializer,
    PositionEndSerializer,
    PositionSerializer,
)


class ManagersWrite(permissions.IsAuthenticated):
    """Anyone signed in reads (within scope); only organization staff and administrators write."""

    message = "Chỉ Ban Tổ chức mới được cập nhật cán bộ và phân công."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or can_manage_people(request.user)


class ScopedViewSet(viewsets.GenericViewSet):
    """Objects in the reader's view scope; a write looks them up in the writer's capture scope."""

    permission_classes = [ManagersWrite]

    def visible(self, action: str):
        raise NotImplementedError

    def get_queryset(self):
        write = self.request.method not in permissions.SAFE_METHODS
        return self.visible(CAPTURE if write else "view")


# ---------------------------------------------------------------------------------------------------------
# People, positions and memberships


@extend_schema_view(
    create=extend_schema(description="Thêm cán bộ (đơn vị công tác phải trong phạm vi nhập liệu)."),
    partial_update=extend_schema(description="Sửa thông tin cán bộ."),
)
class PersonViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    """Cán bộ trong phạm vi của người dùng, sắp theo tên (kiểu Việt Nam)."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def visible(self, action):
        return selectors.people_visible(self.request.user, action).prefetch_related("positions__title__level").by_name()

    def perform_create(self, serializer):
        serializer.instance = call_service(services.person_save, actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = call_service(
            services.person_save,
            actor=self.request.user,
            person=serializer.instance,
            **serializer.validated_data,
        )


class PositionViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Chức vụ của cán bộ theo thời gian."""

    queryset = Position.objects.all()
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet

    def visible(self, action):
        return restrict(Position.objects.select_related("person", "title__level"), self.request.user, action).order_by(
            "person_id", "-start_date"
        )

    def perform_create(self, serializer):
        serializer.instance = call_service(services.position_add, actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=PositionEndSerializer, responses=PositionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Thôi giữ chức vụ từ ngày sau `end_date`."""
        position = self.get_object()
        data = PositionEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        position = call_service(
            services.position_end,
            actor=request.user,
            position=position,
            end_date=data.validated_data["end_date"],
        )
        return Response(PositionSerializer(position, context={"request": request}).data)


class CommitteeMembershipViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Cấp ủy viên theo nhiệm kỳ."""

    queryset = CommitteeMembership.objects.all()
    serializer_class = CommitteeMembershipSerializer
    filterset_class = CommitteeMembershipFilterSet

    def visible(self, action):
        return restrict(
            CommitteeMembership.objects.select_related("person", "committee", "term"), self.request.user, action
        ).order_by("term__start_year", "id")

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.membership_add, actor=self.request.user, **serializer.validated_data
        )


# ---------------------------------------------------------------------------------------------------------
# Departments


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Phòng, ban của các cơ quan cấp ủy: trong phạm vi của người dùng và của các cấp trên phạm vi đó."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet

    def get_queryset(self):
        return (
            selectors.departments_named(self.request.user)
            .select_related("parent", "unit__level", "head")
            .order_by("unit__path", "name", "id")
        )


# ---------------------------------------------------------------------------------------------------------
# Leave


class LeaveWrite(permissions.IsAuthenticated):
    """Anyone signed in reads the leave of the cadres in their scope; organization staff record and delete it
    (within their capture scope, which the services check)."""

    message = "Chỉ Ban Tổ chức mới được ghi, xóa ngày nghỉ của cán bộ."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or role_of(request.user) in MANAGERS


@extend_schema_view(
    create=extend_schema(
        description="Ban Tổ chức ghi ngày nghỉ (phép, ốm, đi học…) của cán bộ trong phạm vi nhập liệu: ngày nghỉ cuối "
        "không trước ngày đầu, không trùng ngày nghỉ đã ghi của cùng cán bộ. Ngày nghỉ không tính là ngày làm việc "
        "khi tính thời gian đi cơ sở."
    ),
    destroy=extend_schema(description="Ban Tổ chức xóa ngày nghỉ ghi nhầm (trong phạm vi nhập liệu)."),
)
class LeaveViewSet(
    viewsets.GenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Ngày nghỉ của cán bộ trong phạm vi của người dùng, mới nhất trước."""

    queryset = Leave.objects.all()
    serializer_class = LeaveSerializer
    filterset_class = LeaveFilterSet
    permission_classes = [LeaveWrite]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return restrict(Leave.objects.select_related("person"), self.request.user).order_by("-start_date", "id")

    def perform_create(self, serializer):
        serializer.instance = call_service(services.leave_record, actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance):
        call_service(services.leave_delete, actor=self.request.user, leave=instance)
