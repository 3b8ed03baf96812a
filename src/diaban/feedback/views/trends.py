"""The trends of recommendations below a unit over a period (thống kê kiến nghị), and the same as an Excel file.

`?don-vi=<unit id>` (default: the user's outermost scope unit), `?tu=` and `?den=` in dd/mm/yyyy (default: the
twelve months to today). Everyone sees the figures of what they may see: an agency's accounts, of their queue.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from diaban.core.dates import day_asked, format_date
from diaban.core.excel import xlsx_response
from diaban.core.ids import parse_id
from diaban.feedback.trends import period_of, trends_report
from diaban.feedback.trends_excel import trends_workbook
from diaban.territory.models import Unit
from diaban.territory.selectors import unit_ancestors, unit_roots, units_visible

UNIT_PARAM, FROM_PARAM, TO_PARAM = "don-vi", "tu", "den"


def unit_asked(request) -> Unit:
    """The unit of `?don-vi=`, which the user must see (404 otherwise), or their outermost scope unit."""
    text = (request.GET.get(UNIT_PARAM) or "").strip()
    if text:
        pk = parse_id(text)
        if pk is None:
            raise Http404("Mã đơn vị không hợp lệ: {!r}.".format(text))
        return get_object_or_404(units_visible(request.user), pk=pk)
    roots = unit_roots(request.user, day_asked(request.GET, date_name=TO_PARAM))
    if not roots:
        raise Http404("Tài khoản chưa được giao địa bàn nào.")
    return roots[0]


def period_asked(request, unit: Unit):
    """(start, end, errors): the period asked for; a wrong date falls back to the default with a message."""
    try:
        start, end = period_of(unit, request.GET.get(FROM_PARAM), request.GET.get(TO_PARAM), (FROM_PARAM, TO_PARAM))
        return start, end, []
    except ValidationError as exc:
        start, end = period_of(unit, None, None)
        labels = {FROM_PARAM: "Từ ngày", TO_PARAM: "Đến ngày"}
        errors = ["{}: {}".format(labels[name], " ".join(messages)) for name, messages in exc.message_dict.items()]
        return start, end, errors


HEAT_STEPS = 17  # shades of the brand red, 0.05 apart up to 0.85: classes heat-0 … heat-17 in diaban.css
DARK_FROM_STEP = 13  # white text from 0.65 of the brand red on, black below: either way at least 4.5:1 (WCAG AA)


def heat_rows(report) -> list[dict]:
    """The heat table's cells with their shade: the darker, the nearer the largest count of the table. The shade is
    a class, not an inline style, which the Content Security Policy would refuse."""
    top = report.heat_max
    columns = ["own" if u.own_level else str(u.unit.pk) for u in report.by_unit]
    rows = []
    for row in report.heat:
        cells = []
        for column, count in zip(columns, row.counts, strict=True):
            step = round(HEAT_STEPS * count / top) if top else 0
            cells.append({"column": column, "count": count, "step": step, "dark": step >= DARK_FROM_STEP})
        rows.append({"topic": row.topic, "cells": cells})
    return rows


class TrendsView(LoginRequiredMixin, TemplateView):
    """Counts by topic, unit and month; open and overdue by agency; lead times; the oldest open ones; the heat
    table of topics × units, whose unit headers lead down the tree."""

    model = Unit  # the page is about a unit of the user's scope (`?don-vi=`): out of scope is 404
    template_name = "feedback/trends.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = unit_asked(self.request)
        start, end, errors = period_asked(self.request, unit)
        report = trends_report(self.request.user, unit, start, end)
        period = {FROM_PARAM: format_date(start), TO_PARAM: format_date(end)}
        context.update(
            unit=unit,
            report=report,
            start=start,
            end=end,
            period_errors=errors,
            period_query=urlencode(period),
            from_text=self.request.GET.get(FROM_PARAM) if errors else period[FROM_PARAM],
            to_text=self.request.GET.get(TO_PARAM) if errors else period[TO_PARAM],
            ancestors=unit_ancestors(unit, self.request.user),
            chart=report.chart(),
            heat=heat_rows(report),
        )
        return context


class TrendsExcelView(LoginRequiredMixin, View):
    """The trends page as a workbook: one sheet per table, every row."""

    model = Unit  # as the page

    def get(self, request, *args, **kwargs):
        unit = unit_asked(request)
        try:
            start, end = period_of(unit, request.GET.get(FROM_PARAM), request.GET.get(TO_PARAM), (FROM_PARAM, TO_PARAM))
        except ValidationError as exc:
            return HttpResponseBadRequest(" ".join(exc.messages), content_type="text/plain; charset=utf-8")
        report = trends_report(request.user, unit, start, end)
        filename = "kien-nghi-{}-{}-{}.xlsx".format(unit.code or unit.pk, start.isoformat(), end.isoformat())
        return xlsx_response(trends_workbook(report), filename)
