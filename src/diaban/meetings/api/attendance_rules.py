"""API of attendance rules: read in scope, set and changed by organization staff, with each rule's history."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.meetings.filters import AttendanceRuleFilterSet
from diaban.meetings.models import AttendanceRule
from diaban.meetings.selectors.lists import rule_history, rules_visible
from diaban.meetings.serializers.attendance_rules import AttendanceRuleEventSerializer, AttendanceRuleSerializer
from diaban.meetings.services.attendance_rules import attendance_rule_create, attendance_rule_update
from diaban.people.permissions import MANAGERS, role_of


class RuleWrite(permissions.IsAuthenticated):
    """Anyone signed in reads the rules in their scope; only organization staff and administrators set them."""

    message = "Chỉ Ban Tổ chức mới được đặt và sửa quy định dự sinh hoạt."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or role_of(request.user) in MANAGERS


@extend_schema_view(
    create=extend_schema(
        description="Đặt quy định dự sinh hoạt: ít nhất một chức vụ, không chức vụ nào vừa áp dụng vừa bị trừ, tối "
        "thiểu từ 1 đến 1000 lần mỗi kỳ, ngày hết áp dụng không trước ngày bắt đầu. Địa bàn ban hành phải trong phạm "
        "vi nhập liệu. Ghi vào lịch sử của quy định."
    ),
    partial_update=extend_schema(
        description="Sửa quy định (cùng các điều kiện như khi đặt, xét trên quy định sau khi sửa). Lịch sử ghi từng "
        "trường đã đổi, trước và sau."
    ),
)
class AttendanceRuleViewSet(
    viewsets.GenericViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Quy định dự sinh hoạt chi bộ ban hành cho các địa bàn trong phạm vi của người dùng."""

    queryset = AttendanceRule.objects.all()
    serializer_class = AttendanceRuleSerializer
    filterset_class = AttendanceRuleFilterSet
    permission_classes = [RuleWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # Writes look in the view scope too: a rule the user sees but may not change is refused by the services
        # with their reason (403); one they cannot see does not exist for them (404).
        return (
            rules_visible(self.request.user)
            .prefetch_related("titles__level", "excluded_titles__level")
            .order_by("-valid_from", "id")
        )

    def perform_create(self, serializer):
        serializer.instance = call_service(attendance_rule_create, actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = call_service(
            attendance_rule_update,
            actor=self.request.user,
            rule=serializer.instance,
            **serializer.validated_data,
        )

    @extend_schema(responses=AttendanceRuleEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Lịch sử quy định: ai đặt, ai sửa, lúc nào, trường nào đổi từ gì thành gì."""
        events = rule_history(self.get_object())
        return Response(AttendanceRuleEventSerializer(events, many=True).data)
