"""API of trip reports: saved as drafts and submitted by the plan's owner, then locked until the department
head who approved the plan or organization staff reopen them with a reason."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.feedback.models import Recommendation
from diaban.visits import selectors
from diaban.visits.api.common import FieldWorkWrite, refuse_unknown
from diaban.visits.choices import PlanAction
from diaban.visits.filters import TripReportFilterSet
from diaban.visits.models import Finding, PlanEvent, TripReport, UnitVisitReport
from diaban.visits.serializers.trip_reports import (
    TripReportDetailSerializer,
    TripReportReopenSerializer,
    TripReportSerializer,
    TripReportUpdateSerializer,
)
from diaban.visits.services.plans import is_owner
from diaban.visits.services.trip_reports import (
    REPORT_FIELDS,
    UNIT_FIELDS,
    trip_report_reopen,
    trip_report_save,
    trip_report_submit,
)

REPORT_ACTIONS = [PlanAction.REPORT_SAVED, PlanAction.REPORT_SUBMITTED, PlanAction.REPORT_REOPENED]


def trip_report_detail_queryset(user):
    return (
        selectors.trip_reports_visible(user)
        .select_related("plan__owner")
        .prefetch_related(
            Prefetch(
                "units",
                queryset=UnitVisitReport.objects.select_related("unit__level").prefetch_related(
                    Prefetch("findings", queryset=Finding.objects.select_related("agenda_item")),
                    "follow_ups",
                    Prefetch("recommendations", queryset=Recommendation.objects.select_related("unit__level")),
                ),
            ),
            Prefetch(
                "plan__events",
                queryset=PlanEvent.objects.filter(action__in=REPORT_ACTIONS).select_related("actor"),
                to_attr="report_events",
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        description="Báo cáo chuyến đi cơ sở của các kế hoạch người dùng thấy, chuyến mới nhất trước. Danh sách không "
        "kèm kết quả từng địa bàn: xem chi tiết."
    ),
    retrieve=extend_schema(
        responses=TripReportDetailSerializer,
        description="Báo cáo đầy đủ: mỗi địa bàn đã đến với tình hình, kết quả theo từng nội dung làm việc, định "
        "hướng đã đưa ra, kiến nghị (văn bản và các kiến nghị đã tạo khi nộp), việc theo dõi tiếp; lịch sử.",
    ),
    partial_update=extend_schema(
        request=TripReportUpdateSerializer,
        responses=TripReportDetailSerializer,
        description="Người chủ trì lưu bản nháp: các trường của báo cáo và `units` [{id, situation, guidance_given, "
        "recommendations_text, findings: [{id, text}], follow_ups: [{text, due_date}]}]; chỉ phần gửi lên thay đổi, "
        "`follow_ups` thay cả danh sách của địa bàn. Báo cáo đã nộp bị khóa (400) cho đến khi được mở lại.",
    ),
)
class TripReportViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Báo cáo kết quả đi cơ sở: người chủ trì lập (từ kế hoạch đã duyệt), lưu nháp và nộp; nộp rồi thì khóa,
    trưởng phòng đã duyệt kế hoạch hoặc Ban Tổ chức mở lại (có lý do)."""

    queryset = TripReport.objects.all()
    serializer_class = TripReportSerializer
    filterset_class = TripReportFilterSet
    permission_classes = [FieldWorkWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Organization staff reopen reports without being anyone's person; the service checks their capture scope.
    manager_actions = ("reopen",)

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return selectors.trip_reports_visible(user).select_related("plan__owner").order_by("-start_date", "-id")
        if self.action == "retrieve":
            return trip_report_detail_queryset(user)
        return selectors.trip_reports_visible(user).select_related("plan")

    def get_serializer_class(self):
        return TripReportSerializer if self.action == "list" else TripReportDetailSerializer

    def _detail(self, report):
        report = trip_report_detail_queryset(self.request.user).get(pk=report.pk)
        return Response(TripReportDetailSerializer(report, context=self.get_serializer_context()).data)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        if not is_owner(request.user, report.plan) or report.is_locked:
            # Before the body is read: the service refuses a non-owner or a locked report with its message.
            call_service(trip_report_save, actor=request.user, report=report)
        refuse_unknown(
            request.data,
            TripReportUpdateSerializer().fields,
            "nộp, mở lại có thao tác riêng; kế hoạch, địa bàn và nội dung làm việc sửa ở kế hoạch.",
        )
        data = TripReportUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        units, findings, follow_ups = {}, {}, {}
        for part in values.get("units", []):
            units[part["id"]] = {name: part[name] for name in UNIT_FIELDS if name in part}
            findings.update({f["id"]: f["text"] for f in part.get("findings", [])})
            if "follow_ups" in part:
                follow_ups[part["id"]] = [dict(item) for item in part["follow_ups"]]
        call_service(
            trip_report_save,
            actor=request.user,
            report=report,
            fields={name: values[name] for name in REPORT_FIELDS if name in values},
            units=units,
            findings=findings,
            follow_ups=follow_ups,
        )
        return self._detail(report)

    @extend_schema(
        request=None,
        responses=TripReportDetailSerializer,
        description="Người chủ trì nộp báo cáo: mỗi địa bàn cần tình hình hoặc kết quả ít nhất một nội dung. Mỗi dòng "
        "kiến nghị thành một kiến nghị của địa bàn đó; kế hoạch thành “đã đi, có báo cáo”. Nộp rồi thì khóa.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Nộp báo cáo (khóa lại)."""
        report = call_service(trip_report_submit, actor=request.user, report=self.get_object())
        return self._detail(report)

    @extend_schema(
        request=TripReportReopenSerializer,
        responses=TripReportDetailSerializer,
        description="Trưởng phòng đã duyệt kế hoạch, hoặc Ban Tổ chức trong phạm vi nhập liệu, mở lại báo cáo đã nộp "
        "để người chủ trì sửa; lý do bắt buộc và được ghi vào lịch sử.",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Mở lại báo cáo đã nộp (có lý do)."""
        report = self.get_object()
        data = TripReportReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = call_service(
            trip_report_reopen, actor=request.user, report=report, reason=data.validated_data["reason"]
        )
        return self._detail(report)
