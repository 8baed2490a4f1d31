"""After sign-in: step-up at the provider (?reauth=1), and the provider's consent checked again after a while."""

import time

import pytest
import requests
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.identity import oidc
from lots.identity.models import ExternalIdentity
from lots.identity.tests.conftest import through_provider
from lots.mfa import session as auth_session


@pytest.fixture
def provider(make_oidc_provider):
    return make_oidc_provider()


def signed_in(client, world, provider, login: str, password: str, role=Role.MEDARBETARE):
    """Sign in through the provider as a persona who reads no confidential records (no second factor asked)."""
    person = world.persona(role)
    ExternalIdentity.objects.create(provider=provider, subject=login, user=person)
    browser = requests.Session()
    response, _ = through_provider(client, provider.slug, login, password, op=browser)
    assert response.status_code == 302
    return person, browser


def make_check_due(client):
    session = client.session
    session[oidc.CHECK_AT] = time.time() - 1
    session.save()


def test_reauth_asks_the_provider_for_a_new_login(client, world, provider):
    signed_in(client, world, provider, "anna", "anna-losen")
    response = client.get(reverse("identity:oidc_login", args=[provider.slug]) + "?reauth=1&next=/konto/")
    assert "prompt=login" in response.url and "max_age=0" in response.url


def test_reauth_with_mfa_vouched_again_marks_the_session_strong(client, world, provider):
    person, browser = signed_in(client, world, provider, "mfa", "mfa-losen")
    session = client.session
    session.pop(auth_session.STRONG_AT)
    session.save()
    response, _ = through_provider(client, provider.slug, "mfa", "mfa-losen", op=browser, query="?reauth=1&next=/konto/")
    assert response.status_code == 302 and response.url == "/konto/"
    assert client.session[auth_session.STRONG_METHOD] == "idp"
    assert AuditEntry.objects.filter(actor=person, action="step_up").exists()


def test_reauth_without_mfa_does_not_mark_the_session_strong(client, world, provider):
    person, browser = signed_in(client, world, provider, "anna", "anna-losen")
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen", op=browser, query="?reauth=1")
    assert response.status_code == 302
    assert auth_session.STRONG_AT not in client.session
    assert int(client.session["_auth_user_id"]) == person.pk


def test_reauth_as_another_person_is_refused(client, world, provider):
    signed_in(client, world, provider, "anna", "anna-losen")
    ExternalIdentity.objects.create(provider=provider, subject="mfa", user=world.persona(Role.VERKSAMHETSLEDARE))
    response, _ = through_provider(client, provider.slug, "mfa", "mfa-losen", query="?reauth=1")
    assert response.status_code == 403
    assert "en annan person" in response.content.decode()
    assert auth_session.STRONG_AT not in client.session


def test_reauth_refuses_an_authentication_from_before_the_request(client, world, provider):
    """A provider that skips the new login (its auth_time is older than the request) gives no step-up."""
    person, browser = signed_in(client, world, provider, "mfa", "mfa-losen")
    start = client.get(reverse("identity:oidc_login", args=[provider.slug]) + "?reauth=1")
    state = start.url.split("state=")[1].split("&")[0]
    session = client.session
    flows = session[oidc.FLOWS]
    flows[state]["started_at"] = time.time() + 3600
    session[oidc.FLOWS] = flows
    session.pop(auth_session.STRONG_AT)
    session.save()
    response, _ = through_provider(client, provider.slug, "mfa", "mfa-losen", op=browser, start=start)
    assert response.status_code == 403
    assert "bekräftade inte att du loggade in nyss" in response.content.decode()
    assert auth_session.STRONG_AT not in client.session
    assert AuditEntry.objects.filter(actor=person, action="login_failed", note__contains="auth_time").exists()


def test_the_session_is_checked_again_at_the_provider_and_kept_while_it_accepts(client, world, provider):
    person, browser = signed_in(client, world, provider, "anna", "anna-losen")
    assert client.get(reverse("accounts:profile")).status_code == 200
    make_check_due(client)
    check = client.get(reverse("accounts:profile"))
    assert check.status_code == 302 and "check=1" in check.url
    response, _ = through_provider(client, provider.slug, None, op=browser, query="?" + check.url.split("?", 1)[1])
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert client.session[oidc.CHECK_AT] > time.time()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_session_ends_when_the_provider_no_longer_accepts_the_person(client, world, provider, openid_provider):
    person, browser = signed_in(client, world, provider, "lamnar", "lamnar-losen")
    openid_provider.disable("lamnar")
    make_check_due(client)
    check = client.get(reverse("home:start"))
    start = client.get(check.url)
    assert "prompt=none" in start.url
    answer = browser.get(start.url, allow_redirects=False, timeout=5)
    assert answer.status_code in (302, 303), answer.text[:3000]
    callback = answer.headers["location"]
    assert "error=" in callback
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actor=person, action="session_end").exists()
    page = client.get(response.url)
    assert "gäller inte längre" in page.content.decode()


def test_the_session_ends_at_once_when_the_provider_is_switched_off(client, world, provider):
    signed_in(client, world, provider, "anna", "anna-losen")
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_form_post_past_twice_the_interval_ends_the_session(client, world, provider):
    signed_in(client, world, provider, "anna", "anna-losen")
    session = client.session
    session[oidc.CHECK_AT] = time.time() - 10_000
    session.save()
    response = client.post(reverse("accounts:token_create"), {"name": "Statistik"})
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_password_sessions_are_not_sent_to_a_provider(client, world):
    client.force_login(world.persona(Role.MEDARBETARE))
    assert client.get(reverse("accounts:profile")).status_code == 200
