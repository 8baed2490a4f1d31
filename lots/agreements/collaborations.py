"""The collaboration entries of processes and routines, and the written agreement each rests on.

A process or routine documents its collaboration (*samverkan*, Katrineholm §1.1) as entries; an entry links to the
agreement it rests on (``linked_agreement``). The entries without one are what the process register counts, what its
list shows and what the annual report counts: one set of conditions here for all three. Which agreements an entry
may link to is decided here too: agreements not ended that concern one of the process's or routine's units.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lots.agreements import access as agreement_access
from lots.agreements.models import Agreement
from lots.organisation.models import Unit
from lots.processes import access as paccess
from lots.processes.models import Collaboration, Process, Routine, RoutineCollaboration


@dataclass
class Entries:
    """Collaboration entries of processes and of routines, each a queryset in the list's order."""

    processes: QuerySet
    routines: QuerySet

    def count(self) -> int:
        """Both kinds counted in one query."""
        processes = self.processes.order_by().values_list("pk")
        return processes.union(self.routines.order_by().values_list("pk"), all=True).count()


def _applies_at(owners: QuerySet, unit: Unit) -> QuerySet:
    """Processes or routines that apply at ``unit``: set on it, above it or on a part of it."""
    linked = owners.model.units.through.objects.filter(
        Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path)
    ).values(owners.model._meta.model_name + "_id")
    return owners.filter(pk__in=linked)


def _entries(processes: QuerySet, routines: QuerySet, *, missing: bool) -> Entries:
    process_entries = Collaboration.objects.filter(process__in=processes)
    routine_entries = RoutineCollaboration.objects.filter(routine__in=routines)
    if missing:
        process_entries = process_entries.filter(linked_agreement__isnull=True)
        routine_entries = routine_entries.filter(linked_agreement__isnull=True)
    return Entries(
        process_entries.select_related("process", "activity", "linked_agreement").order_by("process__name", "partner", "pk"),
        routine_entries.select_related("routine", "linked_agreement").order_by("routine__title", "partner", "pk"),
    )


def visible_entries(user, *, unit: Unit | None = None, missing: bool = False) -> Entries:
    """The entries of the processes and routines the person sees; at ``unit`` those that apply there; with ``missing``
    only those without a written agreement. What the register's figure counts and its list shows."""
    processes = paccess.visible(Process.objects.all(), user, "process.view")
    routines = paccess.visible(Routine.objects.all(), user, "routine.view")
    if unit is not None:
        processes, routines = _applies_at(processes, unit), _applies_at(routines, unit)
    return _entries(processes, routines, missing=missing)


def entries_at(unit: Unit, *, missing: bool = False) -> Entries:
    """Every entry of the processes and routines that apply at ``unit``, whoever reads (the annual report)."""
    return _entries(
        _applies_at(Process.objects.filter(municipality_id=unit.municipality_id), unit),
        _applies_at(Routine.objects.filter(municipality_id=unit.municipality_id), unit),
        missing=missing,
    )


def linkable(units, user=None, *, keep: int | None = None) -> QuerySet:
    """Agreements an entry of a process or routine on ``units`` may rest on: not ended and concerning one of the
    units, a unit above one or a part of one; with ``user``, only those the person sees. ``keep`` (the entry's
    present agreement) stays a choice even when it no longer qualifies, so editing the entry does not drop it."""
    units = list(units)
    if not units:
        return Agreement.objects.filter(pk=keep) if keep else Agreement.objects.none()
    condition = Q()
    for unit in units:
        condition |= Q(unit_id__in=unit.ancestor_ids()) | Q(unit__path__startswith=unit.path)
    linked = Agreement.units.through.objects.filter(condition).values("agreement_id")
    agreements = agreement_access.visible(user) if user is not None else Agreement.objects.all()
    found = agreements.current().filter(pk__in=linked)
    if keep:
        found = Agreement.objects.filter(Q(pk__in=found.values("pk")) | Q(pk=keep))
    return found.order_by("title", "pk")


def check_link(agreement: Agreement | None, units, *, present: int | None = None) -> None:
    """Refuse a link to an agreement that does not concern the process's or routine's units, or has ended; the entry's
    ``present`` agreement may stay."""
    if agreement is not None and agreement.pk != present and not linkable(units).filter(pk=agreement.pk).exists():
        raise ValidationError(
            {"linked_agreement": _("Överenskommelsen gäller inte för processens eller rutinens enheter, eller har avslutats.")}
        )
