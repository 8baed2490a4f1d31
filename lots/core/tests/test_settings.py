import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qp2!vX9zL@4mN8rT6wY1uE3oI5aS0dF-gH_jK+lZ*xC&vB^nM%qW",
    "ALLOWED_HOSTS": "lots.exempelkommun.se",
    "DATABASE_URL": "sqlite:////tmp/lots-deploy-check.sqlite3",
    "EMAIL_HOST": "smtp.exempelkommun.se",
}


def _manage(*args, env):
    test_only = {
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "SECURE_HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warnings_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_web_server_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("0", False), ("off", False)])
def test_booleans_are_parsed_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("LOTS_FLAG", raw)
    assert env_bool("LOTS_FLAG") is expected


def test_a_mistyped_boolean_or_number_stops_start_up(monkeypatch):
    monkeypatch.setenv("LOTS_FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured):
        env_bool("LOTS_FLAG")
    monkeypatch.setenv("LOTS_NUMBER", "tio")
    with pytest.raises(ImproperlyConfigured):
        env_int("LOTS_NUMBER", 1)


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get("/konto/logga-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_contains_inline_script_or_style_attributes():
    offenders = []
    for path in (settings.BASE_DIR / "lots").rglob("templates/**/*.html"):
        text = path.read_text()
        if "<script>" in text or "<script " in text.replace("<script src=", "") or ' style="' in text or "onclick=" in text:
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_a_form_without_its_security_token_gets_a_swedish_explanation(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
