"""Closed ledgers are culled after the municipality's period, with their entries and receipts; open ones never."""

import datetime

import pytest
from django.core.files.storage import default_storage

from lots.ledger import services
from lots.ledger.models import Ledger, LedgerEntry
from lots.privacy import services as privacy

pytestmark = pytest.mark.django_db


def test_a_ledger_closed_longer_than_the_period_is_culled_with_its_receipts(
    world, staff, receipt, django_capture_on_commit_callbacks
):
    old = services.ledger_open(actor=staff["manager"], unit=world.own, reference="EM-2010-1", opened_on=datetime.date(2015, 1, 5))
    entry = services.entry_add(
        actor=staff["entrant"], ledger=old, date=datetime.date(2015, 2, 1), description="In", amount=30_000
    )
    services.entry_attest(actor=staff["attester"], entry=entry, today=datetime.date(2015, 2, 1))
    out = services.entry_add(
        actor=staff["entrant"], ledger=old, date=datetime.date(2015, 3, 1), description="Ut", amount=-30_000, receipt=receipt()
    )
    services.entry_attest(actor=staff["attester"], entry=out, today=datetime.date(2015, 3, 1))
    services.ledger_close(actor=staff["manager"], ledger=old, closed_on=datetime.date(2018, 6, 1), version=old.version)
    recent = services.ledger_open(
        actor=staff["manager"], unit=world.own, reference="EM-2020-1", opened_on=datetime.date(2020, 1, 5)
    )
    services.ledger_close(actor=staff["manager"], ledger=recent, closed_on=datetime.date(2020, 6, 1), version=recent.version)
    still_open = services.ledger_open(
        actor=staff["manager"], unit=world.own, reference="EM-2016-1", opened_on=datetime.date(2016, 1, 5)
    )
    stored = LedgerEntry.objects.get(pk=out.pk).receipt.name
    assert default_storage.exists(stored) and "kvitto" not in stored
    plan = {row.rule.key: row for row in privacy.retention_plan(today=datetime.date(2026, 6, 1), municipalities=[world.m1])}
    assert plan["ledger"].due == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy.retention_cull(today=datetime.date(2026, 6, 1)) >= 1
    assert set(Ledger.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not LedgerEntry.objects.filter(ledger_id=old.pk).exists()
    assert not default_storage.exists(stored)
