"""Small helpers every app's views use."""

from django.core.exceptions import ValidationError
from django.utils.cache import patch_vary_headers

from diaban.core.dates import format_date, parse_date, today


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
