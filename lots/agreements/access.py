"""Who may see, change and acknowledge agreements.

An agreement governs the units it concerns, and what is decided on a unit applies below it: an agreement for
*Myndighetsavdelningen* also concerns the staff of its units. So a person sees an agreement when one of its units
lies in their scope for ``agreement.view`` or above a unit where they hold it (the rule of processes and routines,
lots.processes.access); changing needs ``agreement.change`` on one of its own units. "Not there" and "not yours" both
answer 404; seen but not changeable answers 403.

The staff asked to acknowledge an agreement are those holding ``agreement.acknowledge`` on one of its units or on a
unit below.
"""

from django.db.models import QuerySet

from lots import access
from lots.agreements.models import Agreement
from lots.processes import access as paccess

VIEW = "agreement.view"
CHANGE = "agreement.change"
ACKNOWLEDGE = "agreement.acknowledge"


def visible(user) -> QuerySet:
    return paccess.visible(Agreement.objects.all(), user, VIEW)


def can_change(user, agreement: Agreement) -> bool:
    return paccess.can_change(user, CHANGE, agreement)


def get_agreement(user, pk, *, write: bool = False) -> Agreement:
    queryset = Agreement.objects.select_related("owner", "municipality", "legal_assessed_by").prefetch_related("units")
    return paccess.get_visible(queryset, user, pk, view=VIEW, change=CHANGE, write=write)


def changeable_units(user) -> QuerySet:
    return paccess.changeable_units(user, CHANGE)


def may_acknowledge(user, agreement: Agreement) -> bool:
    """Whether the person is among the staff asked to read the agreement: the permission on one of its units or below,
    and the agreement is active and made known."""
    if not agreement.asks_staff:
        return False
    units = list(agreement.units.all())
    return any(a.unit.is_within(u) for a in access.assignments_with(user, ACKNOWLEDGE) for u in units)
