"""'Mina uppgifter' from the own-money ledgers.

- The managers nearest a ledger's unit who may reconcile it (``ledger.reconcile``; the enhetschef rather than the
  förvaltningschef above) get its open tasks (bank account, god man) and its monthly reconciliation when missing.
- Staff who may attest on the ledger's own unit get the entry next in turn to attest, unless they entered it.

These lists name ledgers by their pseudonymous reference and are read by the system for the person, like the other
modules' tasks; opening a ledger from here is logged as any read.
"""

import datetime

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.home.my_tasks import Task
from lots.ledger.access import ATTEST, RECONCILE
from lots.ledger.models import RECONCILE_DUE_DAY, Ledger, LedgerEntry, LedgerTask, Reconciliation, due_month
from lots.lib.dates import add_months

MODULE = gettext_lazy("Egna medel")
# An open task is due a month after it was raised; an entry is due to be attested within a week.
TASK_MONTHS = 1
ATTEST_DAYS = 7


def _reconcile_due(month: datetime.date) -> datetime.date:
    return add_months(month, 1).replace(day=RECONCILE_DUE_DAY)


def months_to_reconcile(today: datetime.date) -> list[datetime.date]:
    """The months whose reconciliation a person is reminded of: the latest one due, and last month (due soon)."""
    last_month = add_months(today.replace(day=1), -1)
    return sorted({due_month(today), last_month})


def nearest_ledgers(user, ledgers) -> list[Ledger]:
    """Of ``ledgers`` (in the person's reconcile scope), those where the person is among the nearest holders of
    ``ledger.reconcile``: their assignment is on the unit closest to the ledger's unit."""
    ledgers = list(ledgers)
    if not ledgers:
        return []
    units = {ledger.unit_id: ledger.unit for ledger in ledgers}
    holders = access.assignments_on_paths(units.values(), perm=RECONCILE)
    mine = []
    for ledger in ledgers:
        found = holders.get(ledger.unit_id, [])
        if not found:
            continue
        depth = found[0].unit.depth
        if any(a.user_id == user.pk for a in found if a.unit.depth == depth):
            mine.append(ledger)
    return mine


def _manager_tasks(user, today: datetime.date) -> list[Task]:
    in_scope = Ledger.objects.open().filter(access.unit_q(user, RECONCILE)).select_related("unit")
    months = months_to_reconcile(today)
    candidates = in_scope.filter(opened_on__lt=add_months(months[-1], 1)).order_by("pk")
    # The ledgers nearest the person first; then only their open tasks and their reconciliations from the first month
    # asked about (a later one also settles an earlier month), not every ledger's whole history.
    mine = nearest_ledgers(user, candidates)
    if not mine:
        return []
    open_tasks: dict[int, list[LedgerTask]] = {}
    for task in LedgerTask.objects.filter(ledger__in=mine, resolved_on__isnull=True):
        open_tasks.setdefault(task.ledger_id, []).append(task)
    reconciled: dict[int, set[datetime.date]] = {}
    for ledger_id, period in Reconciliation.objects.filter(ledger__in=mine, period__gte=months[0]).values_list(
        "ledger_id", "period"
    ):
        reconciled.setdefault(ledger_id, set()).add(period)
    tasks = []
    for ledger in mine:
        for task in open_tasks.get(ledger.pk, []):
            tasks.append(
                Task(
                    _("%(task)s: %(ref)s") % {"task": task.get_kind_display(), "ref": ledger.reference},
                    add_months(task.raised_on, TASK_MONTHS),
                    ledger.get_absolute_url(),
                    str(MODULE),
                    ledger.unit.name,
                )
            )
        done = reconciled.get(ledger.pk, set())
        for month in months:
            if month in done or ledger.opened_on >= add_months(month, 1) or any(p > month for p in done):
                continue
            tasks.append(
                Task(
                    _("Stäm av egna medel för %(month)s: %(ref)s") % {"month": f"{month:%Y-%m}", "ref": ledger.reference},
                    _reconcile_due(month),
                    ledger.get_absolute_url(),
                    str(MODULE),
                    ledger.unit.name,
                )
            )
    return tasks


def _attest_tasks(user, today: datetime.date) -> list[Task]:
    own_units = sorted({a.unit_id for a in access.assignments_with(user, ATTEST)})
    if not own_units:
        return []
    waiting = (
        LedgerEntry.objects.filter(ledger__unit_id__in=own_units, ledger__closed_on__isnull=True)
        .filter(sequence=F("ledger__attested_count") + 1)
        .exclude(entered_by=user)
        .select_related("ledger__unit")
        .order_by("entered_at", "pk")
    )
    return [
        Task(
            _("Attestera post %(n)s: %(ref)s") % {"n": entry.sequence, "ref": entry.ledger.reference},
            entry.entered_at.date() + datetime.timedelta(days=ATTEST_DAYS),
            entry.ledger.get_absolute_url(),
            str(MODULE),
            entry.ledger.unit.name,
        )
        for entry in waiting
    ]


def tasks_for(user, today: datetime.date) -> list[Task]:
    if not getattr(user, "is_authenticated", False) or not access.has_perm_anywhere(user, "ledger.view"):
        return []
    return _manager_tasks(user, today) + _attest_tasks(user, today)
