"""API shapes of visit plans: as listed, in full (agenda, companions, overlapping plans, history) and as their
owner writes them; the comment of an approval step and the plan merged in."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core import limits
from diaban.core.api import DATE_MESSAGES, TextField, VisibleField, choice_field_class, id_messages, request_user
from diaban.core.scoping import VIEW, restrict
from diaban.people.models import Person
from diaban.people.serializers import BriefDepartmentSerializer, BriefPersonSerializer
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible
from diaban.territory.serializers import BriefUnitSerializer
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus
from diaban.visits.models import AgendaItem, PlanEvent, VisitPlan
from diaban.visits.selectors import can_approve, overlapping_plans, person_of, plans_visible

PlanStatusField = choice_field_class("PlanStatusField", PlanStatus.choices)
AgendaKindField = choice_field_class("AgendaKindField", AgendaKind.choices)
PlanActionField = choice_field_class("PlanActionField", PlanAction.choices)


def _people_visible(user):
    return restrict(Person.objects.all(), user, VIEW)


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
