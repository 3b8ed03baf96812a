"""Writes of accounts and their scopes, and of people (cán bộ) with their positions, memberships and leave."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from diaban.core.dates import format_date
from diaban.core.text import nfc
from diaban.people.choices import GrantKind, Role
from diaban.people.models import Account, CommitteeMembership, Leave, LeaveKind, Person, Position, ScopeGrant
from diaban.people.permissions import can_manage_people, require_capture


@transaction.atomic
def account_upsert(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    title: str = "",
    organization: str = "",
    view_units=(),
    capture_units=(),
) -> Account:
    """Create or update a user with its account and exactly the given scope grants (idempotent)."""
    if role not in Role.values:
        raise ValueError("Vai trò không hợp lệ: {!r}".format(role))
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username)
    family_and_middle, _sep, given = nfc(full_name).rpartition(" ")
    # Django shows first_name + " " + last_name: family and middle names first is the Vietnamese order.
    user.first_name, user.last_name = family_and_middle, given
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    account, _created = Account.objects.update_or_create(
        user=user, defaults={"role": role, "title": title, "organization": organization}
    )
    wanted = {(u.pk, GrantKind.VIEW) for u in view_units} | {(u.pk, GrantKind.CAPTURE) for u in capture_units}
    current = set(account.grants.values_list("unit_id", "kind"))
    account.grants.filter(pk__in=[g.pk for g in account.grants.all() if (g.unit_id, g.kind) not in wanted]).delete()
    ScopeGrant.objects.bulk_create(
        [ScopeGrant(account=account, unit_id=unit_id, kind=kind) for unit_id, kind in wanted - current]
    )
    return account


# ---------------------------------------------------------------------------------------------------------
# People

PERSON_FIELDS = ("code", "full_name", "gender", "birth_year", "home_unit", "agency", "phone", "email")


@transaction.atomic
def person_save(*, actor, person: Person | None = None, **fields) -> Person:
    """Create a person, or update the given fields of one; both the old and the new home unit must lie in the
    actor's capture scope."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError("unknown fields {}".format(sorted(unknown)))
    if person is not None:
        require_capture(actor, person, person.full_name)
    else:
        person = Person()
    for name, value in fields.items():
        setattr(person, name, value)
    if person.home_unit_id:
        require_capture(actor, person.home_unit, person.home_unit.name)
    person.fill_keys()
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def position_add(
    *,
    actor,
    person: Person,
    title,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    organization: str = "",
    unit=None,
) -> Position:
    """Record a position held (in `unit` when that is not the person's home unit); the same title cannot be held
    twice over overlapping periods."""
    require_capture(actor, person, person.full_name)
    if unit is not None:
        require_capture(actor, unit, unit.name)
    position = Position(
        person=person, title=title, organization=organization, unit=unit, start_date=start_date, end_date=end_date
    )
    position.normalize_text()
    position.full_clean()
    overlapping = Position.objects.filter(person=person, title=title).exclude(end_date__lt=start_date)
    if end_date is not None:
        overlapping = overlapping.filter(start_date__lte=end_date)
    clash = overlapping.first()
    if clash is not None:
        raise ValidationError(
            {
                "start_date": "{} đã giữ chức vụ {} từ ngày {}{}.".format(
                    person.full_name,
                    title.name,
                    format_date(clash.start_date),
                    " đến ngày " + format_date(clash.end_date) if clash.end_date else "",
                )
            }
        )
    position.save()
    return position


@transaction.atomic
def position_end(*, actor, position: Position, end_date: datetime.date) -> Position:
    require_capture(actor, position.person, position.person.full_name)
    if end_date < position.start_date:
        raise ValidationError(
            {"end_date": "Ngày kết thúc phải sau ngày bắt đầu {}.".format(format_date(position.start_date))}
        )
    position.end_date = end_date
    position.save(update_fields=["end_date"])
    return position


@transaction.atomic
def membership_add(*, actor, person: Person, committee, term, role) -> CommitteeMembership:
    require_capture(actor, person, person.full_name)
    membership = CommitteeMembership(person=person, committee=committee, term=term, role=role)
    membership.full_clean()
    membership.save()
    return membership


# ---------------------------------------------------------------------------------------------------------
# Leave (days away, not counted as working days in field time)


def _require_leave_keeper(actor, person: Person) -> None:
    if not can_manage_people(actor):
        raise PermissionDenied("Chỉ Ban Tổ chức mới được ghi, xóa ngày nghỉ của cán bộ.")
    require_capture(actor, person, person.full_name)


@transaction.atomic
def leave_record(
    *,
    actor,
    person: Person,
    start_date: datetime.date,
    end_date: datetime.date,
    kind: str = LeaveKind.ANNUAL,
    note: str = "",
) -> Leave:
    """Record days a cadre is away; one person's leaves never overlap, so no day is taken off twice."""
    _require_leave_keeper(actor, person)
    # Two staff recording the same person's leave at once must not both pass the overlap check.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {
                "end_date": "Ngày nghỉ cuối {} trước ngày nghỉ đầu {}.".format(
                    format_date(end_date), format_date(start_date)
                )
            }
        )
    leave = Leave(person=person, kind=kind, start_date=start_date, end_date=end_date, note=nfc(note or "").strip())
    leave.full_clean()
    clash = (
        Leave.objects.filter(person=person, start_date__lte=end_date, end_date__gte=start_date)
        .order_by("start_date")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "start_date": "{} đã có ngày nghỉ từ {} đến {} ({}), trùng với khoảng {}–{}.".format(
                    person.full_name,
                    format_date(clash.start_date),
                    format_date(clash.end_date),
                    clash.get_kind_display(),
                    format_date(start_date),
                    format_date(end_date),
                )
            }
        )
    leave.save()
    return leave


@transaction.atomic
def leave_delete(*, actor, leave: Leave) -> None:
    _require_leave_keeper(actor, leave.person)
    leave.delete()
