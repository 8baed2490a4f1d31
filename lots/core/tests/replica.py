"""A second database alias for tests of the read-replica router: a mirror of the test database.

Settings only configure ``replica`` when DATABASE_REPLICA_URL is set, so the test adds
the alias itself, the way ``TEST: {"MIRROR": "default"}`` would: same database, own
connection. Tests using it run with committed transactions
(``django_db(transaction=True, databases=["default", "replica"])``) so that the
replica's connection sees what the primary wrote, as a real replica would.
"""

import copy

import pytest
from django.db import connections

ALIAS = "replica"


@pytest.fixture(scope="module")
def replica_database(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict  # already pointing at the test database
    mirror = copy.deepcopy(primary)
    mirror["TEST"] = {**mirror.get("TEST", {}), "MIRROR": "default"}
    connections.settings[ALIAS] = mirror
    yield ALIAS
    if hasattr(connections._connections, ALIAS):
        getattr(connections._connections, ALIAS).close()
        delattr(connections._connections, ALIAS)
    del connections.settings[ALIAS]


@pytest.fixture
def with_replica(replica_database, settings):
    """The replica configured as settings would configure it from DATABASE_REPLICA_URL."""
    settings.LOTS_REPLICA_ALIAS = replica_database
    return replica_database
