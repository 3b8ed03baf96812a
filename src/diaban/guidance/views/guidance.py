"""Pages of guidance to cadres: the list, publishing, one guidance with its read receipts (and the reminder of
those who have not read it), its attachment and the receipts as Excel, and the page where the author of a
meeting or trip report ticks the guidance conveyed in it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.views.generic import DetailView, FormView, ListView

from diaban.core.dates import format_date, today
from diaban.core.excel import xlsx_response
from diaban.core.scoping import restrict
from diaban.core.views import HtmxPartialMixin, add_service_errors
from diaban.guidance import selectors
from diaban.guidance.exports import receipts_workbook
from diaban.guidance.filters import GuidanceFilterSet
from diaban.guidance.forms import ConveyedForm, GuidanceForm, RemindForm
from diaban.guidance.models import Guidance, GuidanceRecipient
from diaban.guidance.services.conveyed import conveyed_set, is_report_author
from diaban.guidance.services.guidance import (
    PUBLISHERS,
    can_publish,
    can_remind,
    guidance_mark_read,
    guidance_publish,
    guidance_remind,
    publish_action,
    publishable_units,
)
from diaban.guidance.views.common import WriterRequiredMixin, page_of, query_without, stream
from diaban.meetings.models import MeetingReport
from diaban.visits.models import TripReport
from diaban.visits.selectors import trip_reports_visible

CONVEYED_SHOWN = 20
# By name (the Vietnamese order), or the latest readers first and those who have not read at the end.
SORTS = {"ten": ("person__sort_key", "id"), "doc": (F("read_at").desc(nulls_last=True), "person__sort_key", "id")}


class GuidanceListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Guidance in scope and guidance sent to me, newest first, with how many have read each."""

    model = Guidance
    searchable = True
    template_name = "guidance/guidance_list.html"
    paginate_by = 30
    htmx_partials = ("guidance-table",)

    def get_queryset(self):
        visible = selectors.guidance_visible(self.request.user).select_related("unit")
        self.filterset = GuidanceFilterSet(self.request.GET, queryset=visible, request=self.request)
        return selectors.with_read_counts(self.filterset.qs).order_by("-published_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = context["object_list"] = list(context["object_list"])
        mine = dict(
            GuidanceRecipient.objects.filter(person__user_id=user.pk, guidance_id__in=[g.pk for g in rows]).values_list(
                "guidance_id", "read_at"
            )
        )
        for guidance in rows:
            guidance.sent_to_me = guidance.pk in mine
            guidance.read_by_me = mine.get(guidance.pk) is not None
        context.update(
            filterset=self.filterset,
            q=self.request.GET.get("q", ""),
            query_without_page=query_without(self.request, "page"),
            can_publish=can_publish(user),
            today=today(),
        )
        return context


class GuidanceCreateView(LoginRequiredMixin, WriterRequiredMixin, FormView):
    """Publish a guidance to the cadres of a unit (leaders in their view scope, organization staff in their
    capture scope)."""

    model = Guidance
    writers = PUBLISHERS
    refusal = "Chỉ lãnh đạo và Ban Tổ chức mới được gửi định hướng, thông tin cho cán bộ."
    form_class = GuidanceForm
    template_name = "guidance/guidance_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        units = publishable_units(user, today())
        kwargs["units"] = selectors.unit_options(units, user, publish_action(user))
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            guidance = guidance_publish(actor=self.request.user, upload=upload, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Đã gửi định hướng đến {} cán bộ.".format(guidance.recipient_count))
        return HttpResponseRedirect(guidance.get_absolute_url())


class GuidanceDetailView(LoginRequiredMixin, DetailView):
    """One guidance: its text and file; for a recipient, marking it read and the reports where they may record
    conveying it; for those who see it in their scope, who has read it (by name or by time read, read or not),
    the reminder of those who have not, and where it was conveyed."""

    model = Guidance
    template_name = "guidance/guidance_detail.html"
    context_object_name = "guidance"

    def get_queryset(self):
        return selectors.guidance_visible(self.request.user).select_related("unit", "published_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guidance, user, request = self.object, self.request.user, self.request
        receipt = selectors.receipt_of(user, guidance)
        in_scope = selectors.in_scope(user, guidance)
        context.update(receipt=receipt, in_scope=in_scope, can_remind=can_remind(user, guidance))
        if in_scope:
            state = {"chua-doc": "unread", "da-doc": "read"}.get(request.GET.get("trang_thai", ""), "")
            sort = request.GET.get("sap_xep") if request.GET.get("sap_xep") in SORTS else "ten"
            receipts = selectors.receipts_of(guidance, state).order_by(*SORTS[sort])
            conveyed = guidance.conveyed.select_related(
                "person", "meeting_report__attendance__meeting__organization", "trip_report__plan"
            )
            context.update(
                counts=selectors.receipt_counts(guidance),
                receipts=page_of(request, receipts),
                state=request.GET.get("trang_thai", ""),
                sort=sort,
                query_without_page=query_without(request, "trang"),
                conveyed=list(conveyed[:CONVEYED_SHOWN]),
                remind_form=kwargs.get("remind_form") or RemindForm(),
            )
        if receipt is not None:
            context["my_reports"] = selectors.recent_reports(receipt.person, guidance.published_on, limit=5)
        return context

    def post(self, request, *args, **kwargs):
        self.object = guidance = self.get_object()
        action = request.POST.get("action")
        try:
            if action == "read":
                guidance_mark_read(actor=request.user, guidance=guidance)
                messages.success(request, "Đã ghi nhận bạn đã đọc định hướng này.")
            elif action == "remind":
                form = RemindForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(remind_form=form))
                done = guidance_remind(actor=request.user, guidance=guidance, **form.cleaned_data)
                text = "Đã gửi thông báo nhắc {} cán bộ chưa đọc.".format(done.created)
                if done.already:
                    text += " {} cán bộ đã được nhắc trước đó, không nhắc lại.".format(done.already)
                if done.without_account:
                    text += " {} cán bộ chưa có tài khoản, cần nhắc cách khác.".format(done.without_account)
                messages.success(request, text)
            else:
                raise Http404("Thao tác không hợp lệ.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(guidance.get_absolute_url())


class GuidanceFileView(LoginRequiredMixin, DetailView):
    """A guidance's attachment, streamed only to those who see the guidance."""

    model = Guidance

    def get_queryset(self):
        return selectors.guidance_visible(self.request.user)

    def get(self, request, *args, **kwargs):
        guidance = self.get_object()
        return stream(guidance.file, guidance.file_name)


class GuidanceReceiptsExportView(LoginRequiredMixin, DetailView):
    """Who read a guidance and when, as Excel, for those who see it in their scope."""

    model = Guidance

    def get_queryset(self):
        return restrict(Guidance.objects.all(), self.request.user).select_related("unit")

    def get(self, request, *args, **kwargs):
        guidance = self.get_object()
        return xlsx_response(receipts_workbook(guidance), "doc-dinh-huong-{}.xlsx".format(guidance.pk))


# ---------------------------------------------------------------------------------------------------------
# Guidance conveyed in a report


class _ConveyedView(LoginRequiredMixin, DetailView):
    """The guidance conveyed in one report: its author ticks them among those sent to them by the report's
    date; anyone who sees the report reads the list."""

    template_name = "guidance/conveyed.html"
    context_object_name = "report"

    def _candidates(self, report):
        candidates = selectors.guidance_for_report(report, self.request.user)
        if is_report_author(self.request.user, report):
            return candidates
        linked = selectors.linked_ids(report)
        return [g for g in candidates if g.pk in linked]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        candidates = self._candidates(report)
        linked = selectors.linked_ids(report)
        context.update(
            author=selectors.report_author(report),
            day=selectors.report_date(report),
            is_author=is_report_author(self.request.user, report),
            candidates=candidates,
            linked=linked,
            form=kwargs.get("form")
            or ConveyedForm(initial={"guidance": [str(pk) for pk in linked]}, candidates=candidates),
            report_url=self.report_url(report),
            report_title=self.report_title(report),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = report = self.get_object()
        if not is_report_author(request.user, report):
            raise PermissionDenied("Chỉ cán bộ lập báo cáo mới ghi được định hướng đã truyền đạt trong báo cáo đó.")
        form = ConveyedForm(request.POST, candidates=self._candidates(report))
        if form.is_valid():
            try:
                added, removed = conveyed_set(
                    actor=request.user, report=report, guidance_ids=form.cleaned_data["guidance"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Đã ghi định hướng đã truyền đạt: thêm {}, bỏ {}.".format(added, removed))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class MeetingReportConveyedView(_ConveyedView):
    model = MeetingReport

    def get_queryset(self):
        return selectors.meeting_reports_visible(self.request.user).select_related(
            "attendance__person", "attendance__meeting__organization"
        )

    def report_url(self, report):
        return report.get_absolute_url()

    def report_title(self, report):
        meeting = report.attendance.meeting
        return "Báo cáo dự sinh hoạt {} ngày {}".format(meeting.organization.name, format_date(meeting.date))


class TripReportConveyedView(_ConveyedView):
    model = TripReport

    def get_queryset(self):
        return trip_reports_visible(self.request.user).select_related("plan__owner")

    def report_url(self, report):
        return report.plan.get_absolute_url()

    def report_title(self, report):
        return "Báo cáo chuyến đi cơ sở «{}» ({}–{})".format(
            report.plan.title, format_date(report.start_date), format_date(report.end_date)
        )
