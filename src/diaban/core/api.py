from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter

from diaban.core.filters import DATE_ERROR
from diaban.core.limits import MaxLength


class Pagination(PageNumberPagination):
    """50 a page by default; ?page_size= up to 500 for exports and scripts."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "Trang không hợp lệ: “{page_number}” (trang đầu là 1, không quá số trang của danh sách)."


class Router(DefaultRouter):
    """The API's routes: a detail address takes an id (`<id:pk>`, digits that fit one), so a number too large for
    the database is no address at all (404), never an overflow."""

    # The API answers JSON only: no `.json` twins of every address.
    include_format_suffixes = False

    def __init__(self):
        super().__init__(use_regex_path=False)

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        converter = getattr(viewset, "lookup_value_converter", "id")
        return "<{}:{}{}>".format(converter, lookup_prefix, lookup_url_kwarg)


def call_service(function, *args, **kwargs):
    """Run a service; its Django errors become the API's 400 (field → messages) and 403."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(exc.message_dict) from exc
        raise exceptions.ValidationError({"non_field_errors": exc.messages}) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def parse_body(serializer_class, request, context=None) -> dict:
    """The body as the action's serializer reads it. A field the action does not take is named, never silently
    dropped (sending "status" does not change the status)."""
    if not hasattr(request.data, "keys"):
        raise exceptions.ValidationError({"non_field_errors": ["Gửi dữ liệu dưới dạng một đối tượng JSON."]})
    data = serializer_class(data=request.data, context=context or {"request": request})
    refused = sorted(set(request.data.keys()) - set(data.fields) - {"csrfmiddlewaretoken"})
    if refused:
        message = "Thao tác này không nhận trường này; các trường nhận: {}.".format(
            ", ".join(data.fields) or "không có"
        )
        raise exceptions.ValidationError({name: [message] for name in refused})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class NestedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """Accepts an id on write; shows the related object in brief form (id, url, display…) on read."""

    def __init__(self, brief_serializer, **kwargs):
        self.brief_serializer = brief_serializer
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return self.brief_serializer(value, context=self.context).data


class TextField(serializers.CharField):
    """Free text held to `max_length` (core.limits): a longer one gets the product's message naming the field
    (`label`), its length and the limit; the schema shows the maxLength."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.validators = [v for v in self.validators if type(v) is not MaxLengthValidator]
            self.validators.append(MaxLength(self.max_length, self.label))


class TextLimitsMixin:
    """For a ModelSerializer that writes: its model text fields become `TextField`s, so a too long text is refused
    with the same message as on the pages."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
    }


def choice_field(choices, **kwargs):
    """A choice field whose refusal lists the accepted values (DRF has no Vietnamese text for it)."""
    message = '"{{input}}" không hợp lệ; chọn một trong: {}.'.format(", ".join(value for value, _label in choices))
    return serializers.ChoiceField(choices=choices, error_messages={"invalid_choice": message}, **kwargs)


def request_user(serializer_or_field):
    """The user of the request a serializer or field works for (None outside a request)."""
    request = serializer_or_field.context.get("request")
    return request.user if request else None


def id_messages(what: str, **extra) -> dict:
    """Vietnamese refusals of a field that takes ids of `what` ("cán bộ", "địa bàn"…)."""
    return {
        "does_not_exist": "Không có {} id {{pk_value}} trong phạm vi của bạn.".format(what),
        "incorrect_type": "{} phải là một id (số).".format(what[0].upper() + what[1:]),
        "not_a_list": "Gửi danh sách id {}.".format(what),
        "null": "Chọn {}.".format(what),
        **extra,
    }


class VisibleField(serializers.PrimaryKeyRelatedField):
    """An object by id among those `visible(user)` returns: one outside the user's scope does not exist."""

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(request_user(self))


def choice_field_class(name: str, choices) -> type:
    """A choice field class whose refusal lists the accepted values with their meaning, described in the schema
    by a pattern and the same list: not an enum, which drf-spectacular names after the field, and "status",
    "kind" and "action" already name other choice sets (meetings, organizations)."""
    meaning = "; ".join("{}: {}".format(value, label) for value, label in choices)
    message = "“{{input}}” không hợp lệ; chọn một trong: {}.".format(meaning)

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            kwargs.setdefault("error_messages", {"invalid_choice": message})
            super().__init__(choices=choices, **kwargs)

    Field.__name__ = Field.__qualname__ = name
    schema = {
        "type": "string",
        "pattern": "^({})$".format("|".join(v for v, _label in choices)),
        "description": meaning,
    }
    return extend_schema_field(schema)(Field)


# A date the API cannot read gets the filters' Vietnamese message.
DATE_MESSAGES = {"invalid": DATE_ERROR}
