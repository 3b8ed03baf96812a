"""Small helpers every app's views use."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers

from diaban.core.dates import format_date, parse_date, today
from diaban.core.ids import parse_id


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A generated file (a workbook, a Word document) as a download named `filename`, which is ASCII so every
    browser saves it under that name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = 'attachment; filename="{}"'.format(filename)
    return response


class HtmxPartialMixin:
    """Render only the partial an htmx request targets (`{% partialdef NAME %}` with hx-target="#NAME").

    Full page otherwise; `Vary: HX-Request` so caches keep the two apart.
    """

    htmx_partials: tuple[str, ...] = ()

    def get_template_names(self):
        names = super().get_template_names()
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target in self.htmx_partials:
            return ["{}#{}".format(names[0], htmx.target)]
        return names

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class DateParamMixin:
    """The `?ngay=dd/mm/yyyy` a page is viewed on (default today); a wrong date falls back with a message."""

    date_param = "ngay"

    def view_date(self):
        if not hasattr(self, "_view_date"):
            self.date_error = ""
            try:
                self._view_date = parse_date(self.request.GET.get(self.date_param), today())
            except ValidationError as exc:
                self.date_error = exc.messages[0]
                self._view_date = today()
        return self._view_date

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        date = self.view_date()
        context.update(
            view_date=date, view_date_text=format_date(date), date_error=self.date_error, is_today=date == today()
        )
        return context


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


def chosen(queryset, value):
    """The object a picker's hidden input names, if it is in `queryset` (already scoped); None otherwise."""
    pk = parse_id(value)
    return queryset.filter(pk=pk).first() if pk else None


class CaptureObjectMixin:
    """A form page about one object (`pk`) in the writer's capture scope: 404 outside it, looked up once.
    Without a `pk` (a page that creates) there is no target."""

    def capture_queryset(self):
        """The objects this page may write, already limited to the writer's capture scope (each page names its
        own: people, assignments…)."""
        raise NotImplementedError("{} must say which objects it writes (capture_queryset).".format(type(self).__name__))

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
