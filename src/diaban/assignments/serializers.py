"""API shapes of assignments, rules, coverage and a person's departure. Writes go through the services (the
views call them); serializers only parse and present."""

from rest_framework import serializers

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.core import limits
from diaban.core.api import TextField, TextLimitsMixin
from diaban.people.choices import DepartureReason
from diaban.people.serializers import PersonField
from diaban.territory.models import Unit
from diaban.territory.serializers import OrganizationField, UnitField


class AssignmentSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:assignment-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    person = PersonField()
    unit = UnitField(required=False)
    organization = OrganizationField(required=False, allow_null=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices, default=Purpose.FOLLOW)
    rule = serializers.CharField(source="rule.name", read_only=True, default="")

    class Meta:
        model = Assignment
        fields = ["id", "url", "display", "person", "unit", "organization", "purpose", "start_date", "end_date",
                  "end_reason", "decision_number", "decision_date", "decision_signer", "note", "rule",
                  "override_reason", "previous", "created_at"]  # fmt: skip
        read_only_fields = ["end_date", "end_reason", "previous", "created_at"]


class AssignmentUpdateSerializer(TextLimitsMixin, serializers.ModelSerializer):
    """What may change on an existing assignment: its decision and note. Anything else is refused."""

    class Meta:
        model = Assignment
        fields = ["decision_number", "decision_date", "decision_signer", "note"]


class AssignmentEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(help_text="ngày cuối cùng theo dõi (dd/mm/yyyy hoặc yyyy-mm-dd)")
    note = TextField(required=False, allow_blank=True, default="", max_length=limits.NOTE, label="Ghi chú")


class AssignmentRotateSerializer(serializers.Serializer):
    new_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    date = serializers.DateField(help_text="ngày bắt đầu theo dõi địa bàn mới")
    note = TextField(required=False, allow_blank=True, default="", max_length=limits.NOTE, label="Ghi chú")
    override_reason = TextField(
        required=False, allow_blank=True, default="", max_length=limits.NOTE, label="Lý do phân công ngoài quy định"
    )
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_signer = serializers.CharField(required=False, allow_blank=True, default="")


class PersonDepartSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="thôi công tác từ ngày")
    reason = serializers.ChoiceField(choices=DepartureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AssignmentEvent
        fields = ["id", "assignment", "action", "actor", "at", "changes", "reason"]

    def get_actor(self, event) -> str:
        if event.actor is None:
            return ""
        return event.actor.get_full_name() or event.actor.get_username()


class AssignmentRuleSerializer(serializers.ModelSerializer):
    position_level = serializers.SlugRelatedField(slug_field="key", read_only=True)
    target_level = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = AssignmentRule
        fields = ["id", "name", "position_level", "standing_committee_only", "target_level", "valid_from",
                  "valid_until", "source"]  # fmt: skip


class LevelCoverageSerializer(serializers.Serializer):
    level = serializers.CharField()
    name = serializers.CharField()
    units = serializers.IntegerField()
    covered = serializers.IntegerField()
    uncovered = serializers.IntegerField()
    share = serializers.FloatField()
    cadres = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    """The coverage report as `diaban coverage --json` prints it."""

    unit = serializers.DictField()
    date = serializers.DateField()
    levels = LevelCoverageSerializer(many=True)
    branches = serializers.ListField(child=serializers.DictField())
    cadres_assigned = serializers.IntegerField()
    cadres_without_unit = serializers.IntegerField()
    load = serializers.ListField(child=serializers.DictField())
