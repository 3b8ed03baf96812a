"""Pages: a cell's meeting calendar and its meetings (cell secretaries, organization staff, cadres), the
compliance dashboard (organization staff and leaders) and the attendance rules."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView

from diaban.core import dates
from diaban.core.dates import format_date, today
from diaban.core.models import first_with_count
from diaban.core.scoping import CAPTURE, restrict
from diaban.core.uploads import download
from diaban.core.views import add_service_errors
from diaban.feedback import selectors as feedback_selectors
from diaban.feedback.models import Recommendation
from diaban.feedback.services import agency_work as feedback_agency_work
from diaban.meetings import selectors, services
from diaban.meetings.forms import MeetingForm, MeetingReportForm, ReopenForm, ThematicMeetingForm
from diaban.meetings.models import (
    Attendance,
    AttendanceRule,
    CalendarFeed,
    Meeting,
    MeetingReport,
    QualityCriterion,
    ReportAttachment,
)
from diaban.people.models import Person
from diaban.people.permissions import role_of
from diaban.territory.models import PartyOrganization, Unit
from diaban.territory.selectors import organizations_visible, unit_ancestors, unit_roots, units_visible

BEHIND_SHOWN = 50
CELLS_SHOWN = 20


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
        year, error = year_param(self.request, selectors.default_year(cell.unit))
        meetings = list(selectors.cell_calendar(cell, datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        context.update(
            year=year,
            year_error=error,
            meetings=meetings,
            can_keep=services.can_keep_calendar(self.request.user, cell),
            years=[year - 1, year + 1],
        )
        return context

    def post(self, request, *args, **kwargs):
        """Create the year's planned regular meetings from the cell's meeting day (idempotent)."""
        self.object = cell = self.get_object()
        year, _error = year_param(request, selectors.default_year(cell.unit))
        try:
            services.require_calendar_keeper(request.user, cell)
            if not cell.meeting_day:
                raise ValidationError("Chi bộ chưa có ngày sinh hoạt hằng tháng; cập nhật ngày sinh hoạt trước.")
            created = services.calendar_generate(
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
        return selectors.meetings_visible(self.request.user).select_related("organization__unit__level")

    def _me(self):
        return Person.objects.filter(user=self.request.user).first() if self.request.user.is_authenticated else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, me = self.object, self._me()
        # The home unit decides whether the reader may open each cadre's page (a link only then).
        attendances = list(meeting.attendances.select_related("person__home_unit").order_by("person__sort_key"))
        can_keep = services.can_keep_calendar(self.request.user, meeting.organization)
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
                services.attendance_record(actor=request.user, meeting=meeting, person=me)
                messages.success(request, "Đã ghi nhận bạn dự buổi sinh hoạt này.")
            elif action == "record":
                person = get_object_or_404(Person, pk=request.POST.get("person") or 0)
                services.attendance_record(actor=request.user, meeting=meeting, person=person)
                messages.success(request, "Đã ghi nhận {} dự sinh hoạt.".format(person.full_name))
            elif action == "remove":
                attendance = get_object_or_404(meeting.attendances, pk=request.POST.get("attendance") or 0)
                services.attendance_remove(actor=request.user, attendance=attendance)
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
    writers = services.CALENDAR_KEEPERS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if role_of(request.user) not in self.writers:
                raise PermissionDenied("Chỉ chi bộ và Ban Tổ chức mới được cập nhật lịch sinh hoạt.")
            services.require_calendar_keeper(request.user, self.get_cell())
        return super().dispatch(request, *args, **kwargs)


class MeetingEditView(_KeeperFormView):
    model = Meeting
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                selectors.meetings_visible(self.request.user, CAPTURE), pk=self.kwargs["pk"]
            )
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
            services.meeting_update(actor=self.request.user, meeting=meeting, **form.service_fields())
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
            meeting = services.meeting_create(
                actor=self.request.user, organization=self.get_cell(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã thêm buổi sinh hoạt chuyên đề ngày {}.".format(format_date(meeting.date)))
        return HttpResponseRedirect(meeting.get_absolute_url())


class ComplianceView(LoginRequiredMixin, DetailView):
    """Compliance with the attendance rules below a unit over a year, by branch, with who is behind and which
    cells no cadre attended."""

    model = Unit
    template_name = "meetings/compliance.html"
    context_object_name = "unit"

    def get_queryset(self):
        return units_visible(self.request.user)

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        roots = unit_roots(self.request.user, today())
        if not roots:
            raise Http404("Tài khoản chưa được giao địa bàn nào.")
        return roots[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, unit = self.request.user, self.object
        year, error = year_param(self.request, selectors.default_year(unit))
        start, end = selectors.year_span(unit, year)
        if start > end:
            start = end = None
        report = selectors.compliance_report(unit, start, end, user) if start else None
        reporting = selectors.reporting_report(unit, start, end, user) if start else None
        cells = selectors.cells_least_attended(unit, start, end, user) if start else None
        never = selectors.cells_never_attended(unit, start, end, user) if start else None
        never_rows, never_count = first_with_count(never, CELLS_SHOWN) if never is not None else ([], 0)
        context.update(
            year=year,
            year_error=error,
            start=start,
            end=end,
            report=report,
            behind=report.behind[:BEHIND_SHOWN] if report else [],
            cells=list(cells.filter(unit__is_remote=True)[:CELLS_SHOWN]) if cells is not None else [],
            never=never_rows,
            never_count=never_count,
            ancestors=unit_ancestors(unit, user),
            reporting=reporting,
            reporting_branches={b[0].pk: b[2] for b in reporting.branches} if reporting else {},
            chart={
                "labels": ["{:02d}/{}".format(m, y) for (y, m) in reporting.months],
                "expected": [r.expected for r in reporting.months.values()],
                "received": [r.received for r in reporting.months.values()],
                "on_time": [r.on_time for r in reporting.months.values()],
            }
            if reporting
            else None,
        )
        return context


class AttendanceRuleListView(LoginRequiredMixin, ListView):
    """The attendance rules (quy định) issued for units in the user's scope, newest first."""

    model = AttendanceRule
    template_name = "meetings/rule_list.html"
    context_object_name = "rules"

    def get_queryset(self):
        return selectors.rules_visible(self.request.user).order_by("-valid_from", "name")


class MeetingReportView(LoginRequiredMixin, DetailView):
    """A meeting report: the author's form (saved as they type, submitted once), a read-only page for everyone
    else in scope, and reopening with a reason for organization staff."""

    model = MeetingReport
    template_name = "meetings/meeting_report.html"
    context_object_name = "report"

    def get_queryset(self):
        return restrict(MeetingReport.objects.all(), self.request.user).select_related(
            "attendance__person", "attendance__meeting__organization__unit"
        )

    def _criteria(self, report):
        chosen = set(report.criteria_met.values_list("pk", flat=True))
        return [c for c in QualityCriterion.objects.all() if c.active or c.pk in chosen]

    def _form(self, report, data=None):
        return MeetingReportForm(data, initial=MeetingReportForm.initial_for(report), criteria=self._criteria(report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        editable = services.is_report_author(user, report) and not report.is_locked
        context.update(
            meeting=report.attendance.meeting,
            editable=editable,
            form=kwargs.get("form") or (self._form(report) if editable else None),
            criteria=self._criteria(report),
            criteria_met=set(report.criteria_met.values_list("pk", flat=True)),
            events=_labelled(report.events.select_related("actor")),
            attachments=report.attachments.all(),
            linked=report.recommendations.select_related("unit"),
            answers_to_convey=_answers_to_convey(report, user)[:20],
            answers_conveyed=report.answers_conveyed.select_related("unit"),
            can_reopen=report.is_locked and services.can_reopen_report(user, report),
            reopen_form=kwargs.get("reopen_form") or ReopenForm(),
            overdue=not report.first_submitted_at and report.due_date < today(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        action = request.POST.get("action", "save")
        try:
            if action == "convey":
                answer = get_object_or_404(
                    _answers_to_convey(report, request.user), pk=request.POST.get("recommendation") or 0
                )
                feedback_agency_work.mark_conveyed(actor=request.user, recommendation=answer, report=report)
                messages.success(
                    request, "Đã ghi: trả lời kiến nghị số {} đã thông tin lại tại buổi sinh hoạt.".format(answer.pk)
                )
                return HttpResponseRedirect(report.get_absolute_url())
            if action == "reopen":
                form = ReopenForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reopen_form=form))
                services.report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"])
                messages.success(request, "Đã mở lại báo cáo để cán bộ sửa.")
                return HttpResponseRedirect(report.get_absolute_url())
            if action == "attach":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError({"file": "Chưa chọn tệp."})
                services.report_attach(actor=request.user, report=report, upload=upload)
                messages.success(request, "Đã đính kèm {}.".format(upload.name))
                return HttpResponseRedirect(report.get_absolute_url())
            form = self._form(report, request.POST)
            if not form.is_valid():
                return self._answer(form, saved=False)
            report = services.report_save(actor=request.user, report=report, **form.service_fields())
            if action == "submit":
                services.report_submit(actor=request.user, report=report)
                messages.success(request, "Đã nộp báo cáo. Báo cáo đã được khóa.")
                return HttpResponseRedirect(report.get_absolute_url())
            return self._answer(form, saved=True)
        except ValidationError as exc:
            if action in ("reopen", "attach", "convey"):
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(report.get_absolute_url())
            form = self._form(report, request.POST)
            form.is_valid()
            add_service_errors(form, exc)
            return self._answer(form, saved=False)

    def _answer(self, form, saved: bool):
        """An autosave (htmx) gets the small status line; a full post gets the page."""
        if self.request.htmx and self.request.htmx.target == "report-status":
            context = {"saved": saved, "form": form, "now": timezone.localtime()}
            return TemplateResponse(self.request, "meetings/meeting_report.html#report-status", context)
        if saved:
            messages.success(self.request, "Đã lưu bản nháp.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(form=form))


def _answers_to_convey(report, user):
    """Answers to the recommendations of the cell's unit not yet told to the grassroots: the report's author marks
    them told at this meeting (none for other readers)."""
    if not services.is_report_author(user, report):
        return Recommendation.objects.none()
    unit = report.attendance.meeting.organization.unit
    if unit is None:
        return Recommendation.objects.none()
    return feedback_selectors.answers_for_unit(unit).filter(conveyed_on__isnull=True)


def _labelled(events):
    """Events with the changed fields named as the form names them."""
    names = {f.name: str(f.verbose_name) for f in MeetingReport._meta.get_fields() if hasattr(f, "verbose_name")}
    names["attachment"] = "tệp đính kèm"
    result = list(events)
    for event in result:
        event.changed = [names.get(key, key) for key in event.changes]
    return result


class ReportStartView(LoginRequiredMixin, DetailView):
    """POST from a meeting page: open (or create) the signed-in cadre's report on that meeting."""

    model = Meeting
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.meetings_visible(self.request.user)

    def post(self, request, *args, **kwargs):
        if not Person.objects.filter(user=request.user).exists():
            raise PermissionDenied("Tài khoản của bạn chưa gắn với một cán bộ.")
        meeting = self.get_object()
        attendance = Attendance.objects.filter(meeting=meeting, person__user=request.user).first()
        if attendance is None:
            raise PermissionDenied("Bạn chưa được ghi nhận dự buổi sinh hoạt này.")
        report = services.report_start(actor=request.user, attendance=attendance)
        return HttpResponseRedirect(report.get_absolute_url())


class AttachmentView(LoginRequiredMixin, DetailView):
    """An attachment, streamed only to those who may see its report."""

    model = ReportAttachment

    def get_queryset(self):
        return restrict(ReportAttachment.objects.all(), self.request.user)

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return download(attachment.file, attachment.name)


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
