"""Who may write what, beyond scope: the role decides which kinds of record a user keeps."""

from django.core.exceptions import PermissionDenied

from diaban.core.scoping import CAPTURE, restrict
from diaban.people.choices import Role

# Organization staff keep units, people and assignments (DESIGN §2); administrators can do everything.
MANAGERS = {Role.ORGANIZATION, Role.ADMINISTRATOR}


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    account = getattr(user, "account", None)
    return account.role if account else None


def person_of(user):
    """The cadre record of a signed-in user, or None."""
    from diaban.people.models import Person

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def can_manage_people(user) -> bool:
    """Organization staff and administrators keep people and assignments (within their capture scope)."""
    return role_of(user) in MANAGERS


def require_manager(user) -> None:
    if not can_manage_people(user):
        raise PermissionDenied("Chỉ Ban Tổ chức mới được phân công cán bộ và cập nhật danh sách cán bộ.")


def require_capture(user, obj, what: str) -> None:
    """`obj` must lie in the user's capture scope; the message names it."""
    require_manager(user)
    if not restrict(type(obj)._default_manager.filter(pk=obj.pk), user, CAPTURE).exists():
        raise PermissionDenied("{} nằm ngoài phạm vi nhập liệu của bạn.".format(what))
