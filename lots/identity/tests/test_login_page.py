"""The login page: choosing the organisation, the host name's own provider, and the local-password switch."""

import pytest
from django.test import override_settings
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.identity.models import IdentityProvider


@pytest.fixture
def provider(world):
    return IdentityProvider.objects.create(
        municipality=world.m1,
        name="Testkommunens inloggning",
        slug="testkommun",
        protocol=IdentityProvider.Protocol.OIDC,
        host_names="lots.testkommun.se kvalitet.testkommun.se",
    )


def login_with_password(client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": "test-password-123"}, REMOTE_ADDR="10.0.0.2")


def test_the_login_page_lists_the_active_providers_by_municipality(client, world, provider):
    IdentityProvider.objects.create(municipality=world.m2, name="Andras inloggning", slug="andra", protocol="oidc")
    IdentityProvider.objects.create(municipality=world.m2, name="Avstängd", slug="av", protocol="oidc", is_active=False)
    html = client.get(reverse("accounts:login") + "?next=/konto/").content.decode()
    assert html.index("Andra kommun") < html.index("Andras inloggning") < html.index("Testkommun")
    assert "Logga in via Testkommunens inloggning" in html
    assert 'href="/konto/sso/oidc/andra/?next=%2Fkonto%2F"' in html
    assert "Avstängd" not in html
    assert 'name="password"' in html


def test_without_providers_the_page_shows_only_the_password_form(client, world):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Via din organisation" not in html and 'name="password"' in html


def test_an_organisation_named_in_the_address_goes_to_its_sign_in_with_the_next_address(client, provider):
    response = client.get(reverse("accounts:login") + "?organisation=testkommun&next=/konto/")
    assert response.status_code == 302
    assert response.url == reverse("identity:oidc_login", args=["testkommun"]) + "?next=%2Fkonto%2F"


def test_an_unknown_organisation_in_the_address_is_no_error_page(client, provider):
    response = client.get(reverse("accounts:login") + "?organisation=%00%ff" + "x" * 500)
    assert response.status_code == 200


@override_settings(ALLOWED_HOSTS=["lots.testkommun.se"])
def test_the_host_name_leads_straight_to_its_provider_when_passwords_are_off(client, world, provider):
    world.m1.local_passwords_allowed = False
    world.m1.save(update_fields=["local_passwords_allowed"])
    response = client.get(reverse("accounts:login"), HTTP_HOST="lots.testkommun.se")
    assert response.status_code == 302
    assert response.url == reverse("identity:oidc_login", args=["testkommun"])


@override_settings(ALLOWED_HOSTS=["kvalitet.testkommun.se"])
def test_the_host_name_shows_its_provider_beside_the_password_form_when_passwords_are_on(client, provider):
    html = client.get(reverse("accounts:login"), HTTP_HOST="kvalitet.testkommun.se:8443").content.decode()
    assert "Logga in via Testkommunens inloggning" in html
    assert "Via din organisation" not in html and 'name="password"' in html


def test_a_person_whose_municipality_switched_passwords_off_is_refused_and_pointed_to_sign_in(client, world, provider):
    world.m1.local_passwords_allowed = False
    world.m1.save(update_fields=["local_passwords_allowed"])
    person = world.persona(Role.ENHETSCHEF)
    response = login_with_password(client, person.username)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Din kommun har stängt av inloggning med lösenord i Lots" in html and "Testkommunens inloggning" in html
    assert f'value="{person.username}"' in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actor=person, action="login_failed").exists()


def test_people_of_a_municipality_with_passwords_on_still_log_in_with_them(client, world, provider):
    world.m2.local_passwords_allowed = False
    world.m2.save(update_fields=["local_passwords_allowed"])
    response = login_with_password(client, world.persona(Role.ENHETSCHEF).username)
    assert response.status_code == 302
    assert client.session["lots_login_method"] == "password"
