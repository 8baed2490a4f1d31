"""Small helpers shared by the processes services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.organisation.models import Municipality, Unit


def top_unit(units) -> Unit | None:
    """The highest of ``units`` (audit rows are filed under it)."""
    units = list(units)
    return min(units, key=lambda u: (u.depth, u.path)) if units else None


def check_units(units, municipality: Municipality, field: str = "units") -> list[Unit]:
    units = list(units)
    if not units:
        raise ValidationError({field: _("Välj minst en enhet.")})
    if any(u.municipality_id != municipality.pk for u in units):
        raise ValidationError({field: _("Alla enheter måste höra till samma kommun.")})
    if any(not u.is_open for u in units):
        raise ValidationError({field: _("En av enheterna är stängd.")})
    return units


def ids(objs) -> list[int]:
    return sorted(o.pk for o in objs)


def set_m2m(obj, name: str, new_objs, changes: dict) -> None:
    """Replace a many-to-many relation and note the change for the audit row when it differs."""
    manager = getattr(obj, name)
    before = list(manager.all())
    new_objs = list(new_objs)
    if ids(before) != ids(new_objs):
        manager.set(new_objs)
        changes[name] = (before, new_objs)


def municipality_top(municipality: Municipality) -> Unit | None:
    """The municipality's top unit (its board): where municipality-wide records are filed in the audit log."""
    return Unit.objects.filter(municipality=municipality, depth=0).order_by("path").first()
