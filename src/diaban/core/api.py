from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """50 a page by default; ?page_size= up to 500 for exports and scripts."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


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


class NestedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """Accepts an id on write; shows the related object in brief form (id, url, display…) on read."""

    def __init__(self, brief_serializer, **kwargs):
        self.brief_serializer = brief_serializer
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return self.brief_serializer(value, context=self.context).data
