"""The answers to errors outside any view's own handling: Vietnamese pages in the product's layout, or Vietnamese
JSON under `/api/`, never Django's debug or English pages.

They are the `handler403`, `handler404`, `handler500` of the URL configuration and `CSRF_FAILURE_VIEW`. A page shows
no exception text (it may name internals); the API's JSON has the shape of `core.api_errors`.
"""

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.views.decorators.csrf import requires_csrf_token

from diaban.core.api_errors import CSRF_FAILED, NOT_FOUND, PERMISSION_DENIED, SERVER_ERROR, error_body

API_PREFIX = "/api/"


def _wants_json(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _page(request, template_name: str, status: int, **context):
    body = loader.get_template(template_name).render(context, request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body(NOT_FOUND, "not_found"), status=404)
    return _page(request, "404.html", 404)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body(PERMISSION_DENIED, "permission_denied"), status=403)
    # A refusal written for the user by a service or a view ("Chỉ Ban Tổ chức…") is worth showing; Django's own
    # refusals carry no message.
    return _page(request, "403.html", 403, reason=str(exception or ""))


@requires_csrf_token
def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body(SERVER_ERROR, "server_error"), status=500)
    # No context processors and no database here: whatever failed may fail again.
    try:
        body = loader.get_template("500.html").render({})
    except TemplateDoesNotExist:  # pragma: no cover - the template ships with the package
        body = "<h1>Lỗi máy chủ</h1>"
    return HttpResponseServerError(body)


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(error_body(CSRF_FAILED, "csrf_failed"), status=403)
    return _page(request, "403_csrf.html", 403)
