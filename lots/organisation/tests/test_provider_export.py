"""The provider list's Excel/CSV export: the same providers as the list, by name, logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.testing.factories import ProviderFactory
from lots.testing.lists import export_column, page_rows, queries
from lots.testing.spreadsheets import csv_rows, xlsx_rows

PROVIDERS = reverse("organisation:providers")
HEADER = ["Namn", "Organisationsnummer", "Kommun", "Typ", "Kontaktperson", "E-post", "Telefon", "Aktiv", "Avslutad från"]


def export(fmt: str) -> str:
    return reverse("organisation:providers_export", args=[fmt])


@pytest.fixture
def closed(world):
    """A second provider in Testkommun, closed since last month, with contact details."""
    return ProviderFactory(
        municipality=world.m1,
        name="Avslutad omsorg",
        organisation_number="802000-1111",
        kind="nonprofit",
        contact_name="Kim Kontakt",
        contact_email="kim@example.invalid",
        contact_phone="08-555 55",
        closed_at=timezone.localdate() - datetime.timedelta(days=30),
    )


def test_the_excel_export_lists_the_providers_of_the_persons_municipality(world, client_for, closed):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(export("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="utforare-' in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert list(header) == HEADER
    assert [r[0] for r in rows] == [p.name for p in client.get(PROVIDERS).context["page_obj"]]
    assert rows == [
        (
            "Avslutad omsorg",
            "802000-1111",
            "Testkommun",
            "Idéburen organisation",
            "Kim Kontakt",
            "kim@example.invalid",
            "08-555 55",
            "Nej",
            datetime.datetime.combine(closed.closed_at, datetime.time()),
        ),
        ("Egen utförare AB", "556677-8899", "Testkommun", "Företag", None, None, None, "Ja", None),
    ]


def test_the_csv_export_has_the_same_rows(world, client_for, closed):
    response = client_for(world.persona("granskare")).get(export("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert rows == [
        [
            "Avslutad omsorg",
            "802000-1111",
            "Testkommun",
            "Idéburen organisation",
            "Kim Kontakt",
            "kim@example.invalid",
            "08-555 55",
            "Nej",
            closed.closed_at.isoformat(),
        ],
        ["Egen utförare AB", "556677-8899", "Testkommun", "Företag", "", "", "", "Ja", ""],
    ]


def test_a_provider_closing_in_the_future_is_still_active(world, client_for, closed):
    closed.closed_at = timezone.localdate() + datetime.timedelta(days=1)
    closed.save()
    rows = csv_rows(client_for(world.persona("kvalitetssamordnare")).get(export("csv")))[1:]
    assert [(r[0], r[7]) for r in rows] == [("Avslutad omsorg", "Ja"), ("Egen utförare AB", "Ja")]


def test_an_external_provider_exports_only_its_own_provider(world, client_for, closed):
    client = client_for(world.persona("extern_utforare"))
    assert [p.name for p in client.get(PROVIDERS).context["page_obj"]] == ["Egen utförare AB"]
    assert [r[0] for r in csv_rows(client.get(export("csv")))[1:]] == ["Egen utförare AB"]
    foreign = csv_rows(client_for(world.persona("avdelningschef")).get(export("csv")))[1:]
    assert "Främmande utförare AB" not in {r[0] for r in foreign}


@pytest.mark.parametrize("role", ["medarbetare", None])
def test_people_without_the_list_get_no_export(world, client_for, role):
    client = client_for(world.persona(role) if role else world.outsider)
    assert client.get(PROVIDERS).status_code == 404
    assert client.get(export("xlsx")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_unknown_format_is_not_found(world, client_for):
    assert client_for(world.persona("kvalitetssamordnare")).get(export("json")).status_code == 404


def test_the_export_is_logged(world, client_for, closed):
    coordinator = world.persona("kvalitetssamordnare")
    client_for(coordinator).get(export("csv"))
    logged = AuditEntry.objects.get(action="export")
    assert logged.actor == coordinator
    assert logged.note == "Export av 2 externa utförare (alla)"


def test_the_list_links_to_both_exports(world, client_for):
    html = client_for(world.persona("kvalitetssamordnare")).get(PROVIDERS).content.decode()
    assert f'href="{export("xlsx")}"' in html and f'href="{export("csv")}"' in html


def test_the_list_and_the_export_have_the_same_providers_in_the_same_order(world, client_for, closed):
    for name in ("Samma namn", "Samma namn", "Annan omsorg"):
        ProviderFactory(municipality=world.m1, name=name)
    client = client_for(world.persona("kvalitetssamordnare"))
    listed = [p.pk for p in page_rows(client.get(PROVIDERS))]
    names = [p.name for p in page_rows(client.get(PROVIDERS))]
    assert names == export_column(client.get(export("xlsx")), "Namn")
    same = [pk for pk, name in zip(listed, names, strict=True) if name == "Samma namn"]
    assert same == sorted(same)


def test_the_list_and_the_export_use_as_many_queries_for_thirty_providers_as_for_three(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    requests = [lambda: client.get(PROVIDERS), lambda: client.get(export("xlsx"))]
    for request in requests:
        request()
    for n in range(3):
        ProviderFactory(municipality=world.m1, name=f"Utförare {n}")
    few = [queries(request) for request in requests]
    for n in range(3, 30):
        ProviderFactory(municipality=world.m1, name=f"Utförare {n}")
    assert [queries(request) for request in requests] == few
