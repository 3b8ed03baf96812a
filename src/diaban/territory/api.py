"""Read-only API of units and party organizations, scoped exactly like the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from diaban.core.openapi import AnyOfShapes
from diaban.territory.filters import PartyOrganizationFilterSet, UnitFilterSet
from diaban.territory.models import PartyOrganization, Succession, Unit
from diaban.territory.selectors import organizations_visible, units_visible
from diaban.territory.serializers import (
    BriefPartyOrganizationSerializer,
    BriefUnitSerializer,
    PartyOrganizationSerializer,
    UnitSerializer,
)

BRIEF = OpenApiParameter("brief", bool, description="true: dạng rút gọn (id, url, display, mã, cấp; tổ chức: loại)")


def _full_or_brief(name, full, brief):
    """list and retrieve answer in full, or in brief with ?brief=true: both shapes are documented."""
    return extend_schema_view(
        list=extend_schema(parameters=[BRIEF], responses=AnyOfShapes(name, [full, brief], many=True)),
        retrieve=extend_schema(parameters=[BRIEF], responses=AnyOfShapes(name, [full, brief])),
    )


class BriefMixin:
    brief_serializer_class = None

    def get_serializer_class(self):
        if self.request.query_params.get("brief", "").lower() in {"1", "true"}:
            return self.brief_serializer_class
        return self.serializer_class


@_full_or_brief("UnitOrBrief", UnitSerializer, BriefUnitSerializer)
class UnitViewSet(BriefMixin, viewsets.ReadOnlyModelViewSet):
    """Địa bàn trong phạm vi của người dùng."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    brief_serializer_class = BriefUnitSerializer
    filterset_class = UnitFilterSet

    def get_queryset(self):
        units = units_visible(self.request.user).select_related("parent__level", "level").order_by("path")
        if self.get_serializer_class() is not UnitSerializer:
            return units
        return units.prefetch_related(
            Prefetch("successions_in", Succession.objects.select_related("predecessor__level")),
            Prefetch("successions_out", Succession.objects.select_related("successor__level")),
        )


@_full_or_brief("PartyOrganizationOrBrief", PartyOrganizationSerializer, BriefPartyOrganizationSerializer)
class PartyOrganizationViewSet(BriefMixin, viewsets.ReadOnlyModelViewSet):
    """Tổ chức đảng đặt tại các địa bàn trong phạm vi của người dùng."""

    queryset = PartyOrganization.objects.all()
    serializer_class = PartyOrganizationSerializer
    brief_serializer_class = BriefPartyOrganizationSerializer
    filterset_class = PartyOrganizationFilterSet

    def get_queryset(self):
        return organizations_visible(self.request.user).select_related("unit__level", "parent").order_by("path")
