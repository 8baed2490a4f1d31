"""Writing contracts with providers."""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.organisation.models import Provider, Unit
from lots.requirements.models import Catalogue, Contract

CONTRACT_FIELDS = [
    "title",
    "reference",
    "scope",
    "starts_on",
    "ends_on",
    "annual_cost",
    "cost_terms",
    "quality_levels",
    "responsible_unit",
    "follow_up_by",
    "catalogue",
    "police_check_on",
    "social_check_on",
    "check_interval_months",
]


def _check(provider: Provider, data: dict) -> None:
    errors: dict[str, str] = {}
    unit: Unit | None = data.get("responsible_unit")
    if unit is not None and unit.municipality_id != provider.municipality_id:
        errors["responsible_unit"] = _("Enheten hör till en annan kommun än utföraren.")
    catalogue: Catalogue | None = data.get("catalogue")
    if catalogue is not None and catalogue.municipality_id not in (None, provider.municipality_id):
        errors["catalogue"] = _("Kravkatalogen hör till en annan kommun.")
    ends_on, starts_on = data.get("ends_on"), data.get("starts_on")
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = _("Avtalet kan inte sluta innan det börjar.")
    if provider.kind != Provider.Kind.NONPROFIT:
        for name in ("police_check_on", "social_check_on"):
            if data.get(name):
                errors[name] = _("Registerkontroller följs upp för idéburna utförare.")
    cost = data.get("annual_cost")
    if cost is not None and cost < 0:
        errors["annual_cost"] = _("Kostnaden kan inte vara negativ.")
    # A contract states what it costs, the quality it promises and who follows it up (Östhammar's rule for
    # agreements with providers).
    if cost is None and not (data.get("cost_terms") or "").strip():
        errors["cost_terms"] = _("Ange vad avtalet kostar: kostnad per år eller ersättningen.")
    if not (data.get("quality_levels") or "").strip():
        errors["quality_levels"] = _("Ange de kvalitetsnivåer som avtalet utlovar.")
    if data.get("follow_up_by") is None:
        errors["follow_up_by"] = _("Välj vem som följer upp avtalet.")
    if data.get("check_interval_months") is not None and data["check_interval_months"] < 1:
        errors["check_interval_months"] = _("Intervallet ska vara minst en månad.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_create(
    *,
    actor,
    provider: Provider,
    title: str,
    scope: str,
    starts_on: datetime.date,
    responsible_unit: Unit,
    ends_on: datetime.date | None = None,
    reference: str = "",
    annual_cost: decimal.Decimal | int | None = None,
    cost_terms: str = "",
    quality_levels: str = "",
    follow_up_by=None,
    catalogue: Catalogue | None = None,
    police_check_on: datetime.date | None = None,
    social_check_on: datetime.date | None = None,
    check_interval_months: int = 12,
) -> Contract:
    data = {
        "title": title,
        "reference": reference,
        "scope": scope,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "annual_cost": annual_cost,
        "cost_terms": cost_terms,
        "quality_levels": quality_levels,
        "responsible_unit": responsible_unit,
        "follow_up_by": follow_up_by,
        "catalogue": catalogue,
        "police_check_on": police_check_on,
        "social_check_on": social_check_on,
        "check_interval_months": check_interval_months,
    }
    _check(provider, data)
    contract = Contract.objects.create(provider=provider, **data)
    audit.record_created(actor=actor, obj=contract, fields=["provider", *CONTRACT_FIELDS], unit=responsible_unit)
    return contract


@transaction.atomic
def contract_update(*, actor, contract: Contract, expected_version: int | None, **data) -> dict:
    unknown = set(data) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")
    merged = {name: getattr(contract, name) for name in CONTRACT_FIELDS} | data
    _check(contract.provider, merged)
    return update_versioned(contract, actor=actor, data=data, expected_version=expected_version, unit=merged["responsible_unit"])
