"""A cadre's own visit plans: drafted, edited while they are drafts, cancelled before the trip is done."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core import limits
from diaban.core.dates import format_date
from diaban.core.scoping import VIEW, restrict
from diaban.core.text import nfc
from diaban.people.models import Person
from diaban.territory.models import Unit
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus
from diaban.visits.models import AgendaItem, PlanEvent, VisitPlan, VisitTarget
from diaban.visits.selectors import person_of

PLAN_FIELDS = ("title", "start_date", "end_date", "counterparts", "documents_studied")


def _require_person(actor) -> Person:
    person = person_of(actor)
    if person is None:
        raise PermissionDenied("Tài khoản của bạn chưa gắn với một cán bộ nên không lập được kế hoạch đi cơ sở.")
    return person


def is_owner(actor, plan: VisitPlan) -> bool:
    person = person_of(actor)
    return person is not None and person.pk == plan.owner_id


def _check_plan(*, title, start_date, end_date, units, agenda) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Cần ghi tên đợt đi cơ sở."
    elif limits.text_length(title) > limits.TITLE:
        errors["title"] = limits.too_long("tên đợt đi cơ sở", limits.text_length(title), limits.TITLE)
    if start_date is None:
        errors["start_date"] = "Cần ghi ngày đi."
    if end_date is None:
        errors["end_date"] = "Cần ghi ngày về."
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = "Ngày về ({}) trước ngày đi ({}).".format(format_date(end_date), format_date(start_date))
    if not units:
        errors["units"] = "Cần chọn ít nhất một địa bàn đến."
    elif start_date and end_date:
        gone = [u for u in units if not (u.is_valid_on(start_date) and u.is_valid_on(end_date))]
        if gone:
            errors["units"] = "Địa bàn {} không tồn tại trong thời gian {}–{} (sắp xếp đơn vị hành chính).".format(
                gone[0].name, format_date(start_date), format_date(end_date)
            )
    if not agenda:
        errors["agenda"] = "Cần ghi ít nhất một nội dung làm việc."
    else:
        for i, item in enumerate(agenda, start=1):
            if item.get("kind") not in AgendaKind.values:
                errors["agenda"] = "Nội dung {}: loại nội dung không hợp lệ.".format(i)
            elif not (item.get("text") or "").strip():
                errors["agenda"] = "Nội dung {}: cần ghi nội dung cụ thể.".format(i)
            elif limits.text_length(item["text"]) > limits.TEXT:
                length = limits.text_length(item["text"])
                errors["agenda"] = "Nội dung {}: {}".format(i, limits.too_long("nội dung", length, limits.TEXT))
        if sum(1 for item in agenda if item.get("is_main")) > 1:
            errors["agenda"] = "Chỉ chọn một nội dung trọng tâm."
    if errors:
        raise ValidationError(errors)


def _visible_units(actor, units) -> list[Unit]:
    """The target units, each visible to the actor (their scope or an assignment of theirs covers it)."""
    units = list(units)
    visible = set(restrict(Unit.objects.filter(pk__in=[u.pk for u in units]), actor, VIEW).values_list("pk", flat=True))
    outside = [u for u in units if u.pk not in visible]
    if outside:
        raise ValidationError({"units": "Địa bàn {} nằm ngoài phạm vi của bạn.".format(outside[0].name)})
    return units


def _set_targets(plan: VisitPlan, units) -> None:
    plan.targets.all().delete()
    VisitTarget.objects.bulk_create([VisitTarget(plan=plan, unit=u, order=i) for i, u in enumerate(units)])


def _set_agenda(plan: VisitPlan, agenda, proposer: Person) -> None:
    plan.agenda.all().delete()
    has_main = any(item.get("is_main") for item in agenda)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                plan=plan,
                kind=item["kind"],
                text=nfc(item["text"]).strip(),
                is_main=bool(item.get("is_main")) or (not has_main and i == 0),
                proposed_by=item.get("proposed_by") or proposer,
                order=i,
            )
            for i, item in enumerate(agenda)
        ]
    )


@transaction.atomic
def plan_create(*, actor, title, start_date, end_date, units, agenda, companions=(), **fields) -> VisitPlan:
    """A draft plan of the actor's own. `agenda` is a list of {"kind", "text", "is_main"}."""
    owner = _require_person(actor)
    _check_plan(title=title, start_date=start_date, end_date=end_date, units=units, agenda=agenda)
    units = _visible_units(actor, units)
    plan = VisitPlan(
        title=title,
        owner=owner,
        department=owner.department,
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
        **{k: v for k, v in fields.items() if k in PLAN_FIELDS},
    )
    plan.full_clean(exclude=["owner", "department"])
    plan.save()
    plan.companions.set([p for p in companions if p.pk != owner.pk])
    _set_targets(plan, units)
    _set_agenda(plan, agenda, owner)
    PlanEvent.record(plan=plan, action=PlanAction.CREATED, actor=actor)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: VisitPlan, units=None, agenda=None, companions=None, **fields) -> VisitPlan:
    """Edit a draft (a returned plan is a draft again). Submitted plans are edited by returning them first."""
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_owner(actor, plan):
        raise PermissionDenied("Chỉ người chủ trì mới được sửa kế hoạch của mình.")
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Kế hoạch đang ở bước “{}”, không sửa được.".format(plan.get_status_display()))
    changes = {}
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        before = getattr(plan, name)
        if before != value:
            changes[name] = [str(before or ""), str(value or "")]
            setattr(plan, name, value)
    current_units = units if units is not None else [t.unit for t in plan.targets.select_related("unit")]
    current_agenda = agenda if agenda is not None else [{"kind": a.kind, "text": a.text} for a in plan.agenda.all()]
    plan.check_text_lengths(fields)
    _check_plan(
        title=plan.title, start_date=plan.start_date, end_date=plan.end_date, units=current_units, agenda=current_agenda
    )
    plan.save()
    if units is not None:
        before = sorted(plan.targets.values_list("unit_id", flat=True))
        units = _visible_units(actor, units)
        if before != sorted(u.pk for u in units):
            changes["units"] = [len(before), len(units)]
        _set_targets(plan, units)
    if agenda is not None:
        changes["agenda"] = [plan.agenda.count(), len(agenda)]
        _set_agenda(plan, agenda, plan.owner)
    if companions is not None:
        plan.companions.set([p for p in companions if p.pk != plan.owner_id])
        changes["companions"] = [None, len(companions)]
    if changes:
        PlanEvent.record(plan=plan, action=PlanAction.UPDATED, actor=actor, changes=changes)
    return plan


@transaction.atomic
def plan_cancel(*, actor, plan: VisitPlan, comment: str = "") -> VisitPlan:
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_owner(actor, plan):
        raise PermissionDenied("Chỉ người chủ trì mới được hủy kế hoạch.")
    if plan.status in (PlanStatus.DONE, PlanStatus.CANCELLED, PlanStatus.MERGED):
        raise ValidationError("Kế hoạch {} không hủy được.".format(plan.get_status_display()))
    comment = limits.clean_text(comment, limits.NOTE, field="comment", label="ý kiến")
    plan.status = PlanStatus.CANCELLED
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=plan, action=PlanAction.CANCELLED, actor=actor, comment=comment or "")
    return plan
