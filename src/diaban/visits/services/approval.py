"""A plan's two-step approval: the owner submits it and its approvers are derived then; the department head, then
the leader in charge, approves it or returns it to the owner with a comment."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.models import PlanEvent, VisitPlan
from diaban.visits.selectors import approvers_for, can_approve
from diaban.visits.services.plans import is_owner


@transaction.atomic
def plan_submit(*, actor, plan: VisitPlan) -> VisitPlan:
    """Send a draft for approval; the approvers are derived now (the department and the area's leader)."""
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_owner(actor, plan):
        raise PermissionDenied("Chỉ người chủ trì mới được trình duyệt kế hoạch.")
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Kế hoạch đã trình duyệt.")
    units = [t.unit for t in plan.targets.select_related("unit")]
    approvers = approvers_for(plan.owner, units, plan.start_date)
    plan.department = plan.owner.department
    plan.department_approver = approvers.department_head
    plan.leader_approver = approvers.leader
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    PlanEvent.record(plan=plan, action=PlanAction.SUBMITTED, actor=actor)
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: VisitPlan, comment: str = "") -> VisitPlan:
    """The approver of the current step approves: the department head first, then the leader in charge."""
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED):
        raise ValidationError("Kế hoạch không ở bước chờ duyệt (đang: {}).".format(plan.get_status_display()))
    if not can_approve(actor, plan):
        who = plan.department_approver if plan.status == PlanStatus.SUBMITTED else plan.leader_approver
        raise PermissionDenied("Bước này do {} duyệt.".format(who.full_name if who else "người có thẩm quyền"))
    comment = limits.clean_text(comment, limits.NOTE, field="comment", label="ý kiến")
    if plan.status == PlanStatus.SUBMITTED:
        plan.status = PlanStatus.DEPARTMENT_APPROVED
        action = PlanAction.DEPARTMENT_APPROVED
    else:
        plan.status = PlanStatus.APPROVED
        action = PlanAction.APPROVED
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=plan, action=action, actor=actor, comment=comment or "")
    return plan


@transaction.atomic
def plan_return(*, actor, plan: VisitPlan, comment: str) -> VisitPlan:
    """The approver of the current step sends the plan back to its owner (as a draft) with a comment."""
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED):
        raise ValidationError("Kế hoạch không ở bước chờ duyệt (đang: {}).".format(plan.get_status_display()))
    if not can_approve(actor, plan):
        raise PermissionDenied("Chỉ người duyệt ở bước này mới được trả lại kế hoạch.")
    comment = limits.clean_text(comment, limits.NOTE, field="comment", label="ý kiến")
    if not comment:
        raise ValidationError({"comment": "Cần ghi ý kiến khi trả lại kế hoạch."})
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=plan, action=PlanAction.RETURNED, actor=actor, comment=comment or "")
    return plan
