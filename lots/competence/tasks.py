"""'Mina uppgifter': for a unit's manager (enhetschef or verksamhetsledare), each staff member of the unit who has
gone more than twelve months without an appraisal — or, with none held, twelve months since the employment started.

The task falls due the day after the twelve months (``appraisal_due_on``) and shows only once it is overdue.
Department heads and HR read the status list instead; the tasks go to those who hold the appraisals.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lots import access
from lots.accounts.models import Role
from lots.competence.lists import overdue_q, with_status
from lots.competence.models import appraisal_due_on
from lots.home.my_tasks import Task
from lots.staff.models import Employment

MODULE = gettext_noop("Kompetens")
UNIT_MANAGERS = (Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE)


def managed_q(user, field: str = "unit") -> Q:
    """The units where ``user`` is a unit manager: held on the unit, or above it with sub-units."""
    condition = Q(pk__in=[])
    for assignment in access.assignments_with(user, roles=UNIT_MANAGERS):
        if assignment.unit_id is None:
            continue
        if assignment.include_subunits:
            condition |= Q(**{f"{field}__path__startswith": assignment.unit.path})
        else:
            condition |= Q(**{f"{field}_id": assignment.unit_id})
    return condition


def overdue_for(user, today: datetime.date):
    """The current employments whose appraisal is overdue on units ``user`` manages (their own excluded)."""
    employments = with_status(Employment.objects.current(today).filter(managed_q(user)), today)
    return employments.filter(overdue_q(today)).exclude(person=user)


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False) or not access.assignments_with(user, roles=UNIT_MANAGERS):
        return []
    overdue = overdue_for(user, today).select_related("person", "unit").order_by("starts_on", "pk")
    return [
        Task(
            title=_("Medarbetarsamtal med %(name)s är försenat") % {"name": e.person.get_full_name() or e.person.username},
            due=appraisal_due_on(last_held=e.last_appraisal, employed_from=e.starts_on),
            url=reverse("competence:person", args=[e.pk]),
            module=_(MODULE),
            unit_name=e.unit.name,
        )
        for e in overdue
    ]
