"""Form fields every app's pages share."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from diaban.core.limits import MaxLength
from diaban.core.text import format_int, nfc

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


class LimitedCharField(forms.CharField):
    """Free text of at most `max_length` characters (core.limits): the input carries `maxlength`, so a phone stops
    at the limit, and a longer text sent anyway gets the message naming the field, its length and the limit."""

    def __init__(self, *, max_length, what=None, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if type(v) is not MaxLengthValidator]
        self.validators.append(MaxLength(max_length, what or self.label))

    def to_python(self, value):
        return nfc(super().to_python(value))


def text_field(label, limit: int, *, rows: int | None = None, help_text="", **kwargs) -> LimitedCharField:
    """A text of at most `limit` characters; with `rows`, a textarea whose hint says the limit ("tối đa 5.000 ký
    tự"), since a long text is where one runs into it. `what` names the field in the too-long message when the
    label does not (default: the label)."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
        hint = format_lazy(_("tối đa {} ký tự"), format_int(limit))
        help_text = format_lazy("{}; {}", help_text, hint) if help_text else hint
    return LimitedCharField(label=label, max_length=limit, help_text=help_text, **kwargs)
