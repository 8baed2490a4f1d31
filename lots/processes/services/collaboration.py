"""Collaboration (*samverkan*) as processes and routines document it (Katrineholm §1.1), written the same way for both.

A process or routine is established only when it lists its collaboration or states why none is needed; the
process and routine services call these helpers and add what is their own (a process returns to draft).
"""

from django.core.exceptions import ValidationError

from lots.audit import services as audit
from lots.processes.models import CollaborationBase, DocumentsCollaboration

FIELDS = ["partner", "kind", "purpose", "agreement", "linked_agreement"]


def not_documented(record: DocumentsCollaboration, message: str) -> str | None:
    """``message``, the sentence that stops ``record`` from being established, or None when its collaboration is
    documented."""
    return None if record.collaboration_documented else message


def clean_reason(value: str | None) -> str:
    return (value or "").strip()


def check_reason_kept(record: DocumentsCollaboration, reason: str, message: str) -> None:
    """Refuse (with ``message``) to empty the reason of an established record that lists no collaboration instead."""
    if not reason and not record.collaborations.exists():
        raise ValidationError({"no_collaboration_reason": message})


def item_create(*, actor, model: type[CollaborationBase], unit, fields: list[str] = FIELDS, **values) -> CollaborationBase:
    item = model.objects.create(**values)
    audit.record_created(actor=actor, obj=item, fields=fields, unit=unit)
    return item


def item_update(*, actor, item: CollaborationBase, unit, **data) -> dict:
    changes = {k: (getattr(item, k), v) for k, v in data.items() if getattr(item, k) != v}
    if changes:
        for key, (_old, new) in changes.items():
            setattr(item, key, new)
        item.save(update_fields=list(changes))
        audit.record(actor=actor, action="update", obj=item, changes=changes, unit=unit)
    return changes


def item_delete(*, actor, item: CollaborationBase, unit) -> None:
    audit.record(actor=actor, action="delete", obj=item, changes={"partner": (item.partner, None)}, unit=unit)
    item.delete()
