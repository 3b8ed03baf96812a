"""API of the cell calendar: meetings, kept by the cell and organization staff, and the cadres' attendance at them."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.dates import format_date
from diaban.meetings.filters import AttendanceFilterSet, MeetingFilterSet
from diaban.meetings.models import Attendance, Meeting
from diaban.meetings.selectors.lists import attendances_visible, meetings_visible
from diaban.meetings.serializers.meetings import (
    AttendanceRecordSerializer,
    AttendanceSerializer,
    MeetingAttendanceSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
)
from diaban.meetings.services.attendance import attendance_record, attendance_remove
from diaban.meetings.services.schedule import CALENDAR_KEEPERS, meeting_create, meeting_update
from diaban.people.models import Person
from diaban.people.permissions import role_of


class CalendarWrite(permissions.IsAuthenticated):
    """Anyone signed in reads (within scope) and may record their own attendance; only the roles that keep a
    cell's calendar create or change meetings. Whether this cell is theirs the services decide."""

    message = "Chỉ chi bộ (bí thư, văn phòng đảng ủy) và Ban Tổ chức mới được cập nhật lịch sinh hoạt chi bộ."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) == "attendances":
            return True
        return role_of(request.user) in CALENDAR_KEEPERS


PERSON_PARAM = OpenApiParameter("person", int, required=True, description="cán bộ (id) cần bỏ ghi nhận dự")


@extend_schema_view(
    create=extend_schema(
        description="Thêm buổi sinh hoạt ngoài lịch (thường là chuyên đề, phải có chủ đề). Chỉ chi bộ và Ban Tổ chức "
        "trong phạm vi nhập liệu của mình."
    ),
    partial_update=extend_schema(
        request=MeetingUpdateSerializer,
        description="Dời ngày, hoãn, ghi đã họp kèm số đảng viên dự, chi ủy họp trước, ghi chú. Chi bộ, loại buổi "
        "và ngày theo lịch không sửa được.",
    ),
)
class MeetingViewSet(
    viewsets.GenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Buổi sinh hoạt chi bộ trong phạm vi của người dùng, kèm cán bộ đã dự."""

    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    permission_classes = [CalendarWrite]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # Writes look in the view scope too: a meeting the user sees but may not change is refused by the
        # services with their reason (403); one they cannot see does not exist for them (404).
        return meetings_visible(self.request.user).prefetch_related("attendances__person").order_by("date", "id")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = call_service(
            meeting_create,
            actor=self.request.user,
            organization=fields.pop("organization"),
            date=fields.pop("date"),
            kind=fields.pop("kind"),
            **fields,
        )

    def partial_update(self, request, *args, **kwargs):
        meeting = self.get_object()
        if not hasattr(request.data, "keys"):
            raise ValidationError({"non_field_errors": ["Gửi các trường cần sửa dưới dạng một đối tượng JSON."]})
        refused = sorted(set(request.data.keys()) - set(MeetingUpdateSerializer.Meta.fields))
        if refused:
            raise ValidationError(
                {
                    name: ["Không sửa được trường này; chi bộ, loại buổi và ngày theo lịch giữ nguyên."]
                    for name in refused
                }
            )
        data = MeetingUpdateSerializer(meeting, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        meeting = call_service(meeting_update, actor=request.user, meeting=meeting, **data.validated_data)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(
        methods=["POST"],
        request=AttendanceRecordSerializer,
        responses={201: MeetingAttendanceSerializer},
        description="Ghi nhận cán bộ dự buổi họp: cán bộ tự ghi cho mình (bỏ trống `person`), chi bộ và Ban Tổ chức "
        "ghi cho bất kỳ ai. Buổi họp dự kiến chuyển thành đã họp.",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[PERSON_PARAM],
        request=None,
        responses={204: None},
        description="Bỏ ghi nhận dự của cán bộ `?person=`: chính cán bộ đó, hoặc chi bộ và Ban Tổ chức.",
    )
    @action(detail=True, methods=["post", "delete"])
    def attendances(self, request, pk=None):
        """Cán bộ dự buổi họp: ghi nhận (POST) hoặc bỏ ghi nhận (DELETE ?person=id)."""
        meeting = self.get_object()
        if request.method == "DELETE":
            return self._remove_attendance(request, meeting)
        data = AttendanceRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = data.validated_data.get("person") or Person.objects.filter(user_id=request.user.pk).first()
        if person is None:
            raise ValidationError({"person": ["Tài khoản của bạn chưa gắn với cán bộ nào: chọn cán bộ dự."]})
        attendance = call_service(attendance_record, actor=request.user, meeting=meeting, person=person)
        return Response(
            MeetingAttendanceSerializer(attendance, context={"request": request}).data, status.HTTP_201_CREATED
        )

    def _remove_attendance(self, request, meeting):
        text = request.query_params.get("person", "").strip()
        if not text.isdigit():
            raise ValidationError({"person": ["Cho biết cán bộ cần bỏ ghi nhận: ?person=id (số)."]})
        attendance = (
            meeting.attendances.select_related("person", "meeting__organization").filter(person_id=text).first()
        )
        if attendance is None:
            raise NotFound("Cán bộ này chưa được ghi nhận dự buổi họp ngày {}.".format(format_date(meeting.date)))
        call_service(attendance_remove, actor=request.user, attendance=attendance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Cán bộ dự sinh hoạt chi bộ, ở các chi bộ trong phạm vi của người dùng; mới nhất trước."""

    queryset = Attendance.objects.all()
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilterSet

    def get_queryset(self):
        return attendances_visible(self.request.user).order_by("-meeting__date", "-id")
