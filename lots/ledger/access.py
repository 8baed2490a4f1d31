"""Who reads and changes which ledger: ``ledger.view`` / ``enter`` / ``attest`` / ``reconcile`` on the ledger's unit
(lots.access.policy). A ledger is a confidential record (OSL 26:1): reads through these functions are logged, and its
entries, reconciliations and tasks are read only through it."""

from django.core.exceptions import PermissionDenied

from lots import access
from lots.ledger.models import Ledger

VIEW = "ledger.view"
ENTER = "ledger.enter"
ATTEST = "ledger.attest"
RECONCILE = "ledger.reconcile"
CONFIGURE = "ledger.configure"


def ledgers_visible(user):
    return access.scope(Ledger.objects.all(), user, VIEW)


def get_ledger(user, pk, perm: str | None = None) -> Ledger:
    """The ledger if the person may see it (404 alike for one that does not exist and one not theirs); with
    ``perm``, 403 unless they also hold it on the ledger's unit."""
    ledger = access.get_object(Ledger.objects.select_related("unit", "unit__municipality"), user, pk, view=VIEW)
    if perm is not None and not access.can(user, perm, ledger.unit):
        raise PermissionDenied
    return ledger


def may(user, ledger: Ledger) -> dict[str, bool]:
    """What the person may do on the ledger's page."""
    unit = ledger.unit
    return {
        "can_enter": ledger.is_open and access.can(user, ENTER, unit),
        "can_attest": access.can(user, ATTEST, unit),
        "can_reconcile": access.can(user, RECONCILE, unit),
    }
