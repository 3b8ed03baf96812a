"""The page of one recommendation: its history and the actions the user may take on it (route, the agency's work,
the Standing Committee's answer, telling the answer back, grouping), and its files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from diaban.core.dates import format_date, parse_date, today
from diaban.core.uploads import download
from diaban.feedback import selectors
from diaban.feedback.choices import RaiserKind
from diaban.feedback.forms import ForwardForm, TextActionForm
from diaban.feedback.models import Agency, Recommendation, RecommendationAttachment, Topic
from diaban.feedback.services import agency_work, groups, routing

ACTIONS = {
    # action: success message
    "spot": "Đã ghi trả lời tại chỗ.",
    "forward": "Đã chuyển {agency}; hạn trả lời {deadline}.",
    "escalate": "Đã trình Thường trực.",
    "acknowledge": "Đã xác nhận cơ quan nhận kiến nghị.",
    "request_info": "Đã đề nghị bổ sung thông tin.",
    "provide_info": "Đã bổ sung thông tin; kiến nghị trở lại cơ quan giải quyết.",
    "return": "Đã trả lại kiến nghị cho Ban Tổ chức để chuyển đúng cơ quan.",
    "answer": "Đã trả lời kiến nghị.",
    "close": "Đã kết thúc kiến nghị.",
    "convey": "Đã ghi: trả lời đã được thông tin lại cho cơ sở.",
    "group": "Đã gộp thành nhóm kiến nghị tương tự.",
    "join": "Đã thêm vào nhóm.",
}


# Who may try each action (the services check again, with the details).
ALLOWED = {
    "spot": selectors.can_route,
    "forward": selectors.can_route,
    "escalate": selectors.can_route,
    "acknowledge": selectors.can_work_as_agency,
    "request_info": selectors.can_work_as_agency,
    "return": selectors.can_work_as_agency,
    "provide_info": selectors.can_provide_info,
    "answer": selectors.can_answer,
    "close": selectors.can_close,
    "convey": selectors.can_convey,
    "group": selectors.can_group,
    "join": selectors.can_group,
}


class RecommendationDetailView(LoginRequiredMixin, DetailView):
    """One recommendation: what, where, who raised it (personal data only for those who need it), routing,
    deadline, the answer, history; the forms of the actions this user may take; similar ones for staff."""

    model = Recommendation
    template_name = "feedback/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return selectors.recommendation_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation, user = self.object, self.request.user
        on = today()
        can = {
            "route": selectors.can_route(user, recommendation),
            "agency": selectors.can_work_as_agency(user, recommendation),
            "answer": selectors.can_answer(user, recommendation),
            "close": selectors.can_close(user, recommendation),
            "provide_info": selectors.can_provide_info(user, recommendation),
            "convey": selectors.can_convey(user, recommendation),
            "group": selectors.can_group(user, recommendation),
        }
        suggested_topic = recommendation.topic or selectors.suggest_topic(recommendation.text)
        agencies = list(selectors.agencies_for(recommendation.unit)) if can["route"] else []
        suggested_agency = selectors.suggest_agency(recommendation.unit, suggested_topic) if can["route"] else None
        events = list(recommendation.events.select_related("actor", "agency").order_by("at", "id"))
        last_question = next((e for e in reversed(events) if e.action == "info_requested"), None)
        similar = []
        if can["group"] and (recommendation.is_open or recommendation.group_id is None):
            similar = selectors.similar_recommendations(user, recommendation.text, exclude_pk=recommendation.pk)
        members = []
        if recommendation.group_id:
            members = list(
                selectors.recommendations_visible(user)
                .filter(group_id=recommendation.group_id)
                .exclude(pk=recommendation.pk)
                .select_related("unit")
            )
        context.update(
            can=can,
            today=on,
            overdue=recommendation.is_overdue(on),
            raiser=selectors.raiser_label(user, recommendation),
            show_contact=recommendation.raiser_contact
            and (
                recommendation.raiser_kind != RaiserKind.PERSON or selectors.can_see_personal_data(user, recommendation)
            ),
            events=events,
            last_question=last_question,
            attachments=list(recommendation.attachments.all()),
            topics=Topic.objects.filter(is_active=True) if can["route"] else [],
            agencies=agencies,
            suggested_topic=suggested_topic,
            suggested_agency=suggested_agency,
            similar=similar,
            similar_groups=list({s.group_id: s.group for s in similar if s.group_id}.values()),
            group_members=members,
            forward_form=kwargs.get("forward_form"),
            action_errors=kwargs.get("action_errors", {}),
            posted=kwargs.get("posted", {}),
            today_text=format_date(on),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = recommendation = self.get_object()
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404("Thao tác không hợp lệ.")
        if not ALLOWED[action](request.user, recommendation):
            raise PermissionDenied("Bạn không làm được thao tác này với kiến nghị số {}.".format(recommendation.pk))
        try:
            message = self._act(action, recommendation, request)
        except ValidationError as exc:
            errors = [m for messages_ in getattr(exc, "message_dict", {"": exc.messages}).values() for m in messages_]
            return self.render_to_response(
                self.get_context_data(action_errors={action: errors}, posted=request.POST), status=400
            )
        messages.success(request, message)
        return HttpResponseRedirect(recommendation.get_absolute_url())

    def _date(self, request, name="on"):
        return parse_date(request.POST.get(name), today())

    def _act(self, action, recommendation, request) -> str:
        user, post = request.user, request.POST
        text = post.get("text", "")
        if action == "forward":
            form = ForwardForm(post)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            agency = Agency.objects.filter(pk=form.cleaned_data["agency"]).select_related("unit").first()
            done = routing.forward(
                actor=user, recommendation=recommendation, agency=agency, topic=form.cleaned_data["topic"],
                on=form.cleaned_data["on"], comment=form.cleaned_data["comment"],
            )  # fmt: skip
            return ACTIONS[action].format(agency=done.agency.name, deadline=format_date(done.deadline))
        if action in ("spot", "answer", "escalate", "request_info", "provide_info", "return"):
            form = TextActionForm(post)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            text, on = form.cleaned_data["text"], form.cleaned_data["on"] or today()
        if action == "spot":
            routing.answer_on_the_spot(actor=user, recommendation=recommendation, answer=text, on=on)
        elif action == "escalate":
            topic = Topic.objects.filter(pk=post.get("topic") or 0).first() or recommendation.topic
            routing.escalate(actor=user, recommendation=recommendation, comment=text, topic=topic, on=on)
        elif action == "acknowledge":
            agency_work.acknowledge(actor=user, recommendation=recommendation)
        elif action == "request_info":
            agency_work.request_information(actor=user, recommendation=recommendation, question=text)
        elif action == "provide_info":
            agency_work.provide_information(actor=user, recommendation=recommendation, information=text)
        elif action == "return":
            agency_work.return_to_sender(actor=user, recommendation=recommendation, reason=text)
        elif action == "answer":
            agency_work.answer(
                actor=user, recommendation=recommendation, text=text, on=on, close=bool(post.get("close"))
            )
        elif action == "close":
            agency_work.close(actor=user, recommendation=recommendation, comment=text)
        elif action == "convey":
            agency_work.mark_conveyed(actor=user, recommendation=recommendation, on=self._date(request))
        elif action == "group":
            others = selectors.recommendations_visible(user).filter(
                pk__in=[v for v in post.getlist("others") if v.isdigit()]
            )
            groups.group_create(
                actor=user, recommendations=[recommendation, *others.select_related("unit")],
                title=post.get("title") or recommendation.text[:120],
            )  # fmt: skip
        elif action == "join":
            group = get_object_or_404(selectors.groups_visible(user), pk=post.get("group") or 0)
            groups.group_add(actor=user, group=group, recommendation=recommendation)
        return ACTIONS[action]


class AttachmentView(LoginRequiredMixin, DetailView):
    """A recommendation's file, streamed only to those who see the recommendation."""

    model = RecommendationAttachment

    def get_queryset(self):
        return RecommendationAttachment.objects.filter(
            recommendation__in=selectors.recommendations_visible(self.request.user)
        )

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return download(attachment.file, attachment.name)
