"""API shapes of people, positions, memberships, assignments, rules and coverage. Writes go through the
services (the views call them); serializers only parse and present."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.assignments.choices import Purpose
from diaban.assignments.models import Assignment, AssignmentEvent, AssignmentRule
from diaban.core import limits
from diaban.core.api import NestedPrimaryKeyField, TextField, TextLimitsMixin
from diaban.people.choices import DepartureReason
from diaban.people.models import CommitteeMembership, Person, Position, PositionTitle, Term
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.serializers import BriefPartyOrganizationSerializer, BriefUnitSerializer


class BriefPersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
    display = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "url", "display", "code"]


@extend_schema_field(BriefUnitSerializer)
class UnitField(NestedPrimaryKeyField):
    def __init__(self, **kwargs):
        super().__init__(BriefUnitSerializer, queryset=Unit.objects.all(), **kwargs)


@extend_schema_field(BriefPersonSerializer)
class PersonField(NestedPrimaryKeyField):
    def __init__(self, **kwargs):
        super().__init__(BriefPersonSerializer, queryset=Person.objects.all(), **kwargs)


@extend_schema_field(BriefPartyOrganizationSerializer(allow_null=True))
class OrganizationField(NestedPrimaryKeyField):
    def __init__(self, **kwargs):
        super().__init__(BriefPartyOrganizationSerializer, queryset=PartyOrganization.objects.all(), **kwargs)


class PositionTitleSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = PositionTitle
        fields = ["id", "name", "level", "is_standing_committee"]


class PositionSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:position-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    person = PersonField()
    title = serializers.PrimaryKeyRelatedField(queryset=PositionTitle.objects.all())
    title_name = serializers.CharField(source="title.name", read_only=True)
    level = serializers.CharField(source="title.level.key", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "url", "display", "person", "title", "title_name", "level", "organization", "start_date",
                  "end_date"]  # fmt: skip


class PersonPositionSerializer(serializers.Serializer):
    """A position as a person's record lists it: the title by name (the full position is /api/positions/{id}/)."""

    id = serializers.IntegerField(help_text="chức vụ đảm nhiệm (id ở /api/positions/)")
    title = serializers.CharField(help_text="tên chức vụ")
    level = serializers.CharField(help_text="mã cấp của chức vụ")
    organization = serializers.CharField(help_text="cơ quan, đơn vị")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)


class PersonSerializer(TextLimitsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
    display = serializers.CharField(source="full_name", read_only=True)
    home_unit = UnitField()
    positions = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "url", "display", "code", "full_name", "gender", "birth_year", "home_unit", "agency", "phone",
                  "email", "departed_on", "departure_reason", "departure_note", "positions"]  # fmt: skip
        read_only_fields = ["departed_on", "departure_reason", "departure_note"]

    @extend_schema_field(PersonPositionSerializer(many=True))
    def get_positions(self, person):
        # Prefetched by the viewset: no query per person.
        return [
            {"id": p.pk, "title": p.title.name, "level": p.title.level.key, "organization": p.organization,
             "start_date": p.start_date, "end_date": p.end_date}
            for p in person.positions.all()
        ]  # fmt: skip


class TermField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="name", queryset=Term.objects.all(), **kwargs)


class CommitteeMembershipSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:membership-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    person = PersonField()
    committee = OrganizationField()
    term = TermField()

    class Meta:
        model = CommitteeMembership
        fields = ["id", "url", "display", "person", "committee", "term", "role"]


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
