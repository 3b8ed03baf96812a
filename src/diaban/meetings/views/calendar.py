"""Pages of a cell's meeting calendar: the year month by month, one meeting with who attended, a meeting added or
changed by those who keep the calendar; and the cadre's own calendar as an iCalendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, FormView

from diaban.core import dates
from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE
from diaban.core.views import add_service_errors
from diaban.meetings.forms import MeetingForm, ThematicMeetingForm
from diaban.meetings.models import CalendarFeed, Meeting
from diaban.meetings.selectors.compliance import default_year
from diaban.meetings.selectors.lists import cell_calendar, meetings_visible
from diaban.meetings.services.attendance import attendance_record, attendance_remove
from diaban.meetings.services.schedule import (
    CALENDAR_KEEPERS,
    calendar_generate,
    can_keep_calendar,
    meeting_create,
    meeting_update,
    require_calendar_keeper,
)
from diaban.people.models import Person
from diaban.people.permissions import role_of
from diaban.territory.models import PartyOrganization
from diaban.territory.selectors import organizations_visible


def year_param(request, default: int) -> tuple[int, str]:
    return dates.year_param(request.GET, "nam", default)


class CellCalendarView(LoginRequiredMixin, DetailView):
    """A cell's meetings over a year, month by month (lịch sinh hoạt chi bộ)."""

    model = PartyOrganization
    template_name = "meetings/cell_calendar.html"
    context_object_name = "organization"

    def get_queryset(self):
        return organizations_visible(self.request.user).select_related("unit", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cell = self.object
        year, error = year_param(self.request, default_year(cell.unit))
        meetings = list(cell_calendar(cell, datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        context.update(
            year=year,
            year_error=error,
            meetings=meetings,
            can_keep=can_keep_calendar(self.request.user, cell),
            years=[year - 1, year + 1],
        )
        return context

    def post(self, request, *args, **kwargs):
        """Create the year's planned regular meetings from the cell's meeting day (idempotent)."""
        self.object = cell = self.get_object()
        year, _error = year_param(request, default_year(cell.unit))
        try:
            require_calendar_keeper(request.user, cell)
            if not cell.meeting_day:
                raise ValidationError("Chi bộ chưa có ngày sinh hoạt hằng tháng; cập nhật ngày sinh hoạt trước.")
            created = calendar_generate(
                organizations=PartyOrganization.objects.filter(pk=cell.pk),
                start=datetime.date(year, 1, 1),
                end=datetime.date(year, 12, 31),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã tạo {} buổi sinh hoạt thường kỳ năm {}.".format(created, year))
        return HttpResponseRedirect("{}?nam={}".format(request.path, year))


class MeetingDetailView(LoginRequiredMixin, DetailView):
    """One meeting: its figures and the cadres who attended; a cadre records attending, the cell records others."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return meetings_visible(self.request.user).select_related("organization__unit__level")

    def _me(self):
        return Person.objects.filter(user=self.request.user).first() if self.request.user.is_authenticated else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, me = self.object, self._me()
        # The home unit decides whether the reader may open each cadre's page (a link only then).
        attendances = list(meeting.attendances.select_related("person__home_unit").order_by("person__sort_key"))
        can_keep = can_keep_calendar(self.request.user, meeting.organization)
        context.update(
            attendances=attendances,
            me=me,
            i_attended=me is not None and any(a.person_id == me.pk for a in attendances),
            can_keep=can_keep,
            can_attend=meeting.date <= today() and meeting.status != "postponed",
            candidates=self._candidates(meeting, attendances) if can_keep else [],
        )
        return context

    def _candidates(self, meeting, attendances):
        """Cadres assigned that day to the cell's unit or above it: whom the cell may record as attending."""
        from diaban.assignments.models import Assignment

        taken = {a.person_id for a in attendances}
        paths = meeting.organization.unit.ancestor_paths() + [meeting.organization.unit.path]
        rows = (
            Assignment.objects.active_on(meeting.date)
            .filter(unit__path__in=paths)
            .select_related("person")
            .order_by("person__sort_key")
        )
        seen, result = set(), []
        for a in rows:
            if a.person_id not in taken and a.person_id not in seen:
                seen.add(a.person_id)
                result.append(a.person)
        return result

    def post(self, request, *args, **kwargs):
        self.object = meeting = self.get_object()
        action = request.POST.get("action")
        try:
            if action == "attend":
                me = self._me()
                if me is None:
                    raise PermissionDenied("Tài khoản của bạn chưa gắn với một cán bộ.")
                attendance_record(actor=request.user, meeting=meeting, person=me)
                messages.success(request, "Đã ghi nhận bạn dự buổi sinh hoạt này.")
            elif action == "record":
                person = get_object_or_404(Person, pk=request.POST.get("person") or 0)
                attendance_record(actor=request.user, meeting=meeting, person=person)
                messages.success(request, "Đã ghi nhận {} dự sinh hoạt.".format(person.full_name))
            elif action == "remove":
                attendance = get_object_or_404(meeting.attendances, pk=request.POST.get("attendance") or 0)
                attendance_remove(actor=request.user, attendance=attendance)
                messages.success(request, "Đã bỏ ghi nhận {}.".format(attendance.person.full_name))
            else:
                raise Http404("Thao tác không hợp lệ.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(meeting.get_absolute_url())


class _KeeperFormView(LoginRequiredMixin, FormView):
    """A form about a cell's calendar: 404 outside the user's view scope, 403 for those who may not keep it."""

    def get_cell(self):
        raise NotImplementedError

    capture = True
    writers = CALENDAR_KEEPERS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if role_of(request.user) not in self.writers:
                raise PermissionDenied("Chỉ chi bộ và Ban Tổ chức mới được cập nhật lịch sinh hoạt.")
            require_calendar_keeper(request.user, self.get_cell())
        return super().dispatch(request, *args, **kwargs)


class MeetingEditView(_KeeperFormView):
    model = Meeting
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(meetings_visible(self.request.user, CAPTURE), pk=self.kwargs["pk"])
        return self._meeting

    def get_cell(self):
        return self.get_meeting().organization

    def get_initial(self):
        return MeetingForm.initial_for(self.get_meeting())

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.get_meeting(), organization=self.get_cell(), **kwargs)

    def form_valid(self, form):
        meeting = self.get_meeting()
        try:
            meeting_update(actor=self.request.user, meeting=meeting, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã cập nhật buổi sinh hoạt ngày {}.".format(format_date(meeting.date)))
        return HttpResponseRedirect(meeting.get_absolute_url())


class ThematicMeetingCreateView(_KeeperFormView):
    model = PartyOrganization
    form_class = ThematicMeetingForm
    template_name = "meetings/meeting_form.html"

    def get_cell(self):
        if not hasattr(self, "_cell"):
            self._cell = get_object_or_404(organizations_visible(self.request.user, CAPTURE), pk=self.kwargs["pk"])
        return self._cell

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.get_cell(), **kwargs)

    def form_valid(self, form):
        try:
            meeting = meeting_create(actor=self.request.user, organization=self.get_cell(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã thêm buổi sinh hoạt chuyên đề ngày {}.".format(format_date(meeting.date)))
        return HttpResponseRedirect(meeting.get_absolute_url())


def calendar_feed(request, token):
    """The iCalendar feed: no sign-in, the secret address is the key; a wrong or revoked one is 404."""
    from django.http import HttpResponse

    from diaban.meetings.ical import calendar_bytes

    feed = CalendarFeed.objects.filter(token=token).select_related("user__person").first()
    person = getattr(feed.user, "person", None) if feed and feed.user.is_active else None
    if person is None:
        raise Http404("Địa chỉ lịch không đúng hoặc đã bị thu hồi.")
    response = HttpResponse(calendar_bytes(person, request.get_host()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sinh-hoat-chi-bo.ics"'
    return response


class CalendarFeedRevokeView(LoginRequiredMixin, DetailView):
    """POST: a new secret calendar address for the signed-in user."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from diaban.meetings.ical import feed_revoke

        feed_revoke(request.user)
        messages.success(request, "Đã đổi địa chỉ lịch; địa chỉ cũ không còn dùng được.")
        return HttpResponseRedirect(reverse("home"))
