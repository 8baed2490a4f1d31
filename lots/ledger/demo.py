"""Demo data for own-money administration on Boendecoacher (Enheten sociala boenden): three fictional clients known
only by pseudonymous references.

- EM-2026-003 holds more than 15 % of the year's prisbasbelopp once its deposits are attested: the bank-account task
  is open on the enhetschef's task list.
- EM-2026-007 has a purchase entered by the boendecoach and not yet attested: it waits for a second person.
- EM-2025-012 has run since last year, reconciled each month, with one difference explained.

The boendecoach enters; the enhetschef for sociala boenden attests and reconciles.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lots.ledger import services
from lots.ledger.models import Ledger
from lots.lib.dates import add_months

DEPENDS_ON = ("lots.organisation", "lots.accounts")

UNIT = "boendecoacher"
ENTRANT = "boendecoach"
ATTESTER = "ec-boenden"
# A receipt good enough for the demo: a one-page PDF with no content.
RECEIPT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (reference, purpose, months open, [(days ago, description, kronor, attested)])
LEDGERS = [
    (
        "EM-2026-003",
        "Fickpengar och räkningar",
        3,
        [
            (60, "Insättning från förvaltaren av sparkontot", 6_500, True),
            (45, "Fickpengar vecka 41", -400, True),
            (20, "Återbetald hyresdeposition", 3_400, True),
            (12, "Inköp av vinterkläder", -450, True),
        ],
    ),
    (
        "EM-2026-007",
        "Fickpengar",
        2,
        [
            (40, "Insättning av aktivitetsersättning", 2_200, True),
            (25, "Fickpengar vecka 44", -300, True),
            (3, "Inköp av busskort", -150, False),
        ],
    ),
    (
        "EM-2025-012",
        "Hyra, mat och fickpengar",
        8,
        [
            (200, "Insättning av lön", 4_800, True),
            (170, "Hyra", -3_200, True),
            (120, "Insättning av lön", 4_800, True),
            (95, "Hyra", -3_200, True),
            (50, "Matinköp", -620, True),
        ],
    ),
]


def load(ctx) -> None:
    unit = ctx.unit(UNIT)
    entrant, attester = ctx.person(ENTRANT), ctx.person(ATTESTER)
    for reference, purpose, months, entries in LEDGERS:
        if Ledger.objects.filter(unit=unit, reference=reference).exists():
            continue
        opened_on = add_months(ctx.today, -months)
        ledger = services.ledger_open(actor=attester, unit=unit, reference=reference, purpose=purpose, opened_on=opened_on)
        for days_ago, description, kronor, attested in entries:
            day = max(opened_on, ctx.today - datetime.timedelta(days=days_ago))
            ore = kronor * 100
            receipt = SimpleUploadedFile("kvitto.pdf", RECEIPT) if ore < -20_000 else None
            entry = services.entry_add(
                actor=entrant, ledger=ledger, date=day, description=description, amount=ore, receipt=receipt, today=ctx.today
            )
            if attested:
                services.entry_attest(actor=attester, entry=entry, today=ctx.today)
        if reference == "EM-2025-012":
            _reconcile(ctx, ledger, entrant=attester, attester=ctx.person("avdchef-myndighet"))


def _reconcile(ctx, ledger: Ledger, *, entrant, attester) -> None:
    """Last month's count, a little short with the reason given, signed and attested."""
    ledger.refresh_from_db()
    month = add_months(ctx.today.replace(day=1), -1)
    reconciliation = services.reconciliation_sign(
        actor=entrant,
        ledger=ledger,
        period=month,
        counted_on=min(ctx.today, add_months(month, 1)),
        counted=ledger.balance - 2_000,
        explanation="Kvitto på 20 kr för tvättmedel saknades vid räkningen; bokförs i nästa månad.",
        today=ctx.today,
    )
    services.reconciliation_attest(actor=attester, reconciliation=reconciliation)
