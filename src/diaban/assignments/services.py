"""Writes of assignments. The past is never edited: rotation, departure and reorganization end an assignment
and start another; every change is recorded as an AssignmentEvent (who, when, before and after).

All functions take the acting user as `actor`, check role and capture scope, validate, and run in one
transaction; they raise ValidationError (field → Vietnamese message) or PermissionDenied.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from diaban.assignments.choices import EndReason, EventAction, Purpose
from diaban.assignments.models import Assignment, AssignmentEvent
from diaban.assignments.policy import check_policy
from diaban.core import limits
from diaban.core.dates import format_date
from diaban.core.text import nfc
from diaban.people.choices import DepartureReason
from diaban.people.models import Person
from diaban.people.permissions import require_capture
from diaban.territory.choices import OrganizationKind
from diaban.territory.models import Succession

DAY = datetime.timedelta(days=1)
DETAIL_FIELDS = ("decision_number", "decision_date", "decision_signer", "note")


def _snapshot(assignment: Assignment) -> dict:
    """The fields an event records, as text a person can read later."""
    return {
        "person": assignment.person.full_name,
        "unit": assignment.unit.name,
        "organization": assignment.organization.name if assignment.organization_id else "",
        "purpose": assignment.get_purpose_display(),
        "start_date": format_date(assignment.start_date),
        "end_date": format_date(assignment.end_date),
        "end_reason": assignment.get_end_reason_display() if assignment.end_reason else "",
        "decision_number": assignment.decision_number,
        "decision_date": format_date(assignment.decision_date),
        "decision_signer": assignment.decision_signer,
        "note": assignment.note,
        "rule": assignment.rule.name if assignment.rule_id else "",
        "override_reason": assignment.override_reason,
    }


def _changes(assignment: Assignment, before: dict | None = None) -> dict:
    """What an event records: the whole assignment when it starts ({"after": …}), else each field that changed
    since `before` as [before, after]."""
    after = _snapshot(assignment)
    if before is None:
        return {"after": after}
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


@transaction.atomic
def assignment_create(
    *,
    actor,
    person: Person,
    unit=None,
    organization=None,
    start_date: datetime.date,
    purpose: str = Purpose.FOLLOW,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_signer: str = "",
    note: str = "",
    override_reason: str = "",
    previous: Assignment | None = None,
    action: str | None = None,
    reason: str = "",
) -> Assignment:
    """Assign `person` to follow `unit` (or the cell `organization`) from `start_date`.

    Refused when the policy allows no rule for it, unless `override_reason` says why (kept on the assignment
    and in its history).
    """
    if organization is not None:
        if organization.kind != OrganizationKind.CELL:
            raise ValidationError({"organization": "{} không phải là chi bộ.".format(organization.name)})
        if unit is not None and organization.unit_id != unit.pk:
            raise ValidationError({"organization": "{} không sinh hoạt tại {}.".format(organization.name, unit.name)})
        unit = organization.unit
    if unit is None:
        raise ValidationError({"unit": "Chọn địa bàn được phân công theo dõi."})
    require_capture(actor, unit, unit.name)
    errors = {}
    if not unit.is_valid_on(start_date):
        errors["start_date"] = "{} không có hiệu lực vào ngày {} (hiệu lực {}–{}).".format(
            unit.name,
            format_date(start_date),
            format_date(unit.valid_from) or "…",
            format_date(unit.valid_until) or "…",
        )
    if person.departed_on and person.departed_on <= start_date:
        errors["person"] = "{} đã thôi công tác từ ngày {}.".format(person.full_name, format_date(person.departed_on))
    clash = (
        Assignment.objects.filter(person=person, unit=unit, purpose=purpose)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .first()
    )
    if clash is not None:
        errors["unit"] = "{} đã được phân công {} {} từ ngày {}{}.".format(
            person.full_name,
            clash.get_purpose_display(),
            unit.name,
            format_date(clash.start_date),
            " đến ngày " + format_date(clash.end_date) if clash.end_date else "",
        )
    if errors:
        raise ValidationError(errors)
    decision = check_policy(person, unit, start_date)
    override_reason = nfc(override_reason or "")
    if not decision.allowed and not override_reason:
        raise ValidationError({"override_reason": decision.message})
    assignment = Assignment(
        person=person,
        unit=unit,
        organization=organization,
        purpose=purpose,
        start_date=start_date,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_signer=decision_signer,
        note=note,
        rule=decision.rule,
        override_reason="" if decision.allowed else override_reason,
        previous=previous,
    )
    assignment.normalize_text()
    assignment.full_clean()
    assignment.save()
    if action is None:
        action = EventAction.CREATED if decision.allowed else EventAction.OVERRIDDEN
    AssignmentEvent.record(
        assignment=assignment,
        action=action,
        actor=actor,
        changes=_changes(assignment),
        reason=reason or ("" if decision.allowed else override_reason),
    )
    return assignment


@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, **fields) -> Assignment:
    """Correct the decision and note of an assignment; who it is and when it runs are never edited."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "Không sửa được trường này; hãy kết thúc hoặc luân chuyển phân công." for name in unknown}
        )
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    require_capture(actor, assignment.unit, assignment.unit.name)
    before = _snapshot(assignment)
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.normalize_text()
    assignment.full_clean()
    assignment.save()
    if _snapshot(assignment) != before:
        AssignmentEvent.record(
            assignment=assignment, action=EventAction.UPDATED, actor=actor, changes=_changes(assignment, before)
        )
    return assignment


def _end(assignment, end_date, reason, actor, action, note="") -> Assignment:
    if assignment.end_date is not None and assignment.end_date < end_date:
        raise ValidationError(
            {"end_date": "Phân công này đã kết thúc ngày {}.".format(format_date(assignment.end_date))}
        )
    if end_date < assignment.start_date:
        raise ValidationError(
            {
                "end_date": "Ngày kết thúc {} trước ngày bắt đầu phân công {}.".format(
                    format_date(end_date), format_date(assignment.start_date)
                )
            }
        )
    before = _snapshot(assignment)
    assignment.end_date, assignment.end_reason = end_date, reason
    assignment.save(update_fields=["end_date", "end_reason"])
    AssignmentEvent.record(
        assignment=assignment, action=action, actor=actor, changes=_changes(assignment, before), reason=note or ""
    )
    return assignment


@transaction.atomic
def assignment_end(*, actor, assignment: Assignment, end_date: datetime.date, note: str = "") -> Assignment:
    """End an assignment on `end_date` (its last day)."""
    assignment = Assignment.objects.select_for_update().select_related("person", "unit").get(pk=assignment.pk)
    require_capture(actor, assignment.unit, assignment.unit.name)
    limits.check_length(note, limits.NOTE, field="note", label="ghi chú")
    return _end(assignment, end_date, EndReason.ENDED, actor, EventAction.ENDED, note)


@transaction.atomic
def assignment_rotate(
    *,
    actor,
    assignment: Assignment,
    new_unit,
    date: datetime.date,
    note: str = "",
    override_reason: str = "",
    decision_number: str = "",
    decision_date=None,
    decision_signer: str = "",
) -> Assignment:
    """Rotation (luân chuyển địa bàn): the assignment ends the day before `date`, a new one on `new_unit`
    starts on `date` and points back to it."""
    old = Assignment.objects.select_for_update().select_related("person", "unit").get(pk=assignment.pk)
    require_capture(actor, old.unit, old.unit.name)
    if date <= old.start_date:
        raise ValidationError(
            {"date": "Ngày luân chuyển phải sau ngày bắt đầu phân công {}.".format(format_date(old.start_date))}
        )
    if not old.is_active_on(date - DAY):
        raise ValidationError({"date": "Phân công này không còn hiệu lực vào ngày {}.".format(format_date(date - DAY))})
    if new_unit.pk == old.unit_id:
        raise ValidationError({"new_unit": "Địa bàn mới trùng địa bàn cũ."})
    limits.check_length(note, limits.NOTE, field="note", label="ghi chú")  # it is also the ended one's reason
    _end(old, date - DAY, EndReason.ROTATED, actor, EventAction.ROTATED, note)
    return assignment_create(
        actor=actor,
        person=old.person,
        unit=new_unit,
        start_date=date,
        purpose=old.purpose,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_signer=decision_signer,
        note=note,
        override_reason=override_reason,
        previous=old,
        action=EventAction.ROTATED,
        reason=note or override_reason,
    )


@transaction.atomic
def person_depart(*, actor, person: Person, date: datetime.date, reason: str, note: str = "") -> list[Assignment]:
    """A person leaves (retired, transferred…) from `date`: every assignment still running ends the day
    before, with the reason. Returns the assignments ended."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_capture(actor, person, person.full_name)
    if reason not in DepartureReason.values:
        raise ValidationError({"reason": "Chọn lý do thôi công tác."})
    if person.departed_on:
        raise ValidationError(
            {"date": "{} đã thôi công tác từ ngày {}.".format(person.full_name, format_date(person.departed_on))}
        )
    running = list(
        person.assignments.filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
        .select_related("unit", "person")
        .order_by("start_date")
    )
    later = [a for a in running if a.start_date >= date]
    if later:
        raise ValidationError(
            {
                "date": "Có phân công bắt đầu từ ngày {} trở đi ({}): hãy kết thúc chúng trước.".format(
                    format_date(date), ", ".join(a.unit.name for a in later)
                )
            }
        )
    limits.check_length(note, Person._meta.get_field("departure_note").max_length, field="note", label="ghi chú")
    person.departed_on, person.departure_reason, person.departure_note = date, reason, nfc(note)
    person.save(update_fields=["departed_on", "departure_reason", "departure_note"])
    text = "{}{}".format(DepartureReason(reason).label, ": " + nfc(note) if note else "")
    return [_end(a, date - DAY, EndReason.DEPARTED, actor, EventAction.DEPARTED, text) for a in running]


@transaction.atomic
def assignments_bulk_create(*, actor, items: list[dict]) -> list[Assignment]:
    """Many assignments at once, all or nothing: every refused item is reported as "Dòng n: …"."""
    created, errors = [], []
    for number, item in enumerate(items, start=1):
        try:
            created.append(assignment_create(actor=actor, **item))
        except ValidationError as exc:
            errors.extend("Dòng {}: {}".format(number, message) for message in exc.messages)
        except PermissionDenied as exc:
            errors.append("Dòng {}: {}".format(number, exc))
    if errors:
        raise ValidationError(errors)
    return created


@transaction.atomic
def assignment_move_to_successor(*, actor, assignment: Assignment, successor, override_reason: str = "") -> Assignment:
    """After a reorganization: the assignment of a closed unit ends on the unit's last day and continues on
    one of its successors from the succession date."""
    old = Assignment.objects.select_for_update().select_related("person", "unit").get(pk=assignment.pk)
    require_capture(actor, old.unit, old.unit.name)
    link = Succession.objects.filter(predecessor=old.unit, successor=successor).first()
    if link is None or old.unit.valid_until is None:
        raise ValidationError({"successor": "{} không phải địa bàn kế thừa {}.".format(successor.name, old.unit.name)})
    _end(
        old,
        min(old.unit.valid_until, old.end_date or old.unit.valid_until),
        EndReason.REORGANIZED,
        actor,
        EventAction.MOVED,
        "Sắp xếp địa bàn: {} → {}".format(old.unit.name, successor.name),
    )
    return assignment_create(
        actor=actor,
        person=old.person,
        unit=successor,
        start_date=max(link.date, successor.valid_from or link.date),
        purpose=old.purpose,
        decision_number=old.decision_number,
        decision_date=old.decision_date,
        decision_signer=old.decision_signer,
        note=old.note,
        override_reason=override_reason,
        previous=old,
        action=EventAction.MOVED,
        reason="Sắp xếp địa bàn: {} → {}".format(old.unit.name, successor.name),
    )
