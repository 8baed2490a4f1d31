"""Writes to the indicators: the indicator itself, its target per year, its values per period, and freezing them.

Each write is one transaction that writes its audit entry. The rules:

- A value names its period by the period's first day, which must fit the indicator's frequency.
- An indicator split by gender needs both parts of a value, or a stated reason why they are missing (Katrineholm
  §4.3); the gap then shows wherever the indicator is shown (``Value.split_missing``).
- A value frozen in an established follow-up never changes (``FrozenValueError``).
- When a value of an indicator that belongs to a process misses the year's target, the process owner's nearest line
  manager is told by mail, once per indicator and period (§5.1: the owner informs the nearest manager about quality
  defects); the owner's task is in "Mina uppgifter" (lots.indicators.tasks) until a later value meets the target.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.access.policy import LINE_MANAGERS
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.indicators import sources
from lots.indicators.models import Indicator, Target, Value
from lots.indicators.periods import Period, is_period_start, period_of, periods_in_year
from lots.notifications.services import render_mail, send_once
from lots.organisation.models import Unit

EDITABLE = {
    "name",
    "definition",
    "unit_of_measure",
    "direction",
    "frequency",
    "owner",
    "source",
    "computed_key",
    "kolada_kpi",
    "split",
    "process",
    "active",
}
LARGEST = Decimal("999999999999")


class FrozenValueError(ValidationError):
    def __init__(self):
        super().__init__(_("Värdet är fastställt i en uppföljning och kan inte ändras."))


def meets(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """Whether ``value`` reaches ``target`` in the good direction; None when either is missing."""
    if value is None or target is None:
        return None
    return value >= target if direction == Indicator.Direction.UP else value <= target


# --- Indicators -----------------------------------------------------------------------------------


def _check_indicator(data: dict, unit: Unit) -> dict:
    errors = {}
    if "name" in data and not (data["name"] or "").strip():
        errors["name"] = _("Skriv vad nyckeltalet heter.")
    if "unit_of_measure" in data and not (data["unit_of_measure"] or "").strip():
        errors["unit_of_measure"] = _("Skriv måttets enhet, till exempel %, antal eller dagar.")
    source = data.get("source")
    if source == Indicator.Source.COMPUTED and sources.get(data.get("computed_key") or "") is None:
        errors["computed_key"] = _("Välj vad Lots ska beräkna nyckeltalet ur.")
    if source == Indicator.Source.KOLADA:
        kpi = (data.get("kolada_kpi") or "").strip().upper()
        if not kpi:
            errors["kolada_kpi"] = _("Skriv Kolada-nyckeltalets id, till exempel N00945.")
        elif data.get("frequency") not in (None, Indicator.Frequency.YEAR):
            errors["frequency"] = _("Kolada har ett värde per år: välj frekvensen år.")
    owner = data.get("owner")
    if "owner" in data and (owner is None or not owner.is_active or not access.has_role_in(owner, unit.municipality_id)):
        errors["owner"] = _("Välj en aktiv person med en roll i kommunen som ansvarig.")
    process = data.get("process")
    if process is not None and process.municipality_id != unit.municipality_id:
        errors["process"] = _("Välj en process i samma kommun.")
    if errors:
        raise ValidationError(errors)
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    if source is not None:
        cleaned["computed_key"] = cleaned.get("computed_key", "") if source == Indicator.Source.COMPUTED else ""
        cleaned["kolada_kpi"] = cleaned.get("kolada_kpi", "").upper() if source == Indicator.Source.KOLADA else ""
    return cleaned


def _check_goals(goals, unit: Unit) -> list:
    goals = list(goals)
    if any(goal.unit.municipality_id != unit.municipality_id for goal in goals):
        raise ValidationError({"goals": _("Välj resultatmål i samma kommun.")})
    return goals


@transaction.atomic
def indicator_create(
    *,
    actor,
    unit: Unit,
    name: str,
    unit_of_measure: str,
    owner,
    definition: str = "",
    direction: str = Indicator.Direction.UP,
    frequency: str = Indicator.Frequency.MONTH,
    source: str = Indicator.Source.MANUAL,
    computed_key: str = "",
    kolada_kpi: str = "",
    split: str = Indicator.Split.NONE,
    process=None,
    goals=(),
) -> Indicator:
    data = _check_indicator(
        {
            "name": name,
            "definition": definition,
            "unit_of_measure": unit_of_measure,
            "direction": direction,
            "frequency": frequency,
            "owner": owner,
            "source": source,
            "computed_key": computed_key,
            "kolada_kpi": kolada_kpi,
            "split": split,
            "process": process,
        },
        unit,
    )
    goals = _check_goals(goals, unit)
    indicator = Indicator.objects.create(municipality=unit.municipality, unit=unit, **data)
    if goals:
        indicator.goals.set(goals)
    audit.record_created(
        actor=actor, obj=indicator, fields=["name", "unit", "source", "computed_key", "split", "frequency"], unit=unit
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, expected_version: int | None, goals=None, **data) -> dict:
    """Change what the indicator is; its values stay. Raises ConcurrentEditError on a lost race."""
    unknown = set(data) - EDITABLE
    if unknown:
        raise TypeError(f"Unknown indicator fields: {sorted(unknown)}")
    merged = {
        "source": data.get("source", indicator.source),
        "computed_key": data.get("computed_key", indicator.computed_key),
        "kolada_kpi": data.get("kolada_kpi", indicator.kolada_kpi),
        "frequency": data.get("frequency", indicator.frequency),
    }
    cleaned = _check_indicator({**data, **merged}, indicator.unit)
    data = {k: cleaned[k] for k in set(data) | {"computed_key", "kolada_kpi"} if k in cleaned}
    if "frequency" in data and data["frequency"] != indicator.frequency and indicator.values.exists():
        raise ValidationError({"frequency": _("Nyckeltalet har redan värden: frekvensen kan inte ändras.")})
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    changes = update_versioned(indicator, actor=actor, data=data, expected_version=expected_version, unit=indicator.unit)
    if goals is not None:
        goals = _check_goals(goals, indicator.unit)
        before = set(indicator.goals.values_list("pk", flat=True))
        after = {g.pk for g in goals}
        if before != after:
            indicator.goals.set(goals)
            if not changes:
                Indicator.objects.filter(pk=indicator.pk).update(version=F("version") + 1)
                indicator.version += 1
            audit.record(
                actor=actor,
                action="update",
                obj=indicator,
                changes={"goals": (sorted(before), sorted(after))},
                unit=indicator.unit,
            )
            changes["goals"] = (sorted(before), sorted(after))
    return changes


# --- Targets --------------------------------------------------------------------------------------


def _decimal(value, field: str, *, required: bool = False) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: _("Fyll i ett värde.")})
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Skriv ett tal, till exempel 85 eller 12,5.")}) from None
    if not number.is_finite() or abs(number) > LARGEST:
        raise ValidationError({field: _("Skriv ett rimligt tal.")})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def target_set(*, actor, indicator: Indicator, year: int, value, expected_version: int | None = None) -> Target:
    """Set the target for a year (creating it, or changing it with the version the person saw)."""
    number = _decimal(value, "value", required=True)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Ange ett rimligt år.")})
    target = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None:
        target = Target.objects.create(indicator=indicator, year=year, value=number)
        audit.record_created(actor=actor, obj=target, fields=["year", "value"], unit=indicator.unit)
        return target
    update_versioned(target, actor=actor, data={"value": number}, expected_version=expected_version, unit=indicator.unit)
    return target


# --- Values ---------------------------------------------------------------------------------------


def check_period(indicator: Indicator, period_start: datetime.date, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if period_start is None or not is_period_start(period_start, indicator.frequency):
        raise ValidationError({"period_start": _("Välj en period som passar nyckeltalets frekvens.")})
    if period_start > today:
        raise ValidationError({"period_start": _("Perioden har inte börjat än.")})


def check_split(indicator: Indicator, female, male, reason: str) -> None:
    """The gender-split rule: both parts, or a reason why not (a reason with both parts given is not needed)."""
    if not indicator.is_split:
        return
    if (female is None or male is None) and not (reason or "").strip():
        labels = _("kvinnor och män") if indicator.split == Indicator.Split.WOMEN_MEN else _("flickor och pojkar")
        message = _("Nyckeltalet redovisas för %(labels)s. Fyll i båda, eller skriv varför uppdelningen saknas.") % {
            "labels": labels
        }
        raise ValidationError({"split_missing_reason": message})


@transaction.atomic
def value_record(
    *,
    actor,
    indicator: Indicator,
    period_start: datetime.date,
    total,
    female=None,
    male=None,
    split_missing_reason: str = "",
    origin: str = Value.Origin.MANUAL,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Value:
    """Record a period's value, or change it (idempotent: the same figures again change nothing).

    Changing an existing value needs the version the person saw when ``expected_version`` is given; a frozen value
    is refused. After commit, a value that misses the year's target tells the process owner's manager."""
    check_period(indicator, period_start, today=today)
    errors = {}
    numbers = {}
    for field, raw in (("total", total), ("female", female), ("male", male)):
        try:
            numbers[field] = _decimal(raw, field, required=field == "total")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    reason = (split_missing_reason or "").strip()
    if not indicator.is_split:
        numbers["female"] = numbers["male"] = None
        reason = ""
    elif numbers["female"] is not None and numbers["male"] is not None:
        reason = ""
    check_split(indicator, numbers["female"], numbers["male"], reason)
    existing = Value.objects.select_for_update().filter(indicator=indicator, period_start=period_start).first()
    if existing is None:
        value = Value.objects.create(
            indicator=indicator,
            period_start=period_start,
            split_missing_reason=reason,
            origin=origin,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_at=timezone.now(),
            **numbers,
        )
        audit.record_created(actor=actor, obj=value, fields=["period_start", "total", "female", "male"], unit=indicator.unit)
    else:
        if existing.frozen_in_id is not None:
            raise FrozenValueError
        value = existing
        changes = update_versioned(
            value,
            actor=actor,
            data={**numbers, "split_missing_reason": reason},
            expected_version=expected_version,
            unit=indicator.unit,
        )
        if changes:
            Value.objects.filter(pk=value.pk).update(
                origin=origin, entered_by=actor if getattr(actor, "pk", None) else None, entered_at=timezone.now()
            )
            value.origin = origin
    day = today or timezone.localdate()
    transaction.on_commit(lambda: notify_if_off_target(value.pk, today=day), robust=True)
    return value


def nearest_manager(indicator: Indicator):
    """The line manager nearest the indicator's unit who is not the process owner (moving up until one is found)."""
    owner_id = indicator.process.owner_id if indicator.process_id else None
    for assignment in access.assignments_on_path(indicator.unit, roles=LINE_MANAGERS):
        if assignment.user_id != owner_id and assignment.user.is_active:
            return assignment.user
    return None


def notify_if_off_target(value_id: int, *, today: datetime.date | None = None) -> bool:
    """Tell the process owner's nearest manager that a recorded value missed the year's target (see ``tell_manager``)."""
    value = Value.objects.select_related("indicator__unit", "indicator__process__owner").filter(pk=value_id).first()
    if value is None:
        return False
    target = Target.objects.filter(indicator=value.indicator, year=value.period_start.year).first()
    return tell_manager(value.indicator, value.period_start, value.total, target.value if target else None, today=today)


def tell_manager(indicator: Indicator, period_start: datetime.date, total, target, *, today: datetime.date | None = None) -> bool:
    """Mail the process owner's nearest manager when ``total`` misses ``target``; once per indicator, period and
    manager. Indicators that belong to no process tell nobody (their owner sees them on the pages), and neither does
    a value filled in for an older period: only the current period and the last ended one are news."""
    if indicator.process_id is None or meets(total, target, indicator.direction) is not False:
        return False
    current = period_of(today or timezone.localdate(), indicator.frequency)
    if period_start < period_of(current.start - datetime.timedelta(days=1), indicator.frequency).start:
        return False
    manager = nearest_manager(indicator)
    if manager is None:
        return False
    period = Period(period_start, indicator.frequency)
    link = settings.SITE_URL + indicator.get_absolute_url()
    subject, body = render_mail(
        "indicators/mail/off_target.txt",
        {"indicator": indicator, "total": total, "target": target, "period": period, "link": link, "manager": manager},
    )
    return send_once(
        key=f"indicator:{indicator.pk}:off-target:{period_start:%Y-%m}:{manager.pk}",
        to=manager.email,
        subject=subject,
        body=body,
        link=link,
    )


# --- Freezing -------------------------------------------------------------------------------------


@transaction.atomic
def freeze_values(*, follow_up, actor, today: datetime.date | None = None) -> int:
    """Freeze the values of the follow-up's unit (with the units below) and year, up to the follow-up's period.

    Computed values are computed now and stored; every value of those periods not yet frozen is marked frozen in
    ``follow_up``. Called inside the follow-up's establish service. Returns the number of values frozen."""
    from lots.indicators.selectors import live_figures, plan_indicators

    today = today or timezone.localdate()
    last_day = follow_up.period_end
    frozen = 0
    for indicator in plan_indicators(follow_up.unit, follow_up.year):
        periods = [p for p in periods_in_year(follow_up.year, indicator.frequency) if p.last_day <= last_day]
        if not periods:
            continue
        stored = {
            v.period_start: v
            for v in Value.objects.select_for_update().filter(indicator=indicator, period_start__in=[p.start for p in periods])
        }
        if indicator.source in (Indicator.Source.COMPUTED, Indicator.Source.KOLADA):
            live = live_figures(indicator, [p for p in periods if p.start not in stored], today=today)
            for figure in live:
                if figure["total"] is None:
                    continue
                stored[figure["period"].start] = Value.objects.create(
                    indicator=indicator,
                    period_start=figure["period"].start,
                    total=figure["total"],
                    female=figure["female"],
                    male=figure["male"],
                    split_missing_reason=figure["split_missing_reason"] if indicator.is_split else "",
                    origin=Value.Origin.COMPUTED if indicator.source == Indicator.Source.COMPUTED else Value.Origin.KOLADA,
                    entered_at=timezone.now(),
                )
        ids = [v.pk for v in stored.values() if v.frozen_in_id is None]
        if ids:
            frozen += Value.objects.filter(pk__in=ids).update(frozen_in=follow_up, version=F("version") + 1)
    audit.record(
        actor=actor,
        action="update",
        obj=follow_up,
        note=f"Nyckeltalens värden fastställda ({frozen})",
        unit=follow_up.unit,
    )
    return frozen
