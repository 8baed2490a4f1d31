import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lots.accounts import services
from lots.accounts.models import ApiToken
from lots.audit.models import AuditEntry


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def create_improvement(client, key, world):
    owner = world.persona("kvalitetssamordnare")
    body = {"title": "Bättre rutin", "unit_id": world.own.pk, "owner_id": owner.pk}
    return client.post("/api/v1/improvements", json.dumps(body), content_type="application/json", **bearer(key))


@pytest.fixture
def coordinator(world):
    return world.persona("kvalitetssamordnare")


def test_a_read_token_reads_but_gets_a_json_403_when_it_tries_to_change(client, world, coordinator):
    _token, key = services.api_token_create(actor=coordinator, name="Läsare", scope="read")
    assert client.get("/api/v1/me", **bearer(key)).status_code == 200
    response = create_improvement(client, key, world)
    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]
    response = client.patch("/api/v1/improvements/1", "{}", content_type="application/json", **bearer(key))
    assert response.status_code == 403


def test_a_read_write_token_changes_with_its_owners_access(client, world, coordinator):
    _token, key = services.api_token_create(actor=coordinator, name="Skrivare", scope="read-write")
    assert create_improvement(client, key, world).status_code == 201


def test_an_expired_token_is_refused_with_the_reason(client, coordinator):
    token, key = services.api_token_create(actor=coordinator, name="Gammal")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "API-nyckeln gick ut" in response.json()["detail"]


def test_a_revoked_token_is_refused_with_the_reason(client, coordinator):
    token, key = services.api_token_create(actor=coordinator, name="Återkallad")
    services.api_token_revoke(actor=coordinator, token=token)
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 401 and "återkallad" in response.json()["detail"]


def test_an_unknown_token_is_refused_with_the_reason(client, db):
    response = client.get("/api/v1/me", **bearer("lots_finns-inte"))
    assert response.status_code == 401 and "finns inte" in response.json()["detail"]


def test_a_deactivated_owners_token_is_refused_with_the_reason(client, coordinator):
    _token, key = services.api_token_create(actor=coordinator, name="x")
    coordinator.is_active = False
    coordinator.save()
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 401 and "inaktiverat" in response.json()["detail"]


def test_a_token_lasts_90_days_unless_chosen_and_at_most_a_year(coordinator):
    token, _key = services.api_token_create(actor=coordinator, name="Standard")
    today = timezone.localdate()
    assert timezone.localtime(token.expires_at).date() == today + datetime.timedelta(days=91)
    assert token.expires_at == ApiToken.objects.get(pk=token.pk).expires_at
    services.api_token_create(actor=coordinator, name="Ett år", expires_on=today + datetime.timedelta(days=365))
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(actor=coordinator, name="För länge", expires_on=today + datetime.timedelta(days=366))
    assert "högst 365 dagar" in str(refused.value.message_dict["expires_on"])
    with pytest.raises(ValidationError):
        services.api_token_create(actor=coordinator, name="I dag", expires_on=today)
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(actor=coordinator, name="Okänd", scope="admin")
    assert "scope" in refused.value.message_dict


def test_the_last_use_is_written_at_most_once_a_minute(client, coordinator):
    token, key = services.api_token_create(actor=coordinator, name="x")
    client.get("/api/v1/me", **bearer(key))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get("/api/v1/me", **bearer(key))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(seconds=61))
    client.get("/api/v1/me", **bearer(key))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_creating_and_revoking_a_token_are_audited(coordinator):
    token, _key = services.api_token_create(actor=coordinator, name="x", scope="read")
    services.api_token_revoke(actor=coordinator, token=token)
    entries = AuditEntry.objects.filter(object_id=str(token.pk)).order_by("pk")
    assert [(e.action, e.note) for e in entries] == [("create", "API-nyckel skapad"), ("update", "API-nyckel återkallad")]
    assert entries[0].changes["scope"] == [None, "read"]


def test_the_profile_form_explains_a_bad_expiry_and_keeps_the_name(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:token_create"), {"name": "Min nyckel", "scope": "read", "expires_on": "2020-01-01"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Välj ett datum efter i dag" in html and 'value="Min nyckel"' in html
    response = client.post(reverse("accounts:token_create"), {"name": "Min nyckel", "expires_on": "i morgon"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in html and "bara får läsa eller också ändra" in html
    assert not ApiToken.objects.exists()


def test_the_profile_makes_a_token_with_the_chosen_scope_and_expiry(client, coordinator):
    client.force_login(coordinator)
    day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(reverse("accounts:token_create"), {"name": "Rapport", "scope": "read", "expires_on": day.isoformat()})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=coordinator)
    assert token.scope == "read" and timezone.localtime(token.expires_at).date() == day + datetime.timedelta(days=1)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Bara läsa" in html


@override_settings(LOTS_SECOND_FACTOR_ENFORCED=True)
def test_creating_a_token_needs_a_recent_strong_authentication(client, world):
    person = world.persona("medarbetare")  # signs in with one step, so only the step-up asks
    client.force_login(person)
    day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    data = {"name": "Rapport", "scope": "read", "expires_on": day}
    response = client.get(reverse("accounts:token_create"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa:factors"))  # before anything is typed
    response = client.post(reverse("accounts:token_create"), data)
    assert response.status_code == 302 and response.url != reverse("accounts:profile")
    assert not ApiToken.objects.exists()
    from lots.mfa import session as strong

    session = client.session
    session[strong.STRONG_AT] = timezone.now().timestamp()
    session[strong.STRONG_METHOD] = "totp"
    session.save()
    assert client.get(reverse("accounts:token_create")).status_code == 200
    assert client.post(reverse("accounts:token_create"), data).status_code == 302
    assert ApiToken.objects.filter(user=person).count() == 1


def test_an_expired_token_shows_as_expired_on_the_profile(client, coordinator):
    token, _key = services.api_token_create(actor=coordinator, name="Gammal")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(coordinator)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Utgången" in html and reverse("accounts:token_revoke", args=[token.pk]) not in html


def test_the_command_makes_a_token_with_a_scope_and_refuses_too_long_a_life(coordinator):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("create_api_token", coordinator.username, "--scope", "read", "--days", "10", stdout=StringIO())
    token = ApiToken.objects.get(user=coordinator)
    assert token.scope == "read"
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + datetime.timedelta(days=11)
    for days in ("400", "0", "99999999999"):
        with pytest.raises(CommandError, match="högst 365 dagar"):
            call_command("create_api_token", coordinator.username, "--days", days, stdout=StringIO())
