"""Template filters for Vietnamese numbers and small lookups."""

from django import template

from diaban.core.text import format_int, format_percent

register = template.Library()


@register.filter
def vn_int(value):
    """12345 → 12.345."""
    try:
        return format_int(value)
    except (TypeError, ValueError):
        return value


@register.filter
def vn_percent(share):
    """0.987 → 98,7 %."""
    try:
        return format_percent(float(share))
    except (TypeError, ValueError):
        return share


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
