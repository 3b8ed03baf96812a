"""Production serving: the security headers on every answer, HTTPS behind nginx switched on by DIABAN_HTTPS,
`diaban check --deploy` clean with the production environment, and `/healthz` for monitors."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from diaban.people.choices import Role

ROOT = Path(__file__).resolve().parents[2]
HOST = "diaban.example.vn"


def _policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}."""
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_secured(response, where):
    policy = _policy(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == ["'self'"], (where, directive, policy[directive])
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"], where
    assert "unsafe" not in response["Content-Security-Policy"], where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions, where


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_error_pages")
def test_every_answer_carries_the_security_headers(accounts, tree):
    anonymous = Client()
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(accounts[Role.ORGANIZATION])
    answers = {
        "sign-in page": anonymous.get("/dang-nhap/"),
        "redirect to sign-in": anonymous.get("/"),
        "home page": signed_in.get("/"),
        "unit page": signed_in.get("/dia-ban/{}/".format(tree.province_a.pk)),
        "API list": signed_in.get("/api/units/"),
        "API refusal": anonymous.get("/api/units/"),
        "404 page": signed_in.get("/khong-co-trang-nay/"),
        "404 API": signed_in.get("/api/khong-co/"),
        "500 page": signed_in.get("/thu-loi/"),
        "500 API": signed_in.get("/api/thu-loi/"),
        "Swagger page": signed_in.get("/api/docs/"),
        "Swagger settings script": signed_in.get("/api/docs/?script="),
        "static file": anonymous.get("/static/diaban/diaban.css"),
        "health": anonymous.get("/healthz"),
    }
    expected = {"404 page": 404, "404 API": 404, "500 page": 500, "500 API": 500, "redirect to sign-in": 302}
    expected["API refusal"] = 403
    for where, response in answers.items():
        assert response.status_code == expected.get(where, 200), where
        assert_secured(response, where)


@pytest.mark.django_db
def test_the_swagger_page_runs_no_inline_script(client, accounts):
    client.force_login(accounts[Role.ORGANIZATION])
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html and "<style" not in html and 'src="/api/docs/?script="' in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def _production_environment(tmp_path, **extra) -> dict[str, str]:
    (tmp_path / "var").mkdir(exist_ok=True)  # the SQLite file's folder, as on a server
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DIABAN_", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="diaban.settings",
        DATABASE_URL="",
        DIABAN_VAR_DIR=str(tmp_path / "var"),
        DIABAN_SECRET_KEY=secrets.token_urlsafe(50),
        DIABAN_ALLOWED_HOSTS=HOST,
        DIABAN_HTTPS="1",
        PYTHONPATH=str(ROOT / "src"),
    )
    environment.update(extra)
    return environment


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    command = [sys.executable, "-m", "diaban", "check", "--deploy", "--fail-level", "WARNING"]
    production = subprocess.run(command, env=_production_environment(tmp_path), capture_output=True, text=True)
    assert production.returncode == 0, production.stdout + production.stderr
    assert "System check identified no issues" in production.stdout
    # Without the HTTPS switch the same check names what is missing: the test would see a regression.
    plain = subprocess.run(
        command, env=_production_environment(tmp_path, DIABAN_HTTPS="0"), capture_output=True, text=True
    )
    assert plain.returncode != 0
    for missing in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert missing in plain.stderr + plain.stdout


# Run in a fresh interpreter: the HTTPS switch is read when the settings are imported.
BEHIND_NGINX = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="{host}")
plain = client.get("/dang-nhap/")
secure = client.get("/dang-nhap/", headers={{"X-Forwarded-Proto": "https"}})
health = client.get("/healthz")
print(json.dumps({{
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "health": [health.status_code, health.get("Location")],
    "session_cookie_secure": django.conf.settings.SESSION_COOKIE_SECURE,
}}))
"""


def test_behind_nginx_over_https_cookies_are_secure_and_browsers_keep_to_https(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", BEHIND_NGINX.format(host=HOST)],
        env=_production_environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://{}/dang-nhap/".format(HOST)]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains"
    assert seen["csrf_cookie_secure"] and seen["session_cookie_secure"]
    # A monitor on the machine itself asks over plain HTTP and gets its answer, not a redirect.
    assert seen["health"] == [200, None]


def test_without_https_nothing_forces_it(client):
    # The demo and a test copy on http://127.0.0.1 keep working: no redirect, no HSTS.
    response = client.get("/dang-nhap/")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_health_answers_without_sign_in_and_tells_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] and response["Content-Type"] == "application/json"
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(client):
    failure = OperationalError('could not connect to server: Connection refused (host "db-secret", port 5432)')
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert b"db-secret" not in response.content and b"5432" not in response.content


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_production_settings(tmp_path):
    """The unit's command line (deploy/diaban.service) as it runs on the server: gunicorn answers /healthz and the
    sign-in page, with the headers, behind what nginx says."""
    import time
    import urllib.error
    import urllib.request

    service = (ROOT / "deploy" / "diaban.service").read_text()
    assert "gunicorn diaban.wsgi:application" in service and "--bind 127.0.0.1:8000" in service
    # The example's hosts: the public name, and the machine itself for a monitor asking /healthz.
    example = (ROOT / "deploy" / "diaban.env.example").read_text()
    hosts = re.search(r"^DIABAN_ALLOWED_HOSTS=(.+)$", example, re.M).group(1)
    assert "DIABAN_HTTPS=1" in example
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "diaban.wsgi:application", "--bind", "127.0.0.1:{}".format(port), "--workers", "1"],
        env=_production_environment(tmp_path, DIABAN_ALLOWED_HOSTS=hosts),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def get(path, **headers):
            request = urllib.request.Request("http://127.0.0.1:{}{}".format(port, path), headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, error.read()

        for _ in range(100):
            try:
                health = get("/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn không trả lời")
        assert health[0] == 200 and json.loads(health[2]) == {"status": "ok", "database": "ok"}
        status, headers, body = get("/dang-nhap/", Host=HOST, **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "Đăng nhập".encode() in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "'unsafe" not in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
        assert "Secure" in headers["Set-Cookie"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_deploy_files_agree_with_the_settings_and_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path in sorted((ROOT / "deploy").iterdir()):
        assert "deploy/{}".format(path.name) in readme, path.name
    nginx = (ROOT / "deploy" / "nginx-diaban.conf").read_text()
    # DIABAN_HTTPS trusts X-Forwarded-Proto: nginx must set it itself, and hand on to the unit's address.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx and "proxy_pass http://127.0.0.1:8000;" in nginx
    remind = (ROOT / "deploy" / "diaban-remind.service").read_text()
    command = "diaban remind --base-url https://diaban.example.vn"
    assert command in remind and command in readme  # the cron line and the timer run the same reminders
    assert "OnCalendar=hourly" in (ROOT / "deploy" / "diaban-remind.timer").read_text()
