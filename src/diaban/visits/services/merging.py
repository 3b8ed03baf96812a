"""Two overlapping plans made one trip, by the owners or approvers of both."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.visits.choices import PlanAction, PlanStatus
from diaban.visits.models import AgendaItem, PlanEvent, VisitPlan, VisitTarget
from diaban.visits.selectors import approvers_for, person_of, plans_visible


def can_merge(actor, plan: VisitPlan, other: VisitPlan) -> bool:
    person = person_of(actor)
    if person is None:
        return False
    involved = {plan.owner_id, other.owner_id}
    for p in (plan, other):
        if p.status != PlanStatus.DRAFT:
            involved |= {p.department_approver_id, p.leader_approver_id}
    return person.pk in involved


_MERGEABLE = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.DEPARTMENT_APPROVED, PlanStatus.APPROVED)


@transaction.atomic
def plans_merge(*, actor, into: VisitPlan, other: VisitPlan) -> VisitPlan:
    """Make two overlapping plans one trip: `other`'s owner and companions go along on `into`, its units and
    agenda items (each keeping who proposed it) are added, the dates cover both. `other` is closed as merged.
    A plan already in approval goes back to its first step with the approvers derived again, since what is
    approved has changed."""
    into = VisitPlan.objects.select_for_update().get(pk=into.pk)
    other = VisitPlan.objects.select_for_update().get(pk=other.pk)
    if into.pk == other.pk:
        raise ValidationError("Không gộp một kế hoạch với chính nó.")
    for p in (into, other):
        if p.status not in _MERGEABLE:
            raise ValidationError(
                "Kế hoạch “{}” đang ở bước “{}”, không gộp được.".format(p.title, p.get_status_display())
            )
    if not plans_visible(actor).filter(pk__in=[into.pk, other.pk]).count() == 2 or not can_merge(actor, into, other):
        raise PermissionDenied("Chỉ người chủ trì hoặc người duyệt của hai kế hoạch mới được gộp chúng.")
    companions = {p.pk: p for p in into.companions.all()}
    for person in [other.owner, *other.companions.all()]:
        if person.pk != into.owner_id:
            companions[person.pk] = person
    into.companions.set(list(companions.values()))
    have = set(into.targets.values_list("unit_id", flat=True))
    order = len(have)
    for target in other.targets.order_by("order", "id"):
        if target.unit_id not in have:
            VisitTarget.objects.create(plan=into, unit_id=target.unit_id, order=order)
            order += 1
    next_order = into.agenda.count()
    for i, item in enumerate(other.agenda.order_by("order", "id")):
        AgendaItem.objects.create(
            plan=into,
            kind=item.kind,
            text=item.text,
            is_main=False,
            proposed_by_id=item.proposed_by_id or other.owner_id,
            order=next_order + i,
        )
    into.start_date = min(into.start_date, other.start_date)
    into.end_date = max(into.end_date, other.end_date)
    for name in ("counterparts", "documents_studied"):
        lines = [line for line in getattr(into, name).splitlines() if line.strip()]
        for line in getattr(other, name).splitlines():
            if line.strip() and line not in lines:
                lines.append(line)
        setattr(into, name, "\n".join(lines))
    into.check_text_lengths(["counterparts", "documents_studied"])
    was = into.status
    if into.status != PlanStatus.DRAFT:
        units = [t.unit for t in into.targets.select_related("unit")]
        approvers = approvers_for(into.owner, units, into.start_date)
        into.department_approver = approvers.department_head
        into.leader_approver = approvers.leader
        into.status = PlanStatus.SUBMITTED
    into.save()
    other.status = PlanStatus.MERGED
    other.merged_into = into
    other.save(update_fields=["status", "merged_into", "updated_at"])
    note = "Gộp “{}” của {}".format(other.title, other.owner.full_name)
    if was not in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
        note += "; kế hoạch trình duyệt lại từ bước trưởng phòng"
    PlanEvent.record(
        plan=into, action=PlanAction.MERGED_IN, actor=actor, comment=note or "", changes={"merged_plan": other.pk}
    )
    PlanEvent.record(
        plan=other,
        action=PlanAction.MERGED,
        actor=actor,
        comment="Gộp vào “{}” của {}".format(into.title, into.owner.full_name),
        changes={"into": into.pk},
    )
    return into
