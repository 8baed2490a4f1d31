"""Who may read and change rounds, findings and actions (decided in lots.access): staff of the unit and above and the
HR partner read them; managers and HR hold them; the department head decides the department's plan. A round's
findings and actions are reached through the round's unit."""

from lots import access
from lots.organisation.models import Unit
from lots.rounds.models import Action, Finding, Round

VIEW, CHANGE, DECIDE = "rounds.view", "rounds.change", "rounds.decide"
ROUND_UNIT, FINDING_UNIT, ACTION_UNIT = "unit", "round__unit", "finding__round__unit"


def rounds_visible(user):
    return access.scope(Round.objects.all(), user, VIEW)


def findings_visible(user):
    return access.scope(Finding.objects.all(), user, VIEW, field=FINDING_UNIT)


def actions_visible(user):
    return access.scope(Action.objects.all(), user, VIEW, field=ACTION_UNIT)


def get_round(user, pk, *, write: bool = False) -> Round:
    qs = Round.objects.select_related("unit__municipality", "safety_rep", "created_by")
    return access.get_object(qs, user, pk, view=VIEW, change=CHANGE, write=write)


def get_finding(user, pk, *, write: bool = False) -> Finding:
    qs = Finding.objects.select_related("round__unit__municipality", "item", "improvement")
    return access.get_object(qs, user, pk, view=VIEW, change=CHANGE, write=write, field=FINDING_UNIT)


def get_action(user, pk, *, write: bool = False) -> Action:
    qs = Action.objects.select_related("finding__round__unit__municipality", "owner")
    return access.get_object(qs, user, pk, view=VIEW, change=CHANGE, write=write, field=ACTION_UNIT)


def get_unit(user, pk, *, write: bool = False, change: str = CHANGE) -> Unit:
    """A unit the person reads rounds on (404 otherwise); with ``write``, one where they hold ``change`` (403)."""
    return access.get_object(
        Unit.objects.select_related("municipality"), user, pk, view=VIEW, change=change, write=write, field=None
    )


def can_change(user, unit: Unit) -> bool:
    return access.can(user, CHANGE, unit)


def can_decide(user, unit: Unit) -> bool:
    return access.can(user, DECIDE, unit)


def units_for(user, perm: str = VIEW):
    return access.visible_units(user, perm).filter(closed_at__isnull=True).select_related("municipality")


def template_municipalities(user) -> list:
    """Municipalities whose checklists the person keeps: those where they hold rounds.change over a whole
    förvaltning (or the board's tree), i.e. with sub-units on a unit of that kind."""
    top = (Unit.Kind.NAMND, Unit.Kind.FORVALTNING)
    found = {
        a.unit.municipality_id: a.unit.municipality
        for a in access.assignments_with(user, CHANGE)
        if a.include_subunits and a.unit.kind in top
    }
    return sorted(found.values(), key=lambda m: (m.name, m.pk))
