"""The quality coordinator's sign-in settings: providers, linked people, group mappings and the municipal switches."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.identity.models import ExternalIdentity, GroupRoleMapping, IdentityProvider
from lots.identity.tests.conftest import SECRET, oidc_config
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def coordinator(world):
    """The quality coordinator of the whole municipality (the role on its top unit)."""
    person = UserFactory(username="samordnare")
    RoleAssignmentFactory(user=person, role=Role.KVALITETSSAMORDNARE, unit=world.namnd)
    return person


@pytest.fixture
def provider(world):
    return IdentityProvider.objects.create(
        municipality=world.m1, name="Testkommun", slug="testkommun", protocol="oidc", config=oidc_config("https://idp.test")
    )


def form_data(**changes):
    data = {
        "name": "Testkommunens Entra",
        "slug": "entra",
        "protocol": "oidc",
        "is_active": "on",
        "host_names": "",
        "subject_attribute": "",
        "groups_attribute": "groups",
        "mfa_values": "mfa",
        "issuer": "",
        "client_id": "lots",
        "client_secret": SECRET,
        "signing_algorithm": "RS256",
        "scopes": "openid profile",
        "recheck_minutes": "15",
    }
    return {**data, **changes}


@pytest.mark.parametrize("role", [Role.KVALITETSSAMORDNARE, Role.ENHETSCHEF, Role.FORVALTNINGSCHEF, Role.GRANSKARE])
def test_only_the_municipalitys_quality_coordinator_reaches_the_pages(client, world, provider, role):
    client.force_login(world.persona(role))  # every persona holds the role below the top unit
    assert client.get(reverse("identity:index")).status_code == 404
    assert client.get(reverse("identity:provider", args=[provider.pk])).status_code == 404


def test_the_index_lists_the_providers_and_switches(client, coordinator, provider):
    client.force_login(coordinator)
    html = client.get(reverse("identity:index")).content.decode()
    assert "Testkommun" in html and "Lokala lösenord tillåtna" in html


def test_a_provider_of_another_municipality_is_not_found(client, world, coordinator):
    other = IdentityProvider.objects.create(municipality=world.m2, name="Andra", slug="andra", protocol="oidc")
    client.force_login(coordinator)
    assert client.get(reverse("identity:provider", args=[other.pk])).status_code == 404


def test_a_provider_is_added_with_its_endpoints_found_at_the_issuer(client, world, coordinator, openid_provider):
    client.force_login(coordinator)
    data = form_data(municipality=world.m1.pk, issuer=openid_provider.issuer)
    response = client.post(reverse("identity:provider_create"), data)
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(slug="entra")
    assert provider.config["token_endpoint"] == f"{openid_provider.issuer}/token"
    assert provider.config["jwks_uri"] == f"{openid_provider.issuer}/jwks"
    assert provider.config["client_secret"] == SECRET
    entry = AuditEntry.objects.get(action="create", object_id=str(provider.pk), content_type__model="identityprovider")
    assert SECRET not in str(entry.changes)


def test_an_unreachable_issuer_is_said_next_to_the_field_and_the_input_is_kept(client, world, coordinator):
    client.force_login(coordinator)
    data = form_data(municipality=world.m1.pk, issuer="http://127.0.0.1:9/")
    response = client.post(reverse("identity:provider_create"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "gick inte att hämta" in html and 'value="Testkommunens Entra"' in html
    assert not IdentityProvider.objects.filter(slug="entra").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"issuer": "http://idp.example.se"}, "https://"),
        ({"issuer": "https://idp.example.se", "client_secret": ""}, "klienthemligheten"),
        ({"issuer": "https://idp.example.se", "client_id": ""}, "klient-id"),
        ({"slug": "Med Mellanslag"}, "små bokstäver"),
        ({"host_names": "inte_ett värd!namn"}, "Ogiltigt värdnamn"),
        ({"scopes": "profile"}, "openid"),
        ({"recheck_minutes": "0"}, "minst 1 minut"),
    ],
)
def test_bad_settings_get_swedish_messages_at_their_fields(client, world, coordinator, changes, message):
    client.force_login(coordinator)
    response = client.post(reverse("identity:provider_create"), form_data(municipality=world.m1.pk, **changes))
    assert response.status_code == 422
    assert message in response.content.decode()


def test_a_slug_in_use_is_refused(client, world, coordinator, provider):
    client.force_login(coordinator)
    data = form_data(
        municipality=world.m1.pk,
        slug="testkommun",
        issuer="https://idp.test",
        authorization_endpoint="https://idp.test/a",
        token_endpoint="https://idp.test/t",
        jwks_uri="https://idp.test/j",
    )
    response = client.post(reverse("identity:provider_create"), data)
    assert response.status_code == 422 and "kortnamnet används redan" in response.content.decode()


def test_editing_keeps_the_stored_secret_and_logs_only_that_the_secret_changed(client, coordinator, provider):
    client.force_login(coordinator)
    data = form_data(
        slug="testkommun",
        client_secret="",
        issuer="https://idp.test",
        authorization_endpoint="https://idp.test/auth",
        token_endpoint="https://idp.test/token",
        jwks_uri="https://idp.test/jwks",
        version=provider.version,
    )
    response = client.post(reverse("identity:provider", args=[provider.pk]), data)
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.config["client_secret"] == SECRET and provider.name == "Testkommunens Entra"
    data.update(client_secret="en-ny-hemlighet-som-ar-lang-nog", version=provider.version)
    client.post(reverse("identity:provider", args=[provider.pk]), data)
    provider.refresh_from_db()
    assert provider.config["client_secret"] == "en-ny-hemlighet-som-ar-lang-nog"
    entry = AuditEntry.objects.filter(object_id=str(provider.pk), action="update").latest("pk")
    assert entry.changes["config.client_secret"] == ["***", "***"]


def test_a_concurrent_edit_is_not_overwritten(client, coordinator, provider):
    client.force_login(coordinator)
    data = form_data(
        slug="testkommun",
        issuer="https://idp.test",
        authorization_endpoint="https://idp.test/auth",
        token_endpoint="https://idp.test/token",
        jwks_uri="https://idp.test/jwks",
        version=provider.version - 1 if provider.version > 1 else 99,
    )
    response = client.post(reverse("identity:provider", args=[provider.pk]), data)
    assert response.status_code == 409
    provider.refresh_from_db()
    assert provider.name == "Testkommun"


def test_a_person_is_linked_and_unlinked_and_both_are_audited(client, world, coordinator, provider):
    client.force_login(coordinator)
    person = world.persona(Role.ENHETSCHEF)
    url = reverse("identity:identity_add", args=[provider.pk])
    response = client.post(url, {"identity-user": person.pk, "identity-subject": " anna "})
    assert response.status_code == 302
    identity = ExternalIdentity.objects.get(provider=provider)
    assert identity.subject == "anna" and identity.user == person
    taken = client.post(url, {"identity-user": world.persona(Role.MEDARBETARE).pk, "identity-subject": "anna"})
    assert taken.status_code == 422 and "redan kopplad" in taken.content.decode()
    client.post(reverse("identity:identity_remove", args=[provider.pk, identity.pk]))
    assert not ExternalIdentity.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="create", note__startswith="Kopplad").exists()
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="delete").exists()


def test_people_of_another_municipality_cannot_be_linked(client, world, coordinator, provider):
    stranger = UserFactory(username="främling")
    RoleAssignmentFactory(user=stranger, role=Role.MEDARBETARE, unit=world.foreign)
    client.force_login(coordinator)
    response = client.post(
        reverse("identity:identity_add", args=[provider.pk]), {"identity-user": stranger.pk, "identity-subject": "x"}
    )
    assert response.status_code == 422
    assert not ExternalIdentity.objects.exists()


def test_a_group_mapping_is_added_on_the_municipalitys_units_and_removed(client, world, coordinator, provider):
    client.force_login(coordinator)
    url = reverse("identity:mapping_add", args=[provider.pk])
    data = {
        "mapping-group": "chefer",
        "mapping-role": Role.ENHETSCHEF,
        "mapping-unit": world.sub.pk,
        "mapping-include_subunits": "on",
    }
    assert client.post(url, data).status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert AuditEntry.objects.filter(action="create", object_id=str(mapping.pk)).exists()
    foreign = client.post(url, {**data, "mapping-unit": world.foreign.pk})
    assert foreign.status_code == 422
    duplicate = client.post(url, data)
    assert duplicate.status_code == 422 and "redan" in duplicate.content.decode()
    client.post(reverse("identity:mapping_remove", args=[provider.pk, mapping.pk]))
    assert not GroupRoleMapping.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(mapping.pk)).exists()


def test_the_municipality_switches_are_saved_audited_and_guarded_against_concurrent_edits(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("identity:municipality", args=[world.m1.pk])
    prefix = f"m{world.m1.pk}"
    response = client.post(url, {f"{prefix}-second_factor_for_all": "on", f"{prefix}-version": world.m1.version})
    assert response.status_code == 302
    world.m1.refresh_from_db()
    assert not world.m1.local_passwords_allowed and world.m1.second_factor_for_all
    assert AuditEntry.objects.filter(action="update", note="Inloggningsinställningar").exists()
    stale = client.post(url, {f"{prefix}-local_passwords_allowed": "on", f"{prefix}-version": world.m1.version - 1})
    assert stale.status_code == 409
    world.m1.refresh_from_db()
    assert not world.m1.local_passwords_allowed


def test_another_municipalitys_switches_are_not_found(client, world, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("identity:municipality", args=[world.m2.pk])).status_code == 404


def test_the_people_page_links_the_sign_in_settings_for_the_municipalitys_coordinator_only(client, world, coordinator):
    client.force_login(coordinator)
    assert reverse("identity:index") in client.get(reverse("accounts:people")).content.decode()
    client.force_login(world.persona(Role.KVALITETSSAMORDNARE))  # on a unit below the top: the pages would be a 404
    assert reverse("identity:index") not in client.get(reverse("accounts:people")).content.decode()


def test_a_provider_with_odd_stored_settings_still_opens(client, coordinator, provider):
    provider.config = {**provider.config, "recheck_seconds": "varje kvart"}
    provider.save(update_fields=["config"])
    client.force_login(coordinator)
    assert client.get(reverse("identity:provider", args=[provider.pk])).status_code == 200


def test_the_person_page_shows_the_coordinator_where_the_person_signs_in(client, world, coordinator, provider):
    person = world.persona(Role.ENHETSCHEF)
    ExternalIdentity.objects.create(provider=provider, subject="anna.a", user=person)
    client.force_login(coordinator)
    html = client.get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Inloggning via organisation" in html and "anna.a" in html
    assert reverse("identity:provider", args=[provider.pk]) in html
    client.force_login(world.persona(Role.FORVALTNINGSCHEF))
    assert "anna.a" not in client.get(reverse("accounts:person", args=[person.pk])).content.decode()


def test_a_long_setting_such_as_an_idp_s_metadata_is_logged_as_its_length(world, coordinator, provider):
    from lots.identity import services

    metadata = "<EntitiesDescriptor>" + "<EntityDescriptor/>" * 500 + "</EntitiesDescriptor>"
    config = {**provider.config, "idp_metadata": metadata}
    services.provider_update(actor=coordinator, provider=provider, expected_version=provider.version, config=config)
    entry = AuditEntry.objects.filter(content_type__model="identityprovider", action="update").latest("pk")
    assert entry.changes["config.idp_metadata"] == [None, f"({len(metadata)} tecken)"]
