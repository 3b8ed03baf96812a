"""API of assignments, rules, coverage and a person's departure, scoped exactly like the pages.

Reads need a signed-in user and return only what lies in their scope. Writes are for organization staff
(403 for others) on objects in their capture scope (404 outside), and go through the same services as the
pages, so the assignment policy, history and all-or-nothing rules hold here too.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from diaban.assignments import selectors, services
from diaban.assignments.filters import AssignmentFilterSet
from diaban.assignments.models import Assignment, AssignmentRule
from diaban.assignments.serializers import (
    AssignmentEndSerializer,
    AssignmentEventSerializer,
    AssignmentRotateSerializer,
    AssignmentRuleSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    CoverageSerializer,
    PersonDepartSerializer,
)
from diaban.core.api import call_service
from diaban.core.dates import parse_date, today
from diaban.core.scoping import CAPTURE
from diaban.people.api import ScopedViewSet
from diaban.people.models import Person
from diaban.people.selectors import people_visible
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible


class PersonDepartureViewSet(ScopedViewSet):
    """A person's departure, at the person's address (`/api/people/{id}/depart/`, routed in `diaban.urls`): it
    ends their assignments, so this app answers it."""

    queryset = Person.objects.all()
    pagination_class = None
    filter_backends = []

    def visible(self, action):
        return people_visible(self.request.user, action)

    @extend_schema(request=PersonDepartSerializer, responses=AssignmentSerializer(many=True))
    @action(detail=True, methods=["post"])
    def depart(self, request, pk=None):
        """Cán bộ thôi công tác: mọi phân công đang hiệu lực kết thúc vào ngày trước đó, kèm lý do."""
        person = self.get_object()
        data = PersonDepartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ended = call_service(services.person_depart, actor=request.user, person=person, **data.validated_data)
        return Response(AssignmentSerializer(ended, many=True, context={"request": request}).data)


@extend_schema_view(
    create=extend_schema(
        description="Phân công cán bộ theo dõi địa bàn (hoặc chi bộ). Trái quy định phân công thì bị từ chối với "
        "lý do nêu quy tắc, trừ khi có `override_reason`."
    ),
    partial_update=extend_schema(
        request=AssignmentUpdateSerializer,
        description="Chỉ sửa số, ngày, người ký quyết định và ghi chú; người, địa bàn và thời gian không sửa được "
        "(dùng kết thúc hoặc luân chuyển).",
    ),
)
class AssignmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Phân công theo dõi địa bàn trong phạm vi của người dùng."""

    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def visible(self, action):
        return (
            selectors.assignments_visible(self.request.user, action)
            .select_related("organization__unit")
            .order_by("-start_date", "id")
        )

    def perform_create(self, serializer):
        serializer.instance = call_service(
            services.assignment_create, actor=self.request.user, **serializer.validated_data
        )

    def partial_update(self, request, *args, **kwargs):
        assignment = self.get_object()
        allowed = set(AssignmentUpdateSerializer.Meta.fields)
        refused = sorted(set(request.data) - allowed)
        if refused:
            raise ValidationError(
                {name: ["Không sửa được trường này; hãy kết thúc hoặc luân chuyển phân công."] for name in refused}
            )
        data = AssignmentUpdateSerializer(assignment, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        assignment = call_service(
            services.assignment_update, actor=request.user, assignment=assignment, **data.validated_data
        )
        return Response(AssignmentSerializer(assignment, context={"request": request}).data)

    @extend_schema(request=AssignmentEndSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Kết thúc phân công (ngày cuối cùng theo dõi)."""
        assignment = self.get_object()
        data = AssignmentEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = call_service(
            services.assignment_end, actor=request.user, assignment=assignment, **data.validated_data
        )
        return Response(AssignmentSerializer(assignment, context={"request": request}).data)

    @extend_schema(request=AssignmentRotateSerializer, responses={201: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        """Luân chuyển địa bàn: phân công này kết thúc trước `date`, phân công mới bắt đầu từ `date`."""
        assignment = self.get_object()
        data = AssignmentRotateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        new_unit = units_visible(request.user, CAPTURE).filter(pk=fields.pop("new_unit").pk).first()
        if new_unit is None:
            raise ValidationError({"new_unit": ["Địa bàn mới nằm ngoài phạm vi nhập liệu của bạn."]})
        created = call_service(
            services.assignment_rotate, actor=request.user, assignment=assignment, new_unit=new_unit, **fields
        )
        return Response(
            AssignmentSerializer(created, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=AssignmentEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Lịch sử thay đổi: ai, lúc nào, thay đổi gì."""
        events = selectors.assignment_history(self.get_object())
        return Response(AssignmentEventSerializer(events, many=True).data)

    @extend_schema(request=AssignmentSerializer(many=True), responses={201: AssignmentSerializer(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request):
        """Nhiều phân công một lần, tất cả hoặc không: mọi dòng sai được báo cùng lúc ("Dòng n: …")."""
        if not isinstance(request.data, list) or not request.data:
            raise ValidationError({"non_field_errors": ["Gửi một danh sách phân công."]})
        items, errors = [], []
        for number, row in enumerate(request.data, start=1):
            parsed = AssignmentSerializer(data=row, context={"request": request})
            if parsed.is_valid():
                items.append(parsed.validated_data)
            else:
                for field, messages in parsed.errors.items():
                    errors.extend("Dòng {}, {}: {}".format(number, field, m) for m in messages)
        if errors:
            raise ValidationError({"non_field_errors": errors})
        created = call_service(services.assignments_bulk_create, actor=request.user, items=items)
        return Response(
            AssignmentSerializer(created, many=True, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class AssignmentRuleViewSet(viewsets.ReadOnlyModelViewSet):
    """Quy định phân công: chức vụ cấp nào được theo dõi địa bàn cấp nào, trong thời gian nào."""

    queryset = AssignmentRule.objects.select_related("position_level", "target_level")
    serializer_class = AssignmentRuleSerializer


DATE_PARAM = OpenApiParameter("date", str, description="ngày tính (dd/mm/yyyy), mặc định hôm nay")


class CoverageViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin):
    """Độ bao phủ địa bàn dưới một đơn vị vào một ngày: như trang độ bao phủ và lệnh `diaban coverage`."""

    queryset = Unit.objects.all()
    serializer_class = CoverageSerializer

    def get_queryset(self):
        return units_visible(self.request.user)

    @extend_schema(parameters=[DATE_PARAM])
    def retrieve(self, request, pk=None):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            date = parse_date(request.query_params.get("date"), today())
        except DjangoValidationError as exc:
            raise ValidationError({"date": exc.messages}) from exc
        report = selectors.coverage_report(unit, unit.clamp_date(date), request.user)
        return Response(selectors.coverage_data(report))
