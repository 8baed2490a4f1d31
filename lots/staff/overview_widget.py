"""The staff side on the reports overview ("Översikt"): current employees with an unfinished introduction, without the
confidentiality undertaking, and missing a required record check, each counted by the staff list it links to."""

import datetime

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget
from lots.staff import access as staff_access
from lots.staff.lists import EMPLOYMENTS


def _listed(user, unit: Unit, status: str) -> tuple[int, str]:
    params = {"unit": unit.pk, "status": status}
    query = QueryDict(mutable=True)
    query.update(params)
    return EMPLOYMENTS.bind(user, query).queryset.count(), f"{reverse('staff:index')}?{urlencode(params)}"


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, staff_access.VIEW, unit):
        return None
    current, current_url = _listed(user, unit, "")
    if not current:
        return None
    unfinished, unfinished_url = _listed(user, unit, "intro_unfinished")
    unsigned, unsigned_url = _listed(user, unit, "unsigned")
    missing, missing_url = _listed(user, unit, "record_required_missing")
    return Widget(
        key="staff",
        title=_("Introduktion och kontroller vid anställning"),
        figures=[
            Figure(_("Anställda i dag"), current, current_url, key="current"),
            Figure(
                _("Introduktionen inte klar"),
                unfinished,
                unfinished_url,
                "warning" if unfinished else "ok",
                key="intro_unfinished",
            ),
            Figure(
                _("Sekretessförbindelsen inte bekräftad"), unsigned, unsigned_url, "warning" if unsigned else "ok", key="unsigned"
            ),
            Figure(
                _("Registerutdrag saknas där det krävs"),
                missing,
                missing_url,
                "danger" if missing else "ok",
                key="record_missing",
            ),
        ],
        more_url=reverse("staff:index") + "?" + urlencode({"unit": unit.pk}),
        more_label=_("Personal"),
    )
