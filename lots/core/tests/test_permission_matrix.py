"""Role × place × (view, change) for the foundation's entities, through the real views.

The expected answers are written out here, independently of lots.access.policy,
so that removing or widening any rule there makes a case fail. Later modules add
their own matrix files beside their tests.
"""

import pytest
from django.urls import reverse

from lots.audit import services as audit

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
READERS = MANAGERS | {"medarbetare", "kvalitetssamordnare", "granskare", "namndledamot"}
ALL = READERS | {"extern_utforare"}
WITH_SUBUNITS = READERS - {"medarbetare"}


def expected_unit_view(role, place):
    if place == "own":
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in WITH_SUBUNITS else 404
    return 404


def expected_unit_change(role, place):
    view = expected_unit_view(role, place)
    if view == 404:
        return 404
    return 200 if role == "kvalitetssamordnare" else 403


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_unit_view_and_change(world, client_for, role, place):
    client = client_for(world.persona(role))
    unit = world.unit(place)
    assert client.get(reverse("organisation:unit", args=[unit.pk])).status_code == expected_unit_view(role, place)
    assert client.get(reverse("organisation:unit_edit", args=[unit.pk])).status_code == expected_unit_change(role, place)
    assert client.post(reverse("organisation:unit_reopen", args=[unit.pk])).status_code in (
        {302} if expected_unit_change(role, place) == 200 else {expected_unit_change(role, place)}
    )


PROVIDER_VIEWERS = MANAGERS | {"kvalitetssamordnare", "granskare", "namndledamot", "extern_utforare"}


@pytest.mark.parametrize("place", ["own", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_provider_view_and_change(world, client_for, role, place):
    client = client_for(world.persona(role))
    provider = world.provider if place == "own" else world.foreign_provider
    view = 200 if (place == "own" and role in PROVIDER_VIEWERS) else 404
    change = 404 if view == 404 else (200 if role == "kvalitetssamordnare" else 403)
    assert client.get(reverse("organisation:provider", args=[provider.pk])).status_code == view
    assert client.get(reverse("organisation:provider_edit", args=[provider.pk])).status_code == change


PERSON_VIEWERS = MANAGERS | {"kvalitetssamordnare", "granskare"}


@pytest.mark.parametrize("role", sorted(READERS))
def test_people_on_a_unit_are_listed_only_for_those_who_may_see_people(world, client_for, role):
    response = client_for(world.persona(role)).get(reverse("organisation:unit", args=[world.own.pk]))
    listed = "Personer med roller på enheten" in response.content.decode()
    assert listed == (role in PERSON_VIEWERS)


AUDIT_VIEWERS = {"kvalitetssamordnare", "granskare"}


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_audit_entries_are_visible_by_unit_scope(world, client_for, role, place):
    unit = world.unit(place)
    audit.record(actor=None, action="update", obj=unit, note=f"markör-{place}")
    response = client_for(world.persona(role)).get(reverse("audit:search"), {"record": unit.name})
    if role not in AUDIT_VIEWERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (f"markör-{place}" in response.content.decode()) == (place in {"own", "sub"})


def test_a_person_without_roles_sees_no_units(world, client_for):
    client = client_for(world.outsider)
    assert client.get(reverse("organisation:unit", args=[world.own.pk])).status_code == 404
    assert "Egna avdelningen" not in client.get(reverse("organisation:tree")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("organisation:unit", args=[world.own.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
