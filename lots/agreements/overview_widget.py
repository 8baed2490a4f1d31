"""The agreements on the reports overview ("Översikt"): in force, past their review, without a legal assessment, and
the collaboration of processes and routines that rests on no written agreement, each counted by the list it links to."""

import datetime

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.agreements import access as agreement_access
from lots.agreements.collaborations import visible_entries
from lots.agreements.lists import AGREEMENTS
from lots.organisation.models import Unit
from lots.reports.dashboard import Figure, Widget


def _listed(user, unit: Unit, state: str) -> tuple[int, str]:
    params = {"unit": unit.pk, "state": state}
    query = QueryDict(mutable=True)
    query.update(params)
    return AGREEMENTS.bind(user, query).queryset.count(), f"{reverse('agreements:index')}?{urlencode(params)}"


def widget(user, unit: Unit, today: datetime.date) -> Widget | None:
    if not access.can(user, agreement_access.VIEW, unit):
        return None
    in_force, in_force_url = _listed(user, unit, "in_force")
    overdue, overdue_url = _listed(user, unit, "review_overdue")
    unassessed, unassessed_url = _listed(user, unit, "no_assessment")
    missing = visible_entries(user, unit=unit, missing=True).count()
    if not (in_force or overdue or unassessed or missing):
        return None
    missing_url = f"{reverse('agreements:collaborations')}?{urlencode({'unit': unit.pk, 'missing': 'on'})}"
    return Widget(
        key="agreements",
        title=_("Samverkansöverenskommelser"),
        figures=[
            Figure(_("Gäller i dag"), in_force, in_force_url, key="in_force"),
            Figure(_("Översynen försenad"), overdue, overdue_url, "danger" if overdue else "ok", key="review_overdue"),
            Figure(
                _("Utan rättslig bedömning"), unassessed, unassessed_url, "warning" if unassessed else "ok", key="no_assessment"
            ),
            Figure(
                _("Samverkan i processer och rutiner utan överenskommelse"),
                missing,
                missing_url,
                "warning" if missing else "ok",
                key="collaboration_missing",
            ),
        ],
        more_url=reverse("agreements:index") + f"?{urlencode({'unit': unit.pk})}",
        more_label=_("Till överenskommelserna"),
    )
