"""The page of a group of similar recommendations: its members the user sees and their common answer."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from diaban.core.dates import format_date, parse_date, today
from diaban.feedback import selectors
from diaban.feedback.models import RecommendationGroup
from diaban.feedback.services import groups


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
                groups.group_answer(actor=request.user, group=group, text=request.POST.get("text", ""), on=on)
                messages.success(request, "Đã gửi trả lời chung đến mọi kiến nghị còn mở của nhóm.")
            elif action == "remove":
                member = get_object_or_404(
                    selectors.recommendations_visible(request.user).filter(group=group),
                    pk=request.POST.get("member") or 0,
                )
                groups.group_remove(actor=request.user, group=group, recommendation=member)
                messages.success(request, "Đã tách kiến nghị số {} khỏi nhóm.".format(member.pk))
            else:
                raise Http404("Thao tác không hợp lệ.")
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages), status=400)
        return HttpResponseRedirect(group.get_absolute_url())
