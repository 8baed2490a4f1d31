"""An administrator (the quality coordinator, person.change in the person's scope) sees a person's sessions and API
tokens on the person page, signs the person out everywhere and revokes their tokens."""

import pytest
from django.test import Client
from django.urls import reverse

from lots.accounts import services
from lots.accounts.models import ActiveSession, ApiToken
from lots.audit.models import AuditEntry


@pytest.fixture
def staff(world):
    """The medarbetare on "own", signed in on a browser of their own, with an API token."""
    person = world.persona("medarbetare")
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
    browser.post(reverse("accounts:login"), {"username": person.username, "password": "test-password-123"})
    token, _key = services.api_token_create(actor=person, name="Schemaexport")
    return person, browser, token


def test_the_coordinator_sees_the_persons_sessions_and_tokens(client_for, world, staff):
    person, _browser, token = staff
    html = client_for(world.persona("kvalitetssamordnare")).get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Firefox på Linux" in html and "Schemaexport" in html
    assert reverse("accounts:person_sessions_end", args=[person.pk]) in html
    assert reverse("accounts:person_token_revoke", args=[person.pk, token.pk]) in html


def test_the_coordinator_signs_the_person_out_everywhere_and_it_is_audited(client_for, world, staff):
    person, browser, _token = staff
    coordinator = world.persona("kvalitetssamordnare")
    response = client_for(coordinator).post(reverse("accounts:person_sessions_end", args=[person.pk]))
    assert response.status_code == 302
    assert browser.get(reverse("accounts:profile")).status_code == 302
    assert not ActiveSession.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action="session_end")
    assert (entry.actor, entry.object_id) == (coordinator, str(person.pk))


def test_the_coordinator_revokes_the_persons_token_and_it_is_audited(client_for, world, staff):
    person, _browser, token = staff
    coordinator = world.persona("kvalitetssamordnare")
    response = client_for(coordinator).post(reverse("accounts:person_token_revoke", args=[person.pk, token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEntry.objects.get(object_id=str(token.pk), action="update").actor == coordinator


@pytest.mark.parametrize(("role", "status"), [("enhetschef", 403), ("granskare", 403), ("medarbetare", 404)])
def test_others_neither_see_nor_end_a_persons_sessions_or_tokens(client_for, world, staff, role, status):
    person, browser, token = staff
    viewer = client_for(world.persona(role))
    page = viewer.get(reverse("accounts:person", args=[person.pk]))
    assert "Schemaexport" not in page.content.decode()
    assert viewer.post(reverse("accounts:person_sessions_end", args=[person.pk])).status_code == status
    assert viewer.post(reverse("accounts:person_token_revoke", args=[person.pk, token.pk])).status_code == status
    assert browser.get(reverse("accounts:profile")).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_coordinator_of_another_municipality_gets_a_404(client_for, world, staff):
    from lots.accounts.models import Role
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    person, _browser, token = staff
    foreign = UserFactory()
    RoleAssignmentFactory(user=foreign, role=Role.KVALITETSSAMORDNARE, unit=world.foreign)
    viewer = client_for(foreign)
    assert viewer.post(reverse("accounts:person_sessions_end", args=[person.pk])).status_code == 404
    assert viewer.post(reverse("accounts:person_token_revoke", args=[person.pk, token.pk])).status_code == 404


def test_a_token_of_someone_else_cannot_be_revoked_through_a_persons_page(client_for, world, staff):
    person, _browser, _token = staff
    other_token, _key = services.api_token_create(actor=world.persona("enhetschef"), name="x")
    viewer = client_for(world.persona("kvalitetssamordnare"))
    assert viewer.post(reverse("accounts:person_token_revoke", args=[person.pk, other_token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=other_token.pk).revoked_at is None
