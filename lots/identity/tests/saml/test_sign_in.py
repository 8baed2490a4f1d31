import base64
import time

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.identity import saml, saml_views
from lots.identity.models import ExternalIdentity
from lots.identity.tests.saml.conftest import sign_in_at_idp
from lots.identity.tests.saml.idp import MULTI_FACTOR
from lots.mfa import session as auth_session


def test_a_person_signs_in_through_the_municipalitys_identity_provider(client, provider, anna, idp):
    acs, form = sign_in_at_idp(client, provider, query={"next": "/avvikelser/"})
    response = client.post(acs, form)
    assert response.status_code == 302 and response.url == "/avvikelser/"
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.session[auth_session.LOGIN_METHOD] == "saml"
    assert client.session[auth_session.LOGIN_PROVIDER] == provider.pk
    assert AuditEntry.objects.filter(actor=anna, action="login").count() == 1
    assert idp.requests[-1]["signed"] and not idp.requests[-1]["force_authn"]


def test_the_identity_providers_multi_factor_context_marks_the_session_strong(client, provider, bertil):
    acs, form = sign_in_at_idp(client, provider, username="bertil")
    assert client.post(acs, form).status_code == 302
    assert client.session[auth_session.STRONG_METHOD] == "idp"


def test_a_password_only_context_does_not_mark_the_session_strong(client, provider, anna):
    acs, form = sign_in_at_idp(client, provider)
    assert client.post(acs, form).status_code == 302
    assert auth_session.STRONG_AT not in client.session


def test_a_context_the_municipality_does_not_count_as_multi_factor_does_not_mark_the_session_strong(
    client, provider, bertil
):
    provider.mfa_values = "urn:nagot:annat"
    provider.save(update_fields=["mfa_values"])
    acs, form = sign_in_at_idp(client, provider, username="bertil")
    assert client.post(acs, form).status_code == 302
    assert auth_session.STRONG_AT not in client.session


@pytest.mark.parametrize("attribute", ["employeeNumber", "urn:oid:2.16.840.1.113730.3.1.3"])
def test_the_subject_attribute_identifies_the_person_when_the_municipality_names_one(client, provider, anna, attribute):
    provider.subject_attribute = attribute
    provider.save(update_fields=["subject_attribute"])
    ExternalIdentity.objects.filter(user=anna).update(subject="E-1001")
    acs, form = sign_in_at_idp(client, provider)
    assert client.post(acs, form).status_code == 302
    assert int(client.session["_auth_user_id"]) == anna.pk


def test_with_a_subject_attribute_the_nameid_no_longer_identifies_anyone(client, provider, anna):
    provider.subject_attribute = "employeeNumber"
    provider.save(update_fields=["subject_attribute"])
    acs, form = sign_in_at_idp(client, provider)
    response = client.post(acs, form)
    assert response.status_code == 403 and "_auth_user_id" not in client.session


def test_a_missing_subject_attribute_is_refused_with_a_message(client, provider, anna):
    provider.subject_attribute = "hsaIdentity"
    provider.save(update_fields=["subject_attribute"])
    acs, form = sign_in_at_idp(client, provider)
    response = client.post(acs, form)
    assert response.status_code == 403
    assert "skickade ingen identifierare" in response.content.decode()


def test_the_groups_attribute_is_handed_to_the_sign_in(client, provider, anna, monkeypatch):
    provider.groups_attribute = "memberOf"
    provider.save(update_fields=["groups_attribute"])
    seen = {}
    original = saml_views.sign_in_external

    def spy(request, **kwargs):
        seen.update(kwargs)
        return original(request, **kwargs)

    monkeypatch.setattr(saml_views, "sign_in_external", spy)
    acs, form = sign_in_at_idp(client, provider)
    assert client.post(acs, form).status_code == 302
    assert sorted(seen["groups"]) == ["alla-anstallda", "lots-enhetschefer"]


def test_a_next_address_on_another_site_is_not_followed(client, provider, anna):
    acs, form = sign_in_at_idp(client, provider, query={"next": "https://elak.example/"})
    response = client.post(acs, form)
    assert response.status_code == 302 and response.url == reverse("home:start")


def test_a_step_up_asks_the_identity_provider_to_authenticate_again(client, provider, bertil, idp):
    client.force_login(bertil)
    before = client.session.session_key
    acs, form = sign_in_at_idp(client, provider, username="bertil", query={"reauth": "1", "next": "/rapporter/"})
    assert idp.requests[-1]["force_authn"]
    response = client.post(acs, form)
    assert response.status_code == 302 and response.url == "/rapporter/"
    assert int(client.session["_auth_user_id"]) == bertil.pk and client.session.session_key != before
    assert client.session[auth_session.STRONG_METHOD] == "idp"


def test_a_step_up_answered_with_an_old_authentication_is_refused(client, provider, bertil, idp):
    idp.behaviour = {"authn_age_seconds": 3600}
    acs, form = sign_in_at_idp(client, provider, username="bertil", query={"reauth": "1"})
    response = client.post(acs, form)
    assert response.status_code == 403
    assert "bekräftade inte din identitet på nytt" in response.content.decode()
    assert AuditEntry.objects.filter(action="login_failed", note__contains="ingen ny autentisering").exists()


def test_an_old_authentication_is_fine_for_an_ordinary_sign_in(client, provider, bertil, idp):
    idp.behaviour = {"authn_age_seconds": 3600}
    acs, form = sign_in_at_idp(client, provider, username="bertil")
    assert client.post(acs, form).status_code == 302


def test_a_signed_in_person_going_to_the_sign_in_is_sent_on(client, provider, anna):
    client.force_login(anna)
    response = client.get(reverse("identity:saml_login", args=[provider.slug]) + "?next=/risker/")
    assert response.status_code == 302 and response.url == "/risker/"


def test_the_session_ends_at_the_identity_providers_session_not_on_or_after(client, provider, anna, idp):
    idp.behaviour = {"session_minutes": 30}
    acs, form = sign_in_at_idp(client, provider)
    assert client.post(acs, form).status_code == 302
    until = client.session[saml.SESSION_NOT_ON_OR_AFTER]
    assert 29 * 60 < until - time.time() <= 30 * 60
    assert client.get(reverse("accounts:profile")).status_code == 200

    session = client.session
    session[saml.SESSION_NOT_ON_OR_AFTER] = time.time() - 1
    session.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actor=anna, action="session_end").exists()


def test_switching_the_identity_provider_off_ends_its_sessions(client, provider, anna):
    acs, form = sign_in_at_idp(client, provider)
    assert client.post(acs, form).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_a_password_session_is_not_touched_by_the_saml_check(client, anna):
    client.force_login(anna)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_assertion_from_another_identity_provider_in_the_same_federation_is_refused(client, provider, anna, idp):
    other = "https://annan-idp.example/idp"
    provider.config = {"idp_metadata": idp.federation_metadata_xml(other), "idp_entity_id": other}
    provider.save(update_fields=["config"])
    acs, form = sign_in_at_idp(client, provider)
    response = client.post(acs, form)
    assert response.status_code == 403
    assert "en annan identitetstjänst än den kommunen har valt" in response.content.decode()


def test_the_vouching_value_used_in_the_tests_is_a_real_assurance_level():
    assert MULTI_FACTOR.startswith("http://id.elegnamnden.se/loa/")


def test_an_assertion_encrypted_to_lots_certificate_is_read(client, provider, anna, idp):
    idp.behaviour = {"encrypt": True}
    acs, form = sign_in_at_idp(client, provider)
    assert "EncryptedAssertion" in base64.b64decode(form["SAMLResponse"]).decode()
    response = client.post(acs, form)
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == anna.pk
