"""Audit grants: the services that grant and revoke them, and the quality coordinator's page."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.accounts import services
from lots.accounts.models import AuditGrant, Role, RoleAssignment
from lots.audit.models import AuditEntry
from lots.testing.factories import UserFactory
from lots.testing.grants import audit_grant

PAGE = reverse("accounts:audit_grants")
TODAY = timezone.localdate()
IN_A_MONTH = TODAY + datetime.timedelta(days=30)
WEEK = datetime.timedelta(days=7)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def grant(world, **overrides):
    fields = {
        "actor": world.persona(Role.KVALITETSSAMORDNARE),
        "auditor": world.persona(Role.GRANSKARE),
        "unit": world.own,
        "purpose": "Granskning av lex Sarah 2026",
        "valid_from": TODAY,
        "valid_until": IN_A_MONTH,
    }
    fields.update(overrides)
    return services.audit_grant_create(**fields)


def form_data(world, **overrides):
    data = {
        "auditor": world.persona(Role.GRANSKARE).pk,
        "unit": world.own.pk,
        "purpose": "Granskning av lex Sarah 2026",
        "valid_from": TODAY.isoformat(),
        "valid_until": IN_A_MONTH.isoformat(),
    }
    data.update(overrides)
    return data


# --- Services -------------------------------------------------------------------------------------------------


def test_granting_writes_the_grant_and_its_audit_entry(world):
    created = grant(world)
    assert created.is_active()
    entry = AuditEntry.objects.get(action="create", object_id=str(created.pk), content_type__model="auditgrant")
    assert entry.actor == world.persona(Role.KVALITETSSAMORDNARE)
    assert entry.unit_id == world.own.pk
    assert set(entry.changes) == {"auditor", "unit", "purpose", "valid_from", "valid_until"}


def test_revoking_ends_the_grant_now_and_is_audited_once(world):
    created = grant(world)
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    services.audit_grant_revoke(actor=coordinator, grant=created)
    services.audit_grant_revoke(actor=coordinator, grant=created)
    created.refresh_from_db()
    assert not created.is_active() and created.revoked_by == coordinator
    assert AuditEntry.objects.filter(action="update", object_id=str(created.pk), content_type__model="auditgrant").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"purpose": "  "}, "purpose"),
        ({"valid_from": IN_A_MONTH, "valid_until": TODAY}, "valid_until"),
        ({"valid_from": TODAY - datetime.timedelta(days=10), "valid_until": TODAY - datetime.timedelta(days=1)}, "valid_until"),
    ],
)
def test_a_grant_needs_a_purpose_and_a_period_that_has_not_ended(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        grant(world, **overrides)
    assert field in error.value.message_dict
    assert not AuditGrant.objects.exists()


def test_only_someone_holding_the_granskare_role_in_the_municipality_is_granted(world):
    with pytest.raises(ValidationError) as error:
        grant(world, auditor=world.persona(Role.ENHETSCHEF))
    assert "auditor" in error.value.message_dict
    with pytest.raises(ValidationError):
        grant(world, unit=world.foreign)
    assert not AuditGrant.objects.exists()


def test_a_closed_unit_is_not_granted(world):
    world.other.closed_at = TODAY
    world.other.save(update_fields=["closed_at"])
    with pytest.raises(ValidationError) as error:
        grant(world, unit=world.other)
    assert "unit" in error.value.message_dict


# --- The page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(Role.values))
def test_the_page_is_for_the_quality_coordinator(world, client_for, role):
    expected = 200 if role == Role.KVALITETSSAMORDNARE else 404
    assert client_for(world.persona(role)).get(PAGE).status_code == expected


def test_the_people_list_links_to_the_page_only_for_those_who_may_grant(world, client_for):
    link = f'href="{PAGE}"'
    assert link in client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("accounts:people")).content.decode()
    assert link not in client_for(world.persona(Role.AVDELNINGSCHEF)).get(reverse("accounts:people")).content.decode()


def test_the_coordinator_grants_from_the_page(world, client_for):
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).post(PAGE, form_data(world))
    assert response.status_code == 302
    created = AuditGrant.objects.get()
    assert created.auditor == world.persona(Role.GRANSKARE) and created.unit == world.own
    assert created.granted_by == world.persona(Role.KVALITETSSAMORDNARE)
    page = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(PAGE).content.decode()
    assert "Granskning av lex Sarah 2026" in page and "Gäller" in page


def _options(page: str, field: str) -> set[str]:
    select = page.split(f'id="id_{field}"', 1)[1].split("</select>", 1)[0]
    return set(re.findall(r'<option value="(\d+)"', select))


def test_the_form_offers_only_granskare_and_units_in_the_coordinators_scope(world, client_for):
    page = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(PAGE).content.decode()
    assert _options(page, "auditor") == {str(world.persona(Role.GRANSKARE).pk)}
    assert _options(page, "unit") == {str(world.own.pk), str(world.sub.pk)}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "Detta fält måste fyllas i."),
        ({"valid_until": "i morgon"}, "valid_until", "Fyll i ett giltigt datum."),
        ({"valid_from": IN_A_MONTH.isoformat(), "valid_until": TODAY.isoformat()}, "valid_until", "före startdatumet"),
        ({"unit": "999999"}, "unit", "Välj ett giltigt alternativ."),
        ({"auditor": "abc"}, "auditor", "Välj ett giltigt alternativ."),
        ({"valid_from": str(TODAY - WEEK), "valid_until": str(YESTERDAY)}, "valid_until", "redan passerat"),
    ],
)
def test_errors_are_shown_next_to_their_fields(world, client_for, overrides, field, message):
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).post(PAGE, form_data(world, **overrides))
    assert response.status_code == 422
    page = response.content.decode()
    widget = re.search(rf'<(?:input|select)[^>]*id="id_{field}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in widget
    described_by = re.search(r'aria-describedby="([^"]*)"', widget).group(1).split()
    tied = [page.split(f'id="{ref}"', 1)[1].split("</", 1)[0] for ref in described_by if f'id="{ref}"' in page]
    assert any(message in text for text in tied)
    assert not AuditGrant.objects.exists()


def test_the_coordinator_revokes_a_grant(world, client_for):
    active = audit_grant(world)
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).post(reverse("accounts:audit_grant_revoke", args=[active.pk]))
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.revoked_at is not None
    assert "Återkallad" in client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(PAGE).content.decode()


def test_grants_outside_the_coordinators_units_are_neither_listed_nor_revoked(world, client_for):
    coordinator_elsewhere = UserFactory(username="ks-andra")
    RoleAssignment.objects.create(user=coordinator_elsewhere, role=Role.KVALITETSSAMORDNARE, unit=world.other)
    active = audit_grant(world)
    client = client_for(coordinator_elsewhere)
    assert active.purpose not in client.get(PAGE).content.decode()
    assert client.post(reverse("accounts:audit_grant_revoke", args=[active.pk])).status_code == 404
    assert client.post(reverse("accounts:audit_grant_revoke", args=[999999])).status_code == 404
    active.refresh_from_db()
    assert active.revoked_at is None


def test_revoking_needs_a_post(world, client_for):
    active = audit_grant(world)
    url = reverse("accounts:audit_grant_revoke", args=[active.pk])
    assert client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(url).status_code == 405
