from django import template

register = template.Library()

LABELS = {
    "person": "cán bộ",
    "unit": "địa bàn",
    "organization": "chi bộ",
    "purpose": "nhiệm vụ",
    "start_date": "từ ngày",
    "end_date": "đến ngày",
    "end_reason": "lý do kết thúc",
    "decision_number": "số quyết định",
    "decision_date": "ngày quyết định",
    "decision_signer": "người ký",
    "note": "ghi chú",
    "rule": "quy tắc",
    "override_reason": "lý do ngoài quy định",
}


@register.filter
def field_label(name):
    """The Vietnamese name of a field recorded in an assignment's history."""
    return LABELS.get(name, name)


@register.filter
def change_lines(event):
    """An assignment event's changes as lines for a reader: "Số quyết định: 12/QĐ → 15/QĐ"."""
    return event.lines(LABELS)
