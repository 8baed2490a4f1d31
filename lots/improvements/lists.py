"""The list of improvement actions, defined once for its page, the API and the export (lots.core.lists)."""

from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.improvements import access as iaccess
from lots.improvements.forms import FilterForm


def _form_kwargs(user) -> dict:
    units = access.visible_units(user, "improvement.view").open().select_related("municipality")
    return {"units": units.order_by("municipality__name", "path")}


def _narrow(actions, data: dict, user):
    """Without a stage the open actions ("all" includes the closed ones)."""
    if data["unit"]:
        actions = actions.filter(unit__path__startswith=data["unit"].path)
    if data["source_kind"]:
        actions = actions.filter(source_kind=data["source_kind"])
    if data["overdue"]:
        actions = actions.overdue(timezone.localdate())
    if data["mine"]:
        actions = actions.filter(owner=user)
    if data["stage"] == "all":
        return actions
    if data["stage"]:
        return actions.filter(stage=data["stage"])
    return actions.open()


IMPROVEMENTS = ListDefinition(
    name="Improvements",
    form=FilterForm,
    scope=iaccess.visible,
    narrow=_narrow,
    form_kwargs=_form_kwargs,
    ordering=("due_date", "pk"),
    load=lambda qs, user: qs.select_related("unit", "owner", "created_by", "source_type"),
)
