"""Pages of drafts for comment: the list, sending a draft, one draft with its comments (the invited cadres add,
edit and withdraw theirs until the deadline) and who has not answered, and its file."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, FormView, ListView

from diaban.core.dates import format_date, today
from diaban.core.scoping import CAPTURE
from diaban.core.views import HtmxPartialMixin, add_service_errors
from diaban.guidance import selectors
from diaban.guidance.filters import DraftFilterSet
from diaban.guidance.forms import CommentForm, DraftForm
from diaban.guidance.models import DraftDocument
from diaban.guidance.services.drafts import (
    SENDERS,
    can_comment,
    can_send_drafts,
    comment_add,
    comment_delete,
    comment_update,
    draft_send,
    sending_units,
)
from diaban.guidance.views.common import WriterRequiredMixin, query_without, stream
from diaban.visits.selectors import person_of


class DraftListView(LoginRequiredMixin, HtmxPartialMixin, ListView):
    """Drafts sent from units in scope and drafts I am asked about, newest first, with how many answered."""

    model = DraftDocument
    searchable = True
    template_name = "guidance/draft_list.html"
    paginate_by = 30
    htmx_partials = ("draft-table",)

    def get_queryset(self):
        visible = selectors.drafts_visible(self.request.user).select_related("unit")
        self.filterset = DraftFilterSet(self.request.GET, queryset=visible, request=self.request)
        return selectors.with_answer_counts(self.filterset.qs).order_by("-sent_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = person_of(self.request.user)
        on = today()
        awaiting = set(selectors.drafts_awaiting(person, on).values_list("document_id", flat=True)) if person else set()
        for document in context["object_list"]:
            document.awaits_me = document.pk in awaiting
            document.is_open = document.is_open_on(on)
        context.update(
            filterset=self.filterset,
            q=self.request.GET.get("q", ""),
            query_without_page=query_without(self.request, "page"),
            can_send=can_send_drafts(self.request.user),
        )
        return context


class DraftCreateView(LoginRequiredMixin, WriterRequiredMixin, FormView):
    """Send a draft from a unit in the sender's capture scope to the cadres following it."""

    model = DraftDocument
    writers = SENDERS
    refusal = "Chỉ cơ sở (chi bộ, đảng ủy) và Ban Tổ chức mới gửi được dự thảo xin góp ý."
    form_class = DraftForm
    template_name = "guidance/draft_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["units"] = selectors.unit_options(sending_units(user, today()), user, CAPTURE)
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            document = draft_send(actor=self.request.user, upload=upload, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Đã gửi dự thảo đến {} cán bộ theo dõi; hạn góp ý {}.".format(
                document.recipient_count, format_date(document.deadline)
            ),
        )
        return HttpResponseRedirect(document.get_absolute_url())


class DraftDetailView(LoginRequiredMixin, DetailView):
    """One draft: its text and file, the comments, the invited cadres who have and have not answered (for
    those who see it in their scope), and the invited cadre's own comments, open until the deadline."""

    model = DraftDocument
    template_name = "guidance/draft_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return selectors.drafts_visible(self.request.user).select_related("unit", "sent_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document, user = self.object, self.request.user
        person = person_of(user)
        is_open = document.is_open_on(today())
        comments = list(document.comments.select_related("person").order_by("created_at", "id"))
        for comment in comments:
            comment.mine = person is not None and comment.person_id == person.pk
        in_scope = selectors.in_scope(user, document)
        answers = selectors.answers_of(document) if in_scope else []
        context.update(
            comments=comments,
            is_open=is_open,
            can_comment=can_comment(user, document),
            form=kwargs.get("form") or CommentForm(),
            in_scope=in_scope,
            answers=answers,
            answered=sum(1 for a in answers if a.answered),
            editing=kwargs.get("editing"),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = document = self.get_object()
        action = request.POST.get("action")
        form = CommentForm(request.POST)
        comment = None
        if action in ("edit", "delete"):
            comment = get_object_or_404(document.comments, pk=request.POST.get("comment") or 0)
        elif action != "comment":
            raise Http404("Thao tác không hợp lệ.")
        try:
            if action == "delete":
                comment_delete(actor=request.user, comment=comment)
                messages.success(request, "Đã rút ý kiến.")
                return HttpResponseRedirect(document.get_absolute_url())
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form, editing=comment))
            if action == "edit":
                comment_update(actor=request.user, comment=comment, **form.cleaned_data)
                messages.success(request, "Đã sửa ý kiến.")
            else:
                comment = comment_add(actor=request.user, document=document, **form.cleaned_data)
                messages.success(request, "Đã gửi ý kiến góp ý.")
        except ValidationError as exc:
            # Past the deadline (or an empty edit): the reason at the top of the page.
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(document.get_absolute_url())


class DraftFileView(LoginRequiredMixin, DetailView):
    """A draft's file, streamed only to those who see the draft."""

    model = DraftDocument

    def get_queryset(self):
        return selectors.drafts_visible(self.request.user)

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        return stream(document.file, document.file_name)
