"""What the people and assignment write pages share: the role check (403) before the scope check (404)."""

from django.core.exceptions import PermissionDenied

from diaban.core.scoping import CAPTURE
from diaban.core.views import chosen
from diaban.people.permissions import can_manage_people
from diaban.territory.selectors import units_visible


class ManagerRequiredMixin:
    """Only organization staff and administrators write people and assignments (others get 403); objects
    outside the writer's capture scope are absent (404)."""

    capture = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_people(request.user):
            raise PermissionDenied("Chỉ Ban Tổ chức mới được phân công cán bộ.")
        return super().dispatch(request, *args, **kwargs)


def capture_unit(user, value):
    """A unit chosen in a picker, if it lies in the user's capture scope."""
    return chosen(units_visible(user, CAPTURE).select_related("level", "parent"), value)
