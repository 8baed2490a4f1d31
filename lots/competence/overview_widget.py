"""Competence on the reports overview ("Översikt"): the unit's current staff, whose appraisal is overdue and who lacks
an individual plan for the year, each counted by the status list it links to."""

import datetime

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.competence import access as competence_access
from lots.competence.lists import STATUS
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget


def _listed(user, unit: Unit, show: str) -> tuple[int, str]:
    params = {"unit": unit.pk, "show": show}
    query = QueryDict(mutable=True)
    query.update(params)
    return STATUS.bind(user, query).queryset.count(), f"{reverse('competence:index')}?{urlencode(params)}"


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, competence_access.VIEW, unit):
        return None
    staff, staff_url = _listed(user, unit, "")
    if not staff:
        return None
    overdue, overdue_url = _listed(user, unit, "overdue")
    no_plan, no_plan_url = _listed(user, unit, "no_plan")
    return Widget(
        key="competence",
        title=_("Kompetens och medarbetarsamtal"),
        figures=[
            Figure(_("Medarbetare i dag"), staff, staff_url, key="staff"),
            Figure(_("Medarbetarsamtal försenat"), overdue, overdue_url, "danger" if overdue else "ok", key="overdue"),
            Figure(_("Saknar individuell plan i år"), no_plan, no_plan_url, "warning" if no_plan else "ok", key="no_plan"),
        ],
        more_url=reverse("competence:index") + "?" + urlencode({"unit": unit.pk}),
        more_label=_("Kompetens"),
    )
