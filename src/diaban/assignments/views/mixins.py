"""What the write pages share: the role check (403) before the scope check (404), and service errors shown
on the form fields they name."""

from django.core.exceptions import PermissionDenied, ValidationError

from diaban.people.permissions import can_manage_people


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
