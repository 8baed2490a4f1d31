"""Events that call for a risk analysis (seed §6.3): a reorganisation of the unit tree, a change of delegation,
a high staff turnover.

Each event prompts the unit's manager: a task in the yearly calendar (which "Mina uppgifter" shows and the
calendar reminders carry until it is done) and a mail now. The hooks:

- ``lots.organisation.services.unit_move`` calls ``risk_analysis_prompt`` with ``REORGANISATION``;
- ``lots.accounts.services.role_assign`` and ``role_end`` call it with ``DELEGATION`` when a line manager's
  role on a unit begins or ends (the manager's delegated responsibility changes hands);
- the staff module, when it exists, calls it with ``STAFF_TURNOVER`` and the unit whose turnover is high,
  saying in ``note`` what it measured.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.accounts.models import Role
from lots.audit import services as audit
from lots.notifications.services import notify
from lots.organisation.models import Unit
from lots.processes.models import CalendarTask, Phase
from lots.risks.models import RiskAnalysis

T = RiskAnalysis.Trigger
PROMPTING_TRIGGERS = frozenset({T.REORGANISATION, T.DELEGATION, T.STAFF_TURNOVER})
PROMPT_DAYS = 30
MANAGER_BY_KIND = {
    Unit.Kind.FORVALTNING: Role.FORVALTNINGSCHEF,
    Unit.Kind.AVDELNING: Role.AVDELNINGSCHEF,
}


def manager_role(unit: Unit) -> str:
    """The role that runs the unit's risk analyses: the head of a förvaltning or avdelning, else its enhetschef."""
    return MANAGER_BY_KIND.get(unit.kind, Role.ENHETSCHEF)


def prompt_title(trigger: str) -> str:
    return _("Gör en riskanalys: %(reason)s") % {"reason": str(T(trigger).label).lower()}


@transaction.atomic
def risk_analysis_prompt(
    *, actor, unit: Unit, trigger: str, note: str = "", today: datetime.date | None = None
) -> CalendarTask | None:
    """Prompt the unit's manager to run a risk analysis because of ``trigger``; None for a closed unit.

    An open prompt for the same unit and reason is kept rather than repeated. Mails after commit.
    """
    if trigger not in PROMPTING_TRIGGERS:
        raise ValueError(f"{trigger} does not prompt a risk analysis")
    if not unit.is_open:
        return None
    title = prompt_title(trigger)
    existing = CalendarTask.objects.open().filter(rule=None, unit=unit, title=title).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    role = manager_role(unit)
    task = CalendarTask.objects.create(
        rule=None,
        unit=unit,
        title=title,
        description=(note or "").strip(),
        due_date=today + datetime.timedelta(days=PROMPT_DAYS),
        responsible_role=role,
        phase=Phase.PLANNING,
    )
    audit.record_created(actor=actor, obj=task, fields=["title", "unit", "due_date", "responsible_role"], unit=unit)
    for person in access.people_holding(unit, roles=[role]):
        if person.email:
            notify(
                to=person.email,
                subject=f"{title} – {unit.name}",
                body=(
                    _("%(reason)s på %(unit)s kräver en riskanalys. Gör den senast %(due)s.")
                    % {"reason": T(trigger).label, "unit": unit.name, "due": task.due_date.isoformat()}
                    + (f"\n\n{note.strip()}" if note and note.strip() else "")
                ),
            )
    return task
