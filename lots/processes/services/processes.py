"""Writes to processes, their activities and collaboration; each atomic and audit-logged."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.agreements.collaborations import check_link
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.lib.dates import add_years
from lots.lib.textsearch import normalise
from lots.organisation.models import Municipality
from lots.processes.models import Activity, Collaboration, Process, ProcessVersion
from lots.processes.services import collaboration as shared
from lots.processes.services.common import check_units, set_m2m, top_unit

PROCESS_FIELDS = [
    "name",
    "kind",
    "purpose",
    "starts_with",
    "ends_with",
    "parent",
    "owner",
    "review_date",
    "no_collaboration_reason",
]


def refresh_process_search(process: Process) -> None:
    parts = [process.name, process.purpose, process.starts_with, process.ends_with]
    for activity in process.activities.all():
        parts.extend([activity.name, activity.description, activity.responsible_role])
    Process.objects.filter(pk=process.pk).update(search_text=normalise(" ".join(p for p in parts if p)))


def _check_parent(process: Process | None, parent: Process | None, municipality: Municipality) -> None:
    if parent is None:
        return
    if parent.municipality_id != municipality.pk:
        raise ValidationError({"parent": _("Huvudprocessen hör till en annan kommun.")})
    node = parent
    while node is not None:
        if process is not None and node.pk == process.pk:
            raise ValidationError({"parent": _("En process kan inte ligga under sig själv eller sina egna delprocesser.")})
        node = node.parent


def _back_to_draft(process: Process, actor, what: str) -> None:
    """A change to an established process makes it a draft again; the established version stays in its history."""
    if process.status == Process.Status.ESTABLISHED:
        Process.objects.filter(pk=process.pk).update(status=Process.Status.DRAFT, version=F("version") + 1)
        process.status = Process.Status.DRAFT
        process.version += 1
        audit.record(
            actor=actor,
            action="transition",
            obj=process,
            unit=top_unit(process.units.all()),
            changes={"status": (Process.Status.ESTABLISHED, Process.Status.DRAFT)},
            note=f"Ändrad efter fastställande: {what}",
        )


@transaction.atomic
def process_create(
    *,
    actor,
    municipality: Municipality,
    name: str,
    units,
    kind: str = Process.Kind.CORE,
    owner=None,
    parent: Process | None = None,
    purpose: str = "",
    starts_with: str = "",
    ends_with: str = "",
    review_date: datetime.date | None = None,
    no_collaboration_reason: str = "",
) -> Process:
    units = check_units(units, municipality)
    _check_parent(None, parent, municipality)
    process = Process.objects.create(
        municipality=municipality,
        name=name,
        kind=kind,
        owner=owner,
        parent=parent,
        purpose=purpose,
        starts_with=starts_with,
        ends_with=ends_with,
        review_date=review_date,
        no_collaboration_reason=shared.clean_reason(no_collaboration_reason),
    )
    process.units.set(units)
    refresh_process_search(process)
    audit.record_created(actor=actor, obj=process, fields=PROCESS_FIELDS + ["units"], unit=top_unit(units))
    return process


@transaction.atomic
def process_update(*, actor, process: Process, expected_version: int | None, units=None, **data) -> dict:
    """Change a process's description; raises ConcurrentEditError on a lost race. An established process becomes a draft."""
    unknown = set(data) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown process fields: {sorted(unknown)}")
    if "parent" in data:
        _check_parent(process, data["parent"], process.municipality)
    if units is not None:
        units = check_units(units, process.municipality)
    locked = Process.objects.select_for_update().get(pk=process.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    if "owner" in data and data["owner"] is None and locked.is_established:
        raise ValidationError({"owner": _("En fastställd process har en namngiven processägare.")})
    if "no_collaboration_reason" in data:
        data["no_collaboration_reason"] = shared.clean_reason(data["no_collaboration_reason"])
    changes = update_versioned(
        process, actor=actor, data=data, expected_version=expected_version, unit=top_unit(process.units.all())
    )
    if units is not None:
        m2m: dict = {}
        set_m2m(process, "units", units, m2m)
        if m2m:
            if not changes:
                Process.objects.filter(pk=process.pk).update(version=F("version") + 1)
                process.version += 1
            audit.record(actor=actor, action="update", obj=process, changes=m2m, unit=top_unit(units))
            changes.update(m2m)
    content = set(changes) - {"owner", "review_date"}
    if content:
        _back_to_draft(process, actor, ", ".join(sorted(content)))
    refresh_process_search(process)
    return changes


def establish_problems(process: Process) -> list[str]:
    """What stands between the process and being established, as sentences for the user.

    Every process names its owner and documents its collaboration or says why none is needed (seed §1.1).
    """
    problems = []
    if not process.activities.exists():
        problems.append(_("Lägg till minst en aktivitet innan processen fastställs."))
    if process.owner_id is None:
        problems.append(_("Ange en processägare innan processen fastställs."))
    missing = shared.not_documented(process, _("Beskriv processens samverkan, eller skriv varför ingen samverkan behövs."))
    if missing:
        problems.append(missing)
    return problems


def process_snapshot(process: Process) -> dict:
    """What an established version records: the description, the steps with their routines, and collaboration."""
    return {
        "name": process.name,
        "kind": process.kind,
        "kind_display": process.get_kind_display(),
        "purpose": process.purpose,
        "starts_with": process.starts_with,
        "ends_with": process.ends_with,
        "owner": str(process.owner) if process.owner else "",
        "no_collaboration_reason": process.no_collaboration_reason,
        "parent": process.parent.name if process.parent else "",
        "units": [u.name for u in process.units.order_by("path")],
        "activities": [
            {
                "position": a.position,
                "name": a.name,
                "description": a.description,
                "responsible_role": a.responsible_role,
                "routines": [r.title for r in a.routines.order_by("title")],
            }
            for a in process.activities.order_by("position")
        ],
        "collaborations": [
            {
                "partner": c.partner,
                "kind": c.get_kind_display(),
                "purpose": c.purpose,
                "agreement": c.agreement,
                "activity": c.activity.name if c.activity else "",
            }
            for c in process.collaborations.select_related("activity")
        ],
    }


@transaction.atomic
def process_establish(*, actor, process: Process, review_date: datetime.date | None = None) -> ProcessVersion:
    """Establish the process as it stands: keep a frozen copy and set the next review (default one year on)."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    problems = establish_problems(process)
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    review_date = review_date or add_years(today, 1)
    if review_date <= today:
        raise ValidationError({"review_date": _("Nästa översyn måste ligga efter i dag.")})
    now = timezone.now()
    number = (process.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProcessVersion.objects.create(
        process=process,
        number=number,
        snapshot=process_snapshot(process),
        established_at=now,
        established_by=actor,
        review_date=review_date,
    )
    before = process.status
    Process.objects.filter(pk=process.pk).update(
        status=Process.Status.ESTABLISHED,
        established_at=now,
        established_by=actor,
        review_date=review_date,
        version=F("version") + 1,
    )
    process.refresh_from_db()
    audit.record(
        actor=actor,
        action="transition",
        obj=process,
        unit=top_unit(process.units.all()),
        changes={"status": (before, process.status), "review_date": (None, review_date)},
        note=f"Fastställd version {number}",
    )
    return version


def _activity_unit(activity: Activity):
    return top_unit(activity.process.units.all())


@transaction.atomic
def activity_create(*, actor, process: Process, name: str, description: str = "", responsible_role: str = "") -> Activity:
    position = (process.activities.aggregate(n=Max("position"))["n"] or 0) + 1
    activity = Activity.objects.create(
        process=process, position=position, name=name, description=description, responsible_role=responsible_role
    )
    audit.record_created(
        actor=actor, obj=activity, fields=["name", "position", "responsible_role"], unit=_activity_unit(activity)
    )
    _back_to_draft(process, actor, "ny aktivitet")
    refresh_process_search(process)
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, name: str, description: str, responsible_role: str) -> dict:
    data = {"name": name, "description": description, "responsible_role": responsible_role}
    changes = {k: (getattr(activity, k), v) for k, v in data.items() if getattr(activity, k) != v}
    if changes:
        for key, (_old, new) in changes.items():
            setattr(activity, key, new)
        activity.save(update_fields=list(changes))
        audit.record(actor=actor, action="update", obj=activity, changes=changes, unit=_activity_unit(activity))
        _back_to_draft(activity.process, actor, "aktivitet ändrad")
        refresh_process_search(activity.process)
    return changes


@transaction.atomic
def activity_move(*, actor, activity: Activity, up: bool) -> bool:
    """Swap the step with its neighbour; returns False at either end."""
    siblings = Activity.objects.select_for_update().filter(process=activity.process)
    neighbour = (
        siblings.filter(position__lt=activity.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=activity.position).order_by("position").first()
    )
    if neighbour is None:
        return False
    mine, theirs = activity.position, neighbour.position
    # Through a free position so the unique (process, position) constraint holds at every step.
    free = (siblings.aggregate(n=Max("position"))["n"] or 0) + 1
    Activity.objects.filter(pk=activity.pk).update(position=free)
    Activity.objects.filter(pk=neighbour.pk).update(position=mine)
    Activity.objects.filter(pk=activity.pk).update(position=theirs)
    activity.position = theirs
    audit.record(actor=actor, action="update", obj=activity, changes={"position": (mine, theirs)}, unit=_activity_unit(activity))
    _back_to_draft(activity.process, actor, "aktiviteternas ordning")
    return True


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    process = activity.process
    audit.record(
        actor=actor, action="delete", obj=activity, changes={"name": (activity.name, None)}, unit=_activity_unit(activity)
    )
    removed = activity.position
    activity.delete()
    for later in process.activities.filter(position__gt=removed).order_by("position"):
        Activity.objects.filter(pk=later.pk).update(position=later.position - 1)
    _back_to_draft(process, actor, "aktivitet borttagen")
    refresh_process_search(process)


def _check_activity(process: Process, activity: Activity | None) -> None:
    if activity is not None and activity.process_id != process.pk:
        raise ValidationError({"activity": _("Aktiviteten hör till en annan process.")})


@transaction.atomic
def collaboration_create(
    *,
    actor,
    process: Process,
    partner: str,
    kind: str,
    purpose: str = "",
    agreement: str = "",
    activity: Activity | None = None,
    linked_agreement=None,
) -> Collaboration:
    """List one collaboration of the process; ``linked_agreement`` is the written agreement it rests on, one that
    concerns the process's units (lots.agreements.collaborations)."""
    _check_activity(process, activity)
    check_link(linked_agreement, process.units.all())
    item = shared.item_create(
        actor=actor,
        model=Collaboration,
        unit=top_unit(process.units.all()),
        fields=shared.FIELDS + ["activity"],
        process=process,
        partner=partner,
        kind=kind,
        purpose=purpose,
        agreement=agreement,
        activity=activity,
        linked_agreement=linked_agreement,
    )
    _back_to_draft(process, actor, "samverkan")
    return item


@transaction.atomic
def collaboration_update(*, actor, collaboration: Collaboration, **data) -> dict:
    _check_activity(collaboration.process, data.get("activity"))
    if "linked_agreement" in data:
        check_link(data["linked_agreement"], collaboration.process.units.all(), present=collaboration.linked_agreement_id)
    changes = shared.item_update(actor=actor, item=collaboration, unit=top_unit(collaboration.process.units.all()), **data)
    # Linking the written agreement a collaboration rests on documents it; the process itself does not change.
    if set(changes) - {"linked_agreement"}:
        _back_to_draft(collaboration.process, actor, "samverkan")
    return changes


@transaction.atomic
def collaboration_delete(*, actor, collaboration: Collaboration) -> None:
    process = collaboration.process
    shared.item_delete(actor=actor, item=collaboration, unit=top_unit(process.units.all()))
    _back_to_draft(process, actor, "samverkan")
