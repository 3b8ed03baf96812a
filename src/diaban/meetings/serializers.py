"""API shapes of meetings, attendances, attendance rules and compliance. Writes of meetings and attendances go
through the services (the views call them); serializers only parse and present."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.assignments.serializers import BriefPersonSerializer, PositionTitleSerializer
from diaban.core.api import NestedPrimaryKeyField
from diaban.core.dates import format_date
from diaban.meetings.choices import Activity, MeetingKind, MeetingStatus, Period
from diaban.meetings.models import Attendance, AttendanceRule, Meeting
from diaban.people.models import Person, PositionTitle
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.selectors import organizations_visible, units_visible
from diaban.territory.serializers import BriefPartyOrganizationSerializer, BriefUnitSerializer


def choice_field(choices, **kwargs):
    """A choice field whose refusal lists the accepted values (DRF has no Vietnamese text for it)."""
    message = '"{{input}}" không hợp lệ; chọn một trong: {}.'.format(", ".join(value for value, _label in choices))
    return serializers.ChoiceField(choices=choices, error_messages={"invalid_choice": message}, **kwargs)


MEMBER_FIELDS = ("members_total", "members_present", "members_excused")
# Numbers of party members: whole numbers, never negative.
MEMBER_KWARGS = {
    name: {
        "error_messages": {
            "invalid": "Số đảng viên phải là một số nguyên.",
            "min_value": "Số đảng viên không được âm.",
            "max_value": "Số đảng viên quá lớn.",
        }
    }
    for name in MEMBER_FIELDS
}


def _user(field):
    request = field.context.get("request")
    return request.user if request else None


@extend_schema_field(BriefPartyOrganizationSerializer)
class CellField(NestedPrimaryKeyField):
    """A party organization by id, among those the user can see: one outside their scope does not exist."""

    default_error_messages = {
        "required": "Chọn chi bộ.",
        "does_not_exist": "Không có chi bộ id {pk_value} trong phạm vi của bạn.",
        "incorrect_type": "Chi bộ phải là một id (số).",
    }

    def __init__(self, **kwargs):
        super().__init__(BriefPartyOrganizationSerializer, queryset=PartyOrganization.objects.all(), **kwargs)

    def get_queryset(self):
        return organizations_visible(_user(self))


@extend_schema_field(BriefUnitSerializer)
class VisibleUnitField(NestedPrimaryKeyField):
    """A unit by id, among those the user can see."""

    default_error_messages = {
        "required": "Chọn địa bàn.",
        "does_not_exist": "Không có địa bàn id {pk_value} trong phạm vi của bạn.",
        "incorrect_type": "Địa bàn phải là một id (số).",
    }

    def __init__(self, **kwargs):
        super().__init__(BriefUnitSerializer, queryset=Unit.objects.all(), **kwargs)

    def get_queryset(self):
        return units_visible(_user(self))


@extend_schema_field(PositionTitleSerializer)
class TitleField(NestedPrimaryKeyField):
    default_error_messages = {
        "does_not_exist": "Không có chức vụ id {pk_value}.",
        "incorrect_type": "Chức vụ phải là một id (số).",
    }

    def __init__(self, **kwargs):
        super().__init__(PositionTitleSerializer, queryset=PositionTitle.objects.all(), **kwargs)


# Described by a pattern, not an enum: drf-spectacular names enums after the field, and "kind" is already the
# party organization's kind (an ENUM_NAME_OVERRIDES entry in the settings would allow a named enum).
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^({})$".format("|".join(MeetingKind.values)),
        "description": "regular: thường kỳ; thematic: chuyên đề",
    }
)
class MeetingKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", choice_field(MeetingKind.choices).error_messages)
        super().__init__(choices=MeetingKind.choices, **kwargs)


class BriefMeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    organization = BriefPartyOrganizationSerializer(read_only=True)
    kind = MeetingKindField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "url", "display", "organization", "kind", "date", "status"]


class MeetingAttendanceSerializer(serializers.ModelSerializer):
    """A cadre's attendance as shown inside its meeting."""

    person = BriefPersonSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "person", "source", "recorded_at"]


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    organization = CellField()
    # Meetings created through the API are those besides the calendar: thematic unless said otherwise.
    kind = MeetingKindField(default=MeetingKind.THEMATIC)
    status = choice_field(MeetingStatus.choices, default=MeetingStatus.PLANNED)
    is_moved = serializers.BooleanField(read_only=True)
    attendances = MeetingAttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "url", "display", "organization", "kind", "date", "planned_date", "is_moved", "status",
                  "topic", "members_total", "members_present", "members_excused", "committee_met_before", "note",
                  "attendances", "updated_at"]  # fmt: skip
        read_only_fields = ["planned_date", "updated_at"]
        extra_kwargs = MEMBER_KWARGS


class MeetingUpdateSerializer(serializers.ModelSerializer):
    """What the cell may change on a meeting: move it, postpone it, mark it held with the members' attendance,
    correct its details. The cell, the kind and the calendar date stay."""

    status = choice_field(MeetingStatus.choices, required=False)

    class Meta:
        model = Meeting
        fields = ["date", "status", "topic", "members_total", "members_present", "members_excused",
                  "committee_met_before", "note"]  # fmt: skip
        extra_kwargs = MEMBER_KWARGS


class AttendanceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:attendance-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    meeting = BriefMeetingSerializer(read_only=True)
    person = BriefPersonSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "url", "display", "meeting", "person", "source", "recorded_at"]


class AttendanceRecordSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        # Any cadre: those who attend a cell's meetings mostly work above the cell, outside its secretary's scope.
        queryset=Person.objects.all(),
        required=False,
        help_text="cán bộ dự (id); bỏ trống: chính người dùng",
        error_messages={
            "does_not_exist": "Không có cán bộ id {pk_value}.",
            "incorrect_type": "Cán bộ phải là một id (số).",
            "null": "Chọn cán bộ.",
        },
    )


class AttendanceRuleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:attendance-rule-detail")
    display = serializers.CharField(source="name", read_only=True)
    unit = VisibleUnitField(help_text="địa bàn của cấp ủy ban hành (id)")
    titles = TitleField(many=True, required=False, allow_empty=True, help_text="chức vụ áp dụng (id)")
    excluded_titles = TitleField(many=True, required=False, allow_empty=True, help_text="trừ chức vụ (id)")
    activity = choice_field(Activity.choices, default=Activity.ASSIGNED)
    period = choice_field(Period.choices)
    minimum = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        error_messages={
            "min_value": "Số lần tối thiểu phải từ 1 trở lên.",
            "max_value": "Số lần tối thiểu không quá 1000.",
            "invalid": "Số lần tối thiểu phải là một số nguyên.",
        },
    )

    class Meta:
        model = AttendanceRule
        fields = ["id", "url", "display", "name", "unit", "titles", "excluded_titles", "activity", "minimum", "period",
                  "document", "valid_from", "valid_until"]  # fmt: skip

    def _current(self, attrs, name, many=False):
        """The value after this write: sent, or else (partial update) the stored one."""
        if name in attrs:
            return attrs[name]
        if self.instance is None:
            return [] if many else None
        return list(getattr(self.instance, name).all()) if many else getattr(self.instance, name)

    def validate(self, attrs):
        errors = {}
        titles = self._current(attrs, "titles", many=True)
        excluded = self._current(attrs, "excluded_titles", many=True)
        if not titles:
            errors["titles"] = ["Chọn ít nhất một chức vụ áp dụng."]
        both = sorted({t.name for t in titles} & {t.name for t in excluded})
        if both:
            errors["excluded_titles"] = ["Chức vụ vừa áp dụng vừa bị trừ: {}.".format(", ".join(both))]
        valid_from, valid_until = self._current(attrs, "valid_from"), self._current(attrs, "valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            errors["valid_until"] = [
                "Ngày hết áp dụng {} trước ngày bắt đầu áp dụng {}.".format(
                    format_date(valid_until), format_date(valid_from)
                )
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# The compliance report, as `compliance_data` gives it (for the OpenAPI description).


class BriefUnitDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ComplianceRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    minimum = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    activity = serializers.ChoiceField(choices=Activity.choices)
    document = serializers.CharField()


class ComplianceBranchSerializer(serializers.Serializer):
    unit = BriefUnitDataSerializer()
    own_level = serializers.BooleanField(help_text="người công tác ngay tại địa bàn gốc, không thuộc cấp dưới")
    assessed = serializers.IntegerField()
    compliant = serializers.IntegerField()


class PersonRuleResultSerializer(serializers.Serializer):
    rule = serializers.IntegerField()
    attended = serializers.IntegerField(help_text="số buổi đã dự được tính")
    required = serializers.FloatField(help_text="số buổi phải dự (tính theo thời gian áp dụng)")


class PersonComplianceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    ratio = serializers.FloatField(help_text="tỉ lệ đã dự ÷ phải dự theo quy định chặt nhất với người này")
    compliant = serializers.BooleanField()
    rules = PersonRuleResultSerializer(many=True)


class ComplianceSerializer(serializers.Serializer):
    """The compliance report as `diaban compliance --json` prints it."""

    unit = BriefUnitDataSerializer()
    # "from" is a Python keyword: declared below.
    to = serializers.DateField()
    rules = ComplianceRuleSerializer(many=True)
    assessed = serializers.IntegerField(help_text="số cán bộ có quy định áp dụng trong kỳ")
    compliant = serializers.IntegerField(help_text="số cán bộ đạt")
    share = serializers.FloatField()
    branches = ComplianceBranchSerializer(many=True)
    people = PersonComplianceSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        return {"unit": fields.pop("unit"), "from": serializers.DateField(), **fields}
