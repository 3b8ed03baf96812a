"""API shapes of cell meetings and the cadres' attendance at them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core.api import NestedPrimaryKeyField, TextLimitsMixin, choice_field, request_user
from diaban.meetings.choices import MeetingKind, MeetingStatus
from diaban.meetings.models import Attendance, Meeting
from diaban.people.models import Person, PositionTitle
from diaban.people.serializers import BriefPersonSerializer, PositionTitleSerializer
from diaban.territory.models import PartyOrganization
from diaban.territory.selectors import organizations_visible
from diaban.territory.serializers import BriefPartyOrganizationSerializer

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
        return organizations_visible(request_user(self))


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


class MeetingSerializer(TextLimitsMixin, serializers.ModelSerializer):
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


class MeetingUpdateSerializer(TextLimitsMixin, serializers.ModelSerializer):
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
