"""Stored files that go with deleted rows.

Deleting a row does not delete the file a FileField of it names, and a cascade deletes rows no code sees. Before a
deletion, ``files_to_remove`` asks Django's deletion collector for every row the deletion will reach — the cascade
included — and lists the files they name; ``remove_after_commit`` removes them from storage once the transaction has
committed, so a rolled-back deletion keeps its files.
"""

from django.db import router, transaction
from django.db.models import FileField, QuerySet
from django.db.models.deletion import Collector


def _file_fields(model) -> list[FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, FileField)]


def files_to_remove(queryset: QuerySet) -> list[tuple]:
    """``(storage, name)`` of every file named by the rows that deleting ``queryset`` reaches, cascade included."""
    collector = Collector(using=router.db_for_write(queryset.model), origin=queryset)
    collector.collect(queryset)
    found: list[tuple] = []
    for model, instances in collector.data.items():
        for field in _file_fields(model):
            found += [(field.storage, getattr(obj, field.attname).name) for obj in instances]
    for fast in collector.fast_deletes:
        for field in _file_fields(fast.model):
            found += [(field.storage, name) for name in fast.values_list(field.attname, flat=True)]
    return [(storage, name) for storage, name in found if name]


def remove_after_commit(files: list[tuple]) -> None:
    """Remove the files from their storage when the current transaction commits (at once outside one)."""

    def remove():
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(remove)
