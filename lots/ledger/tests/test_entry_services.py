"""Entering and attesting money in and out: never below zero, a second attester, receipts, the audit rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lots.audit.models import AuditEntry
from lots.ledger import services
from lots.ledger.models import LedgerEntry
from lots.ledger.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_an_entry_moves_the_balance_and_counts_as_attested_only_once_attested(ledger, staff, enter):
    entry = enter(ledger, 500, attest=False)
    assert (ledger.balance, ledger.attested_balance, ledger.entry_count, ledger.attested_count) == (50_000, 0, 1, 0)
    assert (entry.sequence, entry.balance_before, entry.balance_after) == (1, 0, 50_000)
    services.entry_attest(actor=staff["attester"], entry=entry, today=TODAY)
    ledger.refresh_from_db()
    assert (ledger.balance, ledger.attested_balance) == (50_000, 50_000)


def test_a_payment_larger_than_the_balance_is_refused_with_a_swedish_message(ledger, staff, enter, receipt):
    enter(ledger, 300)
    with pytest.raises(ValidationError) as error:
        services.entry_add(actor=staff["entrant"], ledger=ledger, date=TODAY, description="Hyra", amount=-30_001, today=TODAY)
    assert "negativt" in error.value.message_dict["amount"][0] and "300,00" in error.value.message_dict["amount"][0]
    ledger.refresh_from_db()
    assert (ledger.balance, ledger.entry_count) == (30_000, 1)


def test_money_expected_later_does_not_count_unattested_money_out_does(ledger, staff, enter):
    enter(ledger, 100)
    enter(ledger, -100, attest=False)
    with pytest.raises(ValidationError):
        services.entry_add(actor=staff["entrant"], ledger=ledger, date=TODAY, description="Mat", amount=-1, today=TODAY)


def test_the_whole_balance_can_be_paid_out(ledger, enter):
    enter(ledger, 150)
    entry = enter(ledger, -150)
    assert entry.balance_after == 0


def test_the_person_who_entered_cannot_attest(ledger, staff, enter):
    entry = enter(ledger, 100, attest=False)
    with pytest.raises(ValidationError) as error:
        services.entry_attest(actor=staff["entrant"], entry=entry, today=TODAY)
    assert "annan person" in error.value.messages[0]
    entry.refresh_from_db()
    assert entry.attested_by is None


def test_entries_are_attested_in_order(ledger, staff, enter):
    enter(ledger, 100, attest=False)
    second = enter(ledger, 50, attest=False)
    with pytest.raises(ValidationError):
        services.entry_attest(actor=staff["attester"], entry=second, today=TODAY)


def test_an_entry_cannot_be_attested_twice(ledger, staff, enter):
    entry = enter(ledger, 100)
    with pytest.raises(ValidationError):
        services.entry_attest(actor=staff["manager"], entry=entry, today=TODAY)


def test_money_out_above_200_kr_needs_a_receipt(ledger, staff, enter, receipt):
    enter(ledger, 1000)
    with pytest.raises(ValidationError) as error:
        services.entry_add(actor=staff["entrant"], ledger=ledger, date=TODAY, description="Kläder", amount=-20_001, today=TODAY)
    assert "kvitto" in error.value.message_dict["receipt"][0]
    small = services.entry_add(
        actor=staff["entrant"], ledger=ledger, date=TODAY, description="Busskort", amount=-20_000, today=TODAY
    )
    assert not small.receipt
    large = services.entry_add(
        actor=staff["entrant"], ledger=ledger, date=TODAY, description="Kläder", amount=-20_001, receipt=receipt(), today=TODAY
    )
    assert large.receipt and large.receipt_type == "application/pdf"


def test_a_receipt_that_is_not_a_pdf_or_image_is_refused(ledger, staff, enter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    enter(ledger, 1000)
    with pytest.raises(ValidationError) as error:
        services.entry_add(
            actor=staff["entrant"],
            ledger=ledger,
            date=TODAY,
            description="Kläder",
            amount=-30_000,
            receipt=SimpleUploadedFile("kvitto.pdf", b"just text"),
            today=TODAY,
        )
    assert "receipt" in error.value.message_dict


def test_dates_in_the_future_or_before_the_ledger_are_refused(ledger, staff):
    for day in (TODAY + datetime.timedelta(days=1), datetime.date(2026, 1, 4)):
        with pytest.raises(ValidationError) as error:
            services.entry_add(actor=staff["entrant"], ledger=ledger, date=day, description="In", amount=100, today=TODAY)
        assert "date" in error.value.message_dict


def test_a_description_naming_the_client_is_held_until_confirmed(ledger, staff):
    with pytest.raises(ValidationError) as error:
        services.entry_add(
            actor=staff["entrant"], ledger=ledger, date=TODAY, description="Pengar till Kalle Svensson", amount=100, today=TODAY
        )
    assert error.value.error_dict["description"][0].code == "integrity"
    entry = services.entry_add(
        actor=staff["entrant"],
        ledger=ledger,
        date=TODAY,
        description="Pengar till Kalle Svensson",
        amount=100,
        integrity_confirmed=True,
        today=TODAY,
    )
    assert entry.pk


def test_writes_are_audited_without_the_description(ledger, staff, enter):
    entry = enter(ledger, 100)
    created = AuditEntry.objects.get(action="create", object_id=str(entry.pk), content_type__model="ledgerentry")
    assert created.changes["amount"] == [None, 10_000] and created.changes["description"] == [None, {"chars": 10}]
    assert created.unit_id == ledger.unit_id
    attested = AuditEntry.objects.get(action="update", object_id=str(entry.pk), content_type__model="ledgerentry")
    assert attested.actor == staff["attester"] and attested.changes["attested_balance"] == [0, 10_000]


def test_only_the_last_unattested_entry_can_be_removed(ledger, staff, enter):
    first = enter(ledger, 100)
    second = enter(ledger, 50, attest=False)
    with pytest.raises(ValidationError):
        services.entry_remove(actor=staff["entrant"], entry=first)
    with pytest.raises(PermissionDenied):
        services.entry_remove(actor=staff["attester"], entry=second)
    services.entry_remove(actor=staff["entrant"], entry=second)
    ledger.refresh_from_db()
    assert (ledger.balance, ledger.entry_count) == (10_000, 1)
    assert list(LedgerEntry.objects.values_list("sequence", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="delete", content_type__model="ledgerentry").count() == 1


def test_a_closed_ledger_takes_no_entries(ledger, staff, enter):
    enter(ledger, 100)
    with pytest.raises(ValidationError):
        services.ledger_close(actor=staff["manager"], ledger=ledger, closed_on=TODAY, version=ledger.version)
    enter(ledger, -100)
    services.ledger_close(actor=staff["manager"], ledger=ledger, closed_on=datetime.date(2026, 6, 2), version=ledger.version)
    with pytest.raises(ValidationError):
        services.entry_add(actor=staff["entrant"], ledger=ledger, date=TODAY, description="In", amount=100, today=TODAY)
