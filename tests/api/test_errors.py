"""Every API error is Vietnamese JSON in one of two shapes: bad input as `{field: [messages]}`, anything else as
`{"detail": <sentence>, "code": <code>}` (the tester found "Invalid page.", "No Person matches the given query.",
"CSRF Failed…", "Authentication credentials were not provided." and Django's HTML page for a large body)."""

import gettext
import json
import logging
import re
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers

import diaban
from diaban.core.api_errors import ERROR_CODES, error_body, exception_handler, megabytes
from diaban.people.choices import Role
from diaban.territory.api import UnitViewSet

NOT_AUTHENTICATED = {"detail": "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.", "code": "not_authenticated"}


@pytest.fixture
def staff(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    return client


def post(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def tam(tree, **fields):
    """A new cadre for province A."""
    return {"code": "CB-TAM", "full_name": "Lê Văn Tám", "home_unit": tree.hamlets_a[0].pk, **fields}


# ---------------------------------------------------------------------------------------------------------
# What the tester saw


@pytest.mark.django_db
def test_a_page_past_the_end_is_a_vietnamese_404(staff, tree):
    for page in ("999", "abc", "0"):
        response = staff.get("/api/units/", {"page": page})
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Trang không hợp lệ: “{}” (trang đầu là 1, không quá số trang của danh sách).".format(page),
            "code": "not_found",
        }


@pytest.mark.django_db
def test_an_object_that_is_not_there_or_out_of_scope_is_a_vietnamese_404(staff, tree):
    for url in (
        "/api/people/{}/".format(tree.person_b.pk),  # out of scope
        "/api/people/999999999/",  # nobody
        "/api/coverage/{}/".format(tree.province_b.pk),  # generics.get_object_or_404 on a unit
        "/api/meetings/999999999/attendances/?person=1",
    ):
        response = staff.get(url) if "attendances" not in url else staff.delete(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Không tìm thấy.", "code": "not_found"}, url


@pytest.mark.django_db
def test_a_missing_csrf_token_is_refused_in_vietnamese(accounts, tree):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(accounts[Role.ORGANIZATION])
    response = post(browser, "/api/people/", tam(tree))
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed" and body["detail"].startswith("Yêu cầu bị từ chối vì thiếu hoặc sai mã")
    assert "CSRF Failed" not in response.content.decode()
    # With the token from the cookie, as the Swagger page sends it, the same request passes.
    browser.get("/api/docs/")
    browser.get("/api/docs/?script=")  # the page's own script, which a browser loads with it
    token = browser.cookies["csrftoken"].value
    sent = post(browser, "/api/people/", tam(tree), HTTP_X_CSRFTOKEN=token)
    assert sent.status_code == 201, sent.content


@pytest.mark.django_db
def test_anonymous_and_wrong_token_are_told_in_vietnamese(client, tree):
    response = client.get("/api/units/")
    assert response.status_code == 403 and response.json() == NOT_AUTHENTICATED
    wrong = client.get("/api/units/", HTTP_AUTHORIZATION="Token khong-dung")
    assert wrong.status_code == 403
    assert wrong.json() == {"detail": "Token không hợp lệ.", "code": "authentication_failed"}


@pytest.mark.django_db
def test_a_body_too_large_is_a_413_naming_the_limit(staff, tree, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    expected = {"detail": "Dữ liệu gửi lên quá lớn: tối đa 1 MB (không kể tệp đính kèm).", "code": "request_too_large"}
    big = json.dumps({"full_name": "Lê Văn Tám", "note": "x" * (1024 * 1024 + 1)})
    response = post(staff, "/api/people/", big)
    assert response.status_code == 413 and response.json() == expected
    assert response["Content-Type"] == "application/json"
    form = staff.post("/api/people/", "full_name=" + "x" * (1024 * 1024 + 1),
                      content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert form.status_code == 413 and form.json() == expected
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  # Django's default
    assert (
        post(staff, "/api/people/", "x" * 2621441).json()["detail"].startswith("Dữ liệu gửi lên quá lớn: tối đa 2,5 MB")
    )


def test_sizes_are_written_the_vietnamese_way():
    assert [megabytes(n) for n in (1024 * 1024, 2621440, 10 * 1024 * 1024)] == ["1", "2,5", "10"]


@pytest.mark.django_db
def test_an_unexpected_failure_is_a_logged_json_500(staff, tree, monkeypatch, caplog):
    def broken(self):
        raise RuntimeError("chi-tiet-noi-bo")

    monkeypatch.setattr(UnitViewSet, "get_queryset", broken)
    with caplog.at_level(logging.ERROR, logger="diaban.api"):
        response = staff.get("/api/units/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Máy chủ gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại. Hãy thử lại sau, nếu vẫn lỗi thì báo "
        "quản trị.",
        "code": "server_error",
    }
    assert "chi-tiet-noi-bo" not in response.content.decode()
    assert "chi-tiet-noi-bo" in caplog.text and "/api/units/" in caplog.text


# ---------------------------------------------------------------------------------------------------------
# The other errors a program can meet


@pytest.mark.django_db
def test_method_media_type_accept_and_unreadable_body(staff, tree):
    unit = "/api/units/{}/".format(tree.hamlets_a[0].pk)
    put = staff.put(unit, {}, content_type="application/json")
    assert put.status_code == 405
    assert put.json() == {
        "detail": "Địa chỉ này không nhận phương thức PUT; chỉ nhận: GET, HEAD.",
        "code": "method_not_allowed",
    }
    text = staff.post("/api/people/", "Lê Văn Tám", content_type="text/plain")
    assert text.status_code == 415
    assert text.json() == {
        "detail": "Không đọc được dữ liệu kiểu “text/plain”: gửi application/json hoặc multipart/form-data.",
        "code": "unsupported_media_type",
    }
    xml = staff.get(unit, HTTP_ACCEPT="application/xml")
    assert xml.status_code == 406 and xml.json()["code"] == "not_acceptable"
    broken = post(staff, "/api/people/", '{"full_name": "Lê Văn Tám",')
    assert broken.status_code == 400
    assert broken.json() == {
        "detail": "Không đọc được dữ liệu gửi lên: nội dung không đúng định dạng JSON.",
        "code": "parse_error",
    }


@pytest.mark.django_db
def test_a_refusal_keeps_the_reason_of_the_rule(client, accounts, tree):
    client.force_login(accounts[Role.CADRE])
    refused = post(client, "/api/people/", tam(tree))
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Chỉ Ban Tổ chức mới được cập nhật cán bộ và phân công.",
        "code": "permission_denied",
    }


@pytest.mark.django_db
def test_field_messages_are_vietnamese(staff, tree):
    """DRF's own messages for a wrong type, a missing field, an unknown choice or id, in the project's catalogue."""
    response = post(staff, "/api/assignments/", {"person": "abc", "purpose": "xyz", "note": {"a": 1}})
    assert response.status_code == 400
    assert response.json() == {
        "person": ["Sai kiểu dữ liệu: cần một mã số (id), nhận được str."],
        "purpose": ["“xyz” không phải là một lựa chọn hợp lệ."],
        "note": ["Cần một chuỗi ký tự."],
        "start_date": ["Trường này là bắt buộc."],
    }
    unknown = post(staff, "/api/assignments/", {"person": 999999999, "start_date": "01/01/2024", "unit": None})
    assert unknown.json() == {
        "person": ["Không có đối tượng nào có mã số (id) “999999999”."],
        "unit": ["Trường này không được để trống (null)."],
    }
    year = post(staff, "/api/people/", tam(tree, birth_year="năm mươi"))
    assert year.json() == {"birth_year": ["Cần một số nguyên hợp lệ."]}
    level = staff.get("/api/units/", {"level": "xyz"})
    assert level.status_code == 400
    assert level.json() == {
        "level": ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."]
    }


def _english_defaults():
    """Every default message of DRF's fields, relations, serializers and exceptions."""
    classes = [
        *(c for c in vars(fields).values() if isinstance(c, type) and issubclass(c, fields.Field)),
        *(c for c in vars(relations).values() if isinstance(c, type) and issubclass(c, fields.Field)),
        serializers.Serializer,
        serializers.ListSerializer,
    ]
    for cls in classes:
        for key, message in getattr(cls, "default_error_messages", {}).items():
            yield "{}.{}".format(cls.__name__, key), message
    for cls in vars(exceptions).values():
        if isinstance(cls, type) and issubclass(cls, exceptions.APIException) and cls is not exceptions.APIException:
            yield cls.__name__, cls.default_detail


def test_every_default_message_of_drf_has_a_vietnamese_translation():
    untranslated = []
    for name, message in _english_defaults():
        with translation.override("en"):
            english = str(message)
        with translation.override("vi"):
            vietnamese = str(message)
        if vietnamese == english:
            untranslated.append("{}: {}".format(name, english))
    assert not untranslated, "\n".join(untranslated)


# ---------------------------------------------------------------------------------------------------------
# The handler itself, and the helper the Django-level error pages use


def test_bare_validation_messages_go_under_non_field_errors():
    response = exception_handler(exceptions.ValidationError("Gửi một danh sách phân công."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Gửi một danh sách phân công."]}
    one_message = exception_handler(exceptions.ValidationError({"date": "Ngày không hợp lệ."}), {})
    assert one_message.data == {"date": ["Ngày không hợp lệ."]}


@pytest.mark.django_db
def test_a_protected_delete_and_a_clash_are_409(tree, rf):
    request = rf.delete("/api/units/1/")
    protected = ProtectedError("protected", {tree.assignment_a, tree.position_a})
    response = exception_handler(protected, {"request": request})
    assert response.status_code == 409 and response.data["code"] == "conflict"
    assert re.fullmatch(r"Không xóa được: còn (1 \S.+, 1 \S.+) gắn với nó\.", response.data["detail"])
    clash = exception_handler(IntegrityError("UNIQUE constraint failed"), {"request": request})
    assert clash.status_code == 409 and clash.data == error_body(
        "Dữ liệu vừa bị thay đổi cùng lúc hoặc trùng với dữ liệu đã có: tải lại rồi thử lại.", "conflict"
    )


def test_other_api_exceptions_keep_their_message_and_get_a_code_by_status():
    class Busy(exceptions.APIException):
        status_code = 503
        default_detail = "Hệ thống đang bảo trì."

    assert exception_handler(Busy(), {}).data == error_body("Hệ thống đang bảo trì.", "server_error")
    gone = exceptions.APIException("Đã gộp vào nhóm khác.", code="conflict")
    gone.status_code = 409
    assert exception_handler(gone, {}).data == error_body("Đã gộp vào nhóm khác.", "conflict")


def test_error_body_accepts_only_known_codes():
    assert error_body("Không tìm thấy.", "not_found") == {"detail": "Không tìm thấy.", "code": "not_found"}
    assert set(ERROR_CODES) >= {"not_found", "not_authenticated", "permission_denied", "csrf_failed",
                                "method_not_allowed", "request_too_large", "conflict", "server_error"}  # fmt: skip
    with pytest.raises(ValueError):
        error_body("x", "teapot")


# ---------------------------------------------------------------------------------------------------------
# The description and its page are for signed-in users


@pytest.mark.django_db
def test_schema_and_docs_need_a_signed_in_user(client, accounts):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 403 and schema.json() == NOT_AUTHENTICATED
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"] == "{}?next=/api/docs/".format(reverse("login"))
    client.force_login(accounts[Role.GRASSROOTS])
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="vi">' in html
    assert "<title>Địa Bàn API — tài liệu</title>" in html and "Về trang Địa Bàn" in html
    described = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    tags = [tag["name"] for tag in described["tags"]]
    assert tags[:3] == ["Địa bàn, tổ chức đảng", "Cán bộ", "Phân công"] and "Kiến nghị" in tags
    operation = described["paths"]["/api/units/{id}/"]["get"]
    assert operation["tags"] == ["Địa bàn, tổ chức đảng"]
    assert operation["responses"]["404"]["description"].startswith("Không tìm thấy")


# ---------------------------------------------------------------------------------------------------------
# The catalogue


def _po_entries(path: Path) -> dict:
    """msgid → msgstr of a .po file (plain entries, as this catalogue has)."""
    entries, key, current = {}, None, {}
    for line in path.read_text().splitlines() + [""]:
        match = re.match(r'^(msgid|msgstr) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = json.loads('"{}"'.format(match.group(2)))
        elif line.startswith('"') and key:
            current[key] += json.loads(line)
        elif not line.strip() and current:
            entries[current["msgid"]] = current["msgstr"]
            current, key = {}, None
    entries.pop("", None)
    return entries


def test_the_compiled_catalogue_matches_its_source():
    folder = Path(diaban.__file__).parent / "locale" / "vi" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = dict(gettext.GNUTranslations(compiled)._catalog)
    catalogue.pop("", None)
    assert catalogue == _po_entries(folder / "django.po")
