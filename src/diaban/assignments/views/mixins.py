"""What the write pages share: the role check (403) before the scope check (404), and service errors shown
on the form fields they name."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from diaban.core.ids import parse_id
from diaban.core.scoping import CAPTURE
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


def add_service_errors(form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: each message on its field, or at the top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field_map.get(field, field)
            for error in errors:
                for message in error.messages:
                    form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class CaptureObjectMixin:
    """A form page about one object (`pk`) in the writer's capture scope: 404 outside it, looked up once.
    Without a `pk` (a page that creates) there is no target."""

    def capture_queryset(self):
        raise NotImplementedError

    def get_target(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_target"):
            self._target = get_object_or_404(self.capture_queryset(), pk=self.kwargs["pk"])
        return self._target

    def get(self, request, *args, **kwargs):
        self.get_target()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_target()
        return super().post(request, *args, **kwargs)


def chosen(queryset, value):
    """The object a picker's hidden input names, if it is in `queryset` (already scoped); None otherwise."""
    pk = parse_id(value)
    return queryset.filter(pk=pk).first() if pk else None


def capture_unit(user, value):
    """A unit chosen in a picker, if it lies in the user's capture scope."""
    return chosen(units_visible(user, CAPTURE).select_related("level", "parent"), value)
