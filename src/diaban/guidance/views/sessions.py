"""Pages of review sessions: the list with the departments due a session and the minutes search, recording a
session for a department, one session, and correcting it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, FormView, ListView

from diaban.core.dates import format_date, today
from diaban.core.views import HtmxPartialMixin, add_service_errors
from diaban.guidance import selectors
from diaban.guidance.choices import period_bounds
from diaban.guidance.filters import SessionFilterSet
from diaban.guidance.forms import SessionForm
from diaban.guidance.models import ReviewSession
from diaban.guidance.services.sessions import can_record_session, session_record, session_update
from diaban.guidance.views.common import WriterRequiredMixin, query_without
from diaban.people.permissions import MANAGERS

DUE_SHOWN = 50
REFUSAL = "Chỉ trưởng phòng, ban và Ban Tổ chức mới ghi được buổi rút kinh nghiệm."


def _heads_something(user) -> bool:
    return selectors.departments_recordable(user).exists()


class SessionListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Review sessions in scope, newest first, searchable in their minutes without accents; and the
    departments in scope with no session in the current period."""

    model = ReviewSession
    searchable = True
    template_name = "guidance/session_list.html"
    paginate_by = 30
    htmx_partials = ("session-table",)

    def get_queryset(self):
        visible = selectors.sessions_visible(self.request.user).select_related("department__unit")
        self.filterset = SessionFilterSet(self.request.GET, queryset=visible, request=self.request)
        return self.filterset.qs.order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, on = self.request.user, today()
        due = selectors.sessions_due(selectors.departments_visible(user), on)
        recordable = set(selectors.departments_recordable(user).values_list("pk", flat=True))
        for row in due:
            row.can_record = row.department.pk in recordable
        context.update(
            filterset=self.filterset,
            q=self.request.GET.get("q", ""),
            query_without_page=query_without(self.request, "page"),
            due=due[:DUE_SHOWN],
            due_count=len(due),
            can_record=bool(recordable),
        )
        return context


class SessionCreateView(LoginRequiredMixin, WriterRequiredMixin, FormView):
    """Record a department's session: first the department (?phong=), then the date, attendees and minutes."""

    model = ReviewSession
    writers = MANAGERS
    refusal = REFUSAL
    form_class = SessionForm
    template_name = "guidance/session_form.html"

    def also_allowed(self, user) -> bool:
        return _heads_something(user)

    def get_department(self):
        if not hasattr(self, "_department"):
            value = self.request.GET.get("phong") or self.request.POST.get("phong") or ""
            recordable = selectors.departments_recordable(self.request.user).select_related("unit")
            self._department = get_object_or_404(recordable, pk=value) if value.isdigit() else None
        return self._department

    def get(self, request, *args, **kwargs):
        if self.get_department() is None:
            departments = selectors.departments_recordable(request.user).select_related("unit", "parent")
            return self.render_to_response(
                {"choosing": True, "departments": list(departments.order_by("unit__path", "name")[:200])}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_department() is None:
            return HttpResponseRedirect(request.path)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["members"] = list(selectors.session_members(self.get_department()))
        return kwargs

    def get_initial(self):
        on = today()
        return {
            "date": format_date(on),
            "attendees": [str(p.pk) for p in selectors.session_members(self.get_department())],
        }

    def get_context_data(self, **kwargs):
        department = self.get_department()
        last = department.review_sessions.order_by("-date", "-id").first()
        return super().get_context_data(department=department, last=last, **kwargs)

    def form_valid(self, form):
        try:
            session = session_record(actor=self.request.user, department=self.get_department(), **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã ghi buổi rút kinh nghiệm {}.".format(session.period_label))
        return HttpResponseRedirect(session.get_absolute_url())


class SessionDetailView(LoginRequiredMixin, DetailView):
    model = ReviewSession
    template_name = "guidance/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return selectors.sessions_visible(self.request.user).select_related(
            "department__unit", "department__head", "recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        start, end = period_bounds(session.period, session.date)
        context.update(
            attendees=list(session.attendees.order_by("sort_key", "id")),
            can_edit=can_record_session(self.request.user, session.department),
            period_start=start,
            period_end=end,
        )
        return context


class SessionEditView(LoginRequiredMixin, WriterRequiredMixin, FormView):
    """Correct a session's record (its department stays)."""

    model = ReviewSession
    writers = MANAGERS
    refusal = REFUSAL
    form_class = SessionForm
    template_name = "guidance/session_form.html"

    def also_allowed(self, user) -> bool:
        return _heads_something(user)

    def get_session(self):
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(
                selectors.sessions_visible(self.request.user).select_related("department__unit"), pk=self.kwargs["pk"]
            )
            if not can_record_session(self.request.user, self._session.department):
                raise PermissionDenied(REFUSAL)
        return self._session

    def get(self, request, *args, **kwargs):
        self.get_session()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_session()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["members"] = list(selectors.session_members(self.get_session().department))
        return kwargs

    def get_initial(self):
        return SessionForm.initial_for(self.get_session())

    def get_context_data(self, **kwargs):
        session = self.get_session()
        return super().get_context_data(department=session.department, session=session, **kwargs)

    def form_valid(self, form):
        session = self.get_session()
        try:
            session_update(actor=self.request.user, session=session, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã sửa buổi rút kinh nghiệm.")
        return HttpResponseRedirect(session.get_absolute_url())
