"""Every way a SAML response is refused: a clear Swedish message on a page (never a 500), nobody signed in, and a
failed login in the audit log."""

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.identity import saml_state
from lots.identity.tests.saml.conftest import sign_in_at_idp


def assert_refused(client, response, message: str, reason: str):
    assert response.status_code == 403
    html = response.content.decode()
    assert "Inloggningen misslyckades" in html
    assert message in html
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.filter(action="login_failed").order_by("-pk").first()
    assert failed is not None and reason in failed.note


@pytest.mark.parametrize(
    "behaviour, message, reason",
    [
        ({"audience": "https://annan-tjanst.example/sp"}, "avsett för en annan tjänst än Lots", "fel mottagare"),
        ({"issued_minutes_ago": 20, "lifetime_minutes": 5}, "Svaret från identitetstjänsten har gått ut", "svaret har gått ut"),
        ({"issued_minutes_ago": -10}, "Svaret från identitetstjänsten gäller inte ännu", "svaret gäller inte ännu"),
        ({"unsigned": True}, "inte korrekt signerat", "signaturen saknas"),
        ({"rogue_key": True}, "inte korrekt signerat", "signaturen saknas"),
        ({"unsigned": True, "encrypt": True}, "inte korrekt signerat", "signaturen saknas"),
        ({"rogue_key": True, "encrypt": True}, "inte korrekt signerat", "signaturen saknas"),
        ({"unsolicited": True}, "Lots väntade inte på det här svaret", "svar utan begäran"),
    ],
    ids=[
        "wrong-audience",
        "expired",
        "not-yet-valid",
        "unsigned",
        "wrongly-signed",
        "encrypted-unsigned",
        "encrypted-wrongly-signed",
        "unsolicited",
    ],
)
def test_a_response_that_fails_a_check_is_refused_with_a_clear_message(client, provider, anna, idp, behaviour, message, reason):
    idp.behaviour = behaviour
    acs, form = sign_in_at_idp(client, provider)
    assert_refused(client, client.post(acs, form), message, reason)
    assert not AuditEntry.objects.filter(actor=anna, action="login").exists()


def test_a_response_posted_a_second_time_is_refused_as_replayed(client, provider, anna):
    acs, form = sign_in_at_idp(client, provider)
    state = client.cookies[saml_state.COOKIE].value
    assert client.post(acs, form).status_code == 302
    client.logout()
    # Whoever copied the post and the browser's cookie tries again.
    client.cookies[saml_state.COOKIE] = state
    assert_refused(client, client.post(acs, form), "har redan använts en gång", "svaret användes igen")


def test_a_replay_is_refused_by_every_process_not_only_the_one_that_saw_the_response(client, provider, anna):
    from django.core.cache import caches

    acs, form = sign_in_at_idp(client, provider)
    state = client.cookies[saml_state.COOKIE].value
    assert client.post(acs, form).status_code == 302
    client.logout()
    caches["default"].clear()  # another worker: nothing of this process's memory
    client.cookies[saml_state.COOKIE] = state
    assert_refused(client, client.post(acs, form), "har redan använts en gång", "svaret användes igen")


def test_a_response_to_a_request_another_browser_started_is_refused(client, provider, anna, django_user_model):
    from django.test import Client

    acs, form = sign_in_at_idp(client, provider)
    other = Client()
    assert_refused(other, other.post(acs, form), "Lots väntade inte på det här svaret", "svar utan begäran")


def test_a_person_the_provider_knows_but_lots_does_not_is_refused(client, provider, idp):
    acs, form = sign_in_at_idp(client, provider, username="bertil")
    response = client.post(acs, form)
    assert response.status_code == 403
    assert "inte kopplat till någon person i Lots" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", note__contains="bertil-0815").exists()


def test_a_deactivated_person_is_refused(client, provider, anna):
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    acs, form = sign_in_at_idp(client, provider)
    response = client.post(acs, form)
    assert response.status_code == 403 and "avstängt" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data",
    [{}, {"SAMLResponse": ""}, {"SAMLResponse": "inte base64 ?!"}, {"SAMLResponse": "PHhtbD48L3htbD4="}],
    ids=["missing", "empty", "not-base64", "not-saml"],
)
def test_garbage_posted_to_the_acs_is_refused_without_an_error(client, provider, data):
    response = client.post(reverse("identity:saml_acs", args=[provider.slug]), data)
    assert response.status_code == 403
    assert "kunde inte godtas" in response.content.decode() or "väntade inte" in response.content.decode()


def test_a_tampered_state_cookie_counts_as_no_request(client, provider, anna):
    acs, form = sign_in_at_idp(client, provider)
    client.cookies[saml_state.COOKIE] = client.cookies[saml_state.COOKIE].value[:-4] + "AAAA"
    assert_refused(client, client.post(acs, form), "Lots väntade inte på det här svaret", "svar utan begäran")


def test_over_https_the_state_cookie_travels_with_the_identity_providers_cross_site_post(client, provider, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(reverse("identity:saml_login", args=[provider.slug]), secure=True)
    cookie = response.cookies[saml_state.COOKIE]
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["httponly"]
    assert cookie["path"] == "/konto/sso/saml/"
