"""The overview's widget for rounds: the unit's open findings and overdue actions, counted as the lists count them
(the same definitions and filters), each linking to its list."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget
from lots.rounds.lists import ACTIONS, FINDINGS
from lots.rounds.models import Round


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, "rounds.view", unit):
        return None
    if not access.scope(Round.objects.filter(unit__path__startswith=unit.path), user, "rounds.view").exists():
        return None
    findings = {"unit": unit.pk, "status": "open"}
    actions = {"unit": unit.pk, "status": "overdue"}
    open_count = FINDINGS.bind(user, findings).queryset.count()
    overdue = ACTIONS.bind(user, actions).queryset.count()
    return Widget(
        key="rounds",
        title=_("Skydds- och brandskyddsronder"),
        figures=[
            Figure(
                _("Öppna iakttagelser"),
                open_count,
                f"{reverse('rounds:findings')}?{urlencode(findings)}",
                "warning" if open_count else "ok",
                "open_findings",
            ),
            Figure(
                _("Försenade åtgärder"),
                overdue,
                f"{reverse('rounds:actions')}?{urlencode(actions)}",
                "danger" if overdue else "ok",
                "overdue_actions",
            ),
        ],
        more_url=f"{reverse('rounds:index')}?{urlencode({'unit': unit.pk})}",
        more_label=_("Alla ronder"),
    )
