"""Writing audit-log entries. Callers are services, inside their own transaction."""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from lots.audit.models import AuditEntry


def serialise(value):
    """A JSON-safe, human-readable form of a field value for the log."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    if isinstance(value, Iterable) and not isinstance(value, dict):
        return [serialise(v) for v in value]
    return str(value)


def _unit_of(obj):
    from lots.organisation.models import Unit

    if isinstance(obj, Unit):
        return obj
    unit_id = getattr(obj, "unit_id", None)
    if unit_id is None:
        return None
    return obj.unit


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    note: str = "",
    unit=None,
) -> AuditEntry:
    """Append one entry. ``changes`` maps field name to ``[from, to]``."""
    unit = unit if unit is not None else (_unit_of(obj) if obj is not None else None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        unit_id=unit.pk if unit is not None else None,
        unit_path=unit.path if unit is not None else "",
        changes={k: [serialise(a), serialise(b)] for k, (a, b) in (changes or {}).items()},
        note=note[:500],
    )


def record_created(*, actor, obj: models.Model, fields: Iterable[str], note: str = "", unit=None) -> AuditEntry:
    changes = {f: (None, getattr(obj, f)) for f in fields}
    return record(actor=actor, action=AuditEntry.Action.CREATE, obj=obj, changes=changes, note=note, unit=unit)


def record_export(*, actor, what: str, count: int, query: str = "") -> AuditEntry:
    """Audit a list exported to a file: how many rows of what, with the filters (the query string) it was made with."""
    note = _("Export av %(n)s %(what)s (%(q)s)") % {"n": count, "what": what, "q": query or _("alla")}
    return record(actor=actor, action=AuditEntry.Action.EXPORT, note=note)


def record_view(*, actor, obj: models.Model, unit=None) -> AuditEntry:
    """Access log: ``actor`` opened a sensitive record."""
    return record(actor=actor, action=AuditEntry.Action.VIEW, obj=obj, unit=unit)
