"""The module's lists, each defined once for its page, its API list and its export (lots.core.lists): rounds,
findings and actions."""

from django.db.models import Count, Q
from django.utils import timezone

from lots.core.lists import ListDefinition
from lots.rounds import access as rounds_access
from lots.rounds.forms import ActionFilterForm, FindingFilterForm, RoundFilterForm


def _units(user) -> dict:
    return {"units": rounds_access.units_for(user)}


def _narrow(unit_field: str, kind_field: str, date_field: str):
    def narrow(rows, data: dict, user):
        if data.get("unit"):
            rows = rows.filter(**{f"{unit_field}__path__startswith": data["unit"].path})
        if data.get("kind"):
            rows = rows.filter(**{kind_field: data["kind"]})
        if data.get("year"):
            rows = rows.filter(**{f"{date_field}__year": data["year"]})
        return rows

    return narrow


_narrow_rounds = _narrow("unit", "kind", "held_on")


def _load_rounds(rows, user):
    return rows.select_related("unit", "safety_rep").annotate(
        finding_count=Count("findings", distinct=True),
        open_count=Count("findings", filter=Q(findings__closed_on__isnull=True), distinct=True),
    )


ROUNDS = ListDefinition(
    name="SafetyRounds",
    form=RoundFilterForm,
    scope=rounds_access.rounds_visible,
    narrow=_narrow_rounds,
    form_kwargs=_units,
    ordering=("-held_on", "-pk"),
    load=_load_rounds,
)


def _narrow_findings(rows, data: dict, user):
    rows = _narrow("round__unit", "round__kind", "round__held_on")(rows, data, user)
    if data.get("status") == "open":
        rows = rows.open()
    elif data.get("status") == "closed":
        rows = rows.closed()
    return rows


FINDINGS = ListDefinition(
    name="SafetyRoundFindings",
    form=FindingFilterForm,
    scope=rounds_access.findings_visible,
    narrow=_narrow_findings,
    form_kwargs=_units,
    ordering=("-value", "-round__held_on", "pk"),
    load=lambda rows, user: rows.select_related("round__unit__municipality", "improvement").annotate(
        action_count=Count("actions", distinct=True)
    ),
)


def _narrow_actions(rows, data: dict, user):
    rows = _narrow("finding__round__unit", "finding__round__kind", "finding__round__held_on")(rows, data, user)
    status = data.get("status")
    if status == "open":
        rows = rows.not_done()
    elif status == "overdue":
        rows = rows.overdue(timezone.localdate())
    elif status == "done":
        rows = rows.filter(status="done")
    return rows


ACTIONS = ListDefinition(
    name="SafetyRoundActions",
    form=ActionFilterForm,
    scope=rounds_access.actions_visible,
    narrow=_narrow_actions,
    form_kwargs=_units,
    ordering=("due_date", "pk"),
    load=lambda rows, user: rows.select_related("finding__round__unit", "owner"),
)
