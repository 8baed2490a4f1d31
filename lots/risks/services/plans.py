"""Creating and changing the module's yearly plans (self-inspection, internal control, follow-up) the same way."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.organisation.models import Unit
from lots.risks.models.plans import YearlyPlan


def plan_create(model: type[YearlyPlan], *, actor, unit: Unit, year: int, note: str, **fields) -> YearlyPlan:
    """A new plan of ``model`` for an open unit that has none for the year, audited with its fields.

    Runs inside the caller's transaction; ``fields`` are the plan type's own (an owner, an adoption date)."""
    errors = {}
    if not unit.is_open:
        errors["unit"] = [_("Enheten är stängd.")]
    if model.objects.filter(unit=unit, year=year).exists():
        errors["year"] = [
            _("%(unit)s har redan en %(plan)s för %(year)s.") % {"unit": unit, "plan": model.title.lower(), "year": year}
        ]
    if errors:
        raise ValidationError(errors)
    plan = model.objects.create(unit=unit, year=year, note=note.strip(), created_by=actor, **fields)
    audit.record_created(actor=actor, obj=plan, fields=["unit", "year", *fields, "note"])
    return plan


def plan_update(plan: YearlyPlan, *, actor, expected_version: int | None, note: str, **fields) -> dict:
    """Change a plan's note and its type's own ``fields``; the changes, audited (see ``update_versioned``).

    Runs inside the caller's transaction; raises ConcurrentEditError when the plan changed since ``expected_version``."""
    return update_versioned(plan, actor=actor, data={**fields, "note": note.strip()}, expected_version=expected_version)
