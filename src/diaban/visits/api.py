"""API of field work: visit plans with their two-step approval and merging, trip reports and the visits each unit
receives, scoped exactly like the pages.

Reads need a signed-in user and return only what they may see (404 for a single object outside it): plans as
`visits.selectors.plans_visible` says (the owner's home unit in the user's scope, or the user takes part in the
plan), trip reports with their plans. Plans and trip reports are written by people, not roles: the owner
drafts, submits, cancels and reports, the derived approvers approve or return, owners and approvers merge.
An account linked to no cadre is refused (403) before anything is looked up; whether this plan is theirs the
services decide, with their Vietnamese message (403 for who, 400 naming the field for what).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.dates import parse_year, today
from diaban.feedback.models import Recommendation
from diaban.people.permissions import MANAGERS, role_of
from diaban.territory.models import Unit, UnitLevel
from diaban.territory.selectors import units_visible
from diaban.visits import selectors, services
from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.filters import TripReportFilterSet, VisitPlanFilterSet
from diaban.visits.models import (
    AgendaItem,
    Finding,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
    VisitTarget,
)
from diaban.visits.serializers import (
    PlanCommentSerializer,
    PlanMergeSerializer,
    TripReportDetailSerializer,
    TripReportReopenSerializer,
    TripReportSerializer,
    TripReportUpdateSerializer,
    VisitCountsSerializer,
    VisitPlanDetailSerializer,
    VisitPlanSerializer,
    VisitPlanWriteSerializer,
)


class FieldWorkWrite(permissions.IsAuthenticated):
    """Anyone signed in reads within their scope. Writing needs an account linked to a cadre (plans and reports
    belong to people); a viewset's `manager_actions` are also open to organization staff."""

    message = (
        "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ mới lập, trình, duyệt kế hoạch đi cơ sở và báo cáo "
        "chuyến đi."
    )

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) in getattr(view, "manager_actions", ()) and role_of(request.user) in MANAGERS:
            return True
        return selectors.person_of(request.user) is not None


def _refuse_unknown(data, allowed, why: str) -> None:
    """A body must be a JSON object of known fields: an unknown one is named, never silently dropped."""
    if not hasattr(data, "keys"):
        raise ValidationError({"non_field_errors": ["Gửi dữ liệu dưới dạng một đối tượng JSON."]})
    refused = sorted(set(data.keys()) - set(allowed))
    if refused:
        raise ValidationError({name: ["Không ghi được trường này; {}".format(why)] for name in refused})


# ---------------------------------------------------------------------------------------------------------
# Visit plans

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
        _refuse_unknown(
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
            services.plan_create,
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
        if not services.is_owner(request.user, plan) or plan.status != PlanStatus.DRAFT:
            # Before the body is read: the service refuses a non-owner or a plan past the draft with its message.
            call_service(services.plan_update, actor=request.user, plan=plan)
        values = self._parse(partial=True)
        call_service(
            services.plan_update,
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
        plan = call_service(services.plan_submit, actor=request.user, plan=self.get_object())
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
        return self._detail(call_service(services.plan_approve, actor=request.user, plan=plan, comment=comment))

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
        return self._detail(call_service(services.plan_return, actor=request.user, plan=plan, comment=comment))

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
        return self._detail(call_service(services.plan_cancel, actor=request.user, plan=plan, comment=comment))

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
        merged = call_service(services.plans_merge, actor=request.user, into=plan, other=data.validated_data["other"])
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
        if not services.is_owner(request.user, plan):
            raise PermissionDenied("Chỉ người chủ trì mới lập báo cáo chuyến đi.")
        existed = TripReport.objects.filter(plan=plan).exists()
        report = call_service(services.trip_report_start, actor=request.user, plan=plan)
        report = _trip_report_detail_queryset(request.user).get(pk=report.pk)
        return Response(
            TripReportDetailSerializer(report, context=self.get_serializer_context()).data,
            status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def _comment(self) -> str:
        data = PlanCommentSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["comment"]


# ---------------------------------------------------------------------------------------------------------
# Trip reports

REPORT_ACTIONS = [PlanAction.REPORT_SAVED, PlanAction.REPORT_SUBMITTED, PlanAction.REPORT_REOPENED]


def _trip_report_detail_queryset(user):
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
            return _trip_report_detail_queryset(user)
        return selectors.trip_reports_visible(user).select_related("plan")

    def get_serializer_class(self):
        return TripReportSerializer if self.action == "list" else TripReportDetailSerializer

    def _detail(self, report):
        report = _trip_report_detail_queryset(self.request.user).get(pk=report.pk)
        return Response(TripReportDetailSerializer(report, context=self.get_serializer_context()).data)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        if not services.is_owner(request.user, report.plan) or report.is_locked:
            # Before the body is read: the service refuses a non-owner or a locked report with its message.
            call_service(services.trip_report_save, actor=request.user, report=report)
        _refuse_unknown(
            request.data,
            TripReportUpdateSerializer().fields,
            "nộp, mở lại có thao tác riêng; kế hoạch, địa bàn và nội dung làm việc sửa ở kế hoạch.",
        )
        data = TripReportUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        units, findings, follow_ups = {}, {}, {}
        for part in values.get("units", []):
            units[part["id"]] = {name: part[name] for name in services.UNIT_FIELDS if name in part}
            findings.update({f["id"]: f["text"] for f in part.get("findings", [])})
            if "follow_ups" in part:
                follow_ups[part["id"]] = [dict(item) for item in part["follow_ups"]]
        call_service(
            services.trip_report_save,
            actor=request.user,
            report=report,
            fields={name: values[name] for name in services.REPORT_FIELDS if name in values},
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
        report = call_service(services.trip_report_submit, actor=request.user, report=self.get_object())
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
            services.trip_report_reopen, actor=request.user, report=report, reason=data.validated_data["reason"]
        )
        return self._detail(report)


# ---------------------------------------------------------------------------------------------------------
# Visits each unit receives

YEAR_PARAM = OpenApiParameter("year", int, description="năm tính (mặc định năm nay)")
LEVEL_PARAM = OpenApiParameter(
    "level",
    OpenApiTypes.STR,
    description="cấp địa bàn được đếm (mã cấp: commune, hamlet…); mặc định cấp nhận nhiều lượt nhất",
)


def _year(params) -> int:
    try:
        return parse_year(params.get("year"), today().year)
    except DjangoValidationError as exc:
        raise ValidationError({"year": exc.messages}) from exc


def _level(params) -> str | None:
    key = (params.get("level") or "").strip()
    if not key:
        return None
    keys = list(UnitLevel.objects.values_list("key", flat=True))
    if key not in keys:
        raise ValidationError({"level": ["Không có cấp “{}”; chọn một trong: {}.".format(key, ", ".join(keys))]})
    return key


class VisitCountViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Số lượt đi cơ sở (kế hoạch đã duyệt hoặc đã đi) mỗi địa bàn dưới một địa bàn nhận được theo tháng trong năm;
    địa bàn bị đến quá nhiều và địa bàn chưa được đến (vùng sâu, vùng xa trước)."""

    queryset = Unit.objects.all()
    serializer_class = VisitCountsSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[YEAR_PARAM, LEVEL_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        counts = selectors.visit_counts(unit, _year(request.query_params), request.user, _level(request.query_params))
        return Response(VisitCountsSerializer(counts).data)
