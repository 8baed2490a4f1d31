"""The reports overview's widget for the deadline watch: placements overdue now and the share on time this month
and last, for a unit with everything below it. Each number is the due list's with the same filters."""

import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.reports.dashboard import Figure, Widget
from lots.reports.periods import months_ending
from lots.watch.compliance import monthly_compliance


def widget(user, unit, today: datetime.date) -> Widget | None:
    if not access.can(user, "watch.view", unit):
        return None
    this_month, last_month = reversed(monthly_compliance(unit, months_ending(today.replace(day=1), 2), today=today))
    if not this_month.active and not last_month.active:
        return None

    def listed(**filters) -> str:
        return reverse("watch:index") + "?" + urlencode({"unit": unit.pk, **filters})

    def tone(share):
        return "" if share is None else ("ok" if share >= 95 else ("danger" if share < 80 else "warning"))

    return Widget(
        key="watch",
        title=_("Bevakning av placeringar"),
        figures=[
            Figure(_("Pågående placeringar"), this_month.active, listed(), key="active"),
            Figure(
                _("Försenade besök eller överväganden"),
                this_month.overdue,
                listed(status="forsenade"),
                "danger" if this_month.overdue else "ok",
                key="overdue",
            ),
            Figure(_("Andel i tid i dag, %"), this_month.share, None, tone(this_month.share), key="share_now"),
            Figure(
                _("Andel i tid %(day)s, %%") % {"day": last_month.evaluated_on.isoformat()},
                last_month.share,
                None,
                tone(last_month.share),
                key="share_last_month",
            ),
        ],
        more_url=reverse("watch:compliance") + "?" + urlencode({"unit": unit.pk}),
        more_label=_("Se andel i tid per månad"),
    )
