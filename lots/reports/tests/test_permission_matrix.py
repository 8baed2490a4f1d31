"""Role × place (own, sub, other, foreign) × (view, change, establish) for quality reports, through the real views,
and who may use the overview, the denominators and the comparison import.

The expected answers are written out here, independently of lots.access.policy.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.reports import services

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
READERS = MANAGERS | {"medarbetare", "kvalitetssamordnare", "granskare", "namndledamot"}
ALL = READERS | {"extern_utforare"}
WITH_SUBUNITS = READERS - {"medarbetare"}  # the medarbetare holds the role on "own" only
WRITERS = {"kvalitetssamordnare", "forvaltningschef", "avdelningschef", "enhetschef"}
ESTABLISHERS = {"forvaltningschef"}
PLACES = ["own", "sub", "other", "foreign"]


def expected_view(role, place):
    if place == "own":
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in WITH_SUBUNITS else 404
    return 404


def expected_change(role, place):
    view = expected_view(role, place)
    if view == 404:
        return 404
    return 200 if role in WRITERS else 403


def expected_establish(role, place):
    view = expected_view(role, place)
    if view == 404:
        return 404
    return 200 if role in ESTABLISHERS else 403


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_report_view_change_and_establish(world, client_for, role, place):
    report = services.report_create(
        actor=world.persona("kvalitetssamordnare"), unit=world.unit(place), year=timezone.localdate().year
    )
    client = client_for(world.persona(role))
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == expected_view(role, place)
    table = reverse("reports:report_table", args=[report.pk, "organisation", "units", "csv"])
    assert client.get(table).status_code == expected_view(role, place)
    assert client.get(reverse("reports:section_edit", args=[report.pk, "focus"])).status_code == expected_change(role, place)
    assert client.get(reverse("reports:establish", args=[report.pk])).status_code == expected_establish(role, place)
    posted = client.post(reverse("reports:establish", args=[report.pk]), {"version": report.version, "confirm": "on"})
    assert posted.status_code == (302 if expected_establish(role, place) == 200 else expected_establish(role, place))
    report.refresh_from_db()
    assert report.is_established == (expected_establish(role, place) == 200)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_creating_a_report(world, client_for, role, place):
    response = client_for(world.persona(role)).post(
        reverse("reports:report_create"), {"unit": world.unit(place).pk, "year": timezone.localdate().year}
    )
    if role not in WRITERS:
        assert response.status_code == 404
    else:
        assert response.status_code == (302 if place in ("own", "sub") else 422)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_the_overview_of_a_unit(world, client_for, role, place):
    response = client_for(world.persona(role)).get(reverse("reports:dashboard"), {"unit": world.unit(place).pk})
    if role not in READERS:
        assert response.status_code == 404
    elif expected_view(role, place) == 200:
        assert response.status_code == 200 and response.context["unit"] == world.unit(place)
    else:
        assert response.status_code == 422 and response.context["unit"] == world.own  # their own unit is shown instead


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_the_quality_coordinator_enters_denominators_and_imports_comparisons(world, client_for, role):
    client = client_for(world.persona(role))
    allowed = role == "kvalitetssamordnare"
    assert client.get(reverse("reports:denominators")).status_code == (200 if allowed else 404)
    assert client.get(reverse("reports:comparisons_upload")).status_code == (200 if allowed else 404)
    assert client.get(reverse("reports:comparisons")).status_code == (200 if role in READERS else 404)


def test_a_person_without_roles_sees_nothing(world, client_for):
    report = services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=timezone.localdate().year)
    client = client_for(world.outsider)
    for url in (reverse("reports:index"), reverse("reports:dashboard"), reverse("reports:report", args=[report.pk])):
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
