"""Writes of the access review and the log follow-up, each audited in its own transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts import sessions
from lots.accounts.models import User
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.organisation.models import Municipality, Unit
from lots.oversight.calendar_links import ACCESS_REVIEW
from lots.oversight.models import AccessReview, LogReview
from lots.processes.services.calendar import calendar_tasks_complete_by_module

NOTE_MAX = 1000


@transaction.atomic
def access_review_confirm(
    *, actor: User, unit: Unit, year: int, note: str, assignment_count: int, flagged_count: int
) -> AccessReview:
    """Record that ``actor`` reviewed the roles on ``unit`` for ``year``, with what the review showed; once per unit
    and year. The yearly calendar's access-review tasks of the unit that year are marked done."""
    if AccessReview.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("Behörigheterna för %(unit)s är redan bekräftade för %(year)s.") % {"unit": unit, "year": year})
    try:
        with transaction.atomic():
            review = AccessReview.objects.create(
                unit=unit,
                year=year,
                confirmed_by=actor,
                note=note.strip()[:500],
                assignment_count=assignment_count,
                flagged_count=flagged_count,
            )
    except IntegrityError:
        raise ValidationError(
            _("Behörigheterna för %(unit)s är redan bekräftade för %(year)s.") % {"unit": unit, "year": year}
        ) from None
    audit.record_created(actor=actor, obj=review, fields=["year", "note", "assignment_count", "flagged_count"], unit=unit)
    calendar_tasks_complete_by_module(actor=actor, link=ACCESS_REVIEW, unit=unit, year=year)
    return review


@transaction.atomic
def person_deactivate(*, actor: User, person: User, unit: Unit) -> bool:
    """Deactivate ``person``'s account: they can no longer sign in, and a session of theirs stops working. Nothing else
    changes (their roles, tokens and history stay, so the account can be opened again). Audited on ``unit``, the
    review it was done from. False when the account was already inactive."""
    if not User.objects.filter(pk=person.pk, is_active=True).update(is_active=False):
        return False
    person.is_active = False
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=person,
        unit=unit,
        changes={"is_active": (True, False)},
        note="Konto inaktiverat i behörighetsuppföljningen",
    )
    # The update bypasses the model's save, so its sessions are ended here, at once and in the session list.
    sessions.sessions_end_all(actor=actor, person=person, note="Kontot inaktiverades i behörighetsuppföljningen")
    return True


def month_has_ended(year: int, month: int, today: datetime.date) -> bool:
    return (year, month) < (today.year, today.month)


@transaction.atomic
def log_review_sign(
    *,
    actor: User,
    municipality: Municipality,
    year: int,
    month: int,
    note: str,
    read_count: int,
    sample_count: int,
    anomaly_count: int,
) -> LogReview:
    """Sign off the follow-up of ``municipality``'s access log for a month that has ended, with what it showed.

    Once signed, a month's follow-up stays as it is: a second sign-off is refused. The sign-off is itself logged, on
    the municipality's top unit.
    """
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Skriv vad du har kontrollerat och vad du kom fram till.")})
    if not month_has_ended(year, month, timezone.localdate()):
        raise ValidationError(_("En månad kan signeras först när den är slut."))
    refused = _("Logguppföljningen för %(year)s-%(month)02d är redan signerad och kan inte ändras.") % {
        "year": year,
        "month": month,
    }
    if LogReview.objects.filter(municipality=municipality, year=year, month=month).exists():
        raise ValidationError(refused)
    try:
        with transaction.atomic():
            review = LogReview.objects.create(
                municipality=municipality,
                year=year,
                month=month,
                signed_by=actor,
                note=note[:NOTE_MAX],
                read_count=read_count,
                sample_count=sample_count,
                anomaly_count=anomaly_count,
            )
    except IntegrityError:
        raise ValidationError(refused) from None
    top = Unit.objects.filter(municipality=municipality, depth=0).order_by("path").first()
    audit.record_created(
        actor=actor,
        obj=review,
        fields=["year", "month", "note", "read_count", "sample_count", "anomaly_count"],
        unit=top,
        note="Logguppföljning signerad",
    )
    return review
