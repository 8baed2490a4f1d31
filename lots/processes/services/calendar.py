"""Writes to the yearly calendar: rules, the dated tasks they generate, marking tasks done, and feeds."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import update_versioned
from lots.lib.dates import clamp_day
from lots.organisation.models import Municipality, Unit
from lots.processes.models import CalendarFeed, CalendarRule, CalendarTask

SEED_FILE = Path(__file__).resolve().parent.parent / "seeds" / "calendar.yaml"
RULE_FIELDS = [
    "unit",
    "per_unit_kind",
    "title",
    "description",
    "month",
    "day",
    "recurrence",
    "responsible_role",
    "phase",
    "remind_days_before",
    "active",
    "source",
    "link",
]


def _check_rule(data: dict) -> None:
    if not 1 <= int(data.get("month") or 0) <= 12:
        raise ValidationError({"month": _("Välj en månad.")})
    if not 1 <= int(data.get("day") or 0) <= 31:
        raise ValidationError({"day": _("Ange en dag mellan 1 och 31.")})
    unit = data.get("unit")
    if unit is not None and not unit.is_open:
        raise ValidationError({"unit": _("Enheten är stängd.")})
    kind = data.get("per_unit_kind")
    if kind and unit is not None and Unit.KIND_ORDER.index(kind) < Unit.KIND_ORDER.index(unit.kind):
        raise ValidationError({"per_unit_kind": _("Välj en typ av enhet som ligger under enheten ovan.")})


def occurrences(rule: CalendarRule, year: int) -> list[datetime.date]:
    """The rule's dates in ``year``; a day past the month's end falls on its last day."""
    if rule.recurrence == CalendarRule.Recurrence.MONTHLY:
        months = range(1, 13)
    elif rule.recurrence == CalendarRule.Recurrence.QUARTERLY:
        months = sorted(((rule.month - 1 + 3 * k) % 12) + 1 for k in range(4))
    else:
        months = [rule.month]
    return [clamp_day(year, month, rule.day) for month in months]


def target_units(rule: CalendarRule) -> list[Unit]:
    if not rule.per_unit_kind:
        return [rule.unit] if rule.unit.is_open else []
    return list(Unit.objects.open().subtree(rule.unit).filter(kind=rule.per_unit_kind).order_by("path"))


def _generate(rule: CalendarRule, year: int, actor, *, from_date: datetime.date | None = None) -> list[CalendarTask]:
    if not rule.active:
        return []
    created: list[CalendarTask] = []
    existing = set(CalendarTask.objects.filter(rule=rule, due_date__year=year).values_list("unit_id", "due_date"))
    for unit in target_units(rule):
        for due in occurrences(rule, year):
            if (unit.pk, due) in existing or (from_date and due < from_date):
                continue
            task = CalendarTask.objects.create(
                rule=rule,
                unit=unit,
                title=rule.title,
                description=rule.description,
                due_date=due,
                responsible_role=rule.responsible_role,
                phase=rule.phase,
            )
            created.append(task)
    if created:
        audit.record(
            actor=actor,
            action="create",
            obj=rule,
            unit=rule.unit,
            changes={"tasks": (None, [f"{t.due_date.isoformat()} {t.unit.name}" for t in created])},
            note=f"Uppgifter för {year} skapade",
        )
    return created


@transaction.atomic
def calendar_generate(*, actor, municipality: Municipality, year: int) -> list[CalendarTask]:
    """Create the year's tasks from every active rule of the municipality. Safe to repeat: nothing is created twice."""
    created: list[CalendarTask] = []
    for rule in CalendarRule.objects.filter(unit__municipality=municipality, active=True).select_related("unit"):
        created.extend(_generate(rule, year, actor))
    return created


@transaction.atomic
def rule_generate(*, actor, rule: CalendarRule, year: int) -> list[CalendarTask]:
    """Create one rule's tasks for ``year``; what exists is left alone."""
    return _generate(rule, year, actor)


@transaction.atomic
def rule_create(*, actor, **data) -> CalendarRule:
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown rule fields: {sorted(unknown)}")
    _check_rule(data)
    rule = CalendarRule.objects.create(**data)
    audit.record_created(actor=actor, obj=rule, fields=[f for f in RULE_FIELDS if f in data])
    today = timezone.localdate()
    _generate(rule, today.year, actor, from_date=today)
    return rule


@transaction.atomic
def rule_update(*, actor, rule: CalendarRule, expected_version: int | None, **data) -> dict:
    """Change a rule. Open future tasks of this year are replaced by the new schedule; done and past ones stay."""
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown rule fields: {sorted(unknown)}")
    _check_rule({f: data.get(f, getattr(rule, f)) for f in RULE_FIELDS})
    changes = update_versioned(rule, actor=actor, data=data, expected_version=expected_version)
    schedule = {
        "unit",
        "per_unit_kind",
        "title",
        "description",
        "month",
        "day",
        "recurrence",
        "responsible_role",
        "phase",
        "active",
    }
    if changes.keys() & schedule:
        today = timezone.localdate()
        stale = CalendarTask.objects.filter(rule=rule, done_at__isnull=True, due_date__gte=today)
        removed = [f"{t.due_date.isoformat()} {t.unit}" for t in stale.select_related("unit")]
        if removed:
            stale.delete()
            audit.record(
                actor=actor,
                action="delete",
                obj=rule,
                unit=rule.unit,
                changes={"tasks": (removed, None)},
                note="Kommande uppgifter ersatta",
            )
        _generate(rule, today.year, actor, from_date=today)
    return changes


@transaction.atomic
def task_complete(*, actor, task: CalendarTask, note: str = "") -> CalendarTask:
    if task.is_done:
        raise ValidationError(_("Uppgiften är redan markerad som klar."))
    update_versioned(
        task,
        actor=actor,
        data={"done_at": timezone.now(), "done_by": actor, "done_note": note.strip()[:500]},
        expected_version=None,
        action="transition",
        note="Klar",
    )
    return task


@transaction.atomic
def task_reopen(*, actor, task: CalendarTask) -> CalendarTask:
    if not task.is_done:
        raise ValidationError(_("Uppgiften är inte markerad som klar."))
    update_versioned(
        task,
        actor=actor,
        data={"done_at": None, "done_by": None, "done_note": ""},
        expected_version=None,
        action="transition",
        note="Inte klar",
    )
    return task


def seed_rows() -> list[dict]:
    return yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def calendar_seed(*, actor, municipality: Municipality) -> list[CalendarRule]:
    """Add the rules the seeds name (seeds/calendar.yaml); a rule with the same title is not added twice."""
    top = Unit.objects.filter(municipality=municipality, depth=0).order_by("path").first()
    administration = (
        Unit.objects.open().filter(municipality=municipality, kind=Unit.Kind.FORVALTNING).order_by("path").first() or top
    )
    if top is None:
        raise ValidationError(_("Kommunen har inga enheter än."))
    existing = set(CalendarRule.objects.filter(unit__municipality=municipality).values_list("title", flat=True))
    created = []
    for row in seed_rows():
        if row["title"] in existing:
            continue
        row = dict(row)
        row["unit"] = top if row.pop("unit") == "top" else administration
        row.setdefault("per_unit_kind", "")
        created.append(rule_create(actor=actor, **row))
    return created


@transaction.atomic
def calendar_tasks_complete_by_module(*, actor, link: str, unit: Unit, year: int) -> int:
    """Mark the open calendar tasks of rules linked to ``link`` for ``unit`` in ``year`` as done (the module did the work)."""
    now = timezone.now()
    done = 0
    tasks = CalendarTask.objects.filter(rule__link=link, unit=unit, due_date__year=year, done_at__isnull=True)
    for task in tasks.select_for_update():
        task.done_at = now
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
        audit.record(actor=actor, action="update", obj=task, changes={"done_at": (None, now)}, note=f"Klar genom {link}")
        done += 1
    return done


@transaction.atomic
def feed_create(*, actor) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for ``actor``; any earlier one stops working. Returns the row and the key, shown once."""
    now = timezone.now()
    for old in CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True):
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="update", obj=old, changes={"revoked_at": (None, now)}, note="Kalenderadress ersatt")
    key = CalendarFeed.generate_key()
    feed = CalendarFeed.objects.create(user=actor, key_hash=CalendarFeed.hash_key(key), hint=key[:6])
    audit.record(actor=actor, action="create", obj=feed, note="Kalenderadress skapad")
    return feed, key


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> None:
    if feed.revoked_at is not None:
        return
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor, action="update", obj=feed, changes={"revoked_at": (None, feed.revoked_at)}, note="Kalenderadress återkallad"
    )


def feed_user(key: str):
    """The active person behind a calendar key, or None."""
    if not key:
        return None
    feed = (
        CalendarFeed.objects.filter(key_hash=CalendarFeed.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None
