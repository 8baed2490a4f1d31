"""Every write to the own-money ledgers: one function each, in one transaction with its audit-log row.

The log keeps amounts, dates, references and who did what; descriptions and explanations only as their length.
Each write that changes a ledger's money takes a row lock on the ledger first, so two people entering at once are
put one after the other and neither can spend money the other has just spent.
"""

import datetime
import os

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import update_versioned
from lots.ledger import guard
from lots.ledger.amounts import kronor
from lots.ledger.models import (
    MAX_AMOUNT,
    RECEIPT_REQUIRED_ABOVE,
    BaseAmount,
    Ledger,
    LedgerEntry,
    LedgerTask,
    Reconciliation,
)
from lots.lib.dates import add_months
from lots.lib.files import files_to_remove, remove_after_commit
from lots.organisation.models import Unit

RECEIPT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/heic": "HEIC", "image/webp": "WebP"}


def guardian_months() -> int:
    """How long an administration may last before the guardian question is raised (setting, default 12 months)."""
    return int(getattr(settings, "LOTS_LEDGER_GUARDIAN_MONTHS", 12))


def surplus_months() -> int:
    """How long the balance may stay above the bank-account threshold before the guardian question is raised
    (setting, default 3 months)."""
    return int(getattr(settings, "LOTS_LEDGER_SURPLUS_MONTHS", 3))


def threshold_for(day: datetime.date) -> int | None:
    """15 % of ``day``'s year's prisbasbelopp in öre (the latest entered year when that year's is missing)."""
    amount = BaseAmount.for_year(day.year)
    return amount.threshold if amount is not None else None


def _not_ahead(day: datetime.date, field: str, today: datetime.date) -> None:
    if day > today:
        raise ValidationError({field: _("Datumet kan inte vara senare än i dag.")})


def _locked(ledger: Ledger) -> Ledger:
    """The ledger read again under a row lock (on SQLite the write transaction serialises instead)."""
    return Ledger.objects.select_for_update().get(pk=ledger.pk)


# --- Ledgers ------------------------------------------------------------------------------------------


@transaction.atomic
def ledger_open(
    *, actor, unit: Unit, reference: str, purpose: str = "", opened_on: datetime.date, integrity_confirmed: bool = False
) -> Ledger:
    """Start administering a client's own money on ``unit``. The reference is pseudonymous and unique on the unit."""
    reference = guard.check_reference(reference)
    _not_ahead(opened_on, "opened_on", timezone.localdate())
    if Ledger.objects.filter(unit=unit, reference__iexact=reference).exists():
        raise ValidationError({"reference": _("Enheten har redan en förmedling med den referensen.")})
    guard.check_texts(unit, {"purpose": purpose}, confirmed=integrity_confirmed)
    ledger = Ledger.objects.create(
        unit=unit,
        municipality_id=unit.municipality_id,
        reference=reference,
        purpose=purpose,
        opened_on=opened_on,
        opened_by=actor,
    )
    audit.record_created(actor=actor, obj=ledger, fields=["reference", "purpose", "opened_on"])
    return ledger


@transaction.atomic
def ledger_update(
    *, actor, ledger: Ledger, reference: str, purpose: str, version: int | None, integrity_confirmed: bool = False
) -> Ledger:
    reference = guard.check_reference(reference)
    if purpose.strip() != ledger.purpose.strip():
        guard.check_texts(ledger.unit, {"purpose": purpose}, confirmed=integrity_confirmed)
    if Ledger.objects.filter(unit=ledger.unit_id, reference__iexact=reference).exclude(pk=ledger.pk).exists():
        raise ValidationError({"reference": _("Enheten har redan en förmedling med den referensen.")})
    update_versioned(ledger, actor=actor, data={"reference": reference, "purpose": purpose}, expected_version=version)
    return ledger


@transaction.atomic
def ledger_close(*, actor, ledger: Ledger, closed_on: datetime.date, version: int | None) -> Ledger:
    """End the administration: the money has been handed over (the balance is zero) and every entry is attested."""
    locked = _locked(ledger)
    if locked.closed_on is not None:
        raise ValidationError({"closed_on": _("Förmedlingen är redan avslutad.")})
    if locked.balance != 0:
        raise ValidationError(
            {
                "closed_on": _("Saldot är %(balance)s. Lämna över pengarna och bokför det innan förmedlingen avslutas.")
                % {"balance": kronor(locked.balance)}
            }
        )
    if locked.attested_count != locked.entry_count:
        raise ValidationError({"closed_on": _("Alla poster ska vara attesterade innan förmedlingen avslutas.")})
    _not_ahead(closed_on, "closed_on", timezone.localdate())
    if closed_on < locked.opened_on:
        raise ValidationError({"closed_on": _("Förmedlingen kan inte avslutas före den började.")})
    update_versioned(ledger, actor=actor, data={"closed_on": closed_on}, expected_version=version, note=_("Avslutad"))
    for task in ledger.tasks.filter(resolved_on__isnull=True):
        task.resolved_on, task.resolved_by, task.outcome = closed_on, actor, _("Förmedlingen avslutades.")
        task.save(update_fields=["resolved_on", "resolved_by", "outcome"])
        audit.record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=task, changes={"resolved_on": (None, closed_on)}, unit=ledger.unit
        )
    return ledger


# --- Entries ------------------------------------------------------------------------------------------


def _receipt_checked(upload) -> tuple[str, str]:
    """(file name, content type) of an acceptable receipt, or ValidationError at ``receipt``."""
    limit = settings.LOTS_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"receipt": _("Filen är för stor. Den får vara högst %(mb)s MB.") % {"mb": round(limit / (1024 * 1024), 1)}}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is None or kind.mime not in RECEIPT_TYPES:
        raise ValidationError({"receipt": _("Kvittot ska vara en PDF eller en bild (JPEG, PNG, HEIC, WebP).")})
    name = os.path.basename(upload.name or "kvitto")[:200] or "kvitto"
    return name, kind.mime


@transaction.atomic
def entry_add(
    *,
    actor,
    ledger: Ledger,
    date: datetime.date,
    description: str,
    amount: int,
    receipt=None,
    integrity_confirmed: bool = False,
    today: datetime.date | None = None,
) -> LedgerEntry:
    """Enter money in (``amount`` > 0) or out (< 0), in öre, as the ledger's next entry.

    Money out can never take the balance below zero: a payment larger than the balance is refused, whatever money
    is expected later. Money out above ``RECEIPT_REQUIRED_ABOVE`` needs a receipt. The entry counts in the attested
    balance once a second person attests it.
    """
    today = today or timezone.localdate()
    locked = _locked(ledger)
    errors = {}
    if locked.closed_on is not None:
        raise ValidationError({"__all__": _("Förmedlingen är avslutad; inga nya poster kan bokföras.")})
    if not amount:
        errors["amount"] = _("Beloppet kan inte vara noll.")
    elif abs(amount) > MAX_AMOUNT:
        errors["amount"] = _("Beloppet är för stort.")
    elif locked.balance + amount < 0:
        errors["amount"] = _(
            "Saldot är %(balance)s. En utbetalning på %(amount)s skulle göra saldot negativt och kan inte bokföras. "
            "Betala inte ut mer än det som finns, inte heller i väntan på pengar som ska komma in."
        ) % {"balance": kronor(locked.balance), "amount": kronor(-amount)}
    if amount < -RECEIPT_REQUIRED_ABOVE and receipt is None:
        errors["receipt"] = _("Bifoga kvittot: utbetalningar över %(limit)s ska ha kvitto.") % {
            "limit": kronor(RECEIPT_REQUIRED_ABOVE)
        }
    if date > today:
        errors["date"] = _("Datumet kan inte vara senare än i dag.")
    elif date < locked.opened_on:
        errors["date"] = _("Datumet kan inte vara före förmedlingen började (%(day)s).") % {"day": locked.opened_on}
    if errors:
        raise ValidationError(errors)
    guard.check_texts(locked.unit, {"description": description}, confirmed=integrity_confirmed)
    entry = LedgerEntry(
        ledger=locked,
        sequence=locked.entry_count + 1,
        date=date,
        description=description,
        amount=amount,
        balance_before=locked.balance,
        balance_after=locked.balance + amount,
        entered_by=actor,
    )
    if receipt is not None:
        entry.receipt_name, entry.receipt_type = _receipt_checked(receipt)
        entry.receipt.save(entry.receipt_name, receipt, save=False)
    entry.save()
    Ledger.objects.filter(pk=locked.pk).update(balance=entry.balance_after, entry_count=entry.sequence)
    ledger.balance, ledger.entry_count = entry.balance_after, entry.sequence
    audit.record_created(
        actor=actor,
        obj=entry,
        fields=["sequence", "date", "description", "amount", "balance_after", "receipt_name"],
        unit=locked.unit,
    )
    return entry


@transaction.atomic
def entry_attest(*, actor, entry: LedgerEntry, today: datetime.date | None = None) -> LedgerEntry:
    """A second person confirms the entry (never the person who entered it). Entries are attested in order, so the
    attested balance is always the balance after the last attested entry, and it never goes below zero either.
    Crossing the bank-account threshold raises that task."""
    today = today or timezone.localdate()
    locked = _locked(entry.ledger)
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.attested_by_id is not None:
        raise ValidationError({"__all__": _("Posten är redan attesterad.")})
    if entry.entered_by_id == actor.pk:
        raise ValidationError({"__all__": _("Du bokförde posten själv. En annan person ska attestera den.")})
    if entry.sequence != locked.attested_count + 1:
        raise ValidationError(
            {"__all__": _("Attestera posterna i ordning: post %(n)s är inte attesterad än.") % {"n": locked.attested_count + 1}}
        )
    entry.attested_by, entry.attested_at = actor, timezone.now()
    entry.save(update_fields=["attested_by", "attested_at"])
    before = locked.attested_balance
    Ledger.objects.filter(pk=locked.pk).update(attested_balance=entry.balance_after, attested_count=entry.sequence)
    locked.attested_balance, locked.attested_count = entry.balance_after, entry.sequence
    entry.ledger = locked
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=entry,
        changes={"attested_by": (None, actor), "attested_balance": (before, entry.balance_after)},
        note=_("Attesterad"),
        unit=locked.unit,
    )
    tasks_check(ledger=locked, today=today, attested_before=before)
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: LedgerEntry) -> None:
    """Take back an entry made by mistake: only the ledger's last entry, before anyone has attested it, by the person
    who entered it or one who may reconcile the ledger. Anything else is put right by an entry the other way."""
    locked = _locked(entry.ledger)
    entry = LedgerEntry.objects.get(pk=entry.pk)
    if entry.entered_by_id != actor.pk and not access.can(actor, "ledger.reconcile", locked.unit):
        raise PermissionDenied
    if entry.attested_by_id is not None or entry.sequence != locked.entry_count:
        raise ValidationError(
            {
                "__all__": _(
                    "Bara den senaste posten kan tas bort, och bara innan den är attesterad. Bokför en rättelse i stället."
                )
            }
        )
    remove_after_commit(files_to_remove(LedgerEntry.objects.filter(pk=entry.pk)))
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=entry,
        changes={"sequence": (entry.sequence, None), "amount": (entry.amount, None)},
        unit=locked.unit,
    )
    entry.delete()
    Ledger.objects.filter(pk=locked.pk).update(balance=entry.balance_before, entry_count=entry.sequence - 1)


# --- Reconciliations ----------------------------------------------------------------------------------


@transaction.atomic
def reconciliation_sign(
    *,
    actor,
    ledger: Ledger,
    period: datetime.date,
    counted_on: datetime.date,
    counted: int,
    explanation: str = "",
    integrity_confirmed: bool = False,
    today: datetime.date | None = None,
) -> Reconciliation:
    """Record the month's count of the cash or the account against the ledger's balance as it stands (every entry
    made), signed by ``actor``. A difference must be explained."""
    today = today or timezone.localdate()
    locked = _locked(ledger)
    period = period.replace(day=1)
    errors = {}
    if period > today.replace(day=1):
        errors["period"] = _("Månaden har inte börjat än.")
    elif period < locked.opened_on.replace(day=1):
        errors["period"] = _("Förmedlingen började senare än den månaden.")
    elif locked.reconciliations.filter(period=period).exists():
        errors["period"] = _("Den månaden är redan avstämd.")
    if counted_on > today:
        errors["counted_on"] = _("Datumet kan inte vara senare än i dag.")
    elif counted_on < period:
        errors["counted_on"] = _("Räkningen kan inte vara gjord före månaden som stäms av.")
    if counted is None or counted < 0 or counted > MAX_AMOUNT:
        errors["counted"] = _("Skriv det räknade beloppet i kronor.")
    elif counted != locked.balance and not explanation.strip():
        errors["explanation"] = _("Räknat belopp skiljer sig från saldot (%(balance)s) med %(diff)s. Förklara differensen.") % {
            "balance": kronor(locked.balance),
            "diff": kronor(counted - locked.balance),
        }
    if errors:
        raise ValidationError(errors)
    guard.check_texts(locked.unit, {"explanation": explanation}, confirmed=integrity_confirmed)
    reconciliation = Reconciliation.objects.create(
        ledger=locked,
        period=period,
        counted_on=counted_on,
        counted=counted,
        expected=locked.balance,
        through_sequence=locked.entry_count,
        difference=counted - locked.balance,
        explanation=explanation if counted != locked.balance else "",
        signed_by=actor,
    )
    audit.record_created(
        actor=actor,
        obj=reconciliation,
        fields=["period", "counted_on", "counted", "expected", "difference", "explanation"],
        unit=locked.unit,
    )
    return reconciliation


@transaction.atomic
def reconciliation_attest(*, actor, reconciliation: Reconciliation) -> Reconciliation:
    """A second person confirms the count (never the one who signed it)."""
    reconciliation = Reconciliation.objects.select_for_update().select_related("ledger__unit").get(pk=reconciliation.pk)
    if reconciliation.attested_by_id is not None:
        raise ValidationError({"__all__": _("Avstämningen är redan attesterad.")})
    if reconciliation.signed_by_id == actor.pk:
        raise ValidationError({"__all__": _("Du signerade avstämningen själv. En annan person ska attestera den.")})
    reconciliation.attested_by, reconciliation.attested_at = actor, timezone.now()
    reconciliation.save(update_fields=["attested_by", "attested_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=reconciliation,
        changes={"attested_by": (None, actor)},
        note=_("Attesterad"),
        unit=reconciliation.ledger.unit,
    )
    return reconciliation


# --- Tasks --------------------------------------------------------------------------------------------


def _raise(ledger: Ledger, kind: str, reason: str, today: datetime.date, threshold: int | None) -> LedgerTask:
    task = LedgerTask.objects.create(
        ledger=ledger, kind=kind, reason=reason, raised_on=today, balance=ledger.attested_balance, threshold=threshold or 0
    )
    audit.record_created(actor=None, obj=task, fields=["kind", "reason", "balance", "threshold"], unit=ledger.unit)
    return task


def tasks_check(*, ledger: Ledger, today: datetime.date, attested_before: int | None = None) -> list[LedgerTask]:
    """Raise the tasks the ledger calls for on ``today``; returns those raised. Runs inside the caller's transaction
    (an attestation) or on its own (the daily run).

    - Bank account: the attested balance is above 15 % of the year's prisbasbelopp (equal is not above), and it
      has just crossed it (``attested_before`` at or below) or the ledger has never had the task; none open.
    - God man, once per ledger: the administration has lasted ``guardian_months()``, or a bank-account task has
      stayed open ``surplus_months()`` with the balance still above the threshold.
    """
    if ledger.closed_on is not None:
        return []
    raised = []
    threshold = threshold_for(today)
    above = threshold is not None and ledger.attested_balance > threshold
    tasks = list(ledger.tasks.all())
    open_bank = next((t for t in tasks if t.kind == LedgerTask.Kind.BANK_ACCOUNT and t.is_open), None)
    had_bank = any(t.kind == LedgerTask.Kind.BANK_ACCOUNT for t in tasks)
    crossed = above and attested_before is not None and attested_before <= threshold
    if above and open_bank is None and (crossed or not had_bank):
        open_bank = _raise(ledger, LedgerTask.Kind.BANK_ACCOUNT, LedgerTask.Reason.THRESHOLD, today, threshold)
        raised.append(open_bank)
    if not any(t.kind == LedgerTask.Kind.GUARDIAN for t in tasks):
        if today >= add_months(ledger.opened_on, guardian_months()):
            raised.append(_raise(ledger, LedgerTask.Kind.GUARDIAN, LedgerTask.Reason.LONG, today, threshold))
        elif above and open_bank is not None and today >= add_months(open_bank.raised_on, surplus_months()):
            raised.append(_raise(ledger, LedgerTask.Kind.GUARDIAN, LedgerTask.Reason.SURPLUS, today, threshold))
    return raised


def tasks_check_all(*, today: datetime.date) -> int:
    """The daily run over every open ledger; each ledger in its own transaction. Returns how many tasks were raised."""
    count = 0
    for pk in Ledger.objects.open().order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            ledger = Ledger.objects.select_for_update().select_related("unit").get(pk=pk)
            count += len(tasks_check(ledger=ledger, today=today))
    return count


@transaction.atomic
def task_resolve(
    *, actor, task: LedgerTask, outcome: str, integrity_confirmed: bool = False, today: datetime.date | None = None
) -> LedgerTask:
    """Record what was done about a task (the account opened, the person declined, a guardian applied for …)."""
    today = today or timezone.localdate()
    task = LedgerTask.objects.select_for_update().select_related("ledger__unit").get(pk=task.pk)
    if task.resolved_on is not None:
        raise ValidationError({"outcome": _("Uppgiften är redan klar.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Skriv vad som gjordes.")})
    guard.check_texts(task.ledger.unit, {"outcome": outcome}, confirmed=integrity_confirmed)
    task.resolved_on, task.resolved_by, task.outcome = today, actor, outcome
    task.save(update_fields=["resolved_on", "resolved_by", "outcome"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=task,
        changes={"resolved_on": (None, today), "outcome": ("", outcome)},
        unit=task.ledger.unit,
    )
    return task


# --- Prisbasbelopp ------------------------------------------------------------------------------------


@transaction.atomic
def base_amount_save(*, actor, year: int, amount: int) -> BaseAmount:
    """Enter or correct a year's prisbasbelopp (whole kronor)."""
    errors = {}
    if not 2000 <= year <= 2999:
        errors["year"] = _("Skriv ett år mellan 2000 och 2999.")
    if not 1 <= amount <= 10_000_000:
        errors["amount"] = _("Skriv prisbasbeloppet i hela kronor.")
    if errors:
        raise ValidationError(errors)
    row = BaseAmount.objects.filter(year=year).first()
    if row is None:
        row = BaseAmount.objects.create(year=year, amount=amount)
        audit.record_created(actor=actor, obj=row, fields=["year", "amount"])
    elif row.amount != amount:
        before = row.amount
        row.amount = amount
        row.save(update_fields=["amount"])
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=row, changes={"amount": (before, amount)})
    return row
