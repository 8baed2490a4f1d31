"""The list of ledgers, defined once for its page, its export and its API list (lots.core.lists)."""

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lots import access
from lots.core.lists import ListDefinition
from lots.ledger.access import VIEW, ledgers_visible
from lots.ledger.forms import LedgerFilterForm
from lots.ledger.models import Ledger, LedgerTask, Reconciliation


def _narrow(ledgers, data: dict, user):
    if data["unit"]:
        ledgers = ledgers.filter(unit__path__startswith=data["unit"].path)
    if data["status"] == "closed":
        ledgers = ledgers.filter(closed_on__isnull=False)
    elif data["status"] != "all":
        ledgers = ledgers.open()
    if data["attention"] == "unattested":
        ledgers = ledgers.filter(attested_count__lt=F("entry_count"))
    elif data["attention"] == "overdue":
        ledgers = ledgers.reconciliation_overdue(timezone.localdate())
    elif data["attention"] == "tasks":
        ledgers = ledgers.filter(pk__in=LedgerTask.objects.filter(resolved_on__isnull=True).values("ledger_id"))
    if data["year"]:
        ledgers = ledgers.active_in(data["year"])
    if data["q"].strip():
        ledgers = ledgers.filter(reference__icontains=data["q"].strip())
    return ledgers


def _with_figures(ledgers, user):
    """Each ledger with its unit, ``open_tasks`` and ``last_period`` (the latest month reconciled, or None)."""
    open_tasks = (
        LedgerTask.objects.filter(ledger=OuterRef("pk"), resolved_on__isnull=True)
        .order_by()
        .values("ledger")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Reconciliation.objects.filter(ledger=OuterRef("pk")).order_by().values("ledger").annotate(m=Max("period")).values("m")
    return ledgers.select_related("unit").annotate(
        open_tasks=Coalesce(Subquery(open_tasks, output_field=IntegerField()), 0),
        last_period=Subquery(last),
    )


LEDGERS = ListDefinition(
    name="Ledgers",
    form=LedgerFilterForm,
    scope=ledgers_visible,
    narrow=_narrow,
    form_kwargs=lambda user: {"units": access.visible_units(user, VIEW).order_by("path")},
    ordering=("unit__path", "reference", "pk"),
    load=_with_figures,
)


def overdue_q(today) -> Q:
    """Open ledgers whose latest due reconciliation is missing, as a condition on ``pk``."""
    return Q(pk__in=Ledger.objects.reconciliation_overdue(today).values("pk"))
