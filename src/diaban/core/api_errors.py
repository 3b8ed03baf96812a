"""One answer for every API error: JSON, in Vietnamese, in one of two shapes.

Bad input (400) keeps DRF's `{"field": ["message", …], "non_field_errors": ["…"]}`. Every other error is
`{"detail": "<sentence>", "code": "<code>"}`, `code` being one of `ERROR_CODES`, so a program branches on the code
and a person reads the sentence. A service's own reason (a Vietnamese PermissionDenied, a 404 naming what is
missing) is kept as the detail; the English defaults of DRF and Django are replaced. The OpenAPI description
documents both shapes (`diaban.core.openapi`).
"""

import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import authentication, exceptions, status
from rest_framework.settings import api_settings

logger = logging.getLogger("diaban.api")

# The machine-readable codes of the errors other than bad input, each with the status it comes with.
ERROR_CODES = {
    "bad_request": 400,
    "parse_error": 400,
    "not_authenticated": 403,
    "authentication_failed": 403,
    "permission_denied": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "not_acceptable": 406,
    "conflict": 409,
    "request_too_large": 413,
    "unsupported_media_type": 415,
    "throttled": 429,
    "server_error": 500,
}

# The code of an error known only by its status: the first code of that status, but a 403 without a code of its
# own is a refusal, not a missing sign-in.
CODE_BY_STATUS = {**{status: code for code, status in reversed(ERROR_CODES.items())}, 403: "permission_denied"}

NOT_AUTHENTICATED = "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn."
AUTHENTICATION_FAILED = "Thông tin đăng nhập không đúng."
PERMISSION_DENIED = "Bạn không có quyền thực hiện thao tác này."
CSRF_FAILED = (
    "Yêu cầu bị từ chối vì thiếu hoặc sai mã chống giả mạo (CSRF): tải lại trang rồi thử lại. Chương trình đăng nhập "
    "bằng phiên thì gửi tiêu đề X-CSRFToken lấy từ cookie csrftoken, hoặc dùng token."
)
NOT_FOUND = "Không tìm thấy."
SERVER_ERROR = "Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau, nếu vẫn lỗi thì báo quản trị."
CONFLICT = "Dữ liệu vừa bị thay đổi cùng lúc hoặc trùng với dữ liệu đã có: tải lại rồi thử lại."


def error_body(detail, code: str) -> dict:
    """The body of every API error other than bad input: `{"detail": <Vietnamese sentence>, "code": <one of
    ERROR_CODES>}`. Also for errors answered outside DRF (an `/api/…` address that matches nothing)."""
    if code not in ERROR_CODES:
        raise ValueError("Mã lỗi không có trong ERROR_CODES: {}".format(code))
    return {"detail": str(detail), "code": code}


class CsrfFailed(exceptions.PermissionDenied):
    default_detail = CSRF_FAILED
    default_code = "csrf_failed"


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing a request without a valid CSRF token with a Vietnamese message and a
    code of its own (DRF says "CSRF Failed: …" in English)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise CsrfFailed() from exc


def megabytes(size: int) -> str:
    """2621440 → "2,5": a size in MB as Vietnamese write it."""
    return "{:.1f}".format(size / (1024 * 1024)).removesuffix(".0").replace(".", ",")


def _is_default(exc: exceptions.APIException) -> bool:
    return str(exc.detail) == str(exc.default_detail)


def _not_found_detail(exc: Http404) -> str:
    """Our own Http404 messages are Vietnamese; Django's `get_object_or_404` says "No Person matches the given
    query." in English, and DRF's lookups raise one without a message."""
    message = str(exc.args[0]) if exc.args else ""
    if not message or (message.startswith("No ") and message.endswith(" matches the given query.")):
        return NOT_FOUND
    return message


def _protected_detail(exc) -> str:
    """The reason a delete is refused, e.g. "Không xóa được: còn 3 phân công, 1 buổi sinh hoạt gắn với nó"."""
    objects = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ())
    counts = Counter(str(obj._meta.verbose_name) for obj in objects)
    if not counts:
        return "Không xóa được: còn dữ liệu khác gắn với nó."
    return "Không xóa được: còn {} gắn với nó.".format(
        ", ".join("{} {}".format(n, name) for name, n in counts.most_common())
    )


def _where(request) -> str:
    return "{} {}".format(request.method, request.get_full_path()) if request is not None else "?"


def _from_django(exc, request) -> tuple[int, str, str] | None:
    """(status, detail, code) of an exception Django or the database raised, None for any other."""
    if isinstance(exc, Http404):
        return 404, _not_found_detail(exc), "not_found"
    if isinstance(exc, DjangoPermissionDenied):
        return 403, str(exc) or PERMISSION_DENIED, "permission_denied"
    if isinstance(exc, RequestDataTooBig):
        limit = megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return 413, "Dữ liệu gửi lên quá lớn: tối đa {} MB (không kể tệp đính kèm).".format(limit), "request_too_large"
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return 413, "Yêu cầu có quá nhiều trường: tối đa {}.".format(limit), "request_too_large"
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return 413, "Yêu cầu có quá nhiều tệp: tối đa {}.".format(limit), "request_too_large"
    if isinstance(exc, SuspiciousOperation):
        return 400, "Yêu cầu không hợp lệ.", "bad_request"
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return 409, _protected_detail(exc), "conflict"
    if isinstance(exc, IntegrityError):
        # A unique or foreign-key rule the services did not see coming: another request changed the same data
        # at the same moment.
        logger.warning("Xung đột dữ liệu ở %s: %s", _where(request), exc)
        return 409, CONFLICT, "conflict"
    return None


def _from_drf(exc: exceptions.APIException, request, view) -> tuple[str, str]:
    """(detail, code) of a DRF exception other than bad input."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return NOT_AUTHENTICATED, "not_authenticated"
    if isinstance(exc, exceptions.AuthenticationFailed):
        # DRF's token messages ("Invalid token.") are translated in the project's catalogue (diaban/locale).
        return (AUTHENTICATION_FAILED if _is_default(exc) else str(exc.detail)), "authentication_failed"
    if isinstance(exc, CsrfFailed):
        return CSRF_FAILED, "csrf_failed"
    if isinstance(exc, exceptions.PermissionDenied):
        # A service's or a permission's own reason is kept; DRF's default is replaced.
        return (PERMISSION_DENIED if _is_default(exc) else str(exc.detail)), "permission_denied"
    if isinstance(exc, exceptions.NotFound):
        return (NOT_FOUND if _is_default(exc) else str(exc.detail)), "not_found"
    if isinstance(exc, exceptions.MethodNotAllowed):
        allowed = ", ".join(m for m in getattr(view, "allowed_methods", []) if m != "OPTIONS")
        detail = "Địa chỉ này không nhận phương thức {}; chỉ nhận: {}.".format(request.method, allowed)
        return detail, "method_not_allowed"
    if isinstance(exc, exceptions.NotAcceptable):
        return "Không trả lời được theo định dạng của tiêu đề Accept: API chỉ trả JSON.", "not_acceptable"
    if isinstance(exc, exceptions.UnsupportedMediaType):
        detail = "Không đọc được dữ liệu kiểu “{}”: gửi application/json hoặc multipart/form-data.".format(
            (request.content_type or "").split(";")[0].strip()
        )
        return detail, "unsupported_media_type"
    if isinstance(exc, exceptions.ParseError):
        kind = "JSON" if "json" in (request.content_type or "") else "của kiểu dữ liệu đã khai báo"
        return "Không đọc được dữ liệu gửi lên: nội dung không đúng định dạng {}.".format(kind), "parse_error"
    if isinstance(exc, exceptions.Throttled):
        return "Gửi quá nhiều yêu cầu: thử lại sau {} giây.".format(exc.wait or 1), "throttled"
    # Any other APIException our code raises: its message, and its code when it is one of ours.
    codes = exc.get_codes()
    if isinstance(codes, str) and codes in ERROR_CODES:
        return str(exc.detail), codes
    fallback = "server_error" if exc.status_code >= 500 else "bad_request"
    return str(exc.detail), CODE_BY_STATUS.get(exc.status_code, fallback)


def exception_handler(exc, context):
    """`REST_FRAMEWORK["EXCEPTION_HANDLER"]`: every error inside an API view becomes a Vietnamese JSON answer (see
    the module docstring), never one of Django's HTML pages. An unexpected exception is logged and answered 500
    `server_error`. The request's transaction, if any, is rolled back."""
    # Imported here: DRF loads this module (for SessionAuthentication) while rest_framework.views is loading.
    from rest_framework.response import Response
    from rest_framework.views import set_rollback

    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if not isinstance(detail, dict):
            # A bare message, or a list of them: reported like a serializer's errors not tied to one field.
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        # Every field's errors are a list (or, for a nested field, an object), even when raised as one message.
        detail = {name: [errors] if isinstance(errors, str) else errors for name, errors in detail.items()}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    request, view = context.get("request"), context.get("view")
    known = _from_django(exc, request)
    if known is not None:
        code, detail, name = known
        return Response(error_body(detail, name), status=code)
    if not isinstance(exc, exceptions.APIException):
        logger.error("Lỗi không xử lý được ở %s", _where(request), exc_info=exc)
        return Response(error_body(SERVER_ERROR, "server_error"), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    detail, name = _from_drf(exc, request, view)
    return Response(error_body(detail, name), status=exc.status_code, headers=headers)
