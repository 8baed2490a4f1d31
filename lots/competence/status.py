"""Each staff member's competence status at a glance: an individual plan for the year, the last appraisal, overdue.

``staff_status`` serves the unit page of lots.staff and this app's status list; it answers for any number of
employments in two queries (three when the viewer's scope must be read for employments loaded without their unit).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from lots import access
from lots.access import reads
from lots.competence.models import Appraisal, IndividualPlan, appraisal_due_on
from lots.organisation.models import Unit
from lots.staff.models import Employment


@dataclass(frozen=True)
class StaffCompetence:
    has_plan: bool
    last_appraisal: datetime.date | None
    appraisal_overdue: bool
    due_on: datetime.date
    url: str | None


def staff_status(employments: Iterable[Employment], today: datetime.date, *, viewer=None) -> dict[int, StaffCompetence]:
    """``{employment id: StaffCompetence}`` for ``employments`` on ``today``.

    ``has_plan``: an individual plan for ``today``'s year exists. ``appraisal_overdue``: more than twelve months have
    passed since the last appraisal held on or before ``today``, or since the employment started when there was none.
    ``url``: the person's competence page, or None when ``viewer`` (if given) may not read it. When ``viewer`` is
    given, the appraisals and plans read are logged as read by them.
    """
    employments = list(employments)
    ids = [e.pk for e in employments]
    if not ids:
        return {}
    latest = Appraisal.objects.filter(
        pk=Subquery(
            Appraisal.objects.filter(employment_id=OuterRef("employment_id"), held_on__lte=today)
            .order_by("-held_on", "-pk")
            .values("pk")[:1]
        ),
        employment_id__in=ids,
    ).values_list("pk", "employment_id", "held_on")
    last = {employment_id: (pk, held_on) for pk, employment_id, held_on in latest}
    plans = dict(IndividualPlan.objects.filter(employment_id__in=ids, year=today.year).values_list("employment_id", "pk"))
    readable = _readable(employments, viewer)
    _log_reads(viewer, last, plans)
    result = {}
    for e in employments:
        held_on = last[e.pk][1] if e.pk in last else None
        due_on = appraisal_due_on(last_held=held_on, employed_from=e.starts_on)
        result[e.pk] = StaffCompetence(
            has_plan=e.pk in plans,
            last_appraisal=held_on,
            appraisal_overdue=today > due_on,
            due_on=due_on,
            url=reverse("competence:person", args=[e.pk]) if e.pk in readable else None,
        )
    return result


def _readable(employments: list[Employment], viewer) -> set[int]:
    """Ids of the employments whose page ``viewer`` may open: their own, and those on units where they hold
    competence.view. Without a viewer, all."""
    if viewer is None:
        return {e.pk for e in employments}
    own = {e.pk for e in employments if e.person_id == viewer.pk}
    units = {e.unit_id: e._state.fields_cache.get("unit") for e in employments}
    if all(unit is not None for unit in units.values()):
        seen = {pk for pk, unit in units.items() if access.can(viewer, "competence.view", unit)}
    elif access.has_perm_anywhere(viewer, "competence.view"):
        seen = set(
            access.scope(Unit.objects.filter(pk__in=units), viewer, "competence.view", field=None).values_list("pk", flat=True)
        )
    else:
        seen = set()
    return own | {e.pk for e in employments if e.unit_id in seen}


def _log_reads(viewer, last: dict, plans: dict) -> None:
    collector = reads.current()
    if viewer is None or collector is None or not getattr(viewer, "is_authenticated", False):
        return
    if last:
        collector.add(viewer, Appraisal, [(pk, None, None) for pk, _ in last.values()])
    if plans:
        collector.add(viewer, IndividualPlan, [(pk, None, None) for pk in plans.values()])
