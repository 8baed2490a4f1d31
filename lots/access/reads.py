"""Reads of confidential records (OSL 26:1 case records) are logged by the access layer, not by views.

A confidential model's QuerySet derives from ``ReadLoggedQuerySet``. The access functions
(``lots.access.scope`` and ``get_object``, and the apps' ``access.py``) return such querysets
marked with the person reading them (``mark``). When a marked queryset is evaluated, the ids
of the rows it read are added to the collector of the current request; at the end of the
request lots.audit.middleware writes them as one log entry.

The case records are deviations and feedback cases. A deviation's lex Sarah investigation, IVO
notification, events, actions and attachments are parts of its case, reached only through the
deviation: reading any of them reads the deviation, and the entry's path says which part.

What counts as a read: fetching rows, or fetching their ids alone (a list page finds its
rows' ids first and loads those rows afterwards, lots.core.pagination). Counts,
``exists()``, aggregates and other value queries read no record's contents and are not
logged. Outside a collector (the daily jobs, demo data) nothing is collected: reads by the
system are not logged; a command that reads records for a person runs inside ``collecting`` and
writes them with ``lots.audit.services.record_collected``.
"""

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import models
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable

_current: contextvars.ContextVar["Collector | None"] = contextvars.ContextVar("lots_reads", default=None)


class Collector:
    """What one request (or one command run) read, per reader: ``{model: {pk: unit path or None}}``.

    The unit path is known when a row was loaded with its unit; otherwise the log looks it up. The first row
    loaded of each model is kept to name the record when it is the only one read. ``exports`` holds
    (reader, note) for downloads, so an export and the rows it read make one entry.
    """

    def __init__(self):
        self.readers: dict = {}
        self.records: dict = {}
        self.samples: dict = {}
        self.exports: list[tuple] = []

    def add(self, reader, model: type[models.Model], rows: Iterable[tuple]) -> None:
        """Add ``rows`` of (pk, unit path or None, the row or None) read by ``reader``."""
        model = model._meta.concrete_model
        self.readers.setdefault(reader.pk, reader)
        found = self.records.setdefault(reader.pk, {}).setdefault(model, {})
        for pk, unit_path, obj in rows:
            if found.get(pk) is None:
                found[pk] = unit_path
            if obj is not None:
                self.samples.setdefault((reader.pk, model), obj)

    def add_export(self, reader, note: str) -> None:
        self.readers.setdefault(reader.pk, reader)
        self.exports.append((reader.pk, note))

    def by_reader(self) -> Iterator[tuple]:
        """(reader, {model: {pk: unit path}}, {model: a row read}, [export notes]) for each person who read or
        exported something."""
        for pk, reader in self.readers.items():
            samples = {model: obj for (who, model), obj in self.samples.items() if who == pk}
            yield reader, self.records.get(pk, {}), samples, [note for who, note in self.exports if who == pk]


def current() -> Collector | None:
    return _current.get()


@contextmanager
def collecting() -> Iterator[Collector]:
    """Collect the reads made inside the block (a request, or a command run for a person)."""
    token = _current.set(Collector())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def collect_into(collector: Collector, content: Iterable) -> Iterator:
    """``content`` iterated with ``collector`` active: a streaming response reads after its view has returned."""
    token = _current.set(collector)
    try:
        yield from content
    finally:
        _current.reset(token)


def confidential_models() -> list[type[models.Model]]:
    """The models whose reads are logged, in app order."""
    return [model for model in apps.get_models() if isinstance(model._default_manager.all(), ReadLoggedQuerySet)]


def mark(queryset, user):
    """``queryset`` marked as read by ``user`` when its model is confidential; other querysets unchanged."""
    if isinstance(queryset, ReadLoggedQuerySet) and getattr(user, "is_authenticated", False):
        return queryset.read_by(user)
    return queryset


class ReadLoggedQuerySet(models.QuerySet):
    """The QuerySet of a confidential model: once marked with ``read_by``, the rows it fetches are collected.

    The model needs a ``unit`` foreign key: the log entry belongs to the unit of the records read.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._read_by = None

    def _clone(self):
        clone = super()._clone()
        clone._read_by = self._read_by
        return clone

    def named(self, term: str):
        """The records ``term`` names as people write them (a deviation's number, a case's reference); by id here."""
        return self.filter(pk=int(term)) if term.isdigit() else self.none()

    def read_by(self, user):
        clone = self._chain()
        clone._read_by = user
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching:
            self._collect(self._result_cache)

    def iterator(self, chunk_size=None):
        rows = super().iterator(chunk_size)
        if self._read_by is None or current() is None:
            return rows
        return self._collect_each(rows)

    def _collect_each(self, rows):
        for row in rows:
            self._collect([row])
            yield row

    def _collect(self, rows) -> None:
        collector = current()
        if self._read_by is None or collector is None:
            return
        if issubclass(self._iterable_class, ModelIterable):
            found = [(obj.pk, _unit_path(obj), obj) for obj in rows]
        elif self._selects_only_pk():
            flat = issubclass(self._iterable_class, FlatValuesListIterable)
            found = [(value if flat else value[0], None, None) for value in rows]
        else:
            return
        if found:
            collector.add(self._read_by, self.model, found)

    def _selects_only_pk(self) -> bool:
        if not issubclass(self._iterable_class, FlatValuesListIterable | ValuesListIterable):
            return False
        query = self.query
        names = (*query.values_select, *query.annotation_select, *query.extra_select)
        return len(names) == 1 and names[0] in ("pk", self.model._meta.pk.name)


def _unit_path(obj) -> str | None:
    unit = obj._state.fields_cache.get("unit")
    return unit.path if unit is not None else None
