"""The due list, defined once for its page, the API and the export (lots.core.lists), and "Mina bevakningar"."""

import datetime

from django.db.models import Q
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.watch import access as watch_access
from lots.watch.forms import DUE_SOON_DAYS, FilterForm


def _form_kwargs(user) -> dict:
    return {"units": access.visible_units(user, "watch.view").order_by("municipality__name", "path")}


def narrow(qs, data: dict, user, today: datetime.date | None = None):
    """Apply valid filter values. The deadline filter picks which due date the status compares."""
    today = today or timezone.localdate()
    if data.get("unit"):
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    if data.get("worker"):
        worker = data["worker"]
        qs = qs.filter(Q(worker__username__iexact=worker) | Q(worker__email__iexact=worker))
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    due = {"besok": "visit_due", "overvagande": "reconsideration_due"}.get(data.get("deadline") or "", "next_due")
    status = data.get("status")
    if status == "avslutade":
        return qs.filter(end_date__lt=today)
    qs = qs.active_on(today)
    if due == "visit_due":
        qs = qs.filter(visit_due__isnull=False)
    if status == "forsenade":
        qs = qs.filter(**{f"{due}__lt": today})
    elif status == "snart":
        qs = qs.filter(**{f"{due}__gte": today, f"{due}__lte": today + datetime.timedelta(days=DUE_SOON_DAYS)})
    return qs


def _load(qs, user):
    return qs.select_related("unit", "worker", "snapshot")


PLACEMENTS = ListDefinition(
    name="Placements",
    form=FilterForm,
    scope=watch_access.current,
    narrow=narrow,
    form_kwargs=_form_kwargs,
    ordering=("next_due", "pk"),
    load=_load,
)

MY_PLACEMENTS = ListDefinition(
    name="MyPlacements",
    form=FilterForm,
    scope=watch_access.own,
    narrow=narrow,
    form_kwargs=_form_kwargs,
    ordering=("next_due", "pk"),
    load=_load,
)
