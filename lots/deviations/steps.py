"""The next step at each point of a report, for the manager handling it and for the person who reported it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from lots.deviations.models import Deviation, DeviationSettings

State = Deviation.State

HANDLER_STEPS = {
    State.REPORTED: (
        _("Ta emot rapporten"),
        _("Läs rapporten och bekräfta att du har tagit emot den. Den som rapporterade ser att den är mottagen."),
    ),
    State.RECEIVED: (
        _("Påbörja utredningen"),
        _("Ta reda på vad som hände och varför. Prata med dem som var med."),
    ),
    State.INVESTIGATING: (
        _("Analysera och åtgärda"),
        _("Ange orsaker och risk, besluta åtgärder och markera sedan avvikelsen som åtgärdad."),
    ),
    State.RESOLVED: (
        _("Följ upp och avsluta"),
        _("Kontrollera att åtgärderna fungerar och avsluta avvikelsen."),
    ),
    State.CLOSED: (
        _("Inget mer att göra"),
        _("Avvikelsen är avslutad. Öppna den igen om något nytt kommer fram."),
    ),
}

REPORTER_STEPS = {
    State.REPORTED: _("Din rapport är skickad. Ansvarig chef ska nu ta emot den."),
    State.RECEIVED: _("Din rapport är mottagen och ska utredas. Du kan bli kontaktad för mer information."),
    State.INVESTIGATING: _("Din rapport utreds. Du kan bli kontaktad för mer information."),
    State.RESOLVED: _("Åtgärder är vidtagna. Rapporten följs upp innan den avslutas."),
    State.CLOSED: _("Rapporten är avslutad. Tack för att du rapporterade!"),
}


@dataclass(frozen=True)
class Step:
    title: str
    detail: str
    due: datetime.date | None
    kind: str  # "state", "lex_sarah" or "ivo"


def related(deviation: Deviation, name: str):
    """A reverse one-to-one (lex_sarah, ivo_notification) or None, without raising."""
    try:
        return getattr(deviation, name)
    except ObjectDoesNotExist:
        return None


def pending_steps(deviation: Deviation, config: DeviationSettings) -> list[Step]:
    """What the handler must do now, soonest due first (IVO notification, lex Sarah investigation, the state's step)."""
    steps = []
    notification = related(deviation, "ivo_notification")
    if notification is not None and not notification.is_sent:
        steps.append(
            Step(
                _("Skicka anmälan till IVO"),
                _(
                    "Händelsen är bedömd som allvarlig. Komplettera anmälan, skicka den i IVO:s e-tjänst "
                    "och registrera när den skickades."
                ),
                notification.due_date,
                "ivo",
            )
        )
    investigation = related(deviation, "lex_sarah")
    if investigation is not None and investigation.is_open:
        steps.append(
            Step(
                _("Slutför lex Sarah-utredningen"),
                _(
                    "Utred utan dröjsmål och dokumentera allt som krävs. "
                    "Den kan avslutas i förtid bara om det uppenbart inte är ett missförhållande."
                ),
                deviation.step_due(config) if deviation.state != State.REPORTED else None,
                "lex_sarah",
            )
        )
    title, detail = HANDLER_STEPS[deviation.state]
    # Lazy texts: a mail renders them in its recipient's language, a page in the reader's.
    steps.append(Step(title, detail, deviation.step_due(config), "state"))
    return sorted(steps, key=lambda step: (step.due is None, step.due or datetime.date.min))


def reporter_step(deviation: Deviation) -> str:
    return str(REPORTER_STEPS[deviation.state])
