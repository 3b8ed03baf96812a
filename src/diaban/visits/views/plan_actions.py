"""The POST actions on a visit plan: submit, approve, return, cancel, merge, start the trip report."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from diaban.visits import selectors
from diaban.visits.choices import PlanStatus
from diaban.visits.models import VisitPlan
from diaban.visits.services.approval import plan_approve, plan_return, plan_submit
from diaban.visits.services.merging import plans_merge
from diaban.visits.services.plans import plan_cancel
from diaban.visits.services.trip_reports import trip_report_start
from diaban.visits.views.plans import require_person


class _PlanActionView(LoginRequiredMixin, SingleObjectMixin, View):
    """A POST on a plan: accounts without a person record get 403 (only owners and approvers act), plans out
    of the user's sight 404; the service decides who may act (403 otherwise). A refused change (a
    ValidationError) comes back as a message on the plan's page."""

    model = VisitPlan
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.plans_visible(self.request.user)

    def post(self, request, *args, **kwargs):
        require_person(request.user)
        plan = self.get_object()
        try:
            return self.act(plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan)

    def act(self, plan):
        raise NotImplementedError

    def comment(self) -> str:
        return (self.request.POST.get("comment") or "").strip()


class PlanSubmitView(_PlanActionView):
    def act(self, plan):
        plan = plan_submit(actor=self.request.user, plan=plan)
        messages.success(
            self.request,
            "Đã trình kế hoạch. {} duyệt trước, sau đó {}.".format(
                plan.department_approver.full_name, plan.leader_approver.full_name
            ),
        )
        return redirect(plan)


class PlanApproveView(_PlanActionView):
    def act(self, plan):
        plan = plan_approve(actor=self.request.user, plan=plan, comment=self.comment())
        if plan.status == PlanStatus.APPROVED:
            text = "Đã duyệt kế hoạch “{}”: kế hoạch đã được duyệt đủ hai bước.".format(plan.title)
        else:
            text = "Đã duyệt kế hoạch “{}”; chuyển {} duyệt tiếp.".format(plan.title, plan.leader_approver.full_name)
        messages.success(self.request, text)
        return redirect(plan)


class PlanReturnView(_PlanActionView):
    def act(self, plan):
        plan = plan_return(actor=self.request.user, plan=plan, comment=self.comment())
        messages.success(
            self.request, "Đã trả lại kế hoạch “{}” cho {} kèm ý kiến.".format(plan.title, plan.owner.full_name)
        )
        return redirect(plan)


class PlanCancelView(_PlanActionView):
    def act(self, plan):
        plan = plan_cancel(actor=self.request.user, plan=plan, comment=self.comment())
        messages.success(self.request, "Đã hủy kế hoạch “{}”.".format(plan.title))
        return redirect(plan)


class PlanMergeView(_PlanActionView):
    """Merge the plan named in `other` into this one (one trip instead of two)."""

    def act(self, plan):
        other_id = self.request.POST.get("other") or ""
        if not other_id.isdigit():
            raise ValidationError("Chưa chọn kế hoạch cần gộp vào kế hoạch này.")
        other = get_object_or_404(selectors.plans_visible(self.request.user), pk=other_id)
        plan = plans_merge(actor=self.request.user, into=plan, other=other)
        text = "Đã gộp “{}” của {} vào kế hoạch này.".format(other.title, other.owner.full_name)
        if plan.status == PlanStatus.SUBMITTED and plan.department_approver_id:
            text += " Kế hoạch được trình duyệt lại từ bước trưởng phòng ({}).".format(
                plan.department_approver.full_name
            )
        messages.success(self.request, text)
        return redirect(plan)


class TripReportStartView(_PlanActionView):
    """Open the trip report of an approved plan whose trip has begun (creating its draft the first time)."""

    def act(self, plan):
        report = trip_report_start(actor=self.request.user, plan=plan)
        return redirect(reverse("trip_report", kwargs={"pk": report.pk}))
