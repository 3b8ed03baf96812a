"""Filters every app's FilterSets share."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from diaban.core.ids import IdField


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.Filter):
    """An id parameter (`?unit=`, `?person=`…): a number too large or not a positive integer is a Vietnamese error
    (400 in the API, a message on a page), never an overflow in the database."""

    field_class = IdField
