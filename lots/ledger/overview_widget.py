"""The overview's widget for own money: ledgers with entries to attest, with an overdue reconciliation and with open
tasks, counted by the ledger list's own definition and filters, each linking to that list."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.ledger.access import VIEW
from lots.ledger.lists import LEDGERS
from lots.ledger.models import Ledger
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget

FIGURES = [
    ("unattested", _("Förmedlingar med poster att attestera"), "warning"),
    ("overdue", _("Förmedlingar med försenad avstämning"), "danger"),
    ("tasks", _("Förmedlingar med öppna uppgifter (bankkonto, god man)"), "warning"),
]


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, VIEW, unit):
        return None
    if not access.scope(Ledger.objects.open().filter(unit__path__startswith=unit.path), user, VIEW).exists():
        return None
    figures = []
    for key, label, tone in FIGURES:
        params = {"unit": unit.pk, "attention": key}
        count = LEDGERS.bind(user, params).queryset.count()
        figures.append(Figure(str(label), count, f"{reverse('ledger:index')}?{urlencode(params)}", tone if count else "ok", key))
    return Widget(
        key="ledger",
        title=_("Egna medel"),
        figures=figures,
        more_url=f"{reverse('ledger:index')}?{urlencode({'unit': unit.pk})}",
        more_label=_("Alla förmedlingar"),
    )
