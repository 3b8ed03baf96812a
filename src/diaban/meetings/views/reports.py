"""Pages of a cadre's meeting report: written and submitted by its author, read by everyone in scope, reopened by
organization staff; and its files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.generic import DetailView

from diaban.core.dates import today
from diaban.core.scoping import restrict
from diaban.core.uploads import download
from diaban.core.views import add_service_errors
from diaban.feedback import selectors as feedback_selectors
from diaban.feedback.models import Recommendation
from diaban.feedback.services import agency_work as feedback_agency_work
from diaban.meetings.forms import MeetingReportForm, ReopenForm
from diaban.meetings.models import Attendance, Meeting, MeetingReport, QualityCriterion, ReportAttachment
from diaban.meetings.selectors.lists import meetings_visible
from diaban.meetings.services.reports import (
    can_reopen_report,
    is_report_author,
    report_attach,
    report_reopen,
    report_save,
    report_start,
    report_submit,
)
from diaban.people.models import Person


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
        editable = is_report_author(user, report) and not report.is_locked
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
            can_reopen=report.is_locked and can_reopen_report(user, report),
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
                report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"])
                messages.success(request, "Đã mở lại báo cáo để cán bộ sửa.")
                return HttpResponseRedirect(report.get_absolute_url())
            if action == "attach":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError({"file": "Chưa chọn tệp."})
                report_attach(actor=request.user, report=report, upload=upload)
                messages.success(request, "Đã đính kèm {}.".format(upload.name))
                return HttpResponseRedirect(report.get_absolute_url())
            form = self._form(report, request.POST)
            if not form.is_valid():
                return self._answer(form, saved=False)
            report = report_save(actor=request.user, report=report, **form.service_fields())
            if action == "submit":
                report_submit(actor=request.user, report=report)
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
    if not is_report_author(user, report):
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
        return meetings_visible(self.request.user)

    def post(self, request, *args, **kwargs):
        if not Person.objects.filter(user=request.user).exists():
            raise PermissionDenied("Tài khoản của bạn chưa gắn với một cán bộ.")
        meeting = self.get_object()
        attendance = Attendance.objects.filter(meeting=meeting, person__user=request.user).first()
        if attendance is None:
            raise PermissionDenied("Bạn chưa được ghi nhận dự buổi sinh hoạt này.")
        report = report_start(actor=request.user, attendance=attendance)
        return HttpResponseRedirect(report.get_absolute_url())


class AttachmentView(LoginRequiredMixin, DetailView):
    """An attachment, streamed only to those who may see its report."""

    model = ReportAttachment

    def get_queryset(self):
        return restrict(ReportAttachment.objects.all(), self.request.user)

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return download(attachment.file, attachment.name)
