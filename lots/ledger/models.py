"""Own-money administration (*förmedling av egna medel*): a ledger per client and unit, its entries, the monthly
reconciliations and the tasks the ledger raises.

Amounts are integer öre. The database holds the ledger's two rules on its own, whatever writes to it:

- **never below zero**: each entry stores the balance before and after it, ``after = before + amount`` and
  ``after >= 0`` (CHECK), the entries of a ledger are numbered 1, 2, 3 … (UNIQUE), and a trigger refuses an entry
  whose balance before is not the balance after the entry before it (migration 0002, SQLite and PostgreSQL);
- **two people**: an entry is attested by someone other than the person who entered it (CHECK), and so is a
  reconciliation by someone other than the person who signed it.

Entries are never changed once written (the trigger refuses it); a mistake is put right by an entry the other way.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.lib.dates import add_months

# Money out above this many öre needs a receipt (200 kr): smaller purchases (a bus ticket, a coffee) often have none.
RECEIPT_REQUIRED_ABOVE = 20_000
# The share of the year's prisbasbelopp above which the person is helped to open a bank account (REGULATION.md).
BANK_ACCOUNT_PERCENT = 15
# A month's reconciliation is due on this day of the following month.
RECONCILE_DUE_DAY = 10
# Largest amount one entry may hold (10 million kronor): far above any client's own money, well within bigint.
MAX_AMOUNT = 1_000_000_000


# The prisbasbelopp by year (SFS 2025:872; REGULATION.md "Amounts"), in whole kronor. Migration 0003 enters them in
# the table, where the quality coordinator adds later years.
KNOWN_AMOUNTS = {2025: 58_800, 2026: 59_200}


class BaseAmount(models.Model):
    """The prisbasbelopp of a year (socialförsäkringsbalken 2 kap. 7 §), in whole kronor, as the government set it."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    amount = models.PositiveIntegerField(_("prisbasbelopp (kr)"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("prisbasbelopp")
        verbose_name_plural = _("prisbasbelopp")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2999), name="ledger_base_amount_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_base_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr"

    @property
    def threshold(self) -> int:
        """15 % of the amount, in öre."""
        return self.amount * BANK_ACCOUNT_PERCENT

    @classmethod
    def for_year(cls, year: int) -> "BaseAmount | None":
        """The year's amount, or the latest earlier one while the year's is not yet entered; None without any.

        The amounts decided by law (``KNOWN_AMOUNTS``) count even when the table has lost its rows or not got them
        yet: an entered row for a year overrides them, a later known year outranks an older row."""
        stored = cls.objects.filter(year__lte=year).order_by("-year").first()
        known = max((y for y in KNOWN_AMOUNTS if y <= year), default=None)
        if known is not None and (stored is None or stored.year < known):
            return cls(year=known, amount=KNOWN_AMOUNTS[known])
        return stored


class LedgerQuerySet(ReadLoggedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def active_in(self, year: int):
        """Ledgers administered at some time during ``year``."""
        return self.filter(opened_on__year__lte=year).filter(Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))

    def named(self, term: str):
        term = term.strip()
        return self.filter(reference__iexact=term) if term else self.none()

    def reconciliation_overdue(self, today: datetime.date):
        """Open ledgers without a reconciliation for the latest month whose reconciliation is due (opened before
        that month ended)."""
        month = due_month(today)
        return self.open().filter(opened_on__lt=add_months(month, 1)).exclude(reconciliations__period__gte=month)


def due_month(today: datetime.date) -> datetime.date:
    """The first day of the latest month whose reconciliation is due by ``today``."""
    this_month = today.replace(day=1)
    return add_months(this_month, -1 if today.day > RECONCILE_DUE_DAY else -2)


class Ledger(VersionedModel):
    """One client's own money administered by one unit. The client is named only by a pseudonymous reference.

    ``balance`` (every entry) and ``attested_balance`` (the entries attested, which are always the first ones) are
    kept by the services for lists; the entries are the record.
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="ledgers")
    # The unit's municipality: its retention period applies (lots.ledger.retention, lots.privacy).
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+", editable=False)
    reference = models.CharField(
        _("klientreferens"),
        max_length=40,
        help_text=_("En pseudonym ärendereferens, t.ex. EM-2026-014. Aldrig namn eller personnummer."),
    )
    purpose = models.CharField(_("vad medlen används till"), max_length=300, blank=True)
    opened_on = models.DateField(_("förvaltningen började"))
    closed_on = models.DateField(_("förvaltningen avslutades"), null=True, blank=True, editable=False)
    balance = models.BigIntegerField(default=0, editable=False)
    attested_balance = models.BigIntegerField(default=0, editable=False)
    entry_count = models.PositiveIntegerField(default=0, editable=False)
    attested_count = models.PositiveIntegerField(default=0, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "reference", "pk"]
        verbose_name = _("förmedling av egna medel")
        verbose_name_plural = _("förmedlingar av egna medel")
        constraints = [
            models.UniqueConstraint(fields=["unit", "reference"], name="ledger_one_per_reference_and_unit"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="ledger_balance_not_negative"),
            models.CheckConstraint(condition=Q(attested_balance__gte=0), name="ledger_attested_balance_not_negative"),
            models.CheckConstraint(condition=Q(attested_count__lte=F("entry_count")), name="ledger_attested_within_entries"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="ledger_closed_after_opened"
            ),
        ]
        indexes = [models.Index(fields=["unit", "closed_on"], name="ledger_unit_closed")]

    def __str__(self) -> str:
        return str(self.reference)

    def get_absolute_url(self) -> str:
        return reverse("ledger:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def unattested_count(self) -> int:
        return self.entry_count - self.attested_count


def receipt_path(instance, filename: str) -> str:
    """A random name: the file's own name may name the client. The name shown is kept in ``receipt_name``."""
    return f"ledger/receipts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class LedgerEntry(models.Model):
    """Money in (positive) or out (negative) of a ledger, in öre, numbered in the order it was entered."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="entries")
    sequence = models.PositiveIntegerField()
    date = models.DateField(_("datum"))
    description = models.CharField(_("beskrivning"), max_length=200)
    amount = models.BigIntegerField(_("belopp (öre)"))
    balance_before = models.BigIntegerField()
    balance_after = models.BigIntegerField()
    receipt = models.FileField(upload_to=receipt_path, blank=True, max_length=200)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_type = models.CharField(max_length=120, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ledger", "sequence"]
        verbose_name = _("post")
        verbose_name_plural = _("poster")
        constraints = [
            models.UniqueConstraint(fields=["ledger", "sequence"], name="ledger_entry_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="ledger_entry_sequence_positive"),
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(amount__gte=-MAX_AMOUNT) & Q(amount__lte=MAX_AMOUNT), name="ledger_entry_amount_bounded"
            ),
            models.CheckConstraint(condition=Q(balance_before__gte=0), name="ledger_entry_before_not_negative"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="ledger_entry_never_below_zero"),
            models.CheckConstraint(
                condition=Q(balance_after=F("balance_before") + F("amount")), name="ledger_entry_balance_adds_up"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=-RECEIPT_REQUIRED_ABOVE) | ~Q(receipt=""), name="ledger_entry_receipt_for_large_payment"
            ),
            models.CheckConstraint(
                condition=Q(attested_by__isnull=True) | ~Q(attested_by=F("entered_by")), name="ledger_entry_attester_not_entrant"
            ),
            models.CheckConstraint(
                condition=Q(attested_by__isnull=True, attested_at__isnull=True)
                | Q(attested_by__isnull=False, attested_at__isnull=False),
                name="ledger_entry_attested_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ledger_id}:{self.sequence}"

    @property
    def is_attested(self) -> bool:
        return self.attested_by_id is not None

    @property
    def money_in(self) -> int | None:
        return self.amount if self.amount > 0 else None

    @property
    def money_out(self) -> int | None:
        return -self.amount if self.amount < 0 else None


class Reconciliation(models.Model):
    """The month's count of the cash or the account against the ledger, signed by the person who counted and
    attested by a second person. A difference is explained."""

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="reconciliations")
    period = models.DateField(_("månad"), help_text=_("Den första dagen i månaden som stäms av."))
    counted_on = models.DateField(_("räknat den"))
    counted = models.BigIntegerField(_("räknat belopp (öre)"))
    expected = models.BigIntegerField(_("saldo enligt förmedlingen (öre)"))
    through_sequence = models.PositiveIntegerField(default=0)
    difference = models.BigIntegerField(_("differens (öre)"))
    explanation = models.CharField(_("förklaring av differensen"), max_length=500, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ledger", "-period"]
        verbose_name = _("avstämning")
        verbose_name_plural = _("avstämningar")
        constraints = [
            models.UniqueConstraint(fields=["ledger", "period"], name="ledger_one_reconciliation_per_month"),
            models.CheckConstraint(condition=Q(counted__gte=0) & Q(expected__gte=0), name="ledger_reconciliation_amounts"),
            models.CheckConstraint(
                condition=Q(difference=F("counted") - F("expected")), name="ledger_reconciliation_difference_adds_up"
            ),
            models.CheckConstraint(
                condition=Q(difference=0) | ~Q(explanation=""), name="ledger_reconciliation_difference_explained"
            ),
            models.CheckConstraint(
                condition=Q(attested_by__isnull=True) | ~Q(attested_by=F("signed_by")),
                name="ledger_reconciliation_attester_not_signer",
            ),
            models.CheckConstraint(
                condition=Q(attested_by__isnull=True, attested_at__isnull=True)
                | Q(attested_by__isnull=False, attested_at__isnull=False),
                name="ledger_reconciliation_attested_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ledger_id}:{self.period:%Y-%m}"

    @property
    def is_attested(self) -> bool:
        return self.attested_by_id is not None


class LedgerTask(models.Model):
    """What the ledger asks of the unit: help the person open a bank account, or consider applying for a guardian
    (*god man*). Open until someone records what was done."""

    class Kind(models.TextChoices):
        BANK_ACCOUNT = "bank_account", _("Hjälp personen att öppna ett bankkonto")
        GUARDIAN = "guardian", _("Överväg ansökan om god man")

    class Reason(models.TextChoices):
        THRESHOLD = "threshold", _("Saldot är över 15 % av prisbasbeloppet")
        LONG = "long", _("Förvaltningen har pågått länge")
        SURPLUS = "surplus", _("Saldot har länge legat över 15 % av prisbasbeloppet")

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("uppgift"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("skäl"), max_length=20, choices=Reason.choices)
    raised_on = models.DateField(_("skapad"))
    balance = models.BigIntegerField(_("saldo när uppgiften skapades (öre)"))
    threshold = models.BigIntegerField(_("gräns (öre)"))
    resolved_on = models.DateField(_("klar"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    outcome = models.CharField(_("vad som gjordes"), max_length=500, blank=True)

    class Meta:
        ordering = ["raised_on", "pk"]
        verbose_name = _("uppgift för förmedlingen")
        verbose_name_plural = _("uppgifter för förmedlingen")
        constraints = [
            models.UniqueConstraint(
                fields=["ledger", "kind"], condition=Q(resolved_on__isnull=True), name="ledger_one_open_task_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True, resolved_by__isnull=True)
                | (Q(resolved_on__isnull=False, resolved_by__isnull=False) & ~Q(outcome="")),
                name="ledger_task_resolved_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ledger_id}:{self.kind}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
