"""Writing audit-log entries. Callers are services, inside their own transaction."""

import datetime
import decimal
import functools
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lots.access import reads
from lots.audit import chain
from lots.audit.models import AuditEntry
from lots.organisation.models import PATH_STEP


def serialise(value):
    """A JSON-safe form of a field value for the log; a record becomes its id and ``label``."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": label(value)}
    if isinstance(value, Iterable) and not isinstance(value, dict):
        return [serialise(v) for v in value]
    return str(value)


def label(obj: models.Model) -> str:
    """A name for a record that copies none of a person's text. Case records already name themselves by their
    number or reference (``Avvikelse AV-2026-0001``); an uploaded file is named by its id, since its file name
    may name a person. A model whose ``str`` shows free text names itself in the log by ``audit_label``."""
    if hasattr(obj, "audit_label"):
        return obj.audit_label
    if hasattr(obj, "original_name"):
        return f"{capfirst(obj._meta.verbose_name)} {obj.pk}"
    return str(obj)


# Text fields that hold an identifier (a case or reference number, a code), which the log keeps like any id.
_IDENTIFIERS = ("reference", "number", "code")


@functools.cache
def _is_free_text(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.editable
        and not name.endswith(_IDENTIFIERS)
    )


def logged_value(model, name: str, value):
    """``value`` of field ``name`` as the log keeps it. Free text (a text field without choices) is kept as its
    length only, ``{"chars": n}``: the text stays in its record, where the retention rules can cull it without
    touching the log. Coded values (choices, dates, numbers, ids, slugs, references) are kept as they are."""
    if model is not None and isinstance(value, str) and _is_free_text(model, name):
        return {"chars": len(value)} if value else None
    return serialise(value)


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
    """Append one entry, as the next link of its chain (lots.audit.chain). ``changes`` maps field name to
    ``[from, to]``; free text in them is kept as its length only (``logged_value``). ``note`` is the caller's
    own short text and must not copy a record's free text.

    The log is a record and is written in Swedish whatever language the person uses: a lazy ``note`` (gettext_lazy)
    and the record's label are evaluated in Swedish."""
    with translation.override(settings.LANGUAGE_CODE):
        return _record(actor=actor, action=action, obj=obj, changes=changes, note=str(note), unit=unit)


def _record(*, actor, action: str, obj, changes, note: str, unit) -> AuditEntry:
    unit = unit if unit is not None else (_unit_of(obj) if obj is not None else None)
    model = obj._meta.model if obj is not None else None  # not type(obj): request.user is a lazy wrapper
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=label(obj)[:255] if obj is not None else "",
        unit_id=unit.pk if unit is not None else None,
        unit_path=unit.path if unit is not None else "",
        changes={k: [logged_value(model, k, a), logged_value(model, k, b)] for k, (a, b) in (changes or {}).items()},
        note=note[:500],
    )
    return chain.append(entry)


def record_created(*, actor, obj: models.Model, fields: Iterable[str], note: str = "", unit=None) -> AuditEntry:
    changes = {f: (None, getattr(obj, f)) for f in fields}
    return record(actor=actor, action=AuditEntry.Action.CREATE, obj=obj, changes=changes, note=note, unit=unit)


def record_login_failed(*, username: str) -> AuditEntry:
    """A login refused for ``username`` (the password is never logged). When the name is an account's, the entry
    names that account as the person, so whoever follows that person's log sees attempts on the account."""
    from django.contrib.auth import get_user_model

    username = username.strip()[:150]
    account = get_user_model()._default_manager.filter(username=username).first() if username else None
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Användarnamn: %(u)s") % {"u": username}
    return record(actor=account, action=AuditEntry.Action.LOGIN_FAILED, note=note)


def record_export(*, actor, what: str, count: int, query: str = "") -> AuditEntry | None:
    """Audit a list exported to a file: how many rows of what, with the filters (the query string) it was made with.

    Inside a request the note joins the request's one log entry, which also names the records the export
    read (lots.access.reads), and None is returned; elsewhere the entry is written at once.
    """
    with translation.override(settings.LANGUAGE_CODE):  # the log is written in Swedish (see record)
        note = _("Export av %(n)s %(what)s (%(q)s)") % {"n": count, "what": str(what), "q": query or _("alla")}
    collector = reads.current()
    if collector is not None and getattr(actor, "pk", None):
        collector.add_export(actor, note)
        return None
    return record(actor=actor, action=AuditEntry.Action.EXPORT, note=note)


def record_view(*, actor, obj: models.Model, unit=None) -> AuditEntry:
    """Access log: ``actor`` opened a sensitive record."""
    return record(actor=actor, action=AuditEntry.Action.VIEW, obj=obj, unit=unit)


def record_collected(collector: reads.Collector, *, path: str) -> list[AuditEntry]:
    """One entry per person for what ``collector`` gathered (``reads.collecting``); ``path`` says where: the
    request's path and query, or the command that was run."""
    entries = []
    for reader, records, samples, exports in collector.by_reader():
        entry = record_reads(actor=reader, records=records, samples=samples, exports=exports, path=path)
        if entry is not None:
            entries.append(entry)
    return entries


def record_reads(*, actor, records: dict, exports: list[str], path: str, samples: dict | None = None) -> AuditEntry | None:
    """One entry for everything ``actor`` read in one request: action "Läste" (or "Exporterade" with the
    ``exports`` notes), the request ``path``, and one AuditRead row per record, written in one bulk insert.

    ``records`` is ``{model: {pk: unit path or None}}`` and ``samples`` a row read per model
    (lots.access.reads.Collector). The entry belongs to the deepest unit holding every record read; when
    exactly one record was read, the entry names it as well. Nothing is written when nothing was read or exported.
    """
    records = {model: found for model, found in records.items() if found}
    if not records and not exports:
        return None
    content_types = ContentType.objects.get_for_models(*records)
    count = sum(len(found) for found in records.values())
    what = ", ".join(f"{len(found)} {_name(model, len(found))}" for model, found in records.items())
    content_type, object_id, object_repr = None, "", what
    if len(records) == 1:
        [(model, found)] = records.items()
        content_type = content_types[model]
        if count == 1:
            object_id = str(next(iter(found)))
            object_repr = _repr(model, object_id, (samples or {}).get(model))
    unit_path = _common_path(_unit_paths(records))
    note = "; ".join(exports) if exports else _("%(what)s på %(path)s") % {"what": what, "path": path}
    entry = AuditEntry(
        actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),
        action=AuditEntry.Action.EXPORT if exports else AuditEntry.Action.VIEW,
        content_type=content_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        unit_id=int(unit_path[-PATH_STEP:-1]) if unit_path else None,
        unit_path=unit_path,
        note=note[:500],
    )
    # The rows read are part of the entry's sealed content; the chain writes them with it, in one bulk insert.
    return chain.append(entry, [(content_types[model].pk, str(pk)) for model, found in records.items() for pk in found])


def _name(model, count: int) -> str:
    return str(model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)


def _repr(model, object_id: str, sample) -> str:
    if sample is not None and str(sample.pk) == object_id:
        return label(sample)
    return f"{_name(model, 1)} {object_id}"


_LOOKUP_CHUNK = 2000


def _unit_paths(records: dict) -> set[str]:
    """The unit paths of the records read: known from the rows loaded with their unit, looked up for the rest."""
    paths = set()
    for model, found in records.items():
        paths.update(path for path in found.values() if path is not None)
        unknown = [pk for pk, path in found.items() if path is None]
        for start in range(0, len(unknown), _LOOKUP_CHUNK):
            chunk = unknown[start : start + _LOOKUP_CHUNK]
            paths.update(model._base_manager.filter(pk__in=chunk).values_list("unit__path", flat=True).distinct())
    return paths


def _common_path(paths: set[str]) -> str:
    """The path of the deepest unit above or equal to every unit in ``paths``; "" when they share no unit."""
    if not paths:
        return ""
    shortest, longest = min(paths), max(paths)
    length = 0
    while length < len(shortest) and shortest[length] == longest[length]:
        length += 1
    return shortest[: length - length % PATH_STEP]
