"""How long a free text may be: a few sizes by what the text holds, one way to count, one Vietnamese message.

Every free-text model field takes its `max_length` from here, and the services, page forms and API fields check
the same number, so a text refused on one path is refused on all of them, and a phone's `maxlength` tells the
user before they send. A length is counted as stored: in NFC, without surrounding blanks, a line break as one
character (what a browser counts for `maxlength`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

from diaban.core.text import format_int, nfc

TITLE = 300  # a title, a topic, the name of a thing
NOTE = 1000  # a note, a reason, a question, a comment on a step
TEXT = 5000  # a recommendation, an answer, an opinion on a draft, an agenda item, a finding
REPORT = 20000  # a section of a meeting or trip report, minutes, the body of a guidance
DOCUMENT = 100000  # the whole text of a draft sent for comment (a resolution, a plan)


def text_length(value) -> int:
    """Characters `value` has once stored (see the module docstring); 0 for None."""
    return len(nfc(value)) if isinstance(value, str) else 0


def too_long(label, length: int, limit: int) -> str:
    """The message for a text too long, naming the field: "Nội dung kiến nghị dài 1.000.000 ký tự, tối đa 5.000"."""
    label = str(label or "nội dung")
    return "{} dài {} ký tự, tối đa {}.".format(label[:1].upper() + label[1:], format_int(length), format_int(limit))


def check_length(value, limit: int, *, field: str, label) -> None:
    """ValidationError {field: message} when `value` is longer than `limit`."""
    length = text_length(value)
    if length > limit:
        raise ValidationError({field: too_long(label, length, limit)}, code="max_length")


def clean_text(value, limit: int, *, field: str, label, required: bool = False) -> str:
    """`value` as stored (NFC, stripped, "" for None), checked: "Cần ghi {label}." when required and empty, the
    length message when longer than `limit`; both keyed by `field`, as a service reports them."""
    value = nfc(value or "")
    if required and not value:
        raise ValidationError({field: "Cần ghi {}.".format(label)}, code="required")
    check_length(value, limit, field=field, label=label)
    return value


def check_lines(value, limit: int, *, field: str, label) -> None:
    """Each line of `value` checked (a list typed one item a line, each becoming a record of at most `limit`
    characters), the line named: "Kiến nghị dòng 3 dài 6.000 ký tự, tối đa 5.000"."""
    for number, line in enumerate(nfc(value or "").splitlines(), start=1):
        check_length(line, limit, field=field, label="{} dòng {}".format(label, number))


@deconstructible
class MaxLength(MaxLengthValidator):
    """`MaxLengthValidator` with the product's message (forms and API fields use it; the schema still reads a
    maxLength from it)."""

    def __init__(self, limit_value, label=""):
        super().__init__(limit_value)
        self.label = label

    def __call__(self, value):
        length = text_length(value)
        if length > self.limit_value:
            raise ValidationError(too_long(self.label, length, self.limit_value), code="max_length")

    def __eq__(self, other):
        return isinstance(other, MaxLength) and (self.limit_value, self.label) == (other.limit_value, other.label)
