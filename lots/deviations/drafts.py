"""Unsent deviation reports kept on the server (lots.deviations.models.ReportDraft).

A person writing a report may be interrupted: the page saves what was typed here (the form's "Spara utkast" button,
and the page's script every half minute while typing and when the page is left), and the report form offers it back
the next time, on any computer, until the report is sent or the person starts over. Attachments are never kept in a
draft. Each save is audited without its text (lots.audit keeps only the length of free text).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.deviations.models import ReportDraft
from lots.lib.text import clean_input

# The report form's fields a draft keeps (not the attachment); a value longer than the form allows is cut there.
FIELDS = ("unit", "category", "occurred_at", "description", "immediate_action", "possible_lex_sarah", "case_reference")
LONGEST = 20000
# A draft left untouched this long is removed by the daily run.
KEEP_DAYS = 30
TRUE = {"on", "true", "1", "yes"}


def clean(data) -> dict[str, str]:
    """The draft's part of a submitted form (a QueryDict or dict), as short strings."""
    # Control characters are dropped as the form would (PostgreSQL's jsonb refuses a NUL).
    return {name: clean_input(str(data.get(name, "")))[:LONGEST] for name in FIELDS if name in data}


def initial(draft: ReportDraft) -> dict:
    """The form's initial values from a draft (the checkbox as a boolean)."""
    values = {name: value for name, value in draft.data.items() if name in FIELDS}
    if "possible_lex_sarah" in values:
        values["possible_lex_sarah"] = str(values["possible_lex_sarah"]).lower() in TRUE
    return values


def has_text(data: dict) -> bool:
    return any(str(data.get(name, "")).strip() for name in ("description", "immediate_action"))


def of(user) -> ReportDraft | None:
    draft = ReportDraft.objects.filter(user=user).first()
    if draft is not None and draft.saved_at < timezone.now() - datetime.timedelta(days=KEEP_DAYS):
        return None
    return draft


@transaction.atomic
def report_draft_save(*, actor, data) -> ReportDraft | None:
    """Keep what the person has typed so far. A draft without any text is not kept (and an older one is removed)."""
    values = clean(data)
    if not has_text(values):
        report_draft_discard(actor=actor)
        return None
    draft, created = ReportDraft.objects.update_or_create(user=actor, defaults={"data": values, "saved_at": timezone.now()})
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    # Which fields were kept, never what they say (the draft's text is case data).
    note = "Fält: " + ", ".join(sorted(name for name, value in values.items() if value.strip()))
    audit.record(actor=actor, action=action, obj=draft, note=note)
    return draft


@transaction.atomic
def report_draft_discard(*, actor) -> None:
    for draft in ReportDraft.objects.filter(user=actor):
        audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=draft)
        draft.delete()


def remove_stale(today: datetime.date) -> int:
    """Remove the drafts untouched for ``KEEP_DAYS`` (the daily run); the count removed."""
    limit = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=KEEP_DAYS), datetime.time()))
    removed = 0
    for draft in ReportDraft.objects.filter(saved_at__lt=limit):
        with transaction.atomic():
            audit.record(actor=None, action=AuditEntry.Action.DELETE, obj=draft, note="Utkastet var orört i 30 dagar")
            draft.delete()
            removed += 1
    return removed
