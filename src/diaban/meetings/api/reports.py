"""API of meeting reports: written, submitted and given files by the cadre who attended, reopened by organization
staff; and the quality criteria they are judged by."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.scoping import restrict
from diaban.feedback.models import Recommendation
from diaban.meetings.filters import MeetingReportFilterSet
from diaban.meetings.models import MeetingReport, QualityCriterion, ReportEvent
from diaban.meetings.serializers.reports import (
    MeetingReportDetailSerializer,
    MeetingReportSerializer,
    MeetingReportStartSerializer,
    MeetingReportUpdateSerializer,
    QualityCriterionSerializer,
    ReportAttachmentSerializer,
    ReportAttachmentUploadSerializer,
    ReportReopenSerializer,
)
from diaban.meetings.services.reports import (
    is_report_author,
    report_attach,
    report_reopen,
    report_save,
    report_start,
    report_submit,
)
from diaban.people.models import Person
from diaban.people.permissions import MANAGERS, role_of


class ReportWrite(permissions.IsAuthenticated):
    """Anyone signed in reads the reports in their scope. Reports are written by the cadre who attended, so
    writing needs an account linked to a cadre; reopening is for organization staff. Whether this report is
    theirs (or in their capture scope) the services decide."""

    message = "Chỉ cán bộ đã dự buổi sinh hoạt mới lập, sửa, nộp báo cáo của mình."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "reopen":
            self.message = "Chỉ Ban Tổ chức mới được mở lại báo cáo đã nộp."
            return role_of(request.user) in MANAGERS
        self.message = (
            "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ đã dự buổi sinh hoạt mới lập, sửa, nộp báo cáo "
            "của mình."
        )
        return Person.objects.filter(user_id=request.user.pk).exists()


def _refuse_unless_editable(function, user, report, **kwargs) -> None:
    """Before the request body is read, let the service refuse a non-author or a locked report with its own
    message: it checks both before it changes anything."""
    if not is_report_author(user, report) or report.is_locked:
        call_service(function, actor=user, report=report, **kwargs)


@extend_schema_view(
    list=extend_schema(
        description="Báo cáo dự sinh hoạt chi bộ trong phạm vi của người dùng, buổi họp mới nhất trước. Danh sách "
        "không kèm kiến nghị, tệp đính kèm và lịch sử: xem chi tiết từng báo cáo."
    ),
    retrieve=extend_schema(
        responses=MeetingReportDetailSerializer,
        description="Báo cáo đầy đủ: các mục của mẫu báo cáo, tiêu chí đạt, kiến nghị đã tạo khi nộp, tệp đính kèm "
        "và lịch sử (ai, lúc nào, làm gì, lý do).",
    ),
    create=extend_schema(
        request=MeetingReportStartSerializer,
        responses={201: MeetingReportDetailSerializer, 200: MeetingReportDetailSerializer},
        description="Cán bộ lập báo cáo về một lượt dự sinh hoạt của chính mình: bản nháp mới, điền sẵn số đảng viên "
        "và chủ đề của buổi họp (201); nếu đã có thì trả lại báo cáo đó (200).",
    ),
    partial_update=extend_schema(
        request=MeetingReportUpdateSerializer,
        responses=MeetingReportDetailSerializer,
        description="Cán bộ lập báo cáo lưu bản nháp: các mục của mẫu báo cáo và `criteria` (danh sách id tiêu chí "
        "đạt, thay cả danh sách). Báo cáo đã nộp bị khóa (400) cho đến khi Ban Tổ chức mở lại.",
    ),
)
class MeetingReportViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Báo cáo dự sinh hoạt chi bộ: cán bộ đã dự lập, lưu nháp và nộp; nộp rồi thì khóa, Ban Tổ chức mở lại
    (có lý do). Mọi thay đổi được ghi vào lịch sử."""

    queryset = MeetingReport.objects.all()
    serializer_class = MeetingReportSerializer
    filterset_class = MeetingReportFilterSet
    permission_classes = [ReportWrite]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # Writes look in the view scope too: a report the user sees but may not change is refused by the services
        # with their reason (403); one they cannot see does not exist for them (404).
        reports = (
            restrict(MeetingReport.objects.all(), self.request.user)
            .select_related("attendance__person", "attendance__meeting__organization")
            .prefetch_related("criteria_met")
        )
        if self.action == "list":
            return reports.order_by("-attendance__meeting__date", "-id")
        return reports.prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("unit__level")),
            "attachments",
            Prefetch("events", queryset=ReportEvent.objects.select_related("actor").order_by("at", "id")),
        )

    def get_serializer_class(self):
        return MeetingReportSerializer if self.action == "list" else MeetingReportDetailSerializer

    def _detail(self, report, code=status.HTTP_200_OK):
        # Read again through the scoped queryset, with everything the detail shows prefetched.
        report = self.get_queryset().get(pk=report.pk)
        return Response(MeetingReportDetailSerializer(report, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        data = MeetingReportStartSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        attendance = data.validated_data["attendance"]
        if attendance.person.user_id != request.user.pk:
            raise PermissionDenied(
                "Bạn không phải cán bộ dự buổi sinh hoạt này; chỉ người dự mới lập báo cáo của mình."
            )
        existed = MeetingReport.objects.filter(attendance=attendance).exists()
        report = call_service(report_start, actor=request.user, attendance=attendance)
        return self._detail(report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        _refuse_unless_editable(report_save, request.user, report)
        if not hasattr(request.data, "keys"):
            raise ValidationError({"non_field_errors": ["Gửi các trường cần sửa dưới dạng một đối tượng JSON."]})
        refused = sorted(set(request.data.keys()) - set(MeetingReportUpdateSerializer.Meta.fields))
        if refused:
            raise ValidationError(
                {
                    name: [
                        "Không sửa được trường này; chỉ sửa các mục của mẫu báo cáo (nộp, mở lại, đính kèm tệp "
                        "có thao tác riêng)."
                    ]
                    for name in refused
                }
            )
        data = MeetingReportUpdateSerializer(report, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        criteria = fields.pop("criteria", None)
        call_service(report_save, actor=request.user, report=report, criteria=criteria, **fields)
        return self._detail(report)

    @extend_schema(
        request=None,
        responses=MeetingReportDetailSerializer,
        description="Cán bộ lập báo cáo nộp báo cáo: cần số đảng viên dự, nội dung và đánh giá chung. Mỗi dòng "
        "kiến nghị thành một kiến nghị của địa bàn chi bộ. Nộp rồi thì khóa.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Nộp báo cáo (khóa lại)."""
        report = call_service(report_submit, actor=request.user, report=self.get_object())
        return self._detail(report)

    @extend_schema(
        request=ReportReopenSerializer,
        responses=MeetingReportDetailSerializer,
        description="Ban Tổ chức (trong phạm vi nhập liệu của mình) mở lại báo cáo đã nộp để cán bộ sửa, với lý do "
        "ghi vào lịch sử. Đúng hạn hay trễ vẫn tính theo lần nộp đầu.",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Mở lại báo cáo đã nộp (có lý do)."""
        report = self.get_object()
        data = ReportReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = call_service(report_reopen, actor=request.user, report=report, reason=data.validated_data["reason"])
        return self._detail(report)

    @extend_schema(
        request={"multipart/form-data": ReportAttachmentUploadSerializer},
        responses={201: ReportAttachmentSerializer},
        description="Cán bộ lập báo cáo đính kèm ảnh (jpg, png, webp, heic) hoặc bản quét pdf vào báo cáo chưa nộp; "
        "gửi multipart/form-data với trường `file`.",
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        """Đính kèm một tệp."""
        report = self.get_object()
        _refuse_unless_editable(report_attach, request.user, report, upload=None)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Chưa chọn tệp: gửi multipart/form-data với trường file."]})
        attachment = call_service(report_attach, actor=request.user, report=report, upload=upload)
        return Response(
            ReportAttachmentSerializer(attachment, context=self.get_serializer_context()).data, status.HTTP_201_CREATED
        )


class QualityCriterionViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Tiêu chí chất lượng sinh hoạt chi bộ dùng trong báo cáo (Hướng dẫn 12-HD/BTCTW); tiêu chí không còn dùng
    có `active` = false và vẫn hiện trên các báo cáo đã chọn."""

    queryset = QualityCriterion.objects.all()
    serializer_class = QualityCriterionSerializer
    filterset_fields = ["active"]
