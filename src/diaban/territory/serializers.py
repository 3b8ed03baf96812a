from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core.api import NestedPrimaryKeyField, request_user
from diaban.territory.models import PartyOrganization, Succession, Unit
from diaban.territory.selectors import units_visible


class BriefUnitSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:unit-detail")
    display = serializers.CharField(source="name", read_only=True)
    level = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "url", "display", "code", "level"]


LINEAGE_NOTE_HELP = "câu ghi chú khi số liệu gồm cả các đơn vị cũ mà địa bàn kế thừa trong kỳ; rỗng nếu không có"


class LineagePredecessorSerializer(serializers.Serializer):
    """A unit whose records a figure includes besides its root's own (`territory.lineage.lineage_data`)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    until = serializers.DateField(help_text="số liệu của đơn vị này được tính đến ngày")
    partial = serializers.BooleanField(help_text="chỉ phần chuyển về (xã cũ bị chia: các ấp đã chuyển về)")


class PredecessorSerializer(serializers.ModelSerializer):
    """A link from a unit whose place this one took (merge, split, …) on `date`."""

    unit = BriefUnitSerializer(source="predecessor", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Succession
        fields = ["unit", "kind", "kind_display", "date", "decision"]


class SuccessorSerializer(PredecessorSerializer):
    """A link to a unit that took (part of) this one's place on `date`."""

    unit = BriefUnitSerializer(source="successor", read_only=True)


class UnitSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:unit-detail")
    display = serializers.CharField(source="name", read_only=True)
    level = serializers.SlugRelatedField(slug_field="key", read_only=True)
    parent = serializers.SerializerMethodField()
    # The units before and after a reorganization, shown even when outside the reader's scope (as the parent is).
    predecessors = PredecessorSerializer(source="successions_in", many=True, read_only=True)
    successors = SuccessorSerializer(source="successions_out", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "url",
            "display",
            "code",
            "name",
            "kind",
            "level",
            "parent",
            "depth",
            "valid_from",
            "valid_until",
            "is_remote",
            "source",
            "predecessors",
            "successors",
        ]

    @extend_schema_field(BriefUnitSerializer(allow_null=True))
    def get_parent(self, obj):
        # The parent may lie outside the reader's scope: show its name, not a link it could not follow.
        if obj.parent is None:
            return None
        return BriefUnitSerializer(obj.parent, context=self.context).data


class BriefPartyOrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")
    display = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = PartyOrganization
        fields = ["id", "url", "display", "kind"]


class PartyOrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")
    display = serializers.CharField(source="name", read_only=True)
    unit = BriefUnitSerializer(read_only=True)
    parent = BriefPartyOrganizationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "url",
            "display",
            "name",
            "kind",
            "cell_kind",
            "parent",
            "unit",
            "member_count",
            "meeting_day",
            "depth",
        ]


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
        return units_visible(request_user(self))


@extend_schema_field(BriefUnitSerializer)
class UnitField(NestedPrimaryKeyField):
    """A unit by id among all units, shown in brief form; the services decide whether the writer may use it."""

    def __init__(self, **kwargs):
        super().__init__(BriefUnitSerializer, queryset=Unit.objects.all(), **kwargs)


@extend_schema_field(BriefPartyOrganizationSerializer(allow_null=True))
class OrganizationField(NestedPrimaryKeyField):
    """A party organization by id among all, shown in brief form."""

    def __init__(self, **kwargs):
        super().__init__(BriefPartyOrganizationSerializer, queryset=PartyOrganization.objects.all(), **kwargs)
