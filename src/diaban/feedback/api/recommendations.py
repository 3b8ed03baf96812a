"""API of recommendations themselves: the list, one in full, recording a new one, and every step of its life
(routing by organization staff, the agency's work, the answer, telling it back), with the similar ones."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from diaban.core.api import call_service, parse_body
from diaban.feedback import selectors
from diaban.feedback.filters import RecommendationFilterSet
from diaban.feedback.models import Recommendation, RecommendationEvent
from diaban.feedback.serializers.recommendations import (
    AnswerSerializer,
    CloseSerializer,
    ConveySerializer,
    EscalateSerializer,
    ForwardSerializer,
    InformationSerializer,
    QuestionSerializer,
    RecommendationCreatedSerializer,
    RecommendationCreateSerializer,
    RecommendationDetailSerializer,
    RecommendationSerializer,
    ReturnSerializer,
    RoutingSuggestionSerializer,
    SimilarRecommendationSerializer,
    SpotAnswerSerializer,
)
from diaban.feedback.services import agency_work, recording, routing

DATE_NOTE = " Ngày viết dd/mm/yyyy hoặc yyyy-mm-dd."
SIMILAR_MAX = 20


class RecordWrite(permissions.IsAuthenticated):
    """Anyone signed in reads within their scope. Recording a new recommendation is refused up front to those who
    may record nowhere (leaders, agencies); every other write needs the recommendation found first."""

    message = (
        "Tài khoản của bạn không ghi được kiến nghị: chỉ cán bộ, cơ sở và Ban Tổ chức ghi kiến nghị của địa bàn mình."
    )

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        return selectors.can_record_somewhere(request.user)


def _with_detail(queryset):
    return queryset.select_related(
        "unit__level", "topic", "agency", "carried_by", "conveyed_by", "group"
    ).prefetch_related(
        Prefetch("events", queryset=RecommendationEvent.objects.select_related("actor", "agency").order_by("at", "id")),
        "attachments",
    )


def _detail_queryset(user):
    return _with_detail(selectors.recommendations_visible(user))


@extend_schema_view(
    list=extend_schema(
        description="Kiến nghị người dùng thấy: các địa bàn trong phạm vi; tài khoản của cơ quan chỉ thấy kiến nghị "
        "được chuyển cho cơ quan mình. Mới nêu trước. Tên, địa chỉ của cá nhân nêu kiến nghị chỉ hiện với người "
        "có trách nhiệm (Ban Tổ chức phụ trách địa bàn, cán bộ tiếp nhận, người ghi); với người khác là null."
    ),
    retrieve=extend_schema(
        responses=RecommendationDetailSerializer,
        description="Kiến nghị đầy đủ: hạn, quá hạn chưa, trả lời, đã thông tin lại cho cơ sở chưa, nhóm, tệp đính "
        "kèm, lịch sử (ai, lúc nào, làm gì, cơ quan nào, ghi chú) và các thao tác người dùng làm được lúc này.",
    ),
    create=extend_schema(
        request={
            "multipart/form-data": RecommendationCreateSerializer,
            "application/json": RecommendationCreateSerializer,
        },
        responses={201: RecommendationCreatedSerializer},
        description="Ghi một kiến nghị của địa bàn trong phạm vi (cán bộ, cơ sở, Ban Tổ chức): nội dung bắt buộc; "
        "nguồn, ngày nêu (không sau hôm nay), lĩnh vực, người nêu, cán bộ tiếp nhận, tệp đính kèm (multipart) "
        "tùy chọn. Trả về kiến nghị vừa ghi kèm `similar`: tối đa 5 kiến nghị giống nhất trong phạm vi, để Ban Tổ "
        "chức gộp nhóm." + DATE_NOTE,
    ),
)
class RecommendationViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Kiến nghị của cơ sở: tiếp nhận, phân loại, chuyển cơ quan, cơ quan giải quyết, trả lời, thông tin lại."""

    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    permission_classes = [RecordWrite]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "retrieve":
            return _detail_queryset(user)
        # Actions find the recommendation here too: outside the user's scope or the agency's queue it is 404.
        return (
            selectors.recommendations_visible(user)
            .select_related("unit__level", "topic", "agency", "carried_by", "group")
            .order_by("-raised_on", "-id")
        )

    def get_serializer_class(self):
        return RecommendationSerializer if self.action == "list" else RecommendationDetailSerializer

    def _detail(self, recommendation, code=status.HTTP_200_OK):
        found = _detail_queryset(self.request.user).filter(pk=recommendation.pk).first()
        if found is None:
            # The action itself took it out of the user's sight (an agency returning it): they see its outcome
            # this once; afterwards it is 404 for them.
            found = _with_detail(Recommendation.objects.filter(pk=recommendation.pk)).get()
        return Response(RecommendationDetailSerializer(found, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        values = parse_body(RecommendationCreateSerializer, request, self.get_serializer_context())
        recommendation = call_service(recording.recommendation_create, actor=request.user, **values)
        similar = selectors.similar_recommendations(request.user, recommendation.text, exclude_pk=recommendation.pk)
        recommendation = _detail_queryset(request.user).get(pk=recommendation.pk)
        context = {**self.get_serializer_context(), "similar": similar}
        return Response(RecommendationCreatedSerializer(recommendation, context=context).data, status.HTTP_201_CREATED)

    # Routing (organization staff) -------------------------------------------------------------------------

    @extend_schema(
        request=None,
        responses=RoutingSuggestionSerializer,
        description="Gợi ý phân loại: lĩnh vực (đã chọn khi ghi, nếu chưa có thì theo từ khóa trong nội dung) và "
        "cơ quan gần nhất phụ trách địa bàn giải quyết lĩnh vực đó, cùng mọi cơ quan phụ trách địa bàn. Gợi ý "
        "không tự chuyển: người chuyển gửi `agency` khi gọi forward.",
    )
    @action(detail=True, methods=["get"])
    def suggestion(self, request, pk=None):
        """Lĩnh vực và cơ quan gợi ý."""
        recommendation = self.get_object()
        topic = recommendation.topic or selectors.suggest_topic(recommendation.text)
        data = {
            "topic": topic,
            "topic_from_keywords": recommendation.topic is None and topic is not None,
            "agency": selectors.suggest_agency(recommendation.unit, topic),
            "agencies": list(selectors.agencies_for(recommendation.unit)),
        }
        return Response(RoutingSuggestionSerializer(data, context=self.get_serializer_context()).data)

    @extend_schema(
        request=SpotAnswerSerializer,
        responses=RecommendationDetailSerializer,
        description="Ban Tổ chức phụ trách địa bàn ghi kiến nghị đã được trả lời tại chỗ, với nội dung trả lời.",
    )
    @action(detail=True, methods=["post"], url_path="answer-on-the-spot", url_name="answer-on-the-spot")
    def answer_on_the_spot(self, request, pk=None):
        """Trả lời tại chỗ."""
        recommendation = self.get_object()
        values = parse_body(SpotAnswerSerializer, request)
        done = call_service(
            routing.answer_on_the_spot, actor=request.user, recommendation=recommendation,
            answer=values["answer"], on=values["answered_on"],
        )  # fmt: skip
        return self._detail(done)

    @extend_schema(
        request=ForwardSerializer,
        responses=RecommendationDetailSerializer,
        description="Ban Tổ chức phụ trách địa bàn chuyển kiến nghị (mới, bị trả lại, đang ở cơ quan khác hoặc đang "
        "trình Thường trực) cho cơ quan phụ trách địa bàn. `agency` bắt buộc: gợi ý ở GET …/suggestion/ phải được "
        "xác nhận. `topic` bỏ trống thì lấy lĩnh vực đã chọn, nếu chưa có thì lĩnh vực gợi ý. Hạn trả lời là số "
        "ngày làm việc của lĩnh vực, tính từ ngày chuyển (bỏ thứ Bảy, Chủ nhật, ngày lễ, Tết)." + DATE_NOTE,
    )
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Chuyển cơ quan giải quyết."""
        recommendation = self.get_object()
        values = parse_body(ForwardSerializer, request)
        topic = values["topic"] or recommendation.topic or selectors.suggest_topic(recommendation.text)
        agency = values["agency"]
        if agency is None and selectors.can_route(request.user, recommendation):
            # Never forwarded on a guess: the caller names the agency, the suggestion is in the message.
            raise ValidationError({"agency": [_agency_missing(recommendation, topic)]})
        done = call_service(
            routing.forward, actor=request.user, recommendation=recommendation, agency=agency, topic=topic,
            on=values["forwarded_on"], comment=values["comment"],
        )  # fmt: skip
        return self._detail(done)

    @extend_schema(
        request=EscalateSerializer,
        responses=RecommendationDetailSerializer,
        description="Ban Tổ chức phụ trách địa bàn trình Thường trực kiến nghị vượt thẩm quyền của các cơ quan, "
        "với lý do (bắt buộc).",
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Trình Thường trực."""
        recommendation = self.get_object()
        values = parse_body(EscalateSerializer, request)
        done = call_service(
            routing.escalate, actor=request.user, recommendation=recommendation, comment=values["comment"],
            topic=values["topic"], on=values["escalated_on"],
        )  # fmt: skip
        return self._detail(done)

    # The agency's work ------------------------------------------------------------------------------------

    @extend_schema(
        request=None,
        responses=RecommendationDetailSerializer,
        description="Tài khoản của cơ quan được chuyển xác nhận đã nhận kiến nghị.",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Cơ quan xác nhận đã nhận."""
        done = call_service(agency_work.acknowledge, actor=request.user, recommendation=self.get_object())
        return self._detail(done)

    @extend_schema(
        request=QuestionSerializer,
        responses=RecommendationDetailSerializer,
        description="Cơ quan đang giải quyết đề nghị bổ sung thông tin (nội dung bắt buộc); cán bộ tiếp nhận, "
        "người ghi hoặc Ban Tổ chức bổ sung bằng provide-information.",
    )
    @action(detail=True, methods=["post"], url_path="request-information", url_name="request-information")
    def request_information(self, request, pk=None):
        """Cơ quan đề nghị bổ sung thông tin."""
        recommendation = self.get_object()
        values = parse_body(QuestionSerializer, request)
        done = call_service(
            agency_work.request_information, actor=request.user, recommendation=recommendation,
            question=values["question"],
        )  # fmt: skip
        return self._detail(done)

    @extend_schema(
        request=InformationSerializer,
        responses=RecommendationDetailSerializer,
        description="Cán bộ tiếp nhận, người ghi kiến nghị hoặc Ban Tổ chức bổ sung thông tin cơ quan đề nghị; "
        "kiến nghị trở lại cơ quan đang giải quyết.",
    )
    @action(detail=True, methods=["post"], url_path="provide-information", url_name="provide-information")
    def provide_information(self, request, pk=None):
        """Bổ sung thông tin."""
        recommendation = self.get_object()
        values = parse_body(InformationSerializer, request)
        done = call_service(
            agency_work.provide_information, actor=request.user, recommendation=recommendation,
            information=values["information"],
        )  # fmt: skip
        return self._detail(done)

    @extend_schema(
        request=ReturnSerializer,
        responses=RecommendationDetailSerializer,
        description="Cơ quan đang giải quyết trả lại kiến nghị không thuộc thẩm quyền, với lý do (bắt buộc): kiến "
        "nghị về Ban Tổ chức để chuyển lại, và ra khỏi danh sách của cơ quan.",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_sender(self, request, pk=None):
        """Cơ quan trả lại: không thuộc thẩm quyền."""
        recommendation = self.get_object()
        values = parse_body(ReturnSerializer, request)
        done = call_service(
            agency_work.return_to_sender, actor=request.user, recommendation=recommendation, reason=values["reason"]
        )
        return self._detail(done)

    @extend_schema(
        request=AnswerSerializer,
        responses=RecommendationDetailSerializer,
        description="Trả lời: cơ quan đang giải quyết, hoặc với kiến nghị trình Thường trực thì lãnh đạo phụ trách "
        "địa bàn, Ban Tổ chức. `close` = true thì kết thúc luôn." + DATE_NOTE,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Trả lời."""
        recommendation = self.get_object()
        values = parse_body(AnswerSerializer, request)
        done = call_service(
            agency_work.answer, actor=request.user, recommendation=recommendation, text=values["answer"],
            on=values["answered_on"], close=values["close"],
        )  # fmt: skip
        return self._detail(done)

    @extend_schema(
        request=CloseSerializer,
        responses=RecommendationDetailSerializer,
        description="Cơ quan đã trả lời hoặc Ban Tổ chức kết thúc kiến nghị đã trả lời.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Kết thúc."""
        recommendation = self.get_object()
        values = parse_body(CloseSerializer, request)
        done = call_service(
            agency_work.close, actor=request.user, recommendation=recommendation, comment=values["comment"]
        )
        return self._detail(done)

    @extend_schema(
        request=ConveySerializer,
        responses=RecommendationDetailSerializer,
        description="Cán bộ tiếp nhận, cơ sở hoặc Ban Tổ chức ghi đã thông tin lại trả lời cho cơ sở (thường tại "
        "buổi sinh hoạt chi bộ kế tiếp); ngày không trước ngày trả lời, không sau hôm nay." + DATE_NOTE,
    )
    @action(detail=True, methods=["post"])
    def convey(self, request, pk=None):
        """Đã thông tin lại cho cơ sở."""
        recommendation = self.get_object()
        values = parse_body(ConveySerializer, request)
        done = call_service(
            agency_work.mark_conveyed, actor=request.user, recommendation=recommendation, on=values["conveyed_on"]
        )
        return self._detail(done)

    @extend_schema(
        request=None,
        responses=SimilarRecommendationSerializer(many=True),
        parameters=[OpenApiParameter("limit", int, description="số kiến nghị tối đa (1–20), mặc định 5")],
        description="Kiến nghị trong phạm vi giống kiến nghị này nhất (còn mở, hoặc đã thuộc một nhóm), giống nhất "
        "trước, với độ giống từ 0 đến 1: cùng một vấn đề ở các địa bàn khác để gộp nhóm.",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def similar(self, request, pk=None):
        """Kiến nghị tương tự."""
        recommendation = self.get_object()
        text = (request.query_params.get("limit") or "5").strip()
        if not text.isdigit() or not 1 <= int(text) <= SIMILAR_MAX:
            raise ValidationError({"limit": ["limit phải là một số từ 1 đến {}.".format(SIMILAR_MAX)]})
        rows = selectors.similar_recommendations(
            request.user, recommendation.text, exclude_pk=recommendation.pk, limit=int(text)
        )
        return Response(SimilarRecommendationSerializer(rows, many=True, context=self.get_serializer_context()).data)


def _agency_missing(recommendation, topic) -> str:
    suggested = selectors.suggest_agency(recommendation.unit, topic)
    if suggested is not None:
        return (
            "Cần chọn cơ quan giải quyết (agency: id). Cơ quan gợi ý: {} (id {}); gửi lại id này để xác nhận."
        ).format(suggested.name, suggested.pk)
    return "Cần chọn cơ quan giải quyết (agency: id): chưa có cơ quan phụ trách {} nhận lĩnh vực {}.".format(
        recommendation.unit.name, topic.name if topic else "này"
    )
