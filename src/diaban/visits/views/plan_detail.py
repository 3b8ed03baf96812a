"""One visit plan: its approvers, history and the overlapping plans of others."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.views.generic import DetailView

from diaban.core.dates import today
from diaban.visits import selectors
from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.models import VisitPlan, VisitTarget
from diaban.visits.services.merging import can_merge


class PlanDetailView(LoginRequiredMixin, DetailView):
    """One plan: what, where, who goes, who approves each step, the history, the overlapping plans of others
    (merge one into this one) and the actions the reader may take."""

    model = VisitPlan
    template_name = "visits/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail_queryset(self.request.user).select_related(
            "owner__department", "department_approver", "leader_approver", "report"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        me = selectors.person_of(user)
        owner = me is not None and me.pk == plan.owner_id
        events = _labelled(plan.events.all())
        report = getattr(plan, "report", None)
        overlaps = selectors.overlapping_plans(plan, user)
        prefetch_related_objects(overlaps, Prefetch("targets", queryset=VisitTarget.objects.select_related("unit")))
        for other in overlaps:
            other.mergeable = PlanStatus.DONE not in (plan.status, other.status) and can_merge(user, plan, other)
        context.update(
            me=me,
            is_owner=owner,
            steps=self._steps(plan, events),
            approvers_error=self._preview(plan, context),
            events=events,
            overlaps=overlaps,
            report=report,
            can_edit=owner and plan.status == PlanStatus.DRAFT,
            can_submit=owner and plan.status == PlanStatus.DRAFT,
            can_cancel=owner and plan.status not in (PlanStatus.DONE, PlanStatus.CANCELLED, PlanStatus.MERGED),
            can_approve=selectors.can_approve(user, plan),
            can_start_report=owner and report is None and plan.status == PlanStatus.APPROVED,
            trip_started=plan.start_date <= today(),
            returned=next((e for e in reversed(events) if e.action == PlanAction.RETURNED), None)
            if plan.status == PlanStatus.DRAFT
            else None,
            counterparts=[line for line in plan.counterparts.splitlines() if line.strip()],
            documents=[line for line in plan.documents_studied.splitlines() if line.strip()],
        )
        return context

    @staticmethod
    def _steps(plan, events):
        """The two approval steps once submitted: who, and whether done (when), waiting or not reached. A draft
        (returned plans too) gets none: its approvers are derived again when it is submitted."""
        if not plan.department_approver_id or plan.status == PlanStatus.DRAFT:
            return []
        last = {}
        for e in events:  # oldest first: the last approval of each step stays
            last[e.action] = e
        steps = []
        for label, person, action, waiting_in, done_in in (
            ("Trưởng phòng duyệt", plan.department_approver, PlanAction.DEPARTMENT_APPROVED, PlanStatus.SUBMITTED,
             (PlanStatus.DEPARTMENT_APPROVED, PlanStatus.APPROVED, PlanStatus.DONE)),
            ("Lãnh đạo phụ trách duyệt", plan.leader_approver, PlanAction.APPROVED, PlanStatus.DEPARTMENT_APPROVED,
             (PlanStatus.APPROVED, PlanStatus.DONE)),
        ):  # fmt: skip
            if plan.status in done_in:
                state = "done"
            elif plan.status == waiting_in:
                state = "waiting"
            else:
                state = "closed" if plan.status in (PlanStatus.CANCELLED, PlanStatus.MERGED) else ""
            event = last.get(action) if state == "done" else None
            steps.append({"label": label, "person": person, "state": state, "event": event})
        return steps

    @staticmethod
    def _preview(plan, context):
        """Before submission: who would approve now, or why nobody can yet."""
        if plan.status != PlanStatus.DRAFT:
            return ""
        units = [t.unit for t in plan.targets.all()]
        try:
            approvers = selectors.approvers_for(plan.owner, units, plan.start_date)
        except ValidationError as exc:
            return " ".join(exc.messages)
        context["preview"] = [
            {"label": "Trưởng phòng duyệt", "person": approvers.department_head},
            {"label": "Lãnh đạo phụ trách duyệt", "person": approvers.leader},
        ]
        return ""


_PLAN_PARTS = {"units": "địa bàn", "agenda": "nội dung làm việc", "companions": "người cùng đi"}


def _labelled(events):
    """Events with the plan fields they changed named as the form names them (trip report edits are told by
    their action alone)."""
    names = {f.name: str(f.verbose_name) for f in VisitPlan._meta.concrete_fields} | _PLAN_PARTS
    result = list(events)
    for event in result:
        updated = event.action == PlanAction.UPDATED
        event.changed = [names[key] for key in event.changes if key in names] if updated else []
    return result
