"""API shapes of attendance rules and their history."""

from rest_framework import serializers

from diaban.core.api import TextLimitsMixin, choice_field
from diaban.meetings.choices import Activity, Period
from diaban.meetings.models import AttendanceRule, AttendanceRuleEvent
from diaban.meetings.serializers.meetings import TitleField
from diaban.territory.serializers import VisibleUnitField


class AttendanceRuleSerializer(TextLimitsMixin, serializers.ModelSerializer):
    """A rule as shown, and the fields of a write parsed; the rule as a whole (titles, dates, scope) is checked by
    `services.attendance_rule_create` and `attendance_rule_update`."""

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


class AttendanceRuleEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField(help_text="người thực hiện")
    changes = serializers.DictField(
        help_text="trường → [trước, sau]; khi đặt quy định, “trước” để trống", read_only=True
    )
    lines = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="các thay đổi, viết cho người đọc"
    )

    class Meta:
        model = AttendanceRuleEvent
        fields = ["id", "action", "action_display", "actor", "at", "changes", "lines"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()
