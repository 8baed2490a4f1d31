"""Writes to the law list: add, change, mark reviewed, and load the starting list from data."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.organisation.models import Municipality, Unit
from lots.processes.models import Law
from lots.processes.services.common import check_units, set_m2m, top_unit

SEED_FILE = Path(__file__).resolve().parent.parent / "seeds" / "laws.yaml"
LAW_FIELDS = ["collection", "number", "title", "short_name", "description", "in_force_from", "repealed_on", "replaced_by"]


def _check(municipality: Municipality, data: dict, exclude_pk=None) -> None:
    number = (data.get("number") or "").strip()
    if not number:
        raise ValidationError({"number": _("Ange författningens nummer, till exempel 2025:400.")})
    duplicate = Law.objects.filter(municipality=municipality, collection=data.get("collection"), number=number).exclude(
        pk=exclude_pk
    )
    if duplicate.exists():
        raise ValidationError({"number": _("Författningen finns redan i laglistan.")})
    if data.get("in_force_from") and data.get("repealed_on") and data["repealed_on"] < data["in_force_from"]:
        raise ValidationError({"repealed_on": _("En författning kan inte upphävas innan den börjar gälla.")})
    replaced_by = data.get("replaced_by")
    if replaced_by is not None and (replaced_by.municipality_id != municipality.pk or replaced_by.pk == exclude_pk):
        raise ValidationError({"replaced_by": _("Välj en annan författning i samma laglista.")})


@transaction.atomic
def law_create(*, actor, municipality: Municipality, units, processes=(), **data) -> Law:
    unknown = set(data) - set(LAW_FIELDS)
    if unknown:
        raise TypeError(f"Unknown law fields: {sorted(unknown)}")
    units = check_units(units, municipality)
    data["number"] = (data.get("number") or "").strip()
    _check(municipality, data)
    law = Law.objects.create(municipality=municipality, **data)
    law.units.set(units)
    law.processes.set(list(processes))
    audit.record_created(actor=actor, obj=law, fields=LAW_FIELDS + ["units"], unit=top_unit(units))
    return law


@transaction.atomic
def law_update(*, actor, law: Law, expected_version: int | None, units=None, processes=None, **data) -> dict:
    unknown = set(data) - set(LAW_FIELDS)
    if unknown:
        raise TypeError(f"Unknown law fields: {sorted(unknown)}")
    if "number" in data:
        data["number"] = data["number"].strip()
    merged = {f: data.get(f, getattr(law, f)) for f in LAW_FIELDS}
    _check(law.municipality, merged, exclude_pk=law.pk)
    if units is not None:
        units = check_units(units, law.municipality)
    locked = Law.objects.select_for_update().get(pk=law.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    unit = top_unit(units if units is not None else law.units.all())
    changes = update_versioned(law, actor=actor, data=data, expected_version=expected_version, unit=unit)
    m2m: dict = {}
    if units is not None:
        set_m2m(law, "units", units, m2m)
    if processes is not None:
        set_m2m(law, "processes", processes, m2m)
    if m2m:
        if not changes:
            Law.objects.filter(pk=law.pk).update(version=F("version") + 1)
            law.version += 1
        audit.record(actor=actor, action="update", obj=law, changes=m2m, unit=unit)
        changes.update(m2m)
    return changes


@transaction.atomic
def law_review(*, actor, law: Law, on: datetime.date | None = None) -> Law:
    """Record that the law was reviewed (the yearly law-list review): when and by whom."""
    update_versioned(
        law,
        actor=actor,
        data={"last_reviewed_at": on or timezone.localdate(), "last_reviewed_by": actor},
        expected_version=None,
        note="Genomgången",
        unit=top_unit(law.units.all()),
    )
    return law


def seed_rows() -> list[dict]:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def law_list_seed(*, actor, municipality: Municipality, unit: Unit) -> list[Law]:
    """Add the starting law list (seeds/laws.yaml) to a municipality, applying to ``unit``; skips what exists."""
    created: list[Law] = []
    by_reference: dict[str, Law] = {law.reference: law for law in Law.objects.filter(municipality=municipality)}
    pending_replacements: list[tuple[Law, str]] = []
    for row in seed_rows():
        row = dict(row)
        replaced_by = row.pop("replaced_by", None)
        probe = Law(collection=row["collection"], number=row["number"])
        if probe.reference in by_reference:
            continue
        law = law_create(actor=actor, municipality=municipality, units=[unit], **row)
        by_reference[law.reference] = law
        created.append(law)
        if replaced_by:
            pending_replacements.append((law, replaced_by))
    for law, reference in pending_replacements:
        target = by_reference.get(reference)
        if target is not None:
            law_update(actor=actor, law=law, expected_version=law.version, replaced_by=target)
    return created
