"""Role × place × (view, change) for catalogues, contracts, follow-ups and demanded actions, through the real views.

The expected answers are written out here, independently of lots.access.policy.
Places for provider records: the persona's own provider ("own", the one the
external provider's user works for), another provider in the same municipality
("other") and a provider in another municipality ("foreign").
"""

import datetime

import pytest
from django.urls import reverse

from lots.requirements import services
from lots.requirements.models import DemandedAction
from lots.requirements.tests.conftest import A, M, assess_all, small_data
from lots.testing.factories import ProviderFactory

ROLES = sorted(
    [
        "namndledamot",
        "forvaltningschef",
        "avdelningschef",
        "enhetschef",
        "verksamhetsledare",
        "medarbetare",
        "kvalitetssamordnare",
        "extern_utforare",
        "granskare",
    ]
)
READERS = set(ROLES) - {"extern_utforare"}
FOLLOW_UP_VIEWERS = {"kvalitetssamordnare", "forvaltningschef", "avdelningschef", "enhetschef", "granskare"}
CONTRACT_VIEWERS = {
    "forvaltningschef",
    "avdelningschef",
    "enhetschef",
    "verksamhetsledare",
    "kvalitetssamordnare",
    "granskare",
    "namndledamot",
}
CHANGERS = {"kvalitetssamordnare"}


@pytest.fixture
def providers(world):
    return {
        "own": world.provider,
        "other": ProviderFactory(municipality=world.m1, name="Annan utförare AB", organisation_number="556036-0793"),
        "foreign": world.foreign_provider,
    }


def plan(world, target, version, methods=(M.DOCUMENTS,)):
    return services.follow_up_create(
        actor=None,
        catalogue_version=version,
        title="Uppföljning",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        methods=list(methods),
        lead=world.persona("kvalitetssamordnare"),
        responsible_unit=world.own if target.municipality_id == world.m1.pk else world.foreign,
        provider=target if hasattr(target, "organisation_number") else None,
        unit=None if hasattr(target, "organisation_number") else target,
    )


@pytest.fixture
def shared_version(db):
    _c, version = services.catalogue_import(actor=None, municipality=None, data=small_data(key="gemensam"))
    return version


def expected_provider_follow_up_view(role, place):
    if place == "foreign":
        return 404
    if role == "extern_utforare":
        return 200 if place == "own" else 404
    return 200 if role in FOLLOW_UP_VIEWERS else 404


def expected_change(view, role):
    if view == 404:
        return 404
    return 200 if role in CHANGERS else 403


@pytest.mark.parametrize("place", ["own", "other", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_provider_follow_ups(world, client_for, providers, shared_version, role, place):
    follow_up = plan(world, providers[place], shared_version, methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)
    section = follow_up.assessments.first().requirement.section
    client = client_for(world.persona(role))
    view = expected_provider_follow_up_view(role, place)
    assert client.get(reverse("requirements:follow_up", args=[follow_up.pk])).status_code == view
    assert client.get(reverse("requirements:follow_up_edit", args=[follow_up.pk])).status_code == expected_change(view, role)
    assert client.get(reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk])).status_code == expected_change(
        view, role
    )
    self_assess = 404 if view == 404 else (200 if role == "extern_utforare" else 403)
    assert client.get(reverse("requirements:follow_up_self", args=[follow_up.pk, section.pk])).status_code == self_assess
    # Before the follow-up is completed the provider does not see the municipality's draft report.
    report = 404 if view == 404 else (403 if role == "extern_utforare" else 200)
    assert client.get(reverse("requirements:follow_up_report_docx", args=[follow_up.pk])).status_code == report


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_follow_ups_of_internal_units(world, client_for, shared_version, role, place):
    follow_up = plan(world, world.unit(place), shared_version)
    client = client_for(world.persona(role))
    view = 200 if place in {"own", "sub"} and role in FOLLOW_UP_VIEWERS else 404
    assert client.get(reverse("requirements:follow_up", args=[follow_up.pk])).status_code == view
    assert client.get(reverse("requirements:follow_up_edit", args=[follow_up.pk])).status_code == expected_change(view, role)
    assert client.get(reverse("requirements:follow_up_report_pdf", args=[follow_up.pk])).status_code == view


@pytest.mark.parametrize("place", ["own", "other", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_demanded_actions_of_completed_follow_ups(world, client_for, providers, shared_version, role, place):
    follow_up = plan(world, providers[place], shared_version)
    assess_all(follow_up, {0: A.NOT_MET}, actor=None)
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=follow_up, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="X"
    )
    action = DemandedAction.objects.get(follow_up=follow_up)
    client = client_for(world.persona(role))
    view = expected_provider_follow_up_view(role, place)
    assert client.get(reverse("requirements:action", args=[action.pk])).status_code == view
    assert client.get(reverse("requirements:follow_up_report_pdf", args=[follow_up.pk])).status_code == view
    listed = str(action.text) in client.get(reverse("requirements:actions")).content.decode()
    assert listed == (view == 200)
    # Reporting is the provider's step, closing the municipality's; anyone else is refused without a change.
    report = client.post(
        reverse("requirements:action", args=[action.pk]),
        {"step": "report", "report-response": "Klart", "report-version": action.version},
    )
    assert report.status_code == (404 if view == 404 else 302 if role == "extern_utforare" else 403)
    action.refresh_from_db()
    close = client.post(
        reverse("requirements:action", args=[action.pk]),
        {"step": "close", "close-note": "Ok", "close-closed_on": "2025-09-01", "close-version": action.version},
    )
    assert close.status_code == (404 if view == 404 else 302 if role in CHANGERS else 403)
    action.refresh_from_db()
    expected_status = (
        "reported" if (view == 200 and role == "extern_utforare") else ("closed" if view == 200 and role in CHANGERS else "open")
    )
    assert action.status == expected_status


@pytest.mark.parametrize("place", ["shared", "own", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_catalogues(world, client_for, role, place):
    municipality = {"shared": None, "own": world.m1, "foreign": world.m2}[place]
    catalogue, version = services.catalogue_import(actor=None, municipality=municipality, data=small_data(key=f"k-{place}"))
    client = client_for(world.persona(role))
    view = 404 if place == "foreign" else 200
    assert client.get(reverse("requirements:catalogue", args=[catalogue.pk])).status_code == view
    assert client.get(reverse("requirements:version", args=[version.pk])).status_code == view
    assert client.get(reverse("requirements:version_yaml", args=[version.pk])).status_code == view
    assert client.get(reverse("requirements:import")).status_code == (200 if role in CHANGERS else 403)


@pytest.mark.parametrize("place", ["own", "other", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_contracts(world, client_for, providers, role, place):
    provider = providers[place]
    contract = services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        follow_up_by=world.persona("kvalitetssamordnare"),
        actor=None,
        provider=provider,
        title="Avtal",
        scope="Stöd",
        starts_on=datetime.date(2025, 1, 1),
        responsible_unit=world.own if provider.municipality_id == world.m1.pk else world.foreign,
    )
    client = client_for(world.persona(role))
    if place == "foreign":
        view = 404
    elif role == "extern_utforare":
        view = 200 if place == "own" else 404
    else:
        view = 200 if role in CONTRACT_VIEWERS else 404
    assert client.get(reverse("requirements:contract", args=[contract.pk])).status_code == view
    assert client.get(reverse("requirements:contract_edit", args=[contract.pk])).status_code == expected_change(view, role)


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_planning_pages(world, client_for, role):
    client = client_for(world.persona(role))
    assert client.get(reverse("requirements:index")).status_code == 200  # every role reads catalogues
    assert client.get(reverse("requirements:catalogues")).status_code == 200
    sees_follow_ups = role in FOLLOW_UP_VIEWERS or role == "extern_utforare"
    assert client.get(reverse("requirements:follow_ups")).status_code == (200 if sees_follow_ups else 404)
    assert client.get(reverse("requirements:actions")).status_code == (200 if sees_follow_ups else 404)
    plan_page = 200 if role in CHANGERS else (403 if sees_follow_ups else 404)
    assert client.get(reverse("requirements:follow_up_create")).status_code == plan_page
    sees_contracts = role in CONTRACT_VIEWERS or role == "extern_utforare"
    assert client.get(reverse("requirements:contracts")).status_code == (200 if sees_contracts else 404)
    create_contract = 200 if role in CHANGERS else (403 if sees_contracts else 404)
    assert client.get(reverse("requirements:contract_create")).status_code == create_contract


def test_an_external_provider_sees_nothing_of_other_providers_anywhere(world, client_for, providers, shared_version):
    mine = plan(world, providers["own"], shared_version)
    theirs = plan(world, providers["other"], shared_version)
    theirs.title = "Hemlig uppföljning"
    theirs.save(update_fields=["title"])
    client = client_for(world.persona("extern_utforare"))
    for name in ("requirements:index", "requirements:follow_ups"):
        html = client.get(reverse(name)).content.decode()
        assert "Hemlig uppföljning" not in html and "Annan utförare AB" not in html
    assert mine.title in client.get(reverse("requirements:follow_ups")).content.decode()
    assert client.get(reverse("requirements:follow_up", args=[theirs.pk])).status_code == 404


def test_a_person_without_roles_and_anonymous_visitors_get_nothing(world, client, client_for, shared_version):
    follow_up = plan(world, world.provider, shared_version)
    assert client.get(reverse("requirements:follow_up", args=[follow_up.pk])).status_code == 302
    outsider = client_for(world.outsider)
    assert outsider.get(reverse("requirements:index")).status_code == 404
    assert outsider.get(reverse("requirements:follow_up", args=[follow_up.pk])).status_code == 404
