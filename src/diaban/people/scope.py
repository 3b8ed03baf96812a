"""The scope provider behind core.scoping.restrict: which unit paths a user may view or capture in."""

from diaban.core.scoping import CAPTURE, NOTHING, Scope
from diaban.people.choices import GrantKind, Role
from diaban.people.models import ScopeGrant


def scope_for_user(user, action: str) -> Scope:
    """Administrators reach everything; others their grants' subtrees. Capturing implies viewing."""
    if user.is_superuser:
        return Scope(everything=True)
    account = getattr(user, "account", None)
    if account is None:
        return NOTHING
    if account.role == Role.ADMINISTRATOR:
        return Scope(everything=True)
    kinds = [GrantKind.CAPTURE] if action == CAPTURE else [GrantKind.CAPTURE, GrantKind.VIEW]
    paths = ScopeGrant.objects.filter(account=account, kind__in=kinds).values_list("unit__path", flat=True)
    return Scope(paths=tuple(sorted(set(paths))))
