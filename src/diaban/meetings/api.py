"""API of cell meetings, cadres' attendance, attendance rules, meeting reports and compliance, scoped exactly
like the pages.

Reads need a signed-in user and return only what lies in their scope (404 for a single object outside it).
Meetings, attendances and reports are written through `diaban.meetings.services`, which decide who may: the
cell's grassroots users and organization staff keep the calendar within their capture scope, a cadre records
their own attendance and writes their own report, organization staff reopen a submitted one; refusals are 403
with the services' Vietnamese message. Rules are set and changed by organization staff in their capture scope,
through the services too, which keep each rule's history.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.core.api import call_service
from diaban.core.dates import format_date, parse_date, parse_year
from diaban.core.scoping import restrict
from diaban.feedback.models import Recommendation
from diaban.meetings import selectors, services
from diaban.meetings.filters import (
    AttendanceFilterSet,
    AttendanceRuleFilterSet,
    MeetingFilterSet,
    MeetingReportFilterSet,
)
from diaban.meetings.models import Attendance, AttendanceRule, Meeting, MeetingReport, QualityCriterion, ReportEvent
from diaban.meetings.serializers import (
    AttendanceRecordSerializer,
    AttendanceRuleEventSerializer,
    AttendanceRuleSerializer,
    AttendanceSerializer,
    ComplianceSerializer,
    MeetingAttendanceSerializer,
    MeetingReportDetailSerializer,
    MeetingReportSerializer,
    MeetingReportStartSerializer,
    MeetingReportUpdateSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    QualityCriterionSerializer,
    ReportAttachmentSerializer,
    ReportAttachmentUploadSerializer,
    ReportReopenSerializer,
)
from diaban.people.models import Person
from diaban.people.permissions import MANAGERS, role_of
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


class CalendarWrite(permissions.IsAuthenticated):
    """Anyone signed in reads (within scope) and may record their own attendance; only the roles that keep a
    cell's calendar create or change meetings. Whether this cell is theirs the services decide."""

    message = "Chỉ chi bộ (bí thư, văn phòng đảng ủy) và Ban Tổ chức mới được cập nhật lịch sinh hoạt chi bộ."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) == "attendances":
            return True
        return role_of(request.user) in services.CALENDAR_KEEPERS


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
        return (
            selectors.meetings_visible(self.request.user).prefetch_related("attendances__person").order_by("date", "id")
        )

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = call_service(
            services.meeting_create,
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
        meeting = call_service(services.meeting_update, actor=request.user, meeting=meeting, **data.validated_data)
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
        attendance = call_service(services.attendance_record, actor=request.user, meeting=meeting, person=person)
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
        call_service(services.attendance_remove, actor=request.user, attendance=attendance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Cán bộ dự sinh hoạt chi bộ, ở các chi bộ trong phạm vi của người dùng; mới nhất trước."""

    queryset = Attendance.objects.all()
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilterSet

    def get_queryset(self):
        return selectors.attendances_visible(self.request.user).order_by("-meeting__date", "-id")


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
            selectors.rules_visible(self.request.user)
            .prefetch_related("titles__level", "excluded_titles__level")
            .order_by("-valid_from", "id")
        )

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.attendance_rule_create, actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = call_service(
            services.attendance_rule_update,
            actor=self.request.user,
            rule=serializer.instance,
            **serializer.validated_data,
        )

    @extend_schema(responses=AttendanceRuleEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Lịch sử quy định: ai đặt, ai sửa, lúc nào, trường nào đổi từ gì thành gì."""
        events = selectors.rule_history(self.get_object())
        return Response(AttendanceRuleEventSerializer(events, many=True).data)


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
    if not services.is_report_author(user, report) or report.is_locked:
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
        report = call_service(services.report_start, actor=request.user, attendance=attendance)
        return self._detail(report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        _refuse_unless_editable(services.report_save, request.user, report)
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
        call_service(services.report_save, actor=request.user, report=report, criteria=criteria, **fields)
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
        report = call_service(services.report_submit, actor=request.user, report=self.get_object())
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
        report = call_service(
            services.report_reopen, actor=request.user, report=report, reason=data.validated_data["reason"]
        )
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
        _refuse_unless_editable(services.report_attach, request.user, report, upload=None)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Chưa chọn tệp: gửi multipart/form-data với trường file."]})
        attachment = call_service(services.report_attach, actor=request.user, report=report, upload=upload)
        return Response(
            ReportAttachmentSerializer(attachment, context=self.get_serializer_context()).data, status.HTTP_201_CREATED
        )


class QualityCriterionViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Tiêu chí chất lượng sinh hoạt chi bộ dùng trong báo cáo (Hướng dẫn 12-HD/BTCTW); tiêu chí không còn dùng
    có `active` = false và vẫn hiện trên các báo cáo đã chọn."""

    queryset = QualityCriterion.objects.all()
    serializer_class = QualityCriterionSerializer
    filterset_fields = ["active"]


YEAR_PARAM = OpenApiParameter(
    "year", int, description="năm tính (mặc định năm nay, hoặc năm cuối của địa bàn đã giải thể), khi không có from/to"
)
FROM_PARAM = OpenApiParameter("from", OpenApiTypes.STR, description="từ ngày (dd/mm/yyyy), mặc định 01/01 của năm")
TO_PARAM = OpenApiParameter("to", OpenApiTypes.STR, description="đến ngày (dd/mm/yyyy), mặc định 31/12 của năm")


def compliance_period(unit: Unit, params) -> tuple[datetime.date, datetime.date]:
    """[from, to] of a compliance request: the dates given, else `year` (by default the unit's current or last
    year) cut to the unit's validity, as the compliance page does."""
    errors = {}
    year = selectors.default_year(unit)
    try:
        year = parse_year(params.get("year"), year)
    except DjangoValidationError as exc:
        errors["year"] = exc.messages
    span = dict(zip(("from", "to"), selectors.year_span(unit, year), strict=True))
    for name in ("from", "to"):
        try:
            span[name] = parse_date(params.get(name), span[name])
        except DjangoValidationError as exc:
            errors[name] = exc.messages
    if not errors and span["to"] < span["from"]:
        if params.get("from") or params.get("to"):
            errors["to"] = [
                "Ngày kết thúc {} trước ngày bắt đầu {}.".format(format_date(span["to"]), format_date(span["from"]))
            ]
        else:
            errors["year"] = ["{} không có hiệu lực trong năm {}.".format(unit.name, year)]
    if errors:
        raise ValidationError(errors)
    return span["from"], span["to"]


class ComplianceViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Tỉ lệ cán bộ đạt quy định dự sinh hoạt dưới một địa bàn trong một kỳ: như trang và lệnh
    `diaban compliance`."""

    queryset = Unit.objects.all()
    serializer_class = ComplianceSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[FROM_PARAM, TO_PARAM, YEAR_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        start, end = compliance_period(unit, request.query_params)
        report = selectors.compliance_report(unit, start, end, request.user)
        reporting = selectors.reporting_report(unit, start, end, request.user)
        return Response(selectors.compliance_data(report, reporting))
