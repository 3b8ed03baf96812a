"""Ids typed by people and programs (`?unit=`, a picker's hidden input, an address): parsed here, once.

Ids are 64-bit integers. A larger number (`?unit=99999999999999999999`, `?organization=1e30`) names nothing; it is
refused with a Vietnamese message (or finds nothing), never handed to the database, where it would overflow.
"""

from django import forms

MAX_ID = 2**63 - 1
# Address segments that can be an id: at most 18 digits always fit in 64 bits; longer ones name nothing (404).
ID_PATTERN = "[0-9]{1,18}"
ID_ERROR = "Mã số không hợp lệ: cần một số nguyên dương (id) không quá {} chữ số.".format(len(str(MAX_ID)) - 1)


def parse_id(value) -> int | None:
    """The id written in `value` (text or number), or None when it is not a positive 64-bit integer."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdField(forms.Field):
    """A form field for an id: the same rule as `parse_id`, with a Vietnamese message naming the value."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise forms.ValidationError("“{}”: {}".format(str(value)[:40], ID_ERROR), code="invalid")
        return number


class IdConverter:
    """`<id:pk>` in addresses: digits that fit an id; anything else is not the address (404)."""

    regex = ID_PATTERN

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))
