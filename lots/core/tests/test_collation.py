"""Swedish alphabetical order (lots.core.collation): case ignored, å, ä, ö after z, in Python and in the database;
processes are listed that way on their register, in the API and in the forms that offer them."""

import pytest
from django.test import Client
from django.urls import reverse

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.core.collation import Swedish, swedish_key
from lots.processes.models import Process
from lots.processes.tests.helpers import make_process

SWEDISH_ORDER = ["avslut", "Bemötande", "Zebra", "Åtgärd", "ärende", "Öppen"]


def test_the_key_puts_a_ring_and_umlauts_after_z_and_ignores_case():
    assert sorted(["Öppen", "Zebra", "ärende", "avslut", "Åtgärd", "Bemötande"], key=swedish_key) == SWEDISH_ORDER


def test_other_accents_sort_with_their_letter():
    assert sorted(["Ezra", "Élise", "Eva"], key=swedish_key) == ["Élise", "Eva", "Ezra"]
    assert sorted(["Ytter", "Über", "Ulla"], key=swedish_key) == ["Ulla", "Über", "Ytter"]


@pytest.fixture
def processes(world):
    for name in reversed(SWEDISH_ORDER):
        make_process(world, world.own, name=name, steps=())


def test_the_database_orders_by_swedish_collation(processes):
    assert list(Process.objects.order_by(Swedish("name"), "pk").values_list("name", flat=True)) == SWEDISH_ORDER


def test_the_process_register_lists_processes_alphabetically(processes, world, client_for):
    page = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("processes:index")).content.decode()
    positions = [page.index(f">{name}<") for name in SWEDISH_ORDER]
    assert positions == sorted(positions)


def test_the_process_api_lists_processes_alphabetically(processes, world):
    user = world.persona(Role.KVALITETSSAMORDNARE)
    _token, key = api_token_create(actor=user, name="ordning")
    rows = Client().get("/api/v1/processes", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [row["name"] for row in rows] == SWEDISH_ORDER


def test_a_routine_form_offers_processes_alphabetically(processes, world, client_for):
    page = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("processes:routine_create")).content.decode()
    positions = [page.index(f"{name}</label>") for name in SWEDISH_ORDER]
    assert positions == sorted(positions)
