"""How the OpenAPI description (`/api/schema/`) is generated: honest about errors, and in Vietnamese.

`AutoSchema` adds to every operation the errors it can answer, in the two shapes of `core.api_errors`: 400 (bad
input: `ValidationError`, or `Error` for a body that cannot be read), 403 (not signed in, no right, no CSRF token),
404 (an object outside the scope, or a page past the end), 409 (a conflict with stored data) and 413 (a body too
large). It groups operations under Vietnamese tags (`DIABAN_API_TAGS`) and keeps English developer docstrings of
serializers out of the description. (The Swagger page is `core.api_docs`: this module is loaded while DRF and
drf-spectacular load their views.)
"""

import copy

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.serializers import PolymorphicProxySerializerExtension
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from diaban.core.api_errors import ERROR_CODES

ERROR_SCHEMA = {
    "type": "object",
    "description": "Lỗi (trừ dữ liệu không hợp lệ): một câu tiếng Việt cho người đọc và một mã ổn định cho chương "
    "trình.",
    "properties": {
        "detail": {"type": "string", "description": "lý do, bằng tiếng Việt"},
        "code": {"type": "string", "enum": list(ERROR_CODES), "description": "mã lỗi"},
    },
    "required": ["detail", "code"],
    "example": {"detail": "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.", "code": "not_authenticated"},
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Dữ liệu không hợp lệ: mỗi trường sai kèm danh sách lỗi bằng tiếng Việt; lỗi không thuộc riêng "
    "trường nào nằm ở `non_field_errors`. Trường lồng nhau (danh sách, đối tượng) báo lỗi theo cùng cấu trúc.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
    "example": {"answer": ["Cần ghi nội dung trả lời."]},
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR_REF = {"$ref": "#/components/schemas/ValidationError"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PAGING = {"page", "page_size"}
SUCCESS = {"200": "Thành công.", "201": "Đã tạo.", "202": "Đã nhận.", "204": "Thành công, không có nội dung trả về."}


def _error_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the project's error answers, Vietnamese tags and blank choices."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for name, schema in (("Error", ERROR_SCHEMA), ("ValidationError", VALIDATION_ERROR_SCHEMA)):
            # A copy: drf-spectacular's post-processing rewrites components in place (the enum of `code`).
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=copy.deepcopy(schema), object="diaban." + name
            )
            registry.register_on_missing(component)
        responses = operation["responses"]
        for code, text in SUCCESS.items():
            if code in responses and not responses[code].get("description"):
                responses[code]["description"] = text
        query = [p for p in operation.get("parameters", ()) if p.get("in") == "query"]
        names = {p["name"] for p in query}
        # A wrong page is 404; a wrong page size or yes/no flag is ignored: only the other parameters give a 400.
        checked = [p for p in query if p["name"] not in PAGING and p.get("schema", {}).get("type") != "boolean"]
        has_body = "requestBody" in operation
        if has_body:
            schema = {"oneOf": [VALIDATION_ERROR_REF, ERROR_REF]}
            text = "Dữ liệu không hợp lệ (theo từng trường), hoặc không đọc được nội dung gửi lên (`parse_error`)."
            responses.setdefault("400", _error_response(text, schema))
        elif checked or self.method in UNSAFE:
            responses.setdefault("400", _error_response("Tham số hoặc dữ liệu không hợp lệ.", VALIDATION_ERROR_REF))
        responses.setdefault(
            "403",
            _error_response(
                "Chưa đăng nhập (`not_authenticated`), không có quyền (`permission_denied`, kèm lý do) hoặc thiếu mã "
                "CSRF khi dùng phiên đăng nhập (`csrf_failed`).",
                ERROR_REF,
            ),
        )
        if "{" in path or "page" in names:
            responses.setdefault(
                "404",
                _error_response(
                    "Không tìm thấy (`not_found`): không có, hoặc nằm ngoài phạm vi của bạn; với danh sách: trang "
                    "không hợp lệ.",
                    ERROR_REF,
                ),
            )
        if self.method in UNSAFE:
            responses.setdefault(
                "409",
                _error_response(
                    "Xung đột với dữ liệu đã có (`conflict`): còn dữ liệu gắn với đối tượng, hoặc dữ liệu vừa bị thay "
                    "đổi cùng lúc.",
                    ERROR_REF,
                ),
            )
        if has_body:
            responses.setdefault(
                "413", _error_response("Dữ liệu gửi lên quá lớn (`request_too_large`), kèm giới hạn.", ERROR_REF)
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def get_tags(self):
        tags = getattr(settings, "DIABAN_API_TAGS", {})
        return [tags.get(tag, tag) for tag in super().get_tags()]

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        # A serializer's docstring is written for developers, in English; what a field means is in its title and
        # help text, and what an operation does in its description.
        schema.pop("description", None)
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if _blank_dropped(field):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _blank_dropped(field) -> bool:
    """A read-only choice of a model field that may be blank: DRF drops `allow_blank` from read-only fields, so the
    schema would leave "" (no reason given, no choice made) out of the enum while the API returns it."""
    if not isinstance(field, serializers.ChoiceField) or not field.read_only or field.allow_blank:
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class AnyOfShapes(PolymorphicProxySerializer):
    """A response in one of several shapes where one may also fit another (an object in full also fits its brief
    form): documented as `anyOf`, since `oneOf` would reject it for fitting both."""

    def __init__(self, component_name: str, shapes: list, **kwargs):
        super().__init__(component_name=component_name, serializers=shapes, resource_type_field_name=None, **kwargs)


class AnyOfShapesExtension(PolymorphicProxySerializerExtension):
    target_class = AnyOfShapes
    priority = 1

    def map_serializer(self, auto_schema, direction):
        return {"anyOf": super().map_serializer(auto_schema, direction)["oneOf"]}


class SessionScheme(SpectacularSessionScheme):
    """The session cookie of a signed-in browser, through the project's session authentication."""

    target_class = "diaban.core.api_errors.SessionAuthentication"
    priority = 0

    def get_security_definition(self, auto_schema):
        return {
            **super().get_security_definition(auto_schema),
            "description": "Phiên đăng nhập của trình duyệt (cookie); yêu cầu ghi phải gửi kèm tiêu đề X-CSRFToken.",
        }
