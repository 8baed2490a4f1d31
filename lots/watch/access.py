"""Who reads which placement: ``watch.view`` in its scope (line managers, the quality coordinator, the
verksamhetsledare), and the responsible worker their own. Every read through here is logged (OSL 26:1)."""

from django.db.models import Q, QuerySet

from lots import access
from lots.access import reads
from lots.watch.models import Placement, Snapshot


def worker_q(user, field: str = "worker") -> Q:
    return Q(**{field: user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def visible(user) -> QuerySet:
    """Every placement row the person may read, current or in an older snapshot. Reading them is logged."""
    return reads.mark(Placement.objects.filter(access.unit_q(user, "watch.view") | worker_q(user)), user)


def current(user) -> QuerySet:
    return visible(user).current()


def own(user) -> QuerySet:
    """The person's own current placements ("Mina bevakningar"). Reading them is logged."""
    return reads.mark(Placement.objects.current().filter(worker_q(user)), user)


def get_placement(user, pk) -> Placement:
    """404 for a placement row the person may not read."""
    qs = Placement.objects.select_related("unit", "worker", "snapshot", "snapshot__batch")
    return access.get_object(qs, user, pk, view="watch.view", extra_visible=worker_q(user))


def sees_unit(user, unit) -> bool:
    return access.can(user, "watch.view", unit)


def snapshots(user) -> QuerySet:
    """Snapshots of the units in the person's ``watch.view`` scope (counts and dates only, not case records)."""
    return Snapshot.objects.filter(access.unit_q(user, "watch.view"))


def get_snapshot(user, pk) -> Snapshot:
    return access.get_object(Snapshot.objects.select_related("unit", "batch"), user, pk, view="watch.view")


def can_import(user) -> bool:
    return access.has_perm_anywhere(user, "watch.import")


def import_units(user) -> QuerySet:
    """Open units where the person may import placements."""
    return access.visible_units(user, "watch.import").filter(closed_at__isnull=True)
