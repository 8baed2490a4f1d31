"""Configuring a municipality's risk scale."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.organisation.models import Municipality, Unit
from lots.risks.models import ControlActivity, Risk, RiskScale
from lots.risks.models.scale import COLOUR_RE, MAX_LEVELS, MAX_SIZE, MIN_SIZE


def _clean_labels(labels: list[str], size: int, field: str, what: str, errors: dict) -> list[str]:
    cleaned = [" ".join(str(label).split()) for label in labels if str(label).strip()]
    if len(cleaned) != size:
        errors.setdefault(field, []).append(
            _("Skriv en %(what)s per rad, lika många som antalet steg (%(size)s). Nu är det %(count)s.")
            % {"what": what, "size": size, "count": len(cleaned)}
        )
    elif len({label.casefold() for label in cleaned}) != len(cleaned):
        errors.setdefault(field, []).append(_("Varje %(what)s måste ha ett eget namn.") % {"what": what})
    elif any(len(label) > 40 for label in cleaned):
        errors.setdefault(field, []).append(_("Ett namn får vara högst 40 tecken."))
    return cleaned


def _clean_levels(levels: list[dict], size: int, errors: dict) -> list[dict]:
    messages: list[str] = []
    cleaned = []
    for level in levels:
        cleaned.append(
            {
                "name": " ".join(str(level.get("name", "")).split()),
                "min": int(level["min"]),
                "colour": str(level.get("colour", "")).lower(),
                "requirement": str(level.get("requirement", "")).strip(),
                "action_days": int(level.get("action_days", 0)),
                "high": bool(level.get("high")),
            }
        )
    cleaned.sort(key=lambda level: level["min"])
    if not cleaned:
        messages.append(_("Ange minst en risknivå."))
    if len(cleaned) > MAX_LEVELS:
        messages.append(_("Skalan kan ha högst %(n)s risknivåer.") % {"n": MAX_LEVELS})
    if cleaned and cleaned[0]["min"] != 1:
        messages.append(_("Den lägsta nivån måste börja på riskvärde 1, så att varje risk får en nivå."))
    mins = [level["min"] for level in cleaned]
    if len(set(mins)) != len(mins):
        messages.append(_("Två nivåer kan inte börja på samma riskvärde."))
    names = [level["name"].casefold() for level in cleaned]
    if len(set(names)) != len(names):
        messages.append(_("Varje nivå måste ha ett eget namn."))
    for level in cleaned:
        if not level["name"]:
            messages.append(_("Varje nivå måste ha ett namn."))
        if level["min"] > size * size:
            messages.append(
                _("Nivån ”%(name)s” börjar på %(min)s, men det högsta möjliga riskvärdet är %(max)s.")
                % {"name": level["name"], "min": level["min"], "max": size * size}
            )
        if not COLOUR_RE.match(level["colour"]):
            messages.append(_("Nivån ”%(name)s” har ingen giltig färg (skriv den som #rrggbb).") % {"name": level["name"]})
        if not level["requirement"]:
            messages.append(_("Beskriv vad nivån ”%(name)s” kräver i form av utredning.") % {"name": level["name"]})
        if level["action_days"] < 0:
            messages.append(_("Antalet dagar till åtgärd för ”%(name)s” kan inte vara negativt.") % {"name": level["name"]})
    highs = [level["high"] for level in cleaned]
    if cleaned and not any(highs):
        messages.append(_("Markera minst en nivå som hög risk (den tas med i konsekvensbeskrivningen)."))
    elif any(highs) and highs[highs.index(True) :] != [True] * (len(highs) - highs.index(True)):
        messages.append(_("Om en nivå räknas som hög risk måste alla nivåer över den också göra det."))
    if len(cleaned) > 1 and any(a["action_days"] < b["action_days"] for a, b in zip(cleaned, cleaned[1:], strict=False)):
        messages.append(_("En högre nivå kan inte ge längre tid till åtgärd än en lägre."))
    if messages:
        errors["levels"] = list(dict.fromkeys(messages))
    return cleaned


def largest_step_in_use(municipality: Municipality) -> int:
    """The highest severity or probability step any risk or control activity of the municipality uses."""
    steps = [0]
    risk_steps = Risk.objects.filter(analysis__unit__municipality=municipality).aggregate(
        s=Max("severity"), p=Max("probability"), rs=Max("residual_severity"), rp=Max("residual_probability")
    )
    activity_steps = ControlActivity.objects.filter(plan__unit__municipality=municipality).aggregate(
        s=Max("severity"), p=Max("probability")
    )
    steps += [v for v in (*risk_steps.values(), *activity_steps.values()) if v]
    return max(steps)


def _root_unit(municipality: Municipality) -> Unit | None:
    return Unit.objects.filter(municipality=municipality, parent__isnull=True).order_by("path").first()


@transaction.atomic
def risk_scale_save(
    *,
    actor,
    municipality: Municipality,
    expected_version: int | None,
    size: int,
    severity_labels: list[str],
    probability_labels: list[str],
    levels: list[dict],
) -> RiskScale:
    """Create or change the municipality's scale. Refuses a size smaller than a step already used by a risk,
    since those risks would fall outside the matrix."""
    errors: dict[str, list[str]] = {}
    if not (MIN_SIZE <= size <= MAX_SIZE):
        errors["size"] = [_("Välj mellan %(min)s och %(max)s steg.") % {"min": MIN_SIZE, "max": MAX_SIZE}]
        raise ValidationError(errors)
    in_use = largest_step_in_use(municipality)
    if size < in_use:
        errors["size"] = [_("Det finns risker bedömda med steg %(n)s. Skalan kan inte ha färre än %(n)s steg.") % {"n": in_use}]
    severity = _clean_labels(severity_labels, size, "severity_labels", _("allvarlighetsgrad"), errors)
    probability = _clean_labels(probability_labels, size, "probability_labels", _("sannolikhetsnivå"), errors)
    cleaned_levels = _clean_levels(levels, size, errors)
    if errors:
        raise ValidationError(errors)
    data = {"size": size, "severity_labels": severity, "probability_labels": probability, "levels": cleaned_levels}
    scale = RiskScale.objects.select_for_update().filter(municipality=municipality).first()
    unit = _root_unit(municipality)
    if scale is None:
        if expected_version not in (None, 1):
            raise ConcurrentEditError
        scale = RiskScale.objects.create(municipality=municipality, **data)
        audit.record_created(actor=actor, obj=scale, fields=list(data), unit=unit)
        return scale
    update_versioned(scale, actor=actor, data=data, expected_version=expected_version, unit=unit)
    return scale
