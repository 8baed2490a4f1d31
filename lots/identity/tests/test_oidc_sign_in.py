"""Signing in through a real OpenID Provider on loopback, and every way its answer is refused."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.identity.models import ExternalIdentity
from lots.identity.tests.conftest import through_provider
from lots.mfa import session as auth_session


@pytest.fixture
def provider(make_oidc_provider):
    return make_oidc_provider()


@pytest.fixture
def anna(world, provider):
    person = world.persona(Role.KVALITETSSAMORDNARE)
    ExternalIdentity.objects.create(provider=provider, subject="anna", user=person)
    return person


def refusal_of(response) -> str:
    assert response.status_code == 403
    return response.content.decode()


def test_a_linked_person_signs_in_and_lands_on_the_start_page(client, anna, provider):
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen")
    assert response.status_code == 302 and response.url == reverse("home:start")
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.session[auth_session.LOGIN_METHOD] == "oidc"
    assert client.session[auth_session.LOGIN_PROVIDER] == provider.pk
    assert AuditEntry.objects.filter(actor=anna, action="login", note__contains=provider.name).exists()
    assert ExternalIdentity.objects.get(user=anna).last_login_at is not None


def test_the_person_is_sent_back_to_the_page_they_asked_for(client, anna, provider):
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen", query="?next=/konto/")
    assert response.url == "/konto/"


def test_a_next_address_on_another_site_is_ignored(client, anna, provider):
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen", query="?next=https://elak.example/")
    assert response.url == reverse("home:start")


def test_the_authorization_request_carries_state_nonce_and_pkce(client, provider):
    response = client.get(reverse("identity:oidc_login", args=[provider.slug]))
    for parameter in ("state=", "nonce=", "code_challenge=", "code_challenge_method=S256", "client_id=lots"):
        assert parameter in response.url


def test_the_person_is_matched_by_the_configured_attribute_never_by_e_mail(client, world, make_oidc_provider):
    provider = make_oidc_provider(subject_attribute="employee_id")
    person = world.persona(Role.ENHETSCHEF)
    ExternalIdentity.objects.create(provider=provider, subject="anna", user=world.persona(Role.MEDARBETARE))
    ExternalIdentity.objects.create(provider=provider, subject="E-100", user=person)
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_an_unknown_person_is_refused_with_a_swedish_message_and_audited(client, provider):
    response, _ = through_provider(client, provider.slug, "okand", "okand-losen")
    assert "inte kopplat till någon person i Lots" in refusal_of(response)
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", note__contains="okand").exists()


def test_a_deactivated_person_is_refused(client, anna, provider):
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen")
    assert "Ditt konto i Lots är avstängt" in refusal_of(response)
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actor=anna, action="login_failed").exists()


@pytest.mark.parametrize(
    "mode, message",
    [
        ("wrong_audience", "utfärdat för en annan tjänst"),
        ("expired", "svaret har gått ut"),
        ("wrong_key", "signatur stämmer inte"),
        ("alg_none", "inte signerat"),
    ],
)
def test_a_forged_or_misdirected_id_token_is_refused(client, world, make_oidc_provider, mode, message):
    provider = make_oidc_provider(client_id=f"lots-{mode}")
    person = world.persona(Role.KVALITETSSAMORDNARE)
    ExternalIdentity.objects.create(provider=provider, subject="anna", user=person)
    response, _ = through_provider(client, provider.slug, "anna", "anna-losen")
    html = refusal_of(response)
    assert message in html and "Du är inte inloggad" in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", note__contains=provider.name).exists()
    assert not AuditEntry.objects.filter(action="login").exists()


def test_a_replayed_answer_is_refused(client, anna, provider):
    response, callback = through_provider(client, provider.slug, "anna", "anna-losen")
    assert response.status_code == 302
    replay = client.get(callback.removeprefix("http://testserver"))
    assert "hörde inte till någon pågående inloggning" in refusal_of(replay)
    assert AuditEntry.objects.filter(action="login_failed", note__contains="state").count() == 1


def test_an_answer_replayed_in_another_browser_is_refused(client, anna, provider):
    from django.test import Client

    response, callback = through_provider(client, provider.slug, "anna", "anna-losen")
    assert response.status_code == 302
    other = Client()
    replay = other.get(callback.removeprefix("http://testserver"))
    assert "hörde inte till någon pågående inloggning" in refusal_of(replay)
    assert "_auth_user_id" not in other.session


def test_an_answer_with_a_state_that_was_never_given_is_refused(client, provider):
    response = client.get(reverse("identity:oidc_callback") + "?code=abc&state=made-up")
    assert "hörde inte till någon pågående inloggning" in refusal_of(response)


def test_a_cancelled_sign_in_at_the_provider_is_refused_politely(client, provider):
    start = client.get(reverse("identity:oidc_login", args=[provider.slug]))
    state = start.url.split("state=")[1].split("&")[0]
    response = client.get(reverse("identity:oidc_callback") + f"?error=access_denied&state={state}")
    assert "avbröt inloggningen" in refusal_of(response)


def test_an_answer_naming_another_issuer_is_refused(client, anna, provider):
    start = client.get(reverse("identity:oidc_login", args=[provider.slug]))
    state = start.url.split("state=")[1].split("&")[0]
    response = client.get(reverse("identity:oidc_callback") + f"?code=x&state={state}&iss=https://elak.example")
    assert "annan utfärdare" in refusal_of(response)


def test_an_unknown_or_inactive_provider_is_not_found(client, provider):
    assert client.get(reverse("identity:oidc_login", args=["finns-inte"])).status_code == 404
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    assert client.get(reverse("identity:oidc_login", args=[provider.slug])).status_code == 404


def test_a_provider_without_complete_settings_says_so(client, make_oidc_provider):
    provider = make_oidc_provider(config={"issuer": "https://idp.example"})
    response = client.get(reverse("identity:oidc_login", args=[provider.slug]))
    assert response.status_code == 503
    assert "inte färdiginställd" in response.content.decode()


def test_amr_naming_a_second_factor_marks_the_session_strong(client, world, provider):
    person = world.persona(Role.ENHETSCHEF)
    ExternalIdentity.objects.create(provider=provider, subject="mfa", user=person)
    through_provider(client, provider.slug, "mfa", "mfa-losen")
    assert client.session[auth_session.STRONG_METHOD] == "idp"


def test_a_password_only_sign_in_at_the_provider_is_not_strong(client, anna, provider):
    through_provider(client, provider.slug, "anna", "anna-losen")
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert auth_session.STRONG_AT not in client.session


def test_amr_is_not_trusted_when_the_provider_has_no_mfa_values(client, world, make_oidc_provider):
    provider = make_oidc_provider(mfa_values="")
    ExternalIdentity.objects.create(provider=provider, subject="mfa", user=world.persona(Role.ENHETSCHEF))
    through_provider(client, provider.slug, "mfa", "mfa-losen")
    assert "_auth_user_id" in client.session and auth_session.STRONG_AT not in client.session


@pytest.mark.parametrize(
    "query",
    ["", "?state=%00", "?code=x&state=", "?state=a&state=b&code=c", "?error=%00%ff&state=x", "?code=" + "x" * 5000],
)
def test_odd_answers_are_refused_without_an_error_page(client, provider, query):
    response = client.get(reverse("identity:oidc_callback") + query)
    assert response.status_code == 403
    assert "godtogs inte" in response.content.decode()


def test_an_odd_error_from_the_providers_silent_check_ends_the_session_cleanly(client, anna, provider):
    from lots.identity import oidc

    through_provider(client, provider.slug, "anna", "anna-losen")
    session = client.session
    session[oidc.CHECK_AT] = 0
    session.save()
    start = client.get(client.get(reverse("accounts:profile")).url)
    state = start.url.split("state=")[1].split("&")[0]
    response = client.get(reverse("identity:oidc_callback") + f"?state={state}&error=%00login%27required")
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert AuditEntry.objects.filter(action="session_end", note__endswith="loginrequired").exists()


@pytest.mark.parametrize(
    "value, expected", [("anna", "anna"), (" 42 ", "42"), (42, "42"), (True, ""), ("a\x00b", ""), ("x" * 256, ""), (None, "")]
)
def test_only_a_printable_identifier_is_taken_as_the_subject(provider, value, expected):
    from lots.identity.oidc import subject_of

    assert subject_of(provider, {"sub": value}) == expected
