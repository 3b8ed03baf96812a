"""API of visit plans: drafted, edited and submitted by their owner, approved or returned step by step by the
derived approvers, cancelled, merged; the trip report of an approved plan is started here."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.visits import selectors
from diaban.visits.api.common import FieldWorkWrite, refuse_unknown
from diaban.visits.api.trip_reports import trip_report_detail_queryset
from diaban.visits.choices import PlanStatus
from diaban.visits.filters import VisitPlanFilterSet
from diaban.visits.models import AgendaItem, PlanEvent, TripReport, VisitPlan, VisitTarget
from diaban.visits.serializers.plans import (
    PlanCommentSerializer,
    PlanMergeSerializer,
    VisitPlanDetailSerializer,
    VisitPlanSerializer,
    VisitPlanWriteSerializer,
)
from diaban.visits.serializers.trip_reports import TripReportDetailSerializer
from diaban.visits.services.approval import plan_approve, plan_return, plan_submit
from diaban.visits.services.merging import plans_merge
from diaban.visits.services.plans import is_owner, plan_cancel, plan_create, plan_update
from diaban.visits.services.trip_reports import trip_report_start

PLAN_WRITE_FIELDS = list(VisitPlanWriteSerializer().fields)
PLAN_PARAM_NOTE = "Ngày viết dd/mm/yyyy hoặc yyyy-mm-dd."


def _plan_detail_queryset(user):
    return (
        selectors.plans_visible(user)
        .select_related("owner", "department", "department_approver", "leader_approver", "report")
        .prefetch_related(
            "companions",
            Prefetch("targets", queryset=VisitTarget.objects.select_related("unit__level")),
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("proposed_by")),
            Prefetch("events", queryset=PlanEvent.objects.select_related("actor")),
        )
    )


@extend_schema_view(
    list=extend_schema(
        description="Kế hoạch đi cơ sở người dùng thấy (trong phạm vi, hoặc mình chủ trì, cùng đi, duyệt), mới nhất "
        "trước. Danh sách không kèm nội dung làm việc, người cùng đi, kế hoạch trùng và lịch sử: xem chi tiết."
    ),
    retrieve=extend_schema(
        responses=VisitPlanDetailSerializer,
        description="Kế hoạch đầy đủ: địa bàn, nội dung làm việc (trọng tâm, người đề xuất), người cùng đi, làm việc "
        "với, tài liệu nghiên cứu, người duyệt từng bước, kế hoạch của người khác trùng địa bàn và thời gian, lịch "
        "sử (ai, lúc nào, làm gì, ý kiến).",
    ),
    create=extend_schema(
        request=VisitPlanWriteSerializer,
        responses={201: VisitPlanDetailSerializer},
        description="Cán bộ lập kế hoạch của mình (dự thảo): tên, ngày đi, ngày về, ít nhất một địa bàn trong phạm vi "
        "và một nội dung làm việc. Người chủ trì là chính người dùng; người duyệt xác định khi trình. "
        + PLAN_PARAM_NOTE,
    ),
    partial_update=extend_schema(
        request=VisitPlanWriteSerializer,
        responses=VisitPlanDetailSerializer,
        description="Người chủ trì sửa kế hoạch khi còn là dự thảo (kể cả khi bị trả lại). Danh sách địa bàn, nội "
        "dung, người cùng đi gửi lên thì thay cả danh sách.",
    ),
)
class VisitPlanViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Kế hoạch đi cơ sở: cán bộ lập và trình; trưởng phòng rồi lãnh đạo phụ trách địa bàn duyệt (hoặc trả lại có ý
    kiến); kế hoạch trùng địa bàn, thời gian thì gộp làm một chuyến."""

    queryset = VisitPlan.objects.all()
    serializer_class = VisitPlanSerializer
    filterset_class = VisitPlanFilterSet
    permission_classes = [FieldWorkWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return (
                selectors.plans_visible(user)
                .select_related("owner", "department", "department_approver", "leader_approver", "report")
                .prefetch_related(Prefetch("targets", queryset=VisitTarget.objects.select_related("unit__level")))
                .order_by("-start_date", "-id")
            )
        if self.action == "retrieve":
            return _plan_detail_queryset(user)
        # Writes look in the view scope: a plan the user sees but may not act on is refused by the services with
        # their reason (403); one they cannot see does not exist for them (404).
        return selectors.plans_visible(user)

    def get_serializer_class(self):
        return VisitPlanSerializer if self.action == "list" else VisitPlanDetailSerializer

    def _detail(self, plan, code=status.HTTP_200_OK):
        plan = _plan_detail_queryset(self.request.user).get(pk=plan.pk)
        return Response(VisitPlanDetailSerializer(plan, context=self.get_serializer_context()).data, code)

    def _parse(self, partial: bool) -> dict:
        refuse_unknown(
            self.request.data,
            PLAN_WRITE_FIELDS,
            "người chủ trì là người lập, còn tình trạng và người duyệt do các bước trình, duyệt quyết định.",
        )
        data = VisitPlanWriteSerializer(data=self.request.data, partial=partial, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def create(self, request, *args, **kwargs):
        values = self._parse(partial=False)
        plan = call_service(
            plan_create,
            actor=request.user,
            title=values.pop("title", ""),
            start_date=values.pop("start_date", None),
            end_date=values.pop("end_date", None),
            units=values.pop("units", []),
            agenda=values.pop("agenda", []),
            companions=values.pop("companions", []),
            **values,
        )
        return self._detail(plan, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        if not is_owner(request.user, plan) or plan.status != PlanStatus.DRAFT:
            # Before the body is read: the service refuses a non-owner or a plan past the draft with its message.
            call_service(plan_update, actor=request.user, plan=plan)
        values = self._parse(partial=True)
        call_service(
            plan_update,
            actor=request.user,
            plan=plan,
            units=values.pop("units", None),
            agenda=values.pop("agenda", None),
            companions=values.pop("companions", None),
            **values,
        )
        return self._detail(plan)

    @extend_schema(
        request=None,
        responses=VisitPlanDetailSerializer,
        description="Người chủ trì trình duyệt dự thảo. Người duyệt được xác định lúc này: trưởng phòng của người chủ "
        "trì, rồi lãnh đạo của cơ quan phụ trách địa bàn đến.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Trình duyệt."""
        plan = call_service(plan_submit, actor=request.user, plan=self.get_object())
        return self._detail(plan)

    @extend_schema(
        request=PlanCommentSerializer,
        responses=VisitPlanDetailSerializer,
        description="Người duyệt ở bước hiện tại duyệt (ý kiến không bắt buộc): trưởng phòng trước, lãnh đạo phụ "
        "trách địa bàn sau. Người khác nhận 403 và kế hoạch giữ nguyên.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Duyệt bước hiện tại."""
        plan = self.get_object()
        comment = self._comment()
        return self._detail(call_service(plan_approve, actor=request.user, plan=plan, comment=comment))

    @extend_schema(
        request=PlanCommentSerializer,
        responses=VisitPlanDetailSerializer,
        description="Người duyệt ở bước hiện tại trả lại kế hoạch cho người chủ trì (thành dự thảo), bắt buộc có ý "
        "kiến.",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request, pk=None):
        """Trả lại, có ý kiến."""
        plan = self.get_object()
        comment = self._comment()
        return self._detail(call_service(plan_return, actor=request.user, plan=plan, comment=comment))

    @extend_schema(
        request=PlanCommentSerializer,
        responses=VisitPlanDetailSerializer,
        description="Người chủ trì hủy kế hoạch chưa đi (ý kiến không bắt buộc).",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Hủy kế hoạch."""
        plan = self.get_object()
        comment = self._comment()
        return self._detail(call_service(plan_cancel, actor=request.user, plan=plan, comment=comment))

    @extend_schema(
        request=PlanMergeSerializer,
        responses=VisitPlanDetailSerializer,
        description="Gộp kế hoạch `other` vào kế hoạch này: người chủ trì và người cùng đi của kế hoạch kia thành "
        "người cùng đi, địa bàn và nội dung làm việc được cộng vào (giữ người đề xuất), ngày đi, ngày về bao cả "
        "hai. Kế hoạch đang duyệt trở lại bước trưởng phòng với người duyệt xác định lại. Chỉ người chủ trì hoặc "
        "người duyệt của hai kế hoạch.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Gộp một kế hoạch khác vào kế hoạch này."""
        plan = self.get_object()
        data = PlanMergeSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        merged = call_service(plans_merge, actor=request.user, into=plan, other=data.validated_data["other"])
        return self._detail(merged)

    @extend_schema(
        request=None,
        responses={201: TripReportDetailSerializer, 200: TripReportDetailSerializer},
        description="Người chủ trì lập báo cáo chuyến đi của kế hoạch đã duyệt đủ hai bước, sau ngày đi: bản nháp mới "
        "có một phần cho mỗi địa bàn và một ô kết quả cho mỗi nội dung (201); nếu đã có thì trả lại báo cáo đó (200).",
    )
    @action(detail=True, methods=["post"], url_path="trip-report", url_name="trip-report")
    def trip_report(self, request, pk=None):
        """Lập báo cáo chuyến đi."""
        plan = self.get_object()
        if not is_owner(request.user, plan):
            raise PermissionDenied("Chỉ người chủ trì mới lập báo cáo chuyến đi.")
        existed = TripReport.objects.filter(plan=plan).exists()
        report = call_service(trip_report_start, actor=request.user, plan=plan)
        report = trip_report_detail_queryset(request.user).get(pk=report.pk)
        return Response(
            TripReportDetailSerializer(report, context=self.get_serializer_context()).data,
            status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def _comment(self) -> str:
        data = PlanCommentSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["comment"]
