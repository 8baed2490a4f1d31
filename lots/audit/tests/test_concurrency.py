"""Writers in parallel transactions take turns at a chain's head, so a chain never forks."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from lots.audit import chain
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.organisation.models import Unit

WRITERS, EACH = 4, 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway")
def test_parallel_transactions_append_to_one_chain_without_forking_it():
    from lots.testing.factories import MunicipalityFactory, UnitFactory

    unit = UnitFactory(municipality=MunicipalityFactory(), kind=Unit.Kind.NAMND)
    audit.record(actor=None, action="update", obj=unit)  # the head exists; the writers contend for it
    start, failures = threading.Barrier(WRITERS), []

    def write():
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    audit.record(actor=None, action="update", obj=unit, note=f"{threading.get_ident()} {i}")
        except Exception as error:  # noqa: BLE001 (reported below, with the thread's other failures)
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    seqs = list(AuditEntry.objects.filter(chain=unit.pk).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 2))
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_whole_database_for_the_test_runner(world):
    audit.record(actor=None, action="update", obj=world.own)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
