"""Writes on the staff side: employments and their import, introductions, the confidentiality undertaking and the
checks at hiring. Each write is one transaction with its audit-log rows; free text is logged as its length only.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.accounts import services as accounts
from lots.accounts.models import Role, User
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.audit.versioning import update_versioned
from lots.organisation.models import Municipality, Unit
from lots.staff.models import (
    CheckKind,
    EmployeeNumber,
    Employment,
    HiringCheck,
    Introduction,
    IntroductionItem,
    ItemKind,
    TemplateItem,
    Undertaking,
    UndertakingText,
    UnitStaffSetting,
)

ENDED_REASON = "avslutad anställning"
# Employments that started longer ago than this when they are first imported are taken as introduced before Lots:
# they get no introduction or hiring checks (the first import of a whole HR register would otherwise open hundreds).
LOOKBACK_DAYS = getattr(settings, "LOTS_STAFF_INTRODUCTION_LOOKBACK_DAYS", 180)
# The other hiring checks are due this many days after the start; the record check at a unit that works with
# children is due on the start date itself.
CHECK_DAYS = 14

# Used when neither the unit nor a unit above it has an introduction template.
DEFAULT_ITEMS = [
    (ItemKind.THEORY, "Genomgång av sekretess, tystnadsplikt och GDPR", 7),
    (ItemKind.THEORY, "Verksamhetens uppdrag, mål och ledningssystem", 14),
    (ItemKind.THEORY, "Avvikelser, lex Sarah och synpunkter: så rapporterar du", 14),
    (ItemKind.PRACTICE, "Arbetsmiljö, brandskydd och säkerhet på arbetsplatsen", 7),
    (ItemKind.PRACTICE, "Praktisk introduktion tillsammans med introduktören", 30),
]


def works_with_children(unit: Unit) -> bool:
    return UnitStaffSetting.objects.filter(unit=unit, works_with_children=True).exists()


def template_for(unit: Unit) -> list[TemplateItem]:
    """The template items of ``unit``, or of the nearest unit above it that has any; [] when none has."""
    items = list(TemplateItem.objects.filter(unit_id__in=unit.ancestor_ids()).select_related("routine", "unit"))
    for unit_id in reversed(unit.ancestor_ids()):
        own = [item for item in items if item.unit_id == unit_id]
        if own:
            return own
    return []


def _start_records(employment: Employment, *, actor) -> Introduction:
    """The introduction from the unit's template and the hiring checks, for a new employment."""
    start = employment.starts_on
    introduction = Introduction.objects.create(employment=employment, unit=employment.unit)
    template = template_for(employment.unit)
    if template:
        items = [
            IntroductionItem(
                introduction=introduction,
                kind=t.kind,
                title=t.title if not t.routine_id else "",
                routine=t.routine,
                due_on=start + datetime.timedelta(days=t.due_days),
                position=i,
            )
            for i, t in enumerate(template)
        ]
    else:
        items = [
            IntroductionItem(
                introduction=introduction, kind=kind, title=title, due_on=start + datetime.timedelta(days=days), position=i
            )
            for i, (kind, title, days) in enumerate(DEFAULT_ITEMS)
        ]
    IntroductionItem.objects.bulk_create(items)
    children = works_with_children(employment.unit)
    HiringCheck.objects.bulk_create(
        HiringCheck(
            employment=employment,
            unit=employment.unit,
            kind=kind,
            required_before_start=children and kind == CheckKind.RECORD_EXTRACT,
            due_on=start if children and kind == CheckKind.RECORD_EXTRACT else start + datetime.timedelta(days=CHECK_DAYS),
        )
        for kind in CheckKind.values
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=introduction,
        changes={"items": (None, len(items)), "checks": (None, len(CheckKind.values))},
        note="Introduktion och kontroller startade",
    )
    return introduction


def _close_records(employment: Employment, *, actor) -> int:
    """Open introduction items and pending checks of an ended employment closed as "avslutad anställning"; nothing
    deleted. Returns how many were closed."""
    now = timezone.now()
    items = IntroductionItem.objects.filter(
        introduction__employment=employment, done_at__isnull=True, closed_at__isnull=True
    ).update(closed_at=now, closed_reason=ENDED_REASON)
    checks = HiringCheck.objects.filter(employment=employment, status=HiringCheck.Status.PENDING).update(
        status=HiringCheck.Status.CLOSED, closed_at=now
    )
    introduced = Introduction.objects.filter(employment=employment, status=Introduction.Status.OPEN).update(
        status=Introduction.Status.CLOSED, closed_at=now
    )
    if items or checks or introduced:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=employment,
            changes={"closed_items": (None, items), "closed_checks": (None, checks)},
            note="Introduktion och kontroller stängda: avslutad anställning",
        )
    return items + checks


def _has_ended(employment: Employment, today: datetime.date) -> bool:
    return employment.ends_on is not None and employment.ends_on < today


@transaction.atomic
def employment_start(
    *,
    actor,
    person: User,
    unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    title: str = "",
    external_id: str = "",
    start_records: bool | None = None,
    today: datetime.date | None = None,
) -> Employment:
    """A new employment; it starts the introduction and the hiring checks unless it has ended already or started
    more than ``LOOKBACK_DAYS`` ago (``start_records`` decides instead when given)."""
    today = today or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Slutdatumet ligger före startdatumet.")})
    employment = Employment.objects.create(
        person=person, unit=unit, starts_on=starts_on, ends_on=ends_on, title=title, external_id=external_id
    )
    audit.record_created(actor=actor, obj=employment, fields=["person", "starts_on", "ends_on", "title", "external_id"])
    if start_records is None:
        start_records = not _has_ended(employment, today) and starts_on >= today - datetime.timedelta(days=LOOKBACK_DAYS)
    if start_records:
        _start_records(employment, actor=actor)
    return employment


@transaction.atomic
def employment_update(
    *, actor, employment: Employment, data: dict, expected_version: int | None, today: datetime.date | None = None
) -> dict:
    """Change an employment's dates or title; an employment that has ended closes its introduction and checks."""
    today = today or timezone.localdate()
    starts_on = data.get("starts_on", employment.starts_on)
    ends_on = data.get("ends_on", employment.ends_on)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Slutdatumet ligger före startdatumet.")})
    changes = update_versioned(employment, actor=actor, data=data, expected_version=expected_version)
    if _has_ended(employment, today):
        _close_records(employment, actor=actor)
    return changes


def employments_close_ended(*, today: datetime.date, actor=None) -> int:
    """Close the introductions and checks of employments that ended before ``today`` (the daily run)."""
    ended = Employment.objects.filter(ends_on__lt=today).filter(
        introduction__status=Introduction.Status.OPEN
    ) | Employment.objects.filter(ends_on__lt=today, checks__status=HiringCheck.Status.PENDING)
    closed = 0
    for employment in ended.distinct().order_by("pk"):
        with transaction.atomic():
            closed += _close_records(employment, actor=actor)
    return closed


# The import.


@dataclass
class ImportResult:
    created: list[Employment] = field(default_factory=list)
    updated: list[Employment] = field(default_factory=list)
    unchanged: int = 0
    people_created: list[User] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "people_created": len(self.people_created),
        }


def _username_for(row: dict) -> str:
    base = row["username"] or row["email"].split("@")[0] or f"{row['first_name']}.{row['last_name']}".lower()
    base = "".join(c for c in base if c.isalnum() or c in "._-@+")[:140] or "anstalld"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def employments_import(*, actor, rows: list[dict], today: datetime.date | None = None) -> ImportResult:
    """Import validated rows (lots.staff.importing.validate) all or nothing.

    A row matches an existing employment by the HR system's id on its unit, else by person, unit and start date;
    a matched row updates what differs and an identical row changes nothing, so importing the same file twice
    changes nothing the second time. New people (rows with ``new_person``) get an account and the medarbetare role
    on the unit; their employee number is kept so the next import matches them by it.
    """
    today = today or timezone.localdate()
    result = ImportResult()
    created_people: dict[str, User] = {}
    for row in rows:
        person = row["person"]
        if person is None:
            spec = row["new_person"]
            key = spec["key"]
            person = created_people.get(key)
            if person is None:
                person = accounts.person_create(
                    actor=actor,
                    username=_username_for(spec),
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                    email=spec["email"],
                )
                accounts.role_assign(actor=actor, user=person, role=Role.MEDARBETARE, unit=row["unit"], include_subunits=False)
                created_people[key] = person
                result.people_created.append(person)
        number = row["employee_number"]
        if number and not EmployeeNumber.objects.filter(person=person).exists():
            if EmployeeNumber.objects.filter(number=number).exclude(person=person).exists():
                raise ValidationError(
                    _("Rad %(line)s: anställningsnumret %(n)s tillhör någon annan.") % {"line": row["line"], "n": number}
                )
            EmployeeNumber.objects.create(person=person, number=number)
        existing = _matching(row, person)
        if existing is None:
            result.created.append(
                employment_start(
                    actor=actor,
                    person=person,
                    unit=row["unit"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    title=row["title"],
                    external_id=row["external_id"],
                    today=today,
                )
            )
            continue
        data = {
            name: row[name]
            for name in ("starts_on", "ends_on", "title", "external_id")
            if getattr(existing, name) != row[name] and (name not in ("title", "external_id") or row[name])
        }
        if existing.person_id != person.pk:
            raise ValidationError(
                _("Rad %(line)s: id %(id)s hör till en annan persons anställning.")
                % {"line": row["line"], "id": row["external_id"]}
            )
        if data:
            employment_update(actor=actor, employment=existing, data=data, expected_version=existing.version, today=today)
            result.updated.append(existing)
        else:
            result.unchanged += 1
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        changes={key: (None, value) for key, value in result.as_dict().items()},
        note="Import av anställningar",
    )
    return result


def _matching(row: dict, person: User) -> Employment | None:
    """By the HR system's id on the unit; else (also for an employment first imported without the id) by person,
    unit and start date."""
    if row["external_id"]:
        found = Employment.objects.filter(unit=row["unit"], external_id=row["external_id"]).first()
        if found is not None:
            return found
        return Employment.objects.filter(person=person, unit=row["unit"], starts_on=row["starts_on"], external_id="").first()
    return Employment.objects.filter(person=person, unit=row["unit"], starts_on=row["starts_on"]).first()


# Introductions.


@transaction.atomic
def introduction_set_introducer(*, actor, introduction: Introduction, introducer: User | None, expected_version: int) -> dict:
    return update_versioned(introduction, actor=actor, data={"introducer": introducer}, expected_version=expected_version)


@transaction.atomic
def item_tick(*, actor, item: IntroductionItem, done: bool) -> IntroductionItem:
    """Tick (or untick) an item. A routine item is ticked by reading the routine, never by hand; a closed item
    stays closed."""
    item = IntroductionItem.objects.select_for_update().get(pk=item.pk)
    if item.kind == ItemKind.ROUTINE:
        raise ValidationError(_("Ett rutinmoment bockas av när du har läst och bekräftat rutinen."))
    if item.closed_at is not None:
        raise ValidationError(_("Momentet är stängt: anställningen har avslutats."))
    if done == (item.done_at is not None):
        return item
    before = item.done_at
    item.done_at = timezone.now() if done else None
    item.done_by = actor if done else None
    item.save(update_fields=["done_at", "done_by"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=item,
        unit=item.introduction.unit,
        changes={"done_at": (before, item.done_at)},
    )
    return item


@transaction.atomic
def template_item_add(*, actor, unit: Unit, kind: str, title: str, routine, due_days: int) -> TemplateItem:
    if kind == ItemKind.ROUTINE and routine is None:
        raise ValidationError({"routine": _("Välj vilken rutin som ska läsas.")})
    if kind != ItemKind.ROUTINE and not title.strip():
        raise ValidationError({"title": _("Skriv vad momentet gäller.")})
    if (
        routine is not None
        and not routine.units.filter(pk__in=unit.ancestor_ids()).exists()
        and not routine.units.filter(path__startswith=unit.path).exists()
    ):
        raise ValidationError({"routine": _("Rutinen gäller inte för enheten.")})
    position = (TemplateItem.objects.filter(unit=unit).aggregate(m=Max("position"))["m"] or 0) + 1
    item = TemplateItem.objects.create(
        unit=unit,
        kind=kind,
        title="" if kind == ItemKind.ROUTINE else title.strip(),
        routine=routine if kind == ItemKind.ROUTINE else None,
        due_days=due_days,
        position=position,
    )
    audit.record_created(actor=actor, obj=item, fields=["kind", "title", "routine", "due_days"], unit=unit)
    return item


@transaction.atomic
def template_item_remove(*, actor, item: TemplateItem) -> None:
    """Remove an item from the template; introductions already started keep their copy."""
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=item, unit=item.unit, changes={"kind": (item.kind, None)})
    item.delete()


@transaction.atomic
def unit_setting_save(*, actor, unit: Unit, works_with_children: bool, expected_version: int | None) -> UnitStaffSetting:
    setting, created = UnitStaffSetting.objects.get_or_create(unit=unit)
    if created:
        expected_version = setting.version
    update_versioned(
        setting, actor=actor, data={"works_with_children": works_with_children}, expected_version=expected_version, unit=unit
    )
    # Record checks not yet done follow the setting: required before the start at a unit working with children.
    pending = HiringCheck.objects.filter(unit=unit, kind=CheckKind.RECORD_EXTRACT, status=HiringCheck.Status.PENDING)
    for check in pending.select_related("employment"):
        start = check.employment.starts_on
        HiringCheck.objects.filter(pk=check.pk).update(
            required_before_start=works_with_children,
            due_on=start if works_with_children else start + datetime.timedelta(days=CHECK_DAYS),
        )
    return setting


# The confidentiality undertaking.


def current_text(municipality: Municipality) -> UndertakingText | None:
    return UndertakingText.objects.filter(municipality=municipality).order_by("-version").first()


@transaction.atomic
def undertaking_text_publish(*, actor, municipality: Municipality, body: str) -> UndertakingText:
    """A new version of the municipality's undertaking text; earlier versions are kept as they were."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Skriv förbindelsens text.")})
    latest = UndertakingText.objects.select_for_update().filter(municipality=municipality).order_by("-version").first()
    if latest is not None and latest.body == body:
        raise ValidationError({"body": _("Texten är densamma som den gällande versionen.")})
    text = UndertakingText.objects.create(
        municipality=municipality, version=(latest.version + 1) if latest else 1, body=body, published_by=actor
    )
    audit.record_created(
        actor=actor,
        obj=text,
        fields=["version", "body"],
        unit=Unit.objects.filter(municipality=municipality, parent__isnull=True).first(),
    )
    return text


@transaction.atomic
def undertaking_sign(*, actor, employment: Employment) -> Undertaking:
    """The employee confirms the municipality's current undertaking text themselves; nobody can sign for them."""
    if actor.pk != employment.person_id:
        raise PermissionDenied(_("Bara den anställda själv kan bekräfta förbindelsen."))
    text = current_text(employment.unit.municipality)
    if text is None:
        raise ValidationError(_("Kommunen har ingen text för förbindelsen ännu. Kontakta din chef."))
    try:
        with transaction.atomic():
            undertaking = Undertaking.objects.create(employment=employment, unit=employment.unit, text=text, signed_by=actor)
    except IntegrityError:
        raise ValidationError(_("Du har redan bekräftat den här versionen av förbindelsen.")) from None
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=undertaking,
        changes={"version": (None, text.version)},
        note="Sekretessförbindelse bekräftad",
    )
    return undertaking


# Checks at hiring.


@transaction.atomic
def check_record(
    *,
    actor,
    check: HiringCheck,
    done_on: datetime.date,
    expected_version: int,
    extract_type: str = "",
    outcome: str = "",
    today: datetime.date | None = None,
) -> HiringCheck:
    """Record that a check was made, when and by ``actor``. For the criminal-record check: that the extract was
    shown, its type and the outcome; the extract itself is never kept."""
    today = today or timezone.localdate()
    if check.status == HiringCheck.Status.CLOSED:
        raise ValidationError(_("Anställningen har avslutats; kontrollen är stängd."))
    errors = {}
    if done_on > today:
        errors["done_on"] = _("Datumet ligger i framtiden.")
    if check.kind == CheckKind.RECORD_EXTRACT:
        if not extract_type:
            errors["extract_type"] = _("Välj vilken typ av registerutdrag som visades.")
        if not outcome:
            errors["outcome"] = _("Välj utfallet av kontrollen.")
    elif extract_type or outcome:
        errors["__all__"] = _("Typ av utdrag och utfall hör bara till kontrollen av registerutdrag.")
    if errors:
        raise ValidationError(errors)
    data = {
        "status": HiringCheck.Status.DONE,
        "done_on": done_on,
        "checked_by": actor,
        "extract_type": extract_type,
        "outcome": outcome,
    }
    update_versioned(check, actor=actor, data=data, expected_version=expected_version)
    return check
