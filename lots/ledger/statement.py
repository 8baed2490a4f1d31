"""The client's statement (*kontoutdrag*) for a period: what the ledger held at the start, each entry dated in the
period with the running balance, and what it held at the end."""

import datetime

from django.db.models import Sum

from lots.ledger.models import Ledger


def statement(ledger: Ledger, start: datetime.date, end: datetime.date) -> dict:
    """``opening`` and ``closing`` balances (öre), ``rows`` (each entry with ``running``), ``money_in`` and
    ``money_out`` in the period. Entries are taken by their date; unattested ones are included and marked."""
    opening = ledger.entries.filter(date__lt=start).aggregate(total=Sum("amount"))["total"] or 0
    rows = list(ledger.entries.filter(date__gte=start, date__lte=end).order_by("date", "sequence"))
    running = opening
    for row in rows:
        running += row.amount
        row.running = running
    return {
        "start": start,
        "end": end,
        "opening": opening,
        "closing": running,
        "rows": rows,
        "money_in": sum(r.amount for r in rows if r.amount > 0),
        "money_out": -sum(r.amount for r in rows if r.amount < 0),
        "unattested": sum(1 for r in rows if not r.is_attested),
    }
