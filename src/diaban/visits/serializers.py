"""API shapes of visit plans, trip reports and visit counts. Writes go through the services (the views call
them); serializers only parse and present."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import DATE_MESSAGES, TextField, VisibleField, choice_field_class, id_messages, request_user
from diaban.core.scoping import VIEW, restrict
from diaban.meetings.serializers.briefs import BriefUnitDataSerializer, RecommendationBriefSerializer
from diaban.people.models import Person
from diaban.people.serializers import BriefDepartmentSerializer, BriefPersonSerializer
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.territory.serializers import BriefUnitSerializer
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import (
    AgendaItem,
    Finding,
    FollowUp,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
)
from diaban.visits.selectors import can_approve, overlapping_plans, person_of, plans_visible

PlanStatusField = choice_field_class("PlanStatusField", PlanStatus.choices)
TripReportStatusField = choice_field_class("TripReportStatusField", TripReportStatus.choices)
AgendaKindField = choice_field_class("AgendaKindField", AgendaKind.choices)
PlanActionField = choice_field_class("PlanActionField", PlanAction.choices)


def _people_visible(user):
    return restrict(Person.objects.all(), user, VIEW)


# ---------------------------------------------------------------------------------------------------------
# Visit plans


class TargetUnitSerializer(BriefUnitSerializer):
    """A unit a plan visits."""

    class Meta(BriefUnitSerializer.Meta):
        fields = BriefUnitSerializer.Meta.fields + ["name", "is_remote"]


class BriefPlanSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:visit-plan-detail")
    display = serializers.CharField(source="title", read_only=True)
    owner = BriefPersonSerializer(read_only=True)
    status = PlanStatusField(read_only=True)

    class Meta:
        model = VisitPlan
        fields = ["id", "url", "display", "title", "owner", "start_date", "end_date", "status"]


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = AgendaKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_main = serializers.BooleanField(read_only=True, help_text="nội dung trọng tâm")
    proposed_by = BriefPersonSerializer(read_only=True, allow_null=True, help_text="người đề xuất nội dung")

    class Meta:
        model = AgendaItem
        fields = ["id", "kind", "kind_display", "text", "is_main", "proposed_by"]


class PlanEventSerializer(serializers.ModelSerializer):
    action = PlanActionField(read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField(help_text="người thực hiện")
    changes = serializers.DictField(help_text="trường → [trước, sau]", read_only=True)

    class Meta:
        model = PlanEvent
        fields = ["id", "action", "action_display", "actor", "at", "comment", "changes"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()


class VisitPlanSerializer(serializers.ModelSerializer):
    """A plan as listed: who, when, where, its step and approvers, without the collections of the detail."""

    url = serializers.HyperlinkedIdentityField(view_name="api:visit-plan-detail")
    display = serializers.CharField(source="title", read_only=True)
    owner = BriefPersonSerializer(read_only=True, help_text="người chủ trì")
    department = BriefDepartmentSerializer(read_only=True, allow_null=True)
    status = PlanStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    units = serializers.SerializerMethodField(help_text="địa bàn đến, theo thứ tự của kế hoạch")
    department_approver = BriefPersonSerializer(
        read_only=True, allow_null=True, help_text="trưởng phòng duyệt bước 1 (xác định khi trình duyệt)"
    )
    leader_approver = BriefPersonSerializer(
        read_only=True, allow_null=True, help_text="lãnh đạo phụ trách địa bàn duyệt bước 2 (xác định khi trình duyệt)"
    )
    awaiting = serializers.SerializerMethodField(help_text="người phải duyệt ở bước hiện tại")
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="đã gộp vào kế hoạch")
    report = serializers.SerializerMethodField(help_text="báo cáo chuyến đi (id), nếu đã lập")

    class Meta:
        model = VisitPlan
        fields = ["id", "url", "display", "title", "owner", "department", "start_date", "end_date", "days", "status",
                  "status_display", "units", "department_approver", "leader_approver", "awaiting", "merged_into",
                  "report", "updated_at"]  # fmt: skip

    @extend_schema_field(TargetUnitSerializer(many=True))
    def get_units(self, plan):
        return TargetUnitSerializer([t.unit for t in plan.targets.all()], many=True, context=self.context).data

    @extend_schema_field(BriefPersonSerializer(allow_null=True))
    def get_awaiting(self, plan):
        person = {
            PlanStatus.SUBMITTED: plan.department_approver,
            PlanStatus.DEPARTMENT_APPROVED: plan.leader_approver,
        }.get(plan.status)
        return BriefPersonSerializer(person, context=self.context).data if person else None

    def get_report(self, plan) -> int | None:
        try:
            return plan.report.pk
        except ObjectDoesNotExist:
            return None


class VisitPlanDetailSerializer(VisitPlanSerializer):
    companions = BriefPersonSerializer(many=True, read_only=True, help_text="người cùng đi")
    agenda = AgendaItemSerializer(many=True, read_only=True, help_text="nội dung làm việc, trọng tâm trước")
    overlapping = serializers.SerializerMethodField(
        help_text="kế hoạch của người khác (mà người dùng thấy) đến cùng địa bàn trong khoảng ngày gần nhau"
    )
    history = PlanEventSerializer(source="events", many=True, read_only=True, help_text="ai, lúc nào, làm gì")
    editable = serializers.SerializerMethodField(help_text="người dùng là người chủ trì và kế hoạch đang là dự thảo")
    can_approve = serializers.SerializerMethodField(help_text="người dùng là người duyệt ở bước hiện tại")

    class Meta(VisitPlanSerializer.Meta):
        fields = VisitPlanSerializer.Meta.fields + [
            "companions", "agenda", "counterparts", "documents_studied", "overlapping", "editable", "can_approve",
            "history", "created_at",
        ]  # fmt: skip

    @extend_schema_field(BriefPlanSerializer(many=True))
    def get_overlapping(self, plan):
        plans = overlapping_plans(plan, request_user(self))
        return BriefPlanSerializer(plans, many=True, context=self.context).data

    def get_editable(self, plan) -> bool:
        person = person_of(request_user(self))
        return person is not None and person.pk == plan.owner_id and plan.status == PlanStatus.DRAFT

    def get_can_approve(self, plan) -> bool:
        return can_approve(request_user(self), plan)


class AgendaInputSerializer(serializers.Serializer):
    default_error_messages = {"invalid": "cần là một đối tượng {kind, text, is_main}."}

    kind = AgendaKindField(error_messages={
        "required": "cần chọn loại nội dung.",
        "invalid_choice": "loại nội dung “{{input}}” không hợp lệ; chọn một trong: {}.".format(
            "; ".join("{}: {}".format(v, label) for v, label in AgendaKind.choices)
        ),
    })  # fmt: skip
    text = TextField(
        max_length=limits.TEXT,
        label="nội dung",
        error_messages={"required": "cần ghi nội dung cụ thể.", "blank": "cần ghi nội dung cụ thể."},
    )
    is_main = serializers.BooleanField(default=False, help_text="nội dung trọng tâm (chỉ một)")
    proposed_by = VisibleField(
        _people_visible,
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="người đề xuất (id); bỏ trống: người chủ trì. Giữ nguyên khi gửi lại nội dung đã gộp.",
        error_messages=id_messages("cán bộ"),
    )


def _flat(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flat(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flat(value)]
    return [str(detail)]


class AgendaField(serializers.ListField):
    """The agenda as a list of {kind, text, is_main}; a refusal names the item by its number, as the page
    does ("Nội dung 2: cần ghi nội dung cụ thể.")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"not_a_list": "Gửi danh sách nội dung làm việc {kind, text, is_main}."})
        super().__init__(child=AgendaInputSerializer(), **kwargs)

    def run_child_validation(self, data):
        items, messages = [], []
        for i, item in enumerate(data, start=1):
            try:
                items.append(self.child.run_validation(item))
            except serializers.ValidationError as exc:
                messages.extend("Nội dung {}: {}".format(i, m) for m in _flat(exc.detail))
        if messages:
            raise serializers.ValidationError(messages)
        return items


class VisitPlanWriteSerializer(serializers.Serializer):
    """A plan as written by its owner. Every field is optional here: what a plan needs (title, dates, at least
    one unit and one agenda item) the service checks all at once, with one message per field."""

    title = TextField(required=False, allow_blank=True, max_length=limits.TITLE, label="Tên đợt đi cơ sở")
    start_date = serializers.DateField(
        required=False, allow_null=True, error_messages=DATE_MESSAGES, help_text="ngày đi (dd/mm/yyyy)"
    )
    end_date = serializers.DateField(
        required=False, allow_null=True, error_messages=DATE_MESSAGES, help_text="ngày về (dd/mm/yyyy)"
    )
    units = VisibleField(
        units_visible,
        queryset=Unit.objects.all(),
        many=True,
        required=False,
        help_text="địa bàn đến (id), theo thứ tự đi",
        error_messages=id_messages("địa bàn"),
    )
    agenda = AgendaField(required=False, help_text="nội dung làm việc; thay cả danh sách")
    companions = VisibleField(
        _people_visible,
        queryset=Person.objects.all(),
        many=True,
        required=False,
        help_text="người cùng đi (id); thay cả danh sách",
        error_messages=id_messages("cán bộ"),
    )
    counterparts = TextField(
        required=False, allow_blank=True, max_length=limits.TEXT, label="Làm việc với",
        help_text="làm việc với: mỗi dòng một tổ chức hoặc người",
    )  # fmt: skip
    documents_studied = TextField(
        required=False, allow_blank=True, max_length=limits.TEXT, label="Tài liệu nghiên cứu trước",
        help_text="tài liệu nghiên cứu trước: mỗi dòng một văn bản",
    )  # fmt: skip


class PlanCommentSerializer(serializers.Serializer):
    comment = TextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE,
        label="Ý kiến",
        help_text="ý kiến (bắt buộc khi trả lại), lưu vào lịch sử",
    )


class PlanMergeSerializer(serializers.Serializer):
    other = VisibleField(
        plans_visible,
        queryset=VisitPlan.objects.all(),
        help_text="kế hoạch (id) gộp vào kế hoạch này; kế hoạch đó đóng lại là “đã gộp”",
        error_messages=id_messages("kế hoạch", required="Chọn kế hoạch cần gộp vào kế hoạch này (other: id)."),
    )


# ---------------------------------------------------------------------------------------------------------
# Trip reports


class BriefAgendaItemSerializer(serializers.ModelSerializer):
    kind = AgendaKindField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "kind", "text", "is_main"]


class FindingSerializer(serializers.ModelSerializer):
    agenda_item = BriefAgendaItemSerializer(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "agenda_item", "text"]


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "text", "due_date", "done_on"]


class UnitVisitReportSerializer(serializers.ModelSerializer):
    unit = TargetUnitSerializer(read_only=True)
    findings = FindingSerializer(many=True, read_only=True, help_text="kết quả theo từng nội dung làm việc")
    recommendations = RecommendationBriefSerializer(
        many=True, read_only=True, help_text="kiến nghị đã tạo khi nộp, mỗi dòng kiến nghị một bản ghi"
    )
    follow_ups = FollowUpSerializer(many=True, read_only=True, help_text="việc cần theo dõi tiếp, có hạn")

    class Meta:
        model = UnitVisitReport
        fields = ["id", "unit", "situation", "guidance_given", "recommendations_text", "recommendations", "findings",
                  "follow_ups"]  # fmt: skip


class TripReportSerializer(serializers.ModelSerializer):
    """A trip report as listed, without its parts per unit."""

    url = serializers.HyperlinkedIdentityField(view_name="api:trip-report-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    plan = BriefPlanSerializer(read_only=True)
    status = TripReportStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    editable = serializers.SerializerMethodField(help_text="người dùng là người chủ trì và báo cáo chưa khóa")

    class Meta:
        model = TripReport
        fields = ["id", "url", "display", "plan", "status", "status_display", "start_date", "end_date", "summary",
                  "guidance_conveyed", "submitted_at", "first_submitted_at", "updated_at", "editable"]  # fmt: skip

    def get_editable(self, report) -> bool:
        user = request_user(self)
        return bool(user and user.pk) and report.plan.owner.user_id == user.pk and not report.is_locked


class TripReportDetailSerializer(TripReportSerializer):
    units = UnitVisitReportSerializer(many=True, read_only=True, help_text="kết quả tại từng địa bàn")
    history = PlanEventSerializer(
        source="plan.report_events", many=True, read_only=True, help_text="lập, lưu, nộp, mở lại: ai, lúc nào"
    )

    class Meta(TripReportSerializer.Meta):
        fields = TripReportSerializer.Meta.fields + ["units", "history"]


ID_MESSAGES = {"invalid": "Phải là một id (số).", "required": "Cần ghi id."}


class FindingInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(error_messages=ID_MESSAGES, help_text="kết quả theo nội dung (id)")
    text = TextField(allow_blank=True, max_length=limits.TEXT, label="Kết quả", help_text="kết quả")


class FollowUpInputSerializer(serializers.Serializer):
    text = TextField(allow_blank=True, max_length=500, label="Việc cần làm tiếp")
    due_date = serializers.DateField(
        required=False, allow_null=True, error_messages=DATE_MESSAGES, help_text="hạn (dd/mm/yyyy)"
    )


class UnitPartInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(error_messages=ID_MESSAGES, help_text="phần báo cáo của một địa bàn (id)")
    situation = TextField(required=False, allow_blank=True, max_length=limits.REPORT, label="Tình hình chung")
    guidance_given = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Định hướng, góp ý đã đưa ra"
    )
    recommendations_text = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Kiến nghị của cơ sở",
        help_text="mỗi dòng một kiến nghị; khi nộp, mỗi dòng thành một kiến nghị",
    )  # fmt: skip
    findings = FindingInputSerializer(many=True, required=False)
    follow_ups = FollowUpInputSerializer(
        many=True, required=False, help_text="việc theo dõi tiếp của địa bàn; thay cả danh sách"
    )


class TripReportUpdateSerializer(serializers.Serializer):
    """What the owner may change on a draft trip report; only what is sent changes."""

    start_date = serializers.DateField(required=False, error_messages=DATE_MESSAGES, help_text="đi thực tế từ ngày")
    end_date = serializers.DateField(required=False, error_messages=DATE_MESSAGES, help_text="đến ngày")
    summary = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Đánh giá chung", help_text="đánh giá chung"
    )
    guidance_conveyed = TextField(
        required=False, allow_blank=True, max_length=limits.REPORT, label="Định hướng, thông tin đã truyền đạt",
        help_text="định hướng, thông tin của cấp ủy đã truyền đạt",
    )  # fmt: skip
    units = UnitPartInputSerializer(many=True, required=False, help_text="phần của từng địa bàn đã đi")


class TripReportReopenSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE,
        label="Lý do mở lại",
        help_text="lý do mở lại (bắt buộc, lưu vào lịch sử)",
    )


# ---------------------------------------------------------------------------------------------------------
# Visits each unit receives (for the OpenAPI description; the view renders `selectors.visit_counts`)


class VisitedUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_remote = serializers.BooleanField(help_text="vùng sâu, vùng xa")
    parent = serializers.CharField(source="parent.name", default="", help_text="tên địa bàn cấp trên")


class UnitVisitsSerializer(serializers.Serializer):
    unit = VisitedUnitSerializer()
    by_month = serializers.ListField(child=serializers.IntegerField(), help_text="12 số: tháng 1 đến tháng 12")
    total = serializers.IntegerField()


class VisitCountsSerializer(serializers.Serializer):
    unit = BriefUnitDataSerializer(source="root")
    year = serializers.IntegerField()
    level_name = serializers.CharField(help_text="cấp địa bàn được đếm")
    monthly_max = serializers.IntegerField(help_text="số lượt tối đa một tháng trước khi bị coi là đến quá nhiều")
    rows = UnitVisitsSerializer(many=True, help_text="mọi địa bàn của cấp được đếm")
    too_often = UnitVisitsSerializer(many=True, help_text="địa bàn có tháng nhận quá số lượt tối đa, nhiều nhất trước")
    too_rarely = UnitVisitsSerializer(many=True, help_text="địa bàn chưa được đến lần nào trong năm, vùng sâu trước")
