"""Input fields of the recommendation API: a visible object by id whose refusals name it, optional texts and dates
whose requirement the service decides (naming the field)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diaban.core.api import TextField, VisibleField, id_messages
from diaban.core.filters import DATE_ERROR

DATE_MESSAGES = {"invalid": DATE_ERROR}


def _id_messages(what: str) -> dict:
    return id_messages(what, required="Chọn {}.".format(what))


@extend_schema_field(OpenApiTypes.INT)
class NamedVisibleField(VisibleField):
    """A visible object by id whose refusals name it (`what`); left out when optional, the service decides."""

    def __init__(self, visible, what: str, **kwargs):
        kwargs.setdefault("error_messages", _id_messages(what))
        if kwargs.get("required") is False:
            kwargs.setdefault("default", None)  # left out: the service decides (and names the field)
        super().__init__(visible, **kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # The list itself refuses a non-list in Vietnamese too.
        kwargs.setdefault("error_messages", _id_messages(args[1] if len(args) > 1 else kwargs["what"]))
        return super().many_init(*args, **kwargs)


def optional_text(help_text: str, max_length: int, what: str):
    """Optional text of at most `max_length` characters (core.limits): whether it is required the service says,
    naming the field."""
    return TextField(
        required=False, allow_blank=True, default="", help_text=help_text, max_length=max_length, label=what
    )


def optional_date(help_text: str):
    return serializers.DateField(
        required=False, allow_null=True, default=None, error_messages=DATE_MESSAGES, help_text=help_text
    )
