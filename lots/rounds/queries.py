"""Reads shared by the rounds module's services, views, tasks and report section."""

from django.db.models import Count, Q

from lots import access
from lots.organisation.models import Unit
from lots.risks.models import FollowUpItem
from lots.rounds.models import Action, Finding, Round

# The units whose systematic work-environment work is followed up yearly (the list and the managers' tasks).
FOLLOWUP_KINDS = (Unit.Kind.AVDELNING, Unit.Kind.ENHET)


def department_of(unit: Unit) -> Unit | None:
    """The department (avdelning) the unit belongs to: the unit itself or the nearest one above it; None when the
    unit lies above every department or beside them."""
    if unit.kind == Unit.Kind.AVDELNING:
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=Unit.Kind.AVDELNING).order_by("-depth").first()


def people_for(unit: Unit):
    """Who can take part in a round, be its safety representative or own an action: anyone with a role on the unit,
    below it, or above it with sub-units."""
    return access.people_near(unit)


def plan_actions(department: Unit, year: int):
    """The department's action plan: the actions of the rounds held in ``year`` on the department or below it."""
    return Action.objects.filter(finding__round__unit__path__startswith=department.path, finding__round__held_on__year=year)


def plan_items_for(unit: Unit, year: int):
    """The points for the area "Arbetsmiljö" on the follow-up plans (lots.risks) of the unit or a unit above it."""
    return FollowUpItem.objects.filter(
        plan__year=year, plan__unit_id__in=unit.ancestor_ids(), area=FollowUpItem.Area.WORK_ENVIRONMENT
    ).select_related("plan__unit")


def year_figures(unit: Unit, year: int) -> dict:
    """Rounds held on the unit (and below it) in ``year``, their findings and how many of those are closed."""
    rounds = Round.objects.filter(unit__path__startswith=unit.path, held_on__year=year)
    counts = Finding.objects.filter(round__in=rounds).aggregate(
        findings=Count("pk"), closed=Count("pk", filter=Q(closed_on__isnull=False))
    )
    return {"rounds": rounds.count(), "findings": counts["findings"], "closed": counts["closed"]}
