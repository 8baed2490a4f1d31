"""Writes of the deadline watch: an import of placements, as one transaction with one audit entry."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import update_versioned
from lots.lib import integrity
from lots.organisation.models import Municipality, Unit
from lots.watch.models import ImportBatch, Placement, Snapshot, WatchSettings, due_dates


@transaction.atomic
def placements_import(
    *, actor, municipality: Municipality, rows: list[dict], source: str, at: datetime.datetime | None = None
) -> ImportBatch:
    """Import rows checked by ``importing.validate``: all of them in one transaction, or none.

    Each unit that has rows gets a new snapshot, which becomes its current state; the unit's earlier snapshots are
    kept unchanged. Units without rows in the import keep their current snapshot. The audit entry records the
    counts only, never a case reference or a date of a placement.
    """
    if not rows:
        raise ValidationError(_("Importen har inga placeringar."))
    at = at or timezone.now()
    unit_ids = sorted({row["unit"].pk for row in rows if row.get("unit") is not None})
    # Locking the units serialises two imports on the same unit: the second sees the first one's snapshot as current.
    units = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk")}
    for row in rows:
        unit = units.get(row["unit"].pk) if row.get("unit") is not None else None
        if unit is None or unit.municipality_id != municipality.pk or not unit.is_open:
            raise ValidationError(_("Rad %(line)s: enheten hör inte till %(m)s.") % {"line": row["line"], "m": municipality.name})
        if not access.can(actor, "watch.import", unit):
            raise PermissionDenied
        if integrity.find_personal_numbers(row["case_reference"]):
            raise ValidationError(_("Rad %(line)s: ärendereferensen innehåller ett personnummer.") % {"line": row["line"]})
        if row.get("worker") is None or row.get("kind") is None or row.get("start_date") is None:
            raise ValidationError(_("Rad %(line)s är inte kontrollerad.") % {"line": row["line"]})

    batch = ImportBatch.objects.create(
        municipality=municipality, imported_at=at, imported_by=actor, source=source, row_count=len(rows), unit_count=len(units)
    )
    Snapshot.objects.filter(unit_id__in=unit_ids, is_current=True).update(is_current=False)
    Placement.objects.filter(unit_id__in=unit_ids, is_current=True).update(is_current=False)
    counts = dict.fromkeys(unit_ids, 0)
    for row in rows:
        counts[row["unit"].pk] += 1
    snapshots = {
        pk: Snapshot.objects.create(batch=batch, unit=units[pk], taken_at=at, row_count=counts[pk], is_current=True)
        for pk in unit_ids
    }
    intervals = WatchSettings.for_municipality(municipality).intervals()
    placements = []
    for row in rows:
        visit_due, reconsideration_due = due_dates(
            row["kind"], row["start_date"], row.get("last_visit_date"), row.get("last_reconsideration_date"), intervals
        )
        placements.append(
            Placement(
                snapshot=snapshots[row["unit"].pk],
                unit=units[row["unit"].pk],
                is_current=True,
                case_reference=row["case_reference"],
                worker=row["worker"],
                kind=row["kind"],
                start_date=row["start_date"],
                last_visit_date=row.get("last_visit_date"),
                last_reconsideration_date=row.get("last_reconsideration_date"),
                end_date=row.get("end_date"),
                visit_due=visit_due,
                reconsideration_due=reconsideration_due,
                next_due=min(filter(None, (visit_due, reconsideration_due))),
            )
        )
    Placement.objects.bulk_create(placements, batch_size=2000)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=batch,
        changes={"row_count": (None, len(rows)), "unit_count": (None, len(units)), "source": (None, source)},
        note=_("Placeringar inlästa: %(n)s rader på %(u)s enheter") % {"n": len(rows), "u": len(units)},
        unit=_common_unit(list(units.values())),
    )
    return batch


@transaction.atomic
def watch_settings_update(*, actor, municipality: Municipality, expected_version: int | None, **data) -> dict:
    """Change the municipality's intervals; the current placements' due dates are computed again with them.

    Older snapshots keep the due dates they were imported with: what was required and known then.
    """
    config = WatchSettings.objects.select_for_update().filter(municipality=municipality).first()
    if config is None:
        config = WatchSettings.objects.create(municipality=municipality)
        audit.record_created(actor=actor, obj=config, fields=list(data))
        expected_version = config.version if expected_version in (None, 0) else expected_version
    changes = update_versioned(config, actor=actor, data=data, expected_version=expected_version)
    if changes:
        config.refresh_from_db()
        recompute_due_dates(municipality, config)
    return changes


def recompute_due_dates(municipality: Municipality, config: WatchSettings) -> int:
    """The current placements' due dates under ``config``; returns how many rows changed."""
    intervals = config.intervals()
    changed = []
    for p in Placement.objects.current().filter(unit__municipality=municipality).order_by("pk").iterator(chunk_size=2000):
        visit, reconsideration = due_dates(p.kind, p.start_date, p.last_visit_date, p.last_reconsideration_date, intervals)
        if (visit, reconsideration) != (p.visit_due, p.reconsideration_due):
            p.visit_due, p.reconsideration_due = visit, reconsideration
            p.next_due = min(filter(None, (visit, reconsideration)))
            changed.append(p)
    Placement.objects.bulk_update(changed, ["visit_due", "reconsideration_due", "next_due"], batch_size=2000)
    return len(changed)


def _common_unit(units: list[Unit]) -> Unit | None:
    """The deepest unit above or at every unit of the import, so the entry is found in that unit's log."""
    if not units:
        return None
    ids = units[0].ancestor_ids()
    for unit in units[1:]:
        other = unit.ancestor_ids()
        common = 0
        while common < min(len(ids), len(other)) and ids[common] == other[common]:
            common += 1
        ids = ids[:common]
    if not ids:
        return None
    return next((u for u in units if u.pk == ids[-1]), None) or Unit.objects.get(pk=ids[-1])
