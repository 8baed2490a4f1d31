"""Bench data for own-money administration: ledgers on the enheter and sektioner, each with two years of monthly money
in and small payments out, attested but for the last entry, and a reconciliation for each past month.

Written in bulk, keeping what the services and the database keep: entries numbered 1, 2, 3 … per ledger, each
balance before the balance after the one before it, never below zero, payments out within the receipt limit,
attested by someone other than the entrant and in order (the ledger's balances and counts agree with its entries);
a ledger whose attested balance is above 15 % of this year's prisbasbelopp has its open bank-account task. The audit
rows the services would write are not generated: the ledger pages do not read them.
"""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from bench import bulk
from bench.scenarios import Request, Scenario
from lots.ledger.models import RECEIPT_REQUIRED_ABOVE, BaseAmount, Ledger, LedgerEntry, LedgerTask, Reconciliation
from lots.lib.dates import add_months

COUNTED = ["ledger.Ledger", "ledger.LedgerEntry", "ledger.Reconciliation", "ledger.LedgerTask"]
LEDGERS = {"T": 20, "S": 200, "M": 1_000, "L": 5_000}
MONTHS = {"T": 6, "S": 12, "M": 24, "L": 24}
LEDGER_COLUMNS = [
    "id",
    "version",
    "unit_id",
    "municipality_id",
    "reference",
    "purpose",
    "opened_on",
    "closed_on",
    "balance",
    "attested_balance",
    "entry_count",
    "attested_count",
    "opened_by_id",
    "created_at",
]
ENTRY_COLUMNS = [
    "id",
    "ledger_id",
    "sequence",
    "date",
    "description",
    "amount",
    "balance_before",
    "balance_after",
    "receipt",
    "receipt_name",
    "receipt_type",
    "entered_by_id",
    "entered_at",
    "attested_by_id",
    "attested_at",
]
RECONCILIATION_COLUMNS = [
    "id",
    "ledger_id",
    "period",
    "counted_on",
    "counted",
    "expected",
    "through_sequence",
    "difference",
    "explanation",
    "signed_by_id",
    "signed_at",
    "attested_by_id",
    "attested_at",
]
TASK_COLUMNS = [
    "id",
    "ledger_id",
    "kind",
    "reason",
    "raised_on",
    "balance",
    "threshold",
    "resolved_on",
    "resolved_by_id",
    "outcome",
]
PAYMENTS = ["Fickpengar", "Matinköp", "Busskort", "Hygienartiklar", "Telefonräkning"]


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def generate(ds) -> None:
    today = timezone.localdate()
    rng = random.Random(f"lots-bench-ledger-{ds.scale}")
    count = LEDGERS.get(ds.scale, 20)
    months = MONTHS.get(ds.scale, 6)
    units = [u for u in ds.units if u.kind in ("enhet", "sektion")] or ds.units
    people = ds.people
    base = BaseAmount.for_year(today.year)
    threshold = base.threshold if base else 888_000
    ledger_id, entry_id = bulk.next_id(Ledger), bulk.next_id(LedgerEntry)
    reconciliation_id, task_id = bulk.next_id(Reconciliation), bulk.next_id(LedgerTask)
    ledgers, entries, reconciliations, tasks = [], [], [], []
    start = add_months(today.replace(day=1), -months)
    for n in range(count):
        unit = units[n % len(units)]
        entrant, attester = people[n % len(people)], people[(n + 1) % len(people)]
        balance, sequence, rows = 0, 0, []
        for m in range(months + 1):
            month = add_months(start, m)
            moves = [rng.randrange(150_000, 450_000)] + [-rng.randrange(2_000, RECEIPT_REQUIRED_ABOVE) for _ in range(3)]
            for k, amount in enumerate(moves):
                day = month + datetime.timedelta(days=3 + 7 * k)
                if day > today:
                    break
                amount = max(amount, -balance)
                if amount == 0:
                    continue
                sequence += 1
                rows.append((sequence, day, amount, balance, balance + amount))
                balance += amount
            if month < today.replace(day=1) and sequence:
                counted_on = add_months(month, 1)
                reconciliations.append(
                    (
                        reconciliation_id,
                        ledger_id,
                        month,
                        counted_on,
                        balance,
                        balance,
                        sequence,
                        0,
                        "",
                        attester.pk,
                        _moment(counted_on),
                        entrant.pk,
                        _moment(counted_on),
                    )
                )
                reconciliation_id += 1
        attested = max(0, len(rows) - 1)
        attested_balance = rows[attested - 1][4] if attested else 0
        for i, (seq, day, amount, before, after) in enumerate(rows):
            done = i < attested
            entries.append(
                (
                    entry_id,
                    ledger_id,
                    seq,
                    day,
                    "Insättning" if amount > 0 else PAYMENTS[seq % len(PAYMENTS)],
                    amount,
                    before,
                    after,
                    "",
                    "",
                    "",
                    entrant.pk,
                    _moment(day),
                    attester.pk if done else None,
                    _moment(day) if done else None,
                )
            )
            entry_id += 1
        ledgers.append(
            (
                ledger_id,
                1,
                unit.pk,
                unit.municipality_id,
                f"EM-{start.year}-{n + 1:05d}",
                "Fickpengar och räkningar",
                start,
                None,
                balance,
                attested_balance,
                len(rows),
                attested,
                attester.pk,
                _moment(start),
            )
        )
        if attested_balance > threshold:
            tasks.append((task_id, ledger_id, "bank_account", "threshold", today, attested_balance, threshold, None, None, ""))
            task_id += 1
        ledger_id += 1
    bulk.write(Ledger, LEDGER_COLUMNS, ledgers)
    bulk.write(LedgerEntry, ENTRY_COLUMNS, entries)
    bulk.write(Reconciliation, RECONCILIATION_COLUMNS, reconciliations)
    bulk.write(LedgerTask, TASK_COLUMNS, tasks)
    bulk.reset_sequences(Ledger, LedgerEntry, Reconciliation, LedgerTask)
    bulk.say(f"ledger: {len(ledgers)} ledgers, {len(entries)} entries, {len(reconciliations)} reconciliations")


def scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    found = [
        Scenario(
            "ledger_list",
            "Egna medel: pågående förmedlingar (förvaltningschef)",
            "list",
            Request("GET", reverse("ledger:index"), cookies=cookies["manager"]),
        ),
        Scenario(
            "api_ledgers",
            "API: förmedlingar av egna medel",
            "api",
            Request("GET", "/api/v1/ledgers", headers={"Authorization": f"Bearer {tokens['manager']}"}),
        ),
    ]
    municipality = ds.municipalities[0]
    ledger = Ledger.objects.filter(unit__municipality=municipality).order_by("-entry_count", "pk").first()
    if ledger is not None:
        found.append(
            Scenario(
                "ledger_detail",
                "Egna medel: en förmedling med poster och avstämningar (förvaltningschef)",
                "detail",
                Request("GET", reverse("ledger:detail", args=[ledger.pk]), cookies=cookies["manager"]),
            )
        )
    return found
