"""Optimistic concurrency: an edit saves only if nobody else saved since the form was opened, and is audited field by field."""

from django.db import models
from django.db.models import F

from lots.audit import services as audit
from lots.core.editing import EditConflict


class ConcurrentEditError(EditConflict):
    """The record changed since the user loaded it."""


def update_versioned(
    obj: models.Model,
    *,
    actor,
    data: dict,
    expected_version: int | None,
    note: str = "",
    action: str = "update",
    unit=None,
) -> dict:
    """Apply ``data`` to ``obj`` if its version is still ``expected_version``; audit each changed field.

    Returns the changes as ``{field: (old, new)}``; raises ConcurrentEditError on a
    lost race. Must run inside the caller's transaction. Many-to-many fields are
    not handled here.
    """
    changes = {name: (getattr(obj, name), value) for name, value in data.items() if getattr(obj, name) != value}
    version = obj.version if expected_version is None else expected_version
    if not changes:
        if obj.version != version:
            raise ConcurrentEditError
        return {}
    db_values = {}
    for name, (_old, new) in changes.items():
        field = obj._meta.get_field(name)
        db_values[field.attname] = new.pk if isinstance(new, models.Model) else new
    updated = type(obj).objects.filter(pk=obj.pk, version=version).update(version=F("version") + 1, **db_values)
    if updated != 1:
        raise ConcurrentEditError
    for name, (_old, new) in changes.items():
        setattr(obj, name, new)
    obj.version = version + 1
    audit.record(actor=actor, action=action, obj=obj, changes=changes, note=note, unit=unit)
    return changes
