"""The bench generator writes ledgers as the services would: the chain holds, balances agree, and the services carry
on from the generated rows."""

import random

from django.db.models import Sum
from django.utils import timezone

from bench import gen_ledger
from bench.generate import SCALES, Dataset, generate_foundation
from lots.ledger import services
from lots.ledger.models import Ledger, LedgerEntry


def test_generated_ledgers_keep_the_rules_and_the_services_continue_them(db):
    ds = Dataset(scale="T", sizes=SCALES["T"], rng=random.Random("t"))
    generate_foundation(ds)
    gen_ledger.generate(ds)
    assert Ledger.objects.count() == gen_ledger.LEDGERS["T"]
    for ledger in Ledger.objects.all():
        entries = list(ledger.entries.order_by("sequence"))
        assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
        assert ledger.balance == (ledger.entries.aggregate(s=Sum("amount"))["s"] or 0) >= 0
        assert ledger.entry_count == len(entries) and ledger.attested_count == sum(e.is_attested for e in entries)
    ledger = Ledger.objects.order_by("pk").first()
    last = ledger.entries.order_by("-sequence").first()
    entry = services.entry_add(
        actor=last.attested_by or ds.people[3], ledger=ledger, date=timezone.localdate(), description="In", amount=100
    )
    assert entry.sequence == ledger.entry_count and entry.balance_before == last.balance_after
    assert LedgerEntry.objects.filter(ledger=ledger).count() == entry.sequence
    assert gen_ledger.scenarios(ds, {"manager": {}}, {"manager": "x"})[0].name == "ledger_list"
