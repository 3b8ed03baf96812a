"""Writes of field work: plans, their approval and merging, trip reports.

Who may do what:
- a cadre with a person record plans their own trips (owner = the signed-in user's person) and edits them
  while they are drafts;
- the derived department head approves a submitted plan, then the derived leader in charge; either may
  return it to the owner with a comment (it goes back to draft);
- the owner cancels a plan not yet done; owners and approvers of two overlapping plans merge them;
- the owner files the trip report once the plan is approved; the department head who approved the plan or
  organization staff reopen it with a reason.
Every function validates and raises ValidationError (Vietnamese messages) or PermissionDenied, and writes
a PlanEvent with who, when and what.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from diaban.core import limits
from diaban.core.dates import format_date, today
from diaban.core.history import fold_into_last_save
from diaban.core.scoping import CAPTURE, VIEW, restrict
from diaban.core.text import nfc
from diaban.feedback.models import RecommendationSource
from diaban.feedback.services import recording as feedback_recording
from diaban.people.models import Person
from diaban.people.permissions import can_manage_people
from diaban.territory.models import Unit
from diaban.visits.choices import AgendaKind, PlanAction, PlanStatus, TripReportStatus
from diaban.visits.models import (
    AgendaItem,
    Finding,
    FollowUp,
    PlanEvent,
    TripReport,
    UnitVisitReport,
    VisitPlan,
    VisitTarget,
)
from diaban.visits.selectors import approvers_for, can_approve, person_of, plans_visible

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


# ---------------------------------------------------------------------------------------------------------
# Trip reports

REPORT_FIELDS = ("start_date", "end_date", "summary", "guidance_conveyed")
UNIT_FIELDS = ("situation", "guidance_given", "recommendations_text")


@transaction.atomic
def trip_report_start(*, actor, plan: VisitPlan) -> TripReport:
    """The trip report of an approved plan: the existing one, or a new draft with a part per unit visited and
    a finding per agenda item in each."""
    existing = TripReport.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    plan = VisitPlan.objects.select_for_update().get(pk=plan.pk)
    if not is_owner(actor, plan):
        raise PermissionDenied("Chỉ người chủ trì mới lập báo cáo chuyến đi.")
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError("Kế hoạch chưa được duyệt đủ hai bước nên chưa lập báo cáo được.")
    if plan.start_date > today():
        raise ValidationError("Chuyến đi bắt đầu ngày {}; báo cáo lập sau khi đi.".format(format_date(plan.start_date)))
    report = TripReport.objects.create(plan=plan, start_date=plan.start_date, end_date=plan.end_date)
    agenda = list(plan.agenda.all())
    for target in plan.targets.select_related("unit"):
        part = UnitVisitReport.objects.create(report=report, unit=target.unit)
        Finding.objects.bulk_create([Finding(unit_report=part, agenda_item=item) for item in agenda])
    PlanEvent.record(plan=plan, action=PlanAction.REPORT_SAVED, actor=actor, changes={"report": ["", "lập báo cáo"]})
    return report


def _check_report(report: TripReport, submitting: bool) -> None:
    errors = {}
    plan = report.plan
    if report.end_date < report.start_date:
        errors["end_date"] = "Ngày về ({}) trước ngày đi ({}).".format(
            format_date(report.end_date), format_date(report.start_date)
        )
    if report.start_date > today():
        errors["start_date"] = "Ngày đi ({}) chưa tới.".format(format_date(report.start_date))
    if abs((report.start_date - plan.start_date).days) > 60:
        errors["start_date"] = "Ngày đi thực tế cách ngày kế hoạch ({}) hơn 60 ngày.".format(
            format_date(plan.start_date)
        )
    for part in report.units.all():
        try:  # each line becomes a recommendation
            limits.check_lines(part.recommendations_text, limits.TEXT, field="units", label="kiến nghị")
        except ValidationError as exc:
            errors["units"] = "{}: {}".format(part.unit.name, exc.message_dict["units"][0])
            break
    if submitting:
        for part in report.units.all():
            if not part.situation.strip() and not any(f.text.strip() for f in part.findings.all()):
                errors["units"] = "{}: cần ghi tình hình hoặc kết quả ít nhất một nội dung trước khi nộp.".format(
                    part.unit.name
                )
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def trip_report_save(*, actor, report: TripReport, fields=None, units=None, findings=None, follow_ups=None):
    """Save the draft as it is typed. `fields`: report fields; `units`: {unit_report_id: {field: value}};
    `findings`: {finding_id: text}; `follow_ups`: {unit_report_id: [{"text", "due_date"}]} replacing the
    unit's follow-ups. A submitted report is locked."""
    report = TripReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    if not is_owner(actor, report.plan):
        raise PermissionDenied("Chỉ người chủ trì mới được sửa báo cáo chuyến đi.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp và bị khóa; cần Ban Tổ chức mở lại (có lý do) mới sửa được.")
    changes = {}
    for name, value in (fields or {}).items():
        if name not in REPORT_FIELDS:
            raise ValidationError({name: "Không sửa được trường này."})
        before = getattr(report, name)
        if before != value:
            changes[name] = [str(before or ""), str(value or "")]
            setattr(report, name, value)
    report.check_text_lengths(fields or {})
    parts = {p.pk: p for p in report.units.select_related("unit")}
    for part_id, values in (units or {}).items():
        part = parts.get(int(part_id))
        if part is None:
            raise ValidationError({"units": "Địa bàn không thuộc báo cáo này."})
        dirty = False
        for name, value in values.items():
            if name not in UNIT_FIELDS:
                raise ValidationError({name: "Không sửa được trường này."})
            if getattr(part, name) != value:
                setattr(part, name, value)
                changes["{}:{}".format(part.unit_id, name)] = ["", "đã sửa"]
                dirty = True
        too_long = part.text_length_errors(values)
        if too_long:
            raise ValidationError(
                {"units": ["{}: {}".format(part.unit.name, m) for messages in too_long.values() for m in messages]}
            )
        if dirty:
            part.save()
    if findings:
        rows = Finding.objects.filter(unit_report__report=report, pk__in=[int(k) for k in findings])
        known = {f.pk: f for f in rows.select_related("unit_report__unit")}
        for finding_id, text in findings.items():
            finding = known.get(int(finding_id))
            if finding is None:
                raise ValidationError({"findings": "Nội dung không thuộc báo cáo này."})
            if limits.text_length(text) > limits.TEXT:
                message = limits.too_long("kết quả", limits.text_length(text), limits.TEXT)
                raise ValidationError({"findings": "{}: {}".format(finding.unit_report.unit.name, message)})
            if finding.text != text:
                finding.text = text
                finding.save(update_fields=["text"])
                changes["finding:{}".format(finding.pk)] = ["", "đã sửa"]
    for part_id, items in (follow_ups or {}).items():
        part = parts.get(int(part_id))
        if part is None:
            raise ValidationError({"follow_ups": "Địa bàn không thuộc báo cáo này."})
        rows = []
        for i, item in enumerate(items, start=1):
            text = nfc(item.get("text") or "").strip()
            if not text:
                continue
            if item.get("due_date") is None:
                raise ValidationError({"follow_ups": "{}, việc {}: cần ghi hạn hoàn thành.".format(part.unit.name, i)})
            row = FollowUp(unit_report=part, text=text, due_date=item["due_date"])
            for messages in row.text_length_errors(["text"]).values():
                raise ValidationError({"follow_ups": "{}, việc {}: {}".format(part.unit.name, i, messages[0])})
            rows.append(row)
        existing = list(part.follow_ups.values_list("text", "due_date"))
        if existing != [(r.text, r.due_date) for r in rows]:
            part.follow_ups.all().delete()
            FollowUp.objects.bulk_create(rows)
            changes["{}:follow_ups".format(part.unit_id)] = [len(existing), len(rows)]
    _check_report(report, submitting=False)
    report.save()
    if changes:
        last = report.plan.events.order_by("-at", "-id").first()
        if not fold_into_last_save(last, action=PlanAction.REPORT_SAVED, actor=actor, changes=changes):
            PlanEvent.record(plan=report.plan, action=PlanAction.REPORT_SAVED, actor=actor, changes=changes)
    return report


@transaction.atomic
def trip_report_submit(*, actor, report: TripReport) -> TripReport:
    """Submit and lock; the plan is done. Each line of a unit's recommendations becomes a recommendation of
    that unit (once: resubmitting after a reopen adds only new lines)."""
    report = TripReport.objects.select_for_update().select_related("plan", "plan__owner").get(pk=report.pk)
    if not is_owner(actor, report.plan):
        raise PermissionDenied("Chỉ người chủ trì mới được nộp báo cáo chuyến đi.")
    if report.is_locked:
        raise ValidationError("Báo cáo đã nộp.")
    _check_report(report, submitting=True)
    for part in report.units.select_related("unit"):
        linked = {r.text for r in part.recommendations.all()}
        lines = [nfc(line).strip(" -•\t") for line in part.recommendations_text.splitlines()]
        for line in [line for line in lines if line]:
            if line in linked:
                continue
            linked.add(line)
            part.recommendations.add(
                feedback_recording.recommendation_from_report(
                    actor=actor,
                    unit=part.unit,
                    text=line,
                    source=RecommendationSource.VISIT,
                    raised_on=report.start_date,
                    carried_by=report.plan.owner,
                )
            )
    now = timezone.now()
    report.status = TripReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    plan = report.plan
    plan.status = PlanStatus.DONE
    plan.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=plan, action=PlanAction.REPORT_SUBMITTED, actor=actor)
    return report


def can_reopen_trip_report(actor, report: TripReport) -> bool:
    """The department head who approved the plan, or organization staff whose capture scope covers it."""
    person = person_of(actor)
    if person is not None and person.pk == report.plan.department_approver_id:
        return True
    return can_manage_people(actor) and restrict(TripReport.objects.filter(pk=report.pk), actor, CAPTURE).exists()


@transaction.atomic
def trip_report_reopen(*, actor, report: TripReport, reason: str) -> TripReport:
    """The department head or organization staff reopen a submitted trip report for correction, with a reason
    in the history."""
    report = TripReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    if not can_reopen_trip_report(actor, report):
        raise PermissionDenied("Chỉ trưởng phòng đã duyệt kế hoạch hoặc Ban Tổ chức mới được mở lại báo cáo đã nộp.")
    if not report.is_locked:
        raise ValidationError("Báo cáo chưa nộp, không cần mở lại.")
    reason = limits.clean_text(reason, limits.NOTE, field="reason", label="lý do mở lại")
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do mở lại báo cáo."})
    report.status = TripReportStatus.REOPENED
    report.save(update_fields=["status", "updated_at"])
    PlanEvent.record(plan=report.plan, action=PlanAction.REPORT_REOPENED, actor=actor, comment=reason or "")
    return report
