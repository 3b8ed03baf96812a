"""Pages of recommendations: the list (an agency's queue for agency accounts), recording one with the similar
ones shown as it is typed, one recommendation with its history and the actions the user may take on it
(route, the agency's work, the Standing Committee's answer, telling the answer back, grouping), its files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, FormView, ListView, TemplateView

from diaban.core import limits
from diaban.core.dates import format_date, parse_date, today
from diaban.core.filters import with_aliases
from diaban.core.scoping import CAPTURE, VIEW
from diaban.core.uploads import download
from diaban.core.views import HtmxPartialMixin, add_service_errors, chosen
from diaban.feedback import selectors, services
from diaban.feedback.choices import RaiserKind, RecommendationSource, RecommendationStatus
from diaban.feedback.filters import PAGE_ALIASES, QUICK_VIEWS, RecommendationFilterSet
from diaban.feedback.forms import ForwardForm, RecommendationForm, TextActionForm
from diaban.feedback.models import Agency, Recommendation, RecommendationAttachment, RecommendationGroup, Topic
from diaban.people.choices import Role
from diaban.people.permissions import person_of, role_of
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible

S = RecommendationStatus
# Who records recommendations: staff, the cadres who carry them, the grassroots units (their own reports).
RECORDERS = {Role.ORGANIZATION, Role.CADRE, Role.GRASSROOTS, Role.ADMINISTRATOR}


class RecommendationListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Recommendations in scope (an agency's queue for its accounts), newest first, overdue ones flagged."""

    model = Recommendation
    searchable = True
    template_name = "feedback/recommendation_list.html"
    paginate_by = 30
    htmx_partials = ("recommendation-table",)

    def get_queryset(self):
        params = self.request.GET
        visible = selectors.recommendations_visible(self.request.user).select_related("unit", "topic", "agency")
        self.filterset = RecommendationFilterSet(
            with_aliases(params, PAGE_ALIASES), queryset=visible, request=self.request
        )
        queryset = self.filterset.qs
        if selectors.is_agency_user(self.request.user) and not params.get("xem"):
            return queryset.order_by("deadline", "-raised_on", "-id")  # an agency works its queue by deadline
        return queryset.order_by("-raised_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = today()
        for recommendation in context["object_list"]:
            recommendation.overdue = recommendation.is_overdue(on)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            views=[(key, label) for key, (label, _q) in QUICK_VIEWS.items()],
            filterset=self.filterset,
            current_view=self.request.GET.get("xem", ""),
            q=self.request.GET.get("q", ""),
            topics=Topic.objects.filter(is_active=True),
            sources=RecommendationSource.choices,
            query_without_page=query.urlencode(),
            can_record=selectors.can_record_somewhere(self.request.user),
            is_agency=selectors.is_agency_user(self.request.user),
        )
        return context


class RecommendationUnitPickerView(LoginRequiredMixin, ListView):
    """Units the user may record a recommendation for, matching a search (an htmx fragment)."""

    model = Unit
    searchable = False  # agency accounts record nothing: their picker stays empty
    template_name = "core/pickers.html#unit-choices"
    paginate_by = 20

    def get_queryset(self):
        q = self.request.GET.get("q", "").strip()
        if not q:
            return Unit.objects.none()
        action = VIEW if selectors.can_record_somewhere(self.request.user) else CAPTURE
        units = units_visible(self.request.user, action) if not selectors.is_agency_user(self.request.user) else None
        if units is None:
            return Unit.objects.none()
        return units.search(q).valid_on(today()).select_related("level", "parent").order_by("level__rank", "path")

    def get_context_data(self, **kwargs):
        return super().get_context_data(field="unit", **kwargs)


def _recording_units(user):
    """The units a cadre follows today: offered first, so the phone user rarely has to search."""
    person = person_of(user)
    if person is None:
        return []
    from diaban.assignments.models import Assignment

    assigned = (
        Assignment.objects.active_on(today())
        .filter(person=person)
        .select_related("unit__level", "unit__parent")
        .order_by("unit__path")[:12]
    )
    return [a.unit for a in assigned if selectors.can_record(user, a.unit)]


class RecommendationCreateView(LoginRequiredMixin, FormView):
    """Record a recommendation: the unit, the text (similar ones in scope appear as it is typed), the channel, who
    raised it, a file."""

    model = Recommendation
    form_class = RecommendationForm
    template_name = "feedback/recommendation_form.html"
    capture = True
    writers = RECORDERS

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (role_of(user) not in self.writers or not selectors.can_record_somewhere(user)):
            raise PermissionDenied("Tài khoản của bạn không ghi được kiến nghị.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"raised_on": format_date(today()), "source": RecommendationSource.DIRECT}

    def chosen_unit(self):
        value = self.request.POST.get("unit") or self.request.GET.get("unit")
        unit = chosen(Unit.objects.select_related("level", "parent"), value)
        return unit if unit is not None and selectors.can_record(self.request.user, unit) else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(chosen_unit=self.chosen_unit(), my_units=_recording_units(self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        if self.chosen_unit() is None:
            form.add_error(None, "Cần chọn địa bàn nêu kiến nghị (trong phạm vi của bạn).")
            valid = False
        return self.form_valid(form) if valid else self.form_invalid(form)

    def form_valid(self, form):
        unit = self.chosen_unit()
        data = dict(form.cleaned_data)
        upload = data.pop("attachment")
        try:
            recommendation = services.recommendation_create(
                actor=self.request.user, unit=unit, attachments=[upload] if upload else [], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã ghi kiến nghị số {} của {}.".format(recommendation.pk, unit.name))
        return HttpResponseRedirect(recommendation.get_absolute_url())


class SimilarView(LoginRequiredMixin, TemplateView):
    """The similar recommendations in scope for a text being typed (an htmx fragment)."""

    model = Recommendation
    searchable = True
    template_name = "feedback/_similar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # No recommendation is longer than limits.TEXT, so a longer text typed so far is compared by that much.
        text = (self.request.GET.get("text") or self.request.GET.get("q", ""))[: limits.TEXT]
        context["similar"] = selectors.similar_recommendations(self.request.user, text) if len(text) >= 12 else []
        context["searched"] = len(text) >= 12
        return context


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
            done = services.forward(
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
            services.answer_on_the_spot(actor=user, recommendation=recommendation, answer=text, on=on)
        elif action == "escalate":
            topic = Topic.objects.filter(pk=post.get("topic") or 0).first() or recommendation.topic
            services.escalate(actor=user, recommendation=recommendation, comment=text, topic=topic, on=on)
        elif action == "acknowledge":
            services.acknowledge(actor=user, recommendation=recommendation)
        elif action == "request_info":
            services.request_information(actor=user, recommendation=recommendation, question=text)
        elif action == "provide_info":
            services.provide_information(actor=user, recommendation=recommendation, information=text)
        elif action == "return":
            services.return_to_sender(actor=user, recommendation=recommendation, reason=text)
        elif action == "answer":
            services.answer(actor=user, recommendation=recommendation, text=text, on=on, close=bool(post.get("close")))
        elif action == "close":
            services.close(actor=user, recommendation=recommendation, comment=text)
        elif action == "convey":
            services.mark_conveyed(actor=user, recommendation=recommendation, on=self._date(request))
        elif action == "group":
            others = selectors.recommendations_visible(user).filter(
                pk__in=[v for v in post.getlist("others") if v.isdigit()]
            )
            services.group_create(
                actor=user, recommendations=[recommendation, *others.select_related("unit")],
                title=post.get("title") or recommendation.text[:120],
            )  # fmt: skip
        elif action == "join":
            group = get_object_or_404(selectors.groups_visible(user), pk=post.get("group") or 0)
            services.group_add(actor=user, group=group, recommendation=recommendation)
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


class GroupDetailView(LoginRequiredMixin, DetailView):
    """A group of similar recommendations: its members the user sees, their units and statuses, the common
    answer; staff (or the agency holding every open member) answer them all at once."""

    model = RecommendationGroup
    template_name = "feedback/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return selectors.groups_visible(self.request.user).select_related("unit", "created_by")

    def members(self):
        return list(
            selectors.recommendations_visible(self.request.user)
            .filter(group=self.object)
            .select_related("unit__parent", "agency", "topic")
            .order_by("raised_on", "id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = self.members()
        on = today()
        for member in members:
            member.overdue = member.is_overdue(on)
        context.update(
            members=members,
            can_answer=selectors.can_answer_group(self.request.user, members),
            can_remove={m.pk for m in members if selectors.can_group(self.request.user, m)},
            errors=kwargs.get("errors", []),
            today_text=format_date(on),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        action = request.POST.get("action")
        try:
            if action == "answer":
                on = parse_date(request.POST.get("on"), today())
                services.group_answer(actor=request.user, group=group, text=request.POST.get("text", ""), on=on)
                messages.success(request, "Đã gửi trả lời chung đến mọi kiến nghị còn mở của nhóm.")
            elif action == "remove":
                member = get_object_or_404(
                    selectors.recommendations_visible(request.user).filter(group=group),
                    pk=request.POST.get("member") or 0,
                )
                services.group_remove(actor=request.user, group=group, recommendation=member)
                messages.success(request, "Đã tách kiến nghị số {} khỏi nhóm.".format(member.pk))
            else:
                raise Http404("Thao tác không hợp lệ.")
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages), status=400)
        return HttpResponseRedirect(group.get_absolute_url())
