"""The records behind a computed indicator's figure: for each period, the module's own list filtered to the
indicator's unit and the period, so a reader can drill down from a figure to what it counts. The list shows only
what the reader may see there (its own access rules), and the link is offered only to those who see that list."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lots import access

# source key → (the permission that shows the list, its URL name, the list's filters for a unit and a period, label)
LISTS = {
    "complaints_in_time": (
        "feedback.view",
        "feedback:index",
        lambda unit, p: {"unit": unit.pk, "kind": "klagomal", "date_from": p.start, "date_to": p.last_day},
        _("Klagomålen"),
    ),
    "complaints_received": (
        "feedback.view",
        "feedback:index",
        lambda unit, p: {"unit": unit.pk, "kind": "klagomal", "date_from": p.start, "date_to": p.last_day},
        _("Klagomålen"),
    ),
    "deviations_per_month": (
        "deviation.view",
        "deviations:index",
        lambda unit, p: {"unit": unit.pk, "start": p.start, "end": p.last_day},
        _("Avvikelserna"),
    ),
    "lex_sarah_per_month": (
        "deviation.view",
        "deviations:index",
        lambda unit, p: {"unit": unit.pk, "start": p.start, "end": p.last_day, "lex_sarah": "ja"},
        _("Avvikelserna"),
    ),
    "placements_on_time": (
        "watch.view",
        "watch:index",
        lambda unit, p: {"unit": unit.pk},
        _("Placeringarna"),
    ),
}


def links(user, indicator, periods) -> list[dict]:
    """``[{"period", "label", "url"}]`` for the periods given, newest first; empty when the indicator is not computed
    from a list or the person does not see that list."""
    found = LISTS.get(indicator.computed_key or "")
    if found is None or indicator.source != "computed":
        return []
    perm, name, filters, label = found
    if not access.has_perm_anywhere(user, perm):
        return []
    base = reverse(name)
    return [
        {"period": period, "label": label, "url": f"{base}?{urlencode(filters(indicator.unit, period))}"}
        for period in sorted(periods, key=lambda p: p.start, reverse=True)
    ]
