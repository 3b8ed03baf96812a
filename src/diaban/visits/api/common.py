"""What the field-work API shares: the write permission of plans and trip reports, and the refusal of a
body's unknown fields."""

from rest_framework import permissions
from rest_framework.exceptions import ValidationError

from diaban.people.permissions import MANAGERS, role_of
from diaban.visits import selectors


class FieldWorkWrite(permissions.IsAuthenticated):
    """Anyone signed in reads within their scope. Writing needs an account linked to a cadre (plans and reports
    belong to people); a viewset's `manager_actions` are also open to organization staff."""

    message = (
        "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ mới lập, trình, duyệt kế hoạch đi cơ sở và báo cáo "
        "chuyến đi."
    )

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) in getattr(view, "manager_actions", ()) and role_of(request.user) in MANAGERS:
            return True
        return selectors.person_of(request.user) is not None


def refuse_unknown(data, allowed, why: str) -> None:
    """A body must be a JSON object of known fields: an unknown one is named, never silently dropped."""
    if not hasattr(data, "keys"):
        raise ValidationError({"non_field_errors": ["Gửi dữ liệu dưới dạng một đối tượng JSON."]})
    refused = sorted(set(data.keys()) - set(allowed))
    if refused:
        raise ValidationError({name: ["Không ghi được trường này; {}".format(why)] for name in refused})
