"""Form fields every app's pages share."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Ngày không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 05/03/2025.")


def date_field(label, **kwargs):
    """A date typed as dd/mm/yyyy (a phone shows the number pad)."""
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": DATE_ERROR, "required": _("Cần ghi ngày.")},
        **kwargs,
    )
