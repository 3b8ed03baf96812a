"""API shapes of people, positions, memberships, departments and leave. Writes go through the services (the
viewsets call them); serializers only parse and present."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core.api import (
    DATE_MESSAGES,
    NestedPrimaryKeyField,
    TextField,
    TextLimitsMixin,
    choice_field_class,
    id_messages,
    request_user,
)
from diaban.core.dates import format_date
from diaban.people.models import (
    CommitteeMembership,
    Department,
    Leave,
    LeaveKind,
    Person,
    Position,
    PositionTitle,
    Term,
)
from diaban.people.selectors import people_visible
from diaban.territory.serializers import BriefUnitSerializer, OrganizationField, UnitField, VisibleUnitField

# ---------------------------------------------------------------------------------------------------------
# People


class BriefPersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
    display = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "url", "display", "code"]


@extend_schema_field(BriefPersonSerializer)
class PersonField(NestedPrimaryKeyField):
    def __init__(self, **kwargs):
        super().__init__(BriefPersonSerializer, queryset=Person.objects.all(), **kwargs)


@extend_schema_field(BriefPersonSerializer)
class VisiblePersonField(NestedPrimaryKeyField):
    """A cadre by id among those the user sees; shown in brief form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", id_messages("cán bộ"))
        super().__init__(BriefPersonSerializer, queryset=Person.objects.all(), **kwargs)

    def get_queryset(self):
        return people_visible(request_user(self))


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


# ---------------------------------------------------------------------------------------------------------
# Positions and memberships


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
    unit = VisibleUnitField(
        required=False, allow_null=True, help_text="nơi giữ chức vụ, nếu khác đơn vị công tác của cán bộ (id)"
    )

    class Meta:
        model = Position
        fields = ["id", "url", "display", "person", "title", "title_name", "level", "organization", "unit",
                  "start_date", "end_date"]  # fmt: skip


class PositionEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(help_text="ngày cuối cùng giữ chức vụ (dd/mm/yyyy hoặc yyyy-mm-dd)")


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


# ---------------------------------------------------------------------------------------------------------
# Departments and leave

LeaveKindField = choice_field_class("LeaveKindField", LeaveKind.choices)


class BriefDepartmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:department-detail")
    display = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "url", "display"]


class DepartmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:department-detail")
    display = serializers.CharField(source="name", read_only=True)
    parent = BriefDepartmentSerializer(read_only=True, allow_null=True, help_text="cơ quan (ban) hoặc phòng cấp trên")
    unit = BriefUnitSerializer(read_only=True, help_text="cấp của cơ quan (tỉnh, huyện, xã)")
    head = BriefPersonSerializer(read_only=True, allow_null=True, help_text="trưởng phòng, trưởng ban")

    class Meta:
        model = Department
        fields = ["id", "url", "display", "name", "parent", "unit", "head"]


class LeaveSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:leave-detail")
    display = serializers.SerializerMethodField()
    person = VisiblePersonField(help_text="cán bộ nghỉ (id)")
    kind = LeaveKindField(default=LeaveKind.ANNUAL)
    start_date = serializers.DateField(error_messages=DATE_MESSAGES, help_text="nghỉ từ ngày (dd/mm/yyyy)")
    end_date = serializers.DateField(error_messages=DATE_MESSAGES, help_text="đến hết ngày (dd/mm/yyyy)")
    note = TextField(required=False, allow_blank=True, default="", max_length=300, label="Ghi chú")

    class Meta:
        model = Leave
        fields = ["id", "url", "display", "person", "kind", "start_date", "end_date", "note"]

    def get_display(self, leave) -> str:
        return "{}: {} {}–{}".format(
            leave.person.full_name, leave.get_kind_display(), format_date(leave.start_date), format_date(leave.end_date)
        )
