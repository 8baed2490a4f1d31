"""The database holds the ledger's rules on its own: rows written behind the services' back are refused.

Run on both SQLite and PostgreSQL (CI's two lanes): the CHECK constraints and the chain trigger (migration 0002) are
written for each.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lots.ledger.models import LedgerEntry, Reconciliation

pytestmark = pytest.mark.django_db

COLUMNS = (
    "ledger_id, sequence, date, description, amount, balance_before, balance_after, receipt, receipt_name, receipt_type,"
    " entered_by_id, entered_at, attested_by_id, attested_at"
)


def insert(ledger, person, *, sequence, amount, before, after, attested_by=None):
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO ledger_ledgerentry ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, '', '', '', %s, %s, %s, %s)",
            [
                ledger.pk,
                sequence,
                datetime.date(2026, 6, 1),
                "Rad",
                amount,
                before,
                after,
                person.pk,
                now,
                attested_by.pk if attested_by else None,
                now if attested_by else None,
            ],
        )


def refused(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_a_row_behind_the_services_back_cannot_go_below_zero(world, ledger, staff, enter):
    enter(ledger, 100)
    # Honest arithmetic that ends below zero: the CHECK on the balance after refuses it.
    assert refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-10_001, before=10_000, after=-1))
    # A balance after that does not add up: refused.
    assert refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-10_001, before=10_000, after=0))
    # A made-up balance before, so the row looks fine on its own: the chain trigger refuses it.
    assert refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-15_000, before=15_000, after=0))
    # A gap in the numbering, to start a fresh chain: refused.
    assert refused(lambda: insert(ledger, staff["entrant"], sequence=5, amount=-100, before=100, after=0))
    # A first entry must start from zero.
    from lots.ledger.models import Ledger

    other = Ledger.objects.create(
        unit=ledger.unit, municipality=world.m1, reference="EM-2", opened_on=ledger.opened_on, opened_by=staff["manager"]
    )
    assert refused(lambda: insert(other, staff["entrant"], sequence=1, amount=-100, before=100, after=0))
    # The correct next row is accepted: the tests above fail for their reason, not for the way they insert.
    assert not refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-10_000, before=10_000, after=0))


def test_an_entry_cannot_be_changed_afterwards(ledger, staff, enter):
    entry = enter(ledger, 100)
    assert refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(amount=-100, balance_after=-100 + 0))
    assert refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(amount=50, balance_after=5_000, balance_before=0))
    assert not refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(description="Lön"))


def test_the_person_who_entered_a_row_cannot_attest_it_in_the_database(ledger, staff):
    person = staff["entrant"]
    assert refused(lambda: insert(ledger, person, sequence=1, amount=100, before=0, after=100, attested_by=person))
    assert not refused(lambda: insert(ledger, person, sequence=1, amount=100, before=0, after=100, attested_by=staff["attester"]))
    entry = LedgerEntry.objects.get(ledger=ledger, sequence=1)
    assert refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(attested_by=person))


def test_a_large_payment_without_a_receipt_is_refused_in_the_database(ledger, staff, enter):
    enter(ledger, 1000)
    assert refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-20_001, before=100_000, after=79_999))
    assert not refused(lambda: insert(ledger, staff["entrant"], sequence=2, amount=-20_000, before=100_000, after=80_000))


def test_a_reconciliation_difference_needs_an_explanation_and_a_second_person(ledger, staff):
    def make(**kwargs):
        values = {
            "ledger": ledger,
            "period": datetime.date(2026, 5, 1),
            "counted_on": datetime.date(2026, 5, 31),
            "counted": 100,
            "expected": 100,
            "difference": 0,
            "signed_by": staff["manager"],
        }
        values.update(kwargs)
        Reconciliation.objects.create(**values)

    assert refused(lambda: make(counted=90, difference=-10))
    assert refused(lambda: make(counted=90, difference=0, explanation="x"))
    assert refused(lambda: make(attested_by=staff["manager"], attested_at=timezone.now()))
    assert not refused(lambda: make(counted=90, difference=-10, explanation="Växel saknades"))
