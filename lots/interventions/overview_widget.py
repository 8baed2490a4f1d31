"""The overview's widget for service interventions: external interventions without a contract in force, and reports
about changed needs awaiting confirmation (sent from or to the unit). Each figure links to its list."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access as lots_access
from lots.interventions.access import PARTICIPANTS, VIEW
from lots.interventions.models import Intervention, NeedsReport
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget
from lots.reports.reach import Reach


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not lots_access.can(user, VIEW, unit):
        return None
    reach = Reach.of(user, unit)
    without = Intervention.objects.filter(reach.q()).without_contract(today).count()
    figures = [
        Figure(
            _("Externa insatser utan gällande avtal"),
            without,
            reverse("interventions:index") + "?" + urlencode({"avtal": "saknas", "enhet": unit.pk}),
            "danger" if without else "ok",
            key="without_contract",
        )
    ]
    awaiting = 0
    if lots_access.can(user, PARTICIPANTS, unit):
        awaiting = NeedsReport.objects.awaiting().filter(reach.q() | reach.q("to_unit")).count()
        figures.append(
            Figure(
                _("Anmälningar som väntar på bekräftelse"),
                awaiting,
                reverse("interventions:reports") + "?visa=obekraftade",
                "warning" if awaiting else "ok",
                key="awaiting",
            )
        )
    if not without and not awaiting and not Intervention.objects.filter(reach.q()).exists():
        return None
    return Widget(
        key="interventions",
        title=_("Serviceinsatser"),
        figures=figures,
        more_url=reverse("interventions:index"),
        more_label=_("Till registret"),
    )
