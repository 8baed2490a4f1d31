"""The overview's widget: delegations in force, pending signature, with returns waiting for an answer and needing a new
owner, each number the delegation list filtered on the unit and that condition (the same list, so they agree)."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget
from lots.workenv import access as workenv_access
from lots.workenv.lists import DELEGATIONS
from lots.workenv.report_section import LIST_FILTERS

SHOWN = [
    ("in_force", gettext_lazy("Gäller"), ""),
    ("pending", gettext_lazy("Väntar på underskrift"), "warning"),
    ("awaiting_answer", gettext_lazy("Returnerade, väntar på svar"), "warning"),
    ("flagged", gettext_lazy("Behöver ny ägare"), "danger"),
]


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, workenv_access.VIEW, unit):
        return None
    figures = []
    for key, label, tone in SHOWN:
        params = {"unit": unit.pk, **LIST_FILTERS[key]}
        count = DELEGATIONS.bind(user, params).queryset.count()
        figures.append(
            Figure(str(label), count, f"{reverse('workenv:list')}?{urlencode(params)}", tone if count else "", key=key)
        )
    if not any(f.value for f in figures):
        return None
    return Widget(
        key="workenv",
        title=_("Fördelning av arbetsmiljöuppgifter"),
        figures=figures,
        more_url=reverse("workenv:index"),
        more_label=_("Delegeringskedjan"),
    )
