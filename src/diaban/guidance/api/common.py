"""What the guidance API shares: the write permission each resource's writes refine, and its refusal when the
account is no cadre's."""

from rest_framework import permissions

NO_PERSON = "Tài khoản của bạn chưa gắn với một cán bộ: chỉ cán bộ mới {}."


class Writes(permissions.IsAuthenticated):
    """Reads for anyone signed in (within scope); each write action names who may attempt it, by role or by
    having a person record. Whether this object is theirs the services decide."""

    def may_write(self, request, view) -> bool:
        raise NotImplementedError

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or self.may_write(request, view)
