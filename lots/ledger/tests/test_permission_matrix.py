"""Who sees and writes a ledger, by role and place: the persona's unit ("own"), below it ("sub"), beside it ("other")
and in another municipality ("foreign"). 404 for what the person may not see, 403 for what they see but may not do."""

import pytest
from django.urls import reverse

from lots.ledger.models import Ledger
from lots.testing.world import ALL_ROLES

pytestmark = pytest.mark.django_db

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
# The medarbetare holds the role on "own" alone, the managers on "own" with its sub-units.
SEES = {("medarbetare", "own")} | {(role, place) for role in MANAGERS for place in ("own", "sub")}


@pytest.fixture
def ledgers(world):
    opener = world.persona("enhetschef")
    return {
        place: Ledger.objects.create(
            unit=world.unit(place),
            municipality=world.unit(place).municipality,
            reference=f"EM-{place}-1",
            opened_on="2026-01-05",
            opened_by=opener,
        )
        for place in ("own", "sub", "other", "foreign")
    }


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_reading_and_writing_a_ledger(world, ledgers, client_for, role, place):
    client = client_for(world.persona(role))
    ledger = ledgers[place]
    sees = (role, place) in SEES
    assert client.get(reverse("ledger:detail", args=[ledger.pk])).status_code == (200 if sees else 404)
    assert client.get(reverse("ledger:entry_add", args=[ledger.pk])).status_code == (200 if sees else 404)
    reconcile = client.get(reverse("ledger:reconcile", args=[ledger.pk])).status_code
    assert reconcile == (404 if not sees else 200 if role in MANAGERS else 403)


def test_the_list_makes_the_same_number_of_queries_for_many_ledgers(world, ledgers, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = world.persona("enhetschef")
    client = client_for(manager)
    client.get(reverse("ledger:index"))  # the session and the caches are warm from here on
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("ledger:index"))
    for n in range(12):
        Ledger.objects.create(
            unit=world.sub,
            municipality=world.m1,
            reference=f"EM-x-{n}",
            opened_on="2026-01-05",
            opened_by=world.persona("enhetschef"),
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("ledger:index"))
