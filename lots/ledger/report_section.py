"""The annual quality report's section on own-money administration: how many ledgers, the tasks they raised (bank
account, god man) and the monthly reconciliations done. Figures only, per unit and month: no client references.

Each figure is the number its list shows: the ledgers are the ledger list for the unit and year with every status,
the ledgers with open tasks the same list with "Med öppna uppgifter".
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.ledger.models import Ledger, LedgerTask, Reconciliation
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


class LedgerSection(Section):
    key = "ledger"
    title = gettext_lazy("Förmedling av egna medel")
    guidance = gettext_lazy(
        "Beskriv hur förmedlingen av enskildas egna medel har skötts: att saldot aldrig blivit negativt, att varje "
        "post attesterats av två personer, att kassan stämts av varje månad, och vad som gjorts när saldot översteg "
        "15 % av prisbasbeloppet (bankkonto) eller förvaltningen pågått länge (god man)."
    )

    def compute(self, scope: Scope) -> dict:
        ledgers = Ledger.objects.filter(scope.within()).active_in(scope.year)
        ledger_ids = ledgers.values("pk")
        by_unit = list(
            ledgers.values("unit__name", "unit__path")
            .annotate(n=Count("pk"), closed=Count("pk", filter=Q(closed_on__lte=scope.end)))
            .order_by("unit__path")
        )
        tasks = LedgerTask.objects.filter(ledger_id__in=ledger_ids)
        raised = tasks.filter(raised_on__gte=scope.start, raised_on__lte=scope.end)
        task_counts = raised.aggregate(
            bank=Count("pk", filter=Q(kind=LedgerTask.Kind.BANK_ACCOUNT)),
            guardian=Count("pk", filter=Q(kind=LedgerTask.Kind.GUARDIAN)),
        )
        open_now = tasks.filter(resolved_on__isnull=True)
        open_counts = open_now.aggregate(
            bank=Count("pk", filter=Q(kind=LedgerTask.Kind.BANK_ACCOUNT)),
            guardian=Count("pk", filter=Q(kind=LedgerTask.Kind.GUARDIAN)),
        )
        with_open_tasks = Ledger.objects.filter(scope.within()).filter(pk__in=open_now.values("ledger_id")).count()
        periods = dict(
            Reconciliation.objects.filter(ledger_id__in=ledger_ids, period__year=scope.year)
            .values("period")
            .annotate(n=Count("pk"))
            .values_list("period", "n")
        )
        per_month = [periods.get(datetime.date(scope.year, m, 1), 0) for m in range(1, 13)]
        differences = (
            Reconciliation.objects.filter(ledger_id__in=ledger_ids, period__year=scope.year).exclude(difference=0).count()
        )
        figures = {
            "ledgers": sum(row["n"] for row in by_unit),
            "ledgers_closed": sum(row["closed"] for row in by_unit),
            "bank_tasks_raised": task_counts["bank"],
            "guardian_tasks_raised": task_counts["guardian"],
            "bank_tasks_open": open_counts["bank"],
            "guardian_tasks_open": open_counts["guardian"],
            "ledgers_with_open_tasks": with_open_tasks,
            "reconciliations_per_month": per_month,
            "reconciliations": sum(per_month),
            "reconciliations_with_difference": differences,
        }
        result = [
            blocks.facts(
                [
                    (_("Förmedlingar under året"), figures["ledgers"]),
                    (_("Varav avslutade"), figures["ledgers_closed"]),
                    (_("Uppgifter om bankkonto under året / öppna nu"), f"{task_counts['bank']} / {open_counts['bank']}"),
                    (_("Uppgifter om god man under året / öppna nu"), f"{task_counts['guardian']} / {open_counts['guardian']}"),
                    (_("Förmedlingar med öppna uppgifter"), with_open_tasks),
                    (_("Månadsavstämningar / varav med differens"), f"{figures['reconciliations']} / {differences}"),
                ]
            )
        ]
        if by_unit:
            result.append(
                blocks.table(
                    "ledgers_by_unit",
                    _("Förmedlingar per enhet"),
                    [_("Enhet"), _("Förmedlingar"), _("Avslutade")],
                    [[row["unit__name"], row["n"], row["closed"]] for row in by_unit],
                    [False, True, True],
                )
            )
            result.append(
                blocks.bar_chart(
                    "reconciliations_per_month",
                    _("Månadsavstämningar %(year)s") % {"year": scope.year},
                    _("Antal gjorda avstämningar av kassa eller konto per månad."),
                    MONTHS,
                    per_month,
                    [_("Månad"), _("Avstämningar")],
                )
            )
        else:
            result.append(blocks.text(_("Ingen förmedling av egna medel under året.")))
        return {"figures": figures, "blocks": result}


SECTIONS = [LedgerSection()]
