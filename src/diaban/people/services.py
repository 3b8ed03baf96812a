"""Writes of accounts and their scopes."""

from django.contrib.auth import get_user_model
from django.db import transaction

from diaban.core.text import nfc
from diaban.people.choices import GrantKind, Role
from diaban.people.models import Account, ScopeGrant


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
