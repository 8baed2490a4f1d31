from lots.audit.models import AuditEntry
from lots.identity.tests.saml.conftest import sign_in_at_idp
from lots.mfa import session as auth_session


def test_a_person_signs_in_through_the_municipalitys_identity_provider(client, provider, anna, idp):
    acs, form = sign_in_at_idp(client, provider, query={"next": "/avvikelser/"})
    response = client.post(acs, form)
    assert response.status_code == 302 and response.url == "/avvikelser/"
    assert int(client.session["_auth_user_id"]) == anna.pk
    assert client.session[auth_session.LOGIN_METHOD] == "saml"
    assert AuditEntry.objects.filter(actor=anna, action="login").count() == 1
    assert idp.requests[-1]["signed"] and not idp.requests[-1]["force_authn"]
