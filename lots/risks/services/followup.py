"""Writes to the head of IFO's yearly follow-up plan (*uppföljningsplan*)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.organisation.models import Unit
from lots.risks.models import FollowUpItem, FollowUpPlan
from lots.risks.services.plans import plan_create, plan_update

ITEM_FIELDS = ["area", "what", "when", "due_date", "who", "how_reported"]


@transaction.atomic
def followup_plan_create(*, actor, unit: Unit, year: int, owner, note: str = "") -> FollowUpPlan:
    return plan_create(FollowUpPlan, actor=actor, unit=unit, year=year, note=note, owner=owner)


@transaction.atomic
def followup_plan_update(*, actor, plan: FollowUpPlan, expected_version: int | None, owner, note: str) -> dict:
    return plan_update(plan, actor=actor, expected_version=expected_version, note=note, owner=owner)


def _check_item(plan: FollowUpPlan, data: dict) -> dict:
    errors = {}
    if data.get("area") not in FollowUpItem.Area.values:
        errors["area"] = [_("Välj ett område.")]
    for field, message in (
        ("what", _("Skriv vad som följs upp.")),
        ("when", _("Skriv när det följs upp.")),
        ("how_reported", _("Skriv hur det rapporteras.")),
    ):
        if not str(data.get(field, "")).strip():
            errors[field] = [message]
        else:
            data[field] = data[field].strip()
    if data["due_date"].year != plan.year:
        errors["due_date"] = [_("Datumet ska ligga under planens år, %(year)s.") % {"year": plan.year}]
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def followup_item_create(*, actor, plan: FollowUpPlan, **data) -> FollowUpItem:
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    data = _check_item(plan, data)
    item = FollowUpItem.objects.create(plan=plan, **data)
    audit.record_created(actor=actor, obj=item, unit=plan.unit, fields=ITEM_FIELDS)
    return item


@transaction.atomic
def followup_item_update(*, actor, item: FollowUpItem, expected_version: int | None, **data) -> dict:
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    merged = _check_item(item.plan, {name: data.get(name, getattr(item, name)) for name in ITEM_FIELDS})
    return update_versioned(item, actor=actor, data=merged, expected_version=expected_version, unit=item.plan.unit)


@transaction.atomic
def followup_item_progress(
    *,
    actor,
    item: FollowUpItem,
    expected_version: int | None,
    status: str,
    progress_note: str = "",
    done_on: datetime.date | None = None,
) -> dict:
    """Report how far an item has come. Done needs the date it was done; other statuses clear it."""
    errors = {}
    if status not in FollowUpItem.Status.values:
        errors["status"] = [_("Välj ett läge.")]
    if status == FollowUpItem.Status.DONE:
        if done_on is None:
            errors["done_on"] = [_("Ange när punkten blev klar.")]
        elif done_on > timezone.localdate():
            errors["done_on"] = [_("Datumet kan inte ligga i framtiden.")]
    else:
        done_on = None
    if errors:
        raise ValidationError(errors)
    return update_versioned(
        item,
        actor=actor,
        expected_version=expected_version,
        unit=item.plan.unit,
        data={"status": status, "progress_note": progress_note.strip(), "done_on": done_on},
    )
