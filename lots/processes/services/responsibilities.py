"""Writes to the responsibility matrix (ansvarsfördelning), and loading it from the Katrineholm seed."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lots.accounts.models import Role
from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.organisation.models import Municipality
from lots.processes.models import Phase, Responsibility
from lots.processes.services.common import municipality_top

SEED_FILE = Path(__file__).resolve().parent.parent / "seeds" / "responsibilities.yaml"


def _check(role: str, phase: str, text: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Välj en roll.")})
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Välj en fas.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv vad rollen ansvarar för.")})


@transaction.atomic
def responsibility_create(
    *, actor, municipality: Municipality, role: str, phase: str, text: str, source: str = ""
) -> Responsibility:
    _check(role, phase, text)
    position = (
        Responsibility.objects.filter(municipality=municipality, role=role, phase=phase).aggregate(n=Max("position"))["n"] or 0
    ) + 1
    item = Responsibility.objects.create(
        municipality=municipality, role=role, phase=phase, text=text.strip(), source=source, position=position
    )
    audit.record_created(actor=actor, obj=item, fields=["role", "phase", "text", "source"], unit=municipality_top(municipality))
    return item


@transaction.atomic
def responsibility_update(
    *, actor, item: Responsibility, expected_version: int | None, role: str, phase: str, text: str, source: str
) -> dict:
    _check(role, phase, text)
    return update_versioned(
        item,
        actor=actor,
        data={"role": role, "phase": phase, "text": text.strip(), "source": source},
        expected_version=expected_version,
        unit=municipality_top(item.municipality),
    )


@transaction.atomic
def responsibility_delete(*, actor, item: Responsibility) -> None:
    audit.record(
        actor=actor, action="delete", obj=item, changes={"text": (item.text, None)}, unit=municipality_top(item.municipality)
    )
    item.delete()


def seed_data() -> dict:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def responsibilities_seed(*, actor, municipality: Municipality) -> int:
    """Load the matrix from the Katrineholm seed; lines already there (same role, phase and text) are skipped."""
    existing = set(Responsibility.objects.filter(municipality=municipality).values_list("role", "phase", "text"))
    created = 0
    for phase, block in seed_data().items():
        source = block.get("source", "")
        for role, lines in block.items():
            if role == "source":
                continue
            for text in lines:
                if (role, phase, text) in existing:
                    continue
                responsibility_create(actor=actor, municipality=municipality, role=role, phase=phase, text=text, source=source)
                created += 1
    return created
