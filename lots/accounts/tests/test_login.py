import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.testing.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(username="emma")


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_production_settings_hash_passwords_with_argon2():
    import config.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("ett-lösenord").startswith("argon2$")


def test_a_person_logs_in_and_the_login_is_audited(client, person):
    response = login(client, "emma", "test-password-123")
    assert response.status_code == 302 and response.url == reverse("home:start")
    assert AuditEntry.objects.filter(actor=person, action="login").count() == 1


def test_a_wrong_password_gets_a_swedish_message_and_keeps_the_username(client, person):
    response = login(client, "emma", "fel")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fel användarnamn eller lösenord" in html
    assert 'value="emma"' in html


def test_repeated_wrong_passwords_lock_the_account_with_a_swedish_message(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "emma", "fel").status_code == 200
    response = login(client, "emma", "fel")
    assert response.status_code == 429
    assert "Kontot är tillfälligt spärrat" in response.content.decode()
    # Even the right password is refused while locked out.
    assert login(client, "emma", "test-password-123").status_code == 429


def test_the_lock_out_is_per_person_and_address(client, person):
    UserFactory(username="ali")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "emma", "fel")
    assert login(client, "ali", "test-password-123").status_code == 302


def test_sessions_expire_after_the_idle_timeout_and_are_renewed_on_each_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_the_idle_timeout_is_read_from_the_environment(monkeypatch):
    import importlib

    import config.settings as production

    monkeypatch.setenv("LOTS_IDLE_TIMEOUT_MINUTES", "10")
    try:
        assert importlib.reload(production).SESSION_COOKIE_AGE == 600
    finally:
        monkeypatch.delenv("LOTS_IDLE_TIMEOUT_MINUTES")
        importlib.reload(production)


def test_an_expired_session_sends_the_person_back_to_login(client, person):
    client.force_login(person)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("home:start"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_logging_out_ends_the_session(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home:start")).status_code == 302
    assert AuditEntry.objects.filter(actor=person, action="logout").exists()


def test_changing_the_password_needs_the_old_one(client, person):
    client.force_login(person)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": "fel", "new_password1": "Ny-lang-fras-2026", "new_password2": "Ny-lang-fras-2026"}
    )
    assert response.status_code == 422
    assert "Ditt gamla lösenord" in response.content.decode()
    response = client.post(
        url, {"old_password": "test-password-123", "new_password1": "Ny-lang-fras-2026", "new_password2": "Ny-lang-fras-2026"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Ny-lang-fras-2026")


def test_control_characters_in_a_login_s_name_and_headers_never_reach_the_lockout_s_log(client, person):
    from axes.models import AccessAttempt, AccessLog

    response = client.post(
        reverse("accounts:login"),
        {"username": "emma\x07", "password": "fel"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_USER_AGENT="Firefox\x00/133",
        HTTP_ACCEPT="text/html\x00",
    )
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.user_agent, attempt.http_accept) == ("emma", "Firefox/133", "text/html")
    assert login(client, "emma", "test-password-123").status_code == 302
    assert "\x00" not in AccessLog.objects.get().user_agent
