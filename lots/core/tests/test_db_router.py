"""The read-replica router: statistics pages read from the replica, everything else (and every write) from the primary."""

import pytest
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from lots.core.db_router import ReplicaRouter, reads_from_replica, replica_alias, replica_reads
from lots.core.tests.replica import replica_database, with_replica  # noqa: F401 (fixtures)
from lots.organisation.models import Municipality

both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
uses_replica = pytest.mark.usefixtures("with_replica")


def _tables(context) -> str:
    return " ".join(q["sql"] for q in context.captured_queries)


def test_without_a_replica_everything_reads_from_the_primary(db, settings):
    settings.LOTS_REPLICA_ALIAS = None
    assert replica_alias() is None
    with replica_reads():
        assert router.db_for_read(Municipality) == "default"
    assert router.db_for_write(Municipality) == "default"


def test_a_replica_named_in_settings_but_not_configured_is_not_used(db, settings):
    settings.LOTS_REPLICA_ALIAS = "replica-that-does-not-exist"
    with replica_reads():
        assert router.db_for_read(Municipality) == "default"


@both
@uses_replica
def test_reads_inside_the_block_go_to_the_replica_and_see_committed_data():
    Municipality.objects.create(name="Speglade kommunen", slug="speglad")
    assert router.db_for_read(Municipality) == "default"
    with replica_reads():
        assert router.db_for_read(Municipality) == "replica"
        with (
            CaptureQueriesContext(connections["replica"]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            names = list(Municipality.objects.values_list("name", flat=True))
    assert names == ["Speglade kommunen"]
    assert "organisation_municipality" in _tables(on_replica)
    assert on_primary.captured_queries == []
    # Outside the block the primary is used again.
    assert router.db_for_read(Municipality) == "default"


@both
@uses_replica
def test_writes_inside_the_block_and_saves_of_replica_rows_go_to_the_primary():
    with replica_reads():
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            created = Municipality.objects.create(name="Ny kommun", slug="ny")
        assert not any("INSERT" in q["sql"] for q in on_replica.captured_queries)
        read_back = Municipality.objects.get(pk=created.pk)
        assert read_back._state.db == "replica"
        read_back.name = "Omdöpt kommun"
        with CaptureQueriesContext(connections["default"]) as on_primary:
            read_back.save()
    assert "UPDATE" in _tables(on_primary)
    assert Municipality.objects.using("default").get(pk=created.pk).name == "Omdöpt kommun"


@both
@uses_replica
def test_the_view_decorator_uses_the_replica_for_get_and_the_primary_for_post():
    Municipality.objects.create(name="Kommunen", slug="kommunen")

    @reads_from_replica
    def view(request):
        return HttpResponse(str(Municipality.objects.count()))

    factory = RequestFactory()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert view(factory.get("/")).content == b"1"
    assert len(on_replica.captured_queries) == 1
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert view(factory.post("/")).content == b"1"
    assert on_replica.captured_queries == []
    assert len(on_primary.captured_queries) == 1


@both
@uses_replica
def test_the_block_ends_even_when_the_view_fails():
    @reads_from_replica
    def failing(request):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing(RequestFactory().get("/"))
    assert router.db_for_read(Municipality) == "default"


@both
@uses_replica
def test_migrations_never_run_on_the_replica():
    assert ReplicaRouter().allow_migrate("replica", "organisation") is False
    assert ReplicaRouter().allow_migrate("default", "organisation") is None
    assert router.allow_migrate("default", "organisation") is True
