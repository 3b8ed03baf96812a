"""Template filters for Vietnamese numbers and small lookups."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from diaban.core import limits, scoping
from diaban.core.text import format_int, format_percent

register = template.Library()
_NOT_GIVEN = object()


@register.filter
def vn_int(value):
    """12345 → 12.345."""
    try:
        return format_int(value)
    except (TypeError, ValueError):
        return value


@register.filter
def vn_percent(share, denominator=_NOT_GIVEN):
    """0.987 → 98,7 %. Nothing to divide by — no share (None) or `denominator` 0, as in
    `{{ t.rate|vn_percent:t.expected }}` — reads "chưa có", muted: an empty period is no 0 % failure."""
    if share is None or (denominator is not _NOT_GIVEN and not denominator):
        return format_html('<span class="text-body-secondary text-nowrap" data-no-rate>{}</span>', _("chưa có"))
    try:
        return format_percent(float(share))
    except (TypeError, ValueError):
        return share


@register.filter
def bar_width(percent) -> str:
    """A progress bar's width as a class, `bar-0` … `bar-100` (diaban.css): the Content Security Policy refuses
    inline styles. Rounded to a whole percent and kept within the bar."""
    try:
        value = round(float(percent))
    except (TypeError, ValueError):
        value = 0
    return "bar-{}".format(min(100, max(0, value)))


@register.simple_tag
def text_limit(name: str) -> str:
    """A size of core.limits ("TEXT") as a plain number, for a hand-written input's `maxlength`."""
    return str(getattr(limits, name))


@register.simple_tag
def limit_hint(name: str) -> str:
    """The hint beside a long text for a size of core.limits: "tối đa 5.000 ký tự"."""
    return _("tối đa {} ký tự").format(format_int(getattr(limits, name)))


@register.filter
def in_scope(obj, user):
    """`{% if a.person|in_scope:user %}<a …>`: link an object only for a reader it opens for (core.scoping)."""
    return obj is not None and scoping.in_scope(obj, user)


class ScrollableNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return format_html(
            '<div class="table-responsive" tabindex="0" role="region" aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scrollable(parser, token):
    """`{% scrollable _("Bảng quy định phân công") %}<table>…</table>{% endscrollable %}`: a wide table in a box that
    scrolls sideways on a phone rather than widening the page; focusable, so the keyboard scrolls it too (axe:
    scrollable-region-focusable), and named, so a screen reader says what the region holds."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% scrollable %} takes one argument: the region's label")
    label = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(label, nodelist)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
