"""A ledger is a confidential record (OSL 26:1): each page, list, API read, export and PDF leaves one log entry per
request naming the ledgers read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.ledger import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledgers(world, staff):
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=10)
    first = services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-1", opened_on=opened)
    second = services.ledger_open(actor=staff["manager"], unit=world.sub, reference="EM-2", opened_on=opened)
    services.entry_add(actor=staff["entrant"], ledger=first, date=today, description="In", amount=10_000)
    return {"first": first, "second": second}


@pytest.fixture
def reader(world, client):
    person = world.persona("enhetschef")
    _token, key = api_token_create(actor=person, name="test")

    class Reader:
        user = person

        def get(self, url, *, api=False, **params):
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            if api:
                response = client.get(f"/api/v1{url}", params, HTTP_AUTHORIZATION=f"Bearer {key}")
            else:
                client.force_login(person)
                response = client.get(url, params)
            if response.streaming:
                b"".join(response.streaming_content)
            assert response.status_code == 200, (url, response.status_code)
            return response, list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))

    return Reader()


def assert_one_read(entries, user, records, *, action=AuditEntry.Action.VIEW):
    assert len(entries) == 1, [(e.action, e.note) for e in entries]
    [entry] = entries
    assert (entry.actor, entry.action) == (user, action)
    assert set(entry.reads.values_list("content_type__model", "object_id")) == {("ledger", str(r.pk)) for r in records}
    return entry


@pytest.mark.parametrize("name", ["ledger:detail", "ledger:edit", "ledger:close", "ledger:entry_add", "ledger:reconcile"])
def test_each_page_of_a_ledger_logs_one_read_of_it(ledgers, reader, name):
    ledger = ledgers["first"]
    _response, entries = reader.get(reverse(name, args=[ledger.pk]))
    entry = assert_one_read(entries, reader.user, [ledger])
    assert entry.unit_id == ledger.unit_id


def test_the_statement_pdf_logs_a_read(ledgers, reader):
    ledger = ledgers["first"]
    today = timezone.localdate()
    _response, entries = reader.get(reverse("ledger:statement", args=[ledger.pk]), start=str(ledger.opened_on), end=str(today))
    assert_one_read(entries, reader.user, [ledger])


def test_the_list_logs_the_rows_it_shows(ledgers, reader):
    _response, entries = reader.get(reverse("ledger:index"))
    assert_one_read(entries, reader.user, [ledgers["first"], ledgers["second"]])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_is_one_entry_naming_every_ledger_in_it(ledgers, reader, fmt):
    _response, entries = reader.get(reverse("ledger:export", args=[fmt]))
    entry = assert_one_read(entries, reader.user, [ledgers["first"], ledgers["second"]], action=AuditEntry.Action.EXPORT)
    assert entry.note.startswith("Export av 2 förmedlingar")


def test_the_api_list_logs_only_the_window_it_returns(ledgers, reader):
    response, entries = reader.get("/ledgers", api=True, limit=1)
    assert [row["reference"] for row in response.json()] == ["EM-1"]
    assert_one_read(entries, reader.user, [ledgers["first"]])


@pytest.mark.parametrize("suffix", ["", "/entries"])
def test_the_api_detail_and_entries_log_the_ledger(ledgers, reader, suffix):
    ledger = ledgers["first"]
    _response, entries = reader.get(f"/ledgers/{ledger.pk}{suffix}", api=True)
    assert_one_read(entries, reader.user, [ledger])


def test_a_receipt_download_logs_a_read_of_its_ledger(ledgers, staff, reader, receipt):
    ledger = ledgers["first"]
    entry = services.entry_add(
        actor=staff["entrant"], ledger=ledger, date=timezone.localdate(), description="Kläder", amount=-9_000, receipt=receipt()
    )
    _response, entries = reader.get(reverse("ledger:receipt", args=[ledger.pk, entry.pk]))
    assert_one_read(entries, reader.user, [ledger])
