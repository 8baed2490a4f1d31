"""Read replicas: reports and dashboards read from a replica, everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, config/settings.py adds a ``replica`` database
alias and sets ``LOTS_REPLICA_ALIAS``. Views that only show aggregates over many
rows (compilations, dashboards, report data) are decorated with
``reads_from_replica``: their reads then go to the replica, which takes that load
off the primary. Everything else, and every write, uses the primary, so a person
always sees what they just saved on the pages where they work with cases.

Without a replica configured nothing changes: all reads and writes go to ``default``.
A replica is a little behind the primary (streaming replication lag, normally well
under a second); that is acceptable for statistics and never used for case pages.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_on_replica = contextvars.ContextVar("lots_reads_from_replica", default=False)
SAFE_METHODS = ("GET", "HEAD")


def replica_alias() -> str | None:
    """The configured replica's alias, or None when there is none."""
    alias = getattr(settings, "LOTS_REPLICA_ALIAS", None)
    return alias if alias and alias in connections.settings else None


@contextmanager
def replica_reads():
    """Within the block, reads go to the replica when one is configured."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def reads_from_replica(view):
    """View decorator: a GET (or HEAD) of a statistics page reads from the replica. Other methods use the primary."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside ``replica_reads`` go to the replica; all writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if _on_replica.get():
            return replica_alias()
        return None

    def db_for_write(self, model, **hints):
        # Also for objects read from the replica: they are saved on the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same data as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        replica = replica_alias()
        if replica is not None and db == replica:
            return False
        return None
