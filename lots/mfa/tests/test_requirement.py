"""Who is asked for a second factor after signing in, where they are sent, and which addresses stay open."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.mfa import session
from lots.mfa.tests.helpers import code, with_totp
from lots.testing.factories import RoleAssignmentFactory

pytestmark = pytest.mark.usefixtures("enforced")


def test_a_manager_without_a_factor_is_sent_to_enrolment_keeping_the_page_asked_for(client, manager):
    client.force_login(manager)
    response = client.get("/avvikelser/?status=open")
    assert response.status_code == 302
    assert response.url == reverse("mfa:enrol") + "?next=%2Favvikelser%2F%3Fstatus%3Dopen"


def test_signing_in_with_the_password_then_leads_to_the_prompt_and_the_code_to_the_page_asked_for(client, manager):
    device = with_totp(manager)
    login = reverse("accounts:login")
    response = client.post(
        login, {"username": manager.username, "password": "test-password-123", "next": "/avvikelser/"}, REMOTE_ADDR="10.0.0.1"
    )
    prompt = client.get(response.url)
    assert prompt.url == reverse("mfa:verify") + "?next=%2Favvikelser%2F"
    done = client.post(prompt.url, {"method": "totp", "totp-code": code(device, 1), "next": "/avvikelser/"})
    assert done.url == "/avvikelser/" and client.get(done.url).status_code == 200


def test_a_manager_with_a_factor_is_sent_to_the_prompt(client, manager):
    with_totp(manager)
    client.force_login(manager)
    response = client.get("/avvikelser/")
    assert response.url == reverse("mfa:verify") + "?next=%2Favvikelser%2F"


def test_a_person_who_reads_no_confidential_records_is_not_asked(client, staff):
    client.force_login(staff)
    assert client.get(reverse("home:start")).status_code == 200


def test_everyone_is_asked_when_their_municipality_asks_it_of_all(client, staff, unit):
    unit.municipality.second_factor_for_all = True
    unit.municipality.save(update_fields=["second_factor_for_all"])
    client.force_login(staff)
    assert client.get(reverse("home:start")).url.startswith(reverse("mfa:enrol"))


def test_a_quality_coordinator_an_auditor_a_registrator_and_a_superuser_are_asked(client, unit):
    people = [
        RoleAssignmentFactory(role=Role.KVALITETSSAMORDNARE, unit=unit).user,
        RoleAssignmentFactory(role=Role.GRANSKARE, unit=unit).user,
        RoleAssignmentFactory(role=Role.REGISTRATOR, unit=unit).user,
        RoleAssignmentFactory(role=Role.MEDARBETARE, unit=unit, user__is_superuser=True).user,
    ]
    for person in people:
        client.force_login(person)
        assert client.get(reverse("home:start")).status_code == 302, person


def test_a_session_that_showed_its_factor_passes(client, manager):
    with_totp(manager)
    client.force_login(manager)
    _mark(client, "totp")
    assert client.get(reverse("home:start")).status_code == 200


def test_a_session_the_identity_provider_vouched_for_passes_without_a_factor_in_lots(client, manager):
    client.force_login(manager)
    _mark(client, "idp")
    assert client.get(reverse("home:start")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/konto/tvastegs/ny/",
        "/konto/tvastegs/",
        "/healthz",
        "/lamna-synpunkter/",
        "/konto/sso/oidc/",
    ],
)
def test_the_pages_needed_before_the_second_factor_are_open(client, manager, path):
    client.force_login(manager)
    response = client.get(path)
    assert not (response.status_code == 302 and "/konto/tvastegs/" in response.url)


def test_signing_out_and_the_language_switch_are_open(client, manager):
    client.force_login(manager)
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).url == "/"
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_the_api_answers_an_unverified_session_with_json_401_not_a_redirect(client, manager):
    client.force_login(manager)
    response = client.get("/api/v1/deviations")
    assert response.status_code == 401
    assert "andra faktor" in response.json()["detail"]


def test_a_token_call_to_the_api_is_not_asked_for_the_sessions_factor(client, manager):
    client.force_login(manager)
    response = client.get("/api/v1/deviations", HTTP_AUTHORIZATION="Bearer lots_not-a-real-key")
    assert response.status_code == 401  # the token is wrong: the API's own answer, not the second-factor one
    assert "andra faktor" not in response.content.decode()


def test_nothing_is_asked_when_enforcement_is_off(client, manager, settings):
    settings.LOTS_SECOND_FACTOR_ENFORCED = False
    client.force_login(manager)
    assert client.get(reverse("home:start")).status_code == 200


def test_without_enrolment_required_only_people_with_a_factor_are_asked(client, manager, settings, unit):
    settings.LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED = False
    client.force_login(manager)
    assert client.get(reverse("home:start")).status_code == 200
    with_totp(manager)
    assert client.get(reverse("home:start")).url.startswith(reverse("mfa:verify"))


def test_production_settings_enforce_the_second_factor_and_enrolment():
    import config.settings as production

    assert production.LOTS_SECOND_FACTOR_ENFORCED is True
    assert production.DEBUG or production.LOTS_SECOND_FACTOR_ENROLMENT_REQUIRED is True


def _mark(client, method):
    s = client.session
    s[session.STRONG_AT] = __import__("time").time()
    s[session.STRONG_METHOD] = method
    s.save()
