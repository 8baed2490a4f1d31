"""Writes to improvement actions. Other modules create actions through ``improvement_create``.

An action moves through the PDSA stages (planera → göra → studera → agera) one
step at a time and is closed only with an evaluation of its effect: what was
measured and the result (also a database constraint).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lots import access
from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.deviations import guard
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit

EDITABLE = ["title", "description", "unit", "owner", "source_kind", "due_date", "expected_effect"]
TEXTS = ["title", "description", "expected_effect"]
CLOSING_TEXTS = ["effect_measure", "effect_result", "conclusion"]


def check_owner(owner, unit: Unit) -> None:
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": _("Välj en aktiv person som ansvarig.")})
    if not access.has_role_in(owner, unit.municipality_id):
        raise ValidationError({"owner": _("Den ansvariga måste ha en roll i samma kommun som enheten.")})


def _check_unit(unit: Unit) -> None:
    if not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd.")})


@transaction.atomic
def improvement_create(
    *,
    actor,
    unit: Unit,
    title: str,
    owner,
    source_kind: str = ImprovementAction.Source.OTHER,
    source: models.Model | None = None,
    description: str = "",
    due_date: datetime.date | None = None,
    expected_effect: str = "",
    integrity_confirmed: bool = False,
) -> ImprovementAction:
    """Create an action, optionally linked to the record (deviation, complaint, risk …) it came from.

    Other modules call this as they are; the forms and the API check the owner and unit before calling.
    Its texts pass the integrity guard unless ``integrity_confirmed``.
    """
    texts = {"title": title, "description": description, "expected_effect": expected_effect}
    guard.check(unit.municipality, texts, confirmed=integrity_confirmed)
    action = ImprovementAction.objects.create(
        title=title,
        description=description,
        unit=unit,
        owner=owner,
        source_kind=source_kind,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        due_date=due_date,
        expected_effect=expected_effect,
        created_by=actor,
        stage_changed_at=timezone.now(),
    )
    audit.record_created(actor=actor, obj=action, fields=["title", "unit", "owner", "source_kind", "due_date"])
    return action


@transaction.atomic
def improvement_update(
    *, actor, action: ImprovementAction, expected_version: int | None, integrity_confirmed: bool = False, **data
) -> dict:
    """Change what the action is, who owns it and when it is due; raises ConcurrentEditError on a lost race.

    Changed texts pass the integrity guard unless ``integrity_confirmed``."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if action.is_closed:
        raise ValidationError(_("En avslutad åtgärd kan inte ändras. Öppna den igen först."))
    if "title" in data and not data["title"].strip():
        raise ValidationError({"title": _("Beskriv åtgärden med några ord.")})
    guard.check(action.unit.municipality, guard.changed(action, data, TEXTS), confirmed=integrity_confirmed)
    unit = data.get("unit", action.unit)
    if "unit" in data:
        _check_unit(unit)
    if "owner" in data or "unit" in data:
        check_owner(data.get("owner", action.owner), unit)
    return update_versioned(action, actor=actor, data=data, expected_version=expected_version)


# Said next to the field when a stage's content is missing as the action moves on from it.
STAGE_CONTENT_MISSING = {
    "description": _lazy("Beskriv vad ni ska göra innan åtgärden går vidare till Göra."),
    "expected_effect": _lazy("Beskriv vilken effekt ni väntar er innan åtgärden går vidare till Göra."),
    "done_notes": _lazy("Beskriv vad ni har gjort innan åtgärden går vidare till Studera."),
    "effect_measure": _lazy("Beskriv vad ni mätte eller följde upp innan åtgärden går vidare till Agera."),
    "effect_result": _lazy("Beskriv resultatet av mätningen innan åtgärden går vidare till Agera."),
}
STAGE_TEXTS = sorted(STAGE_CONTENT_MISSING)


@transaction.atomic
def improvement_move(
    *,
    actor,
    action: ImprovementAction,
    stage: str,
    expected_version: int | None = None,
    content: dict[str, str] | None = None,
    integrity_confirmed: bool = False,
) -> ImprovementAction:
    """Move to the next or previous PDSA stage.

    Moving forward needs the content of the stage being left (``ImprovementAction.STAGE_CONTENT``): what is given in
    ``content`` is saved with the move, and what is still empty is refused next to its field. Closing goes through
    ``improvement_close``; a closed action may reopen to Agera.
    """
    content = {name: (value or "").strip() for name, value in (content or {}).items()}
    unknown = set(content) - set(STAGE_TEXTS)
    if unknown:
        raise ValidationError(_("Okända fält: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if stage not in ImprovementAction.Stage.values:
        raise ValidationError({"stage": _("Okänt steg. Välj ett av stegen på sidan.")})
    if stage == ImprovementAction.Stage.CLOSED:
        raise ValidationError(_("Avsluta åtgärden med en utvärdering av effekten."))
    if stage not in action.next_stages():
        raise ValidationError(
            _("Åtgärden kan inte gå från %(current)s till %(next)s.")
            % {"current": action.get_stage_display().lower(), "next": ImprovementAction.Stage(stage).label.lower()}
        )
    data = {"stage": stage, "stage_changed_at": timezone.now()}
    forward = (
        stage in ImprovementAction.PDSA
        and action.stage in ImprovementAction.PDSA
        and (ImprovementAction.PDSA.index(stage) > ImprovementAction.PDSA.index(action.stage))
    )
    if forward:
        required = ImprovementAction.STAGE_CONTENT.get(ImprovementAction.Stage(action.stage), ())
        texts = {name: content.get(name, getattr(action, name)) for name in required}
        missing = {name: STAGE_CONTENT_MISSING[name] for name, text in texts.items() if not (text or "").strip()}
        if missing:
            raise ValidationError(missing)
        given = {name: text for name, text in content.items() if text != getattr(action, name)}
        guard.check(action.unit.municipality, guard.changed(action, given, list(given)), confirmed=integrity_confirmed)
        data |= given
    if action.is_closed:
        data["closed_at"] = None
    update_versioned(action, actor=actor, data=data, expected_version=expected_version, action="transition")
    return action


@transaction.atomic
def improvement_close(
    *,
    actor,
    action: ImprovementAction,
    effect_measure: str,
    effect_result: str,
    conclusion: str = "",
    expected_version: int | None = None,
    integrity_confirmed: bool = False,
) -> ImprovementAction:
    """Close the action with its evaluation: what was measured and what the result was. Both are required. The
    evaluation is read in the annual report, so its changed texts pass the integrity guard unless confirmed."""
    if ImprovementAction.Stage.CLOSED not in action.next_stages():
        raise ValidationError(_("Åtgärden avslutas från steget Agera, när effekten är studerad."))
    errors = {}
    if not (effect_measure or "").strip():
        errors["effect_measure"] = _("Beskriv vad ni mätte eller följde upp för att se effekten.")
    if not (effect_result or "").strip():
        errors["effect_result"] = _("Beskriv resultatet av mätningen.")
    if errors:
        raise ValidationError(errors)
    texts = {"effect_measure": effect_measure, "effect_result": effect_result, "conclusion": conclusion or ""}
    guard.check(action.unit.municipality, guard.changed(action, texts, CLOSING_TEXTS), confirmed=integrity_confirmed)
    now = timezone.now()
    update_versioned(
        action,
        actor=actor,
        data={
            "stage": ImprovementAction.Stage.CLOSED,
            "effect_measure": effect_measure.strip(),
            "effect_result": effect_result.strip(),
            "conclusion": (conclusion or "").strip(),
            "closed_at": now,
            "stage_changed_at": now,
        },
        expected_version=expected_version,
        action="transition",
        note="Avslutad med utvärdering",
    )
    return action
