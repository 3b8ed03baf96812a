"""Pages of recommendations: the list (an agency's queue for agency accounts), and recording one with the similar
ones shown as it is typed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.views.generic import FormView, ListView, TemplateView

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.filters import with_aliases
from diaban.core.scoping import CAPTURE, VIEW
from diaban.core.views import HtmxPartialMixin, add_service_errors, chosen
from diaban.feedback import selectors
from diaban.feedback.choices import RecommendationSource
from diaban.feedback.filters import PAGE_ALIASES, QUICK_VIEWS, RecommendationFilterSet
from diaban.feedback.forms import RecommendationForm
from diaban.feedback.models import Recommendation, Topic
from diaban.feedback.services import recording
from diaban.people.choices import Role
from diaban.people.permissions import person_of, role_of
from diaban.territory.models import Unit
from diaban.territory.selectors import units_visible

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
            recommendation = recording.recommendation_create(
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
