"""No debug pages: `DEBUG` is off unless a developer asks for it (the demo included), and the errors Django answers
itself are Vietnamese pages in the product's layout, or Vietnamese JSON under /api/ (the tester's 404 listed every
URL pattern; a 500 showed the settings, the database path and the environment)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

import diaban.urls
from diaban.people.choices import Role

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("secret-internal-detail")


# This module is also the URL configuration of the tests that need a failing view.
urlpatterns = [path("thu-loi/", _boom), path("api/thu-loi/", _boom), *diaban.urls.urlpatterns]
handler403, handler404, handler500 = diaban.urls.handler403, diaban.urls.handler404, diaban.urls.handler500


def test_debug_is_off_unless_asked():
    environment = {k: v for k, v in os.environ.items() if k != "DIABAN_DEBUG"}
    code = "import diaban.settings as s; print(s.DEBUG)"
    off = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    on = subprocess.run(
        [sys.executable, "-c", code], env={**environment, "DIABAN_DEBUG": "1"}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True")
    makefile = (ROOT / "Makefile").read_text()
    assert "DIABAN_DEBUG" not in makefile  # `make demo` serves with DEBUG off


@pytest.mark.django_db
def test_a_missing_page_is_vietnamese_and_lists_nothing(client, accounts):
    for user in (None, accounts[Role.CADRE]):
        if user:
            client.force_login(user)
        response = client.get("/khong-co-trang-nay/")
        body = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy trang" in body and "Về trang chính" in body
        assert "URLconf" not in body and "URL patterns" not in body and "Page not found" not in body
    # Inside the product's layout: the signed-in user's menu is there.
    assert "Đăng xuất" in body


@pytest.mark.django_db
def test_an_object_outside_the_scope_is_the_same_vietnamese_404(client, tree, accounts):
    client.force_login(accounts[Role.GRASSROOTS])
    response = client.get("/dia-ban/{}/".format(tree.province_b.pk))
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_an_api_address_that_matches_nothing_answers_json(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    response = client.get("/api/khong-co/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "code": "not_found"}


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_shows_nothing_internal(accounts, settings):
    client = Client(raise_request_exception=False)
    client.force_login(accounts[Role.ORGANIZATION])
    page = client.get("/thu-loi/")
    body = page.content.decode()
    assert page.status_code == 500 and "Máy chủ gặp lỗi" in body and '<html lang="vi">' in body
    for internal in ("secret-internal-detail", "Traceback", "RuntimeError", "DATABASES", "SECRET_KEY", "sqlite"):
        assert internal not in body
    api = client.get("/api/thu-loi/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"
    assert "secret-internal-detail" not in api.content.decode()


@pytest.mark.django_db
def test_a_refusal_is_a_vietnamese_page(client, accounts):
    client.force_login(accounts[Role.CADRE])
    response = client.get("/phan-cong/them/")
    assert response.status_code == 403
    assert "Bạn không có quyền xem hoặc làm việc này" in response.content.decode()


@pytest.mark.django_db
def test_a_stale_form_is_told_in_vietnamese(accounts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts[Role.CADRE])
    page = client.post("/dang-xuat/")
    assert page.status_code == 403 and "Không gửi được biểu mẫu" in page.content.decode()
    assert "CSRF verification failed" not in page.content.decode()


def test_static_files_are_served_with_debug_off(client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"Bootstrap" in b"".join(response.streaming_content)[:400]
