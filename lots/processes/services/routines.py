"""Writes to routines: metadata, drafts, establishing a version, and read acknowledgements.

An established version is never changed: a change is a new draft, compared with
the current version and established in its turn. Establishing asks the staff of
the routine's units to confirm *läst och förstått* again.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots.agreements.collaborations import check_link
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.lib import richtext
from lots.lib.dates import add_months
from lots.lib.textsearch import normalise
from lots.notifications import services as notifications
from lots.organisation.models import Municipality
from lots.processes.models import Acknowledgement, Routine, RoutineCollaboration, RoutineVersion
from lots.processes.services import collaboration as shared
from lots.processes.services.common import check_units, set_m2m, top_unit

ACKNOWLEDGE_WITHIN_DAYS = 30
ESTABLISHED_IS_FINAL = gettext_lazy("En fastställd version kan inte ändras. Skapa ett nytt utkast i stället.")


def refresh_routine_search(routine: Routine) -> None:
    version = routine.current_version or routine.versions.order_by("-number").first()
    text = richtext.plain_text(version.body_html) if version else ""
    Routine.objects.filter(pk=routine.pk).update(search_text=normalise(f"{routine.title} {text}"))


def _check_links(municipality: Municipality, processes, activities) -> tuple[list, list]:
    processes, activities = list(processes), list(activities)
    if any(p.municipality_id != municipality.pk for p in processes):
        raise ValidationError({"processes": _("Processerna måste höra till samma kommun som rutinen.")})
    if any(a.process.municipality_id != municipality.pk for a in activities):
        raise ValidationError({"activities": _("Aktiviteterna måste höra till samma kommun som rutinen.")})
    return processes, activities


def _check_dates(valid_from, valid_until) -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("Slutdatumet kan inte vara före startdatumet.")})


@transaction.atomic
def routine_create(
    *,
    actor,
    municipality: Municipality,
    title: str,
    owner,
    units,
    body: str = "",
    processes=(),
    activities=(),
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    review_interval_months: int = 12,
    no_collaboration_reason: str = "",
) -> Routine:
    """A new routine with its first draft (version 1). It applies once a version is established.

    Its collaboration is listed on the routine afterwards, or ``no_collaboration_reason`` says why none is needed;
    one of them is required before a version is established."""
    units = check_units(units, municipality)
    processes, activities = _check_links(municipality, processes, activities)
    _check_dates(valid_from, valid_until)
    if review_interval_months < 1:
        raise ValidationError({"review_interval_months": _("Ange minst en månad.")})
    routine = Routine.objects.create(
        municipality=municipality,
        title=title,
        owner=owner,
        valid_from=valid_from,
        valid_until=valid_until,
        review_interval_months=review_interval_months,
        no_collaboration_reason=shared.clean_reason(no_collaboration_reason),
        created_by=actor,
    )
    routine.units.set(units)
    routine.processes.set(processes)
    routine.activities.set(activities)
    RoutineVersion.objects.create(routine=routine, number=1, body_source=body, body_html=richtext.render(body), created_by=actor)
    refresh_routine_search(routine)
    audit.record_created(
        actor=actor,
        obj=routine,
        fields=["title", "owner", "valid_from", "valid_until", "review_interval_months", "units", "no_collaboration_reason"],
        unit=top_unit(units),
    )
    return routine


@transaction.atomic
def routine_update(
    *, actor, routine: Routine, expected_version: int | None, units=None, processes=None, activities=None, **data
) -> dict:
    """Change what the routine is about (title, owner, where it applies, dates, why it needs no collaboration);
    never its established text. A routine in force keeps its collaboration documented."""
    allowed = {"title", "owner", "valid_from", "valid_until", "review_interval_months", "review_date", "no_collaboration_reason"}
    if set(data) - allowed:
        raise TypeError(f"Unknown routine fields: {sorted(set(data) - allowed)}")
    _check_dates(data.get("valid_from", routine.valid_from), data.get("valid_until", routine.valid_until))
    if data.get("review_interval_months", 1) < 1:
        raise ValidationError({"review_interval_months": _("Ange minst en månad.")})
    if units is not None:
        units = check_units(units, routine.municipality)
    if processes is not None or activities is not None:
        processes, activities = _check_links(
            routine.municipality,
            processes if processes is not None else routine.processes.all(),
            activities if activities is not None else routine.activities.select_related("process"),
        )
    locked = Routine.objects.select_for_update().get(pk=routine.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    if "no_collaboration_reason" in data:
        data["no_collaboration_reason"] = shared.clean_reason(data["no_collaboration_reason"])
        if locked.current_version_id is not None:
            shared.check_reason_kept(
                locked,
                data["no_collaboration_reason"],
                _("Rutinen gäller och listar ingen samverkan: skriv varför ingen samverkan behövs."),
            )
    unit = top_unit(units if units is not None else routine.units.all())
    changes = update_versioned(routine, actor=actor, data=data, expected_version=expected_version, unit=unit)
    m2m: dict = {}
    for name, value in (("units", units), ("processes", processes), ("activities", activities)):
        if value is not None:
            set_m2m(routine, name, value, m2m)
    if m2m:
        if not changes:
            Routine.objects.filter(pk=routine.pk).update(version=F("version") + 1)
            routine.version += 1
        audit.record(actor=actor, action="update", obj=routine, changes=m2m, unit=unit)
        changes.update(m2m)
    if "title" in changes:
        refresh_routine_search(routine)
    return changes


def draft_of(routine: Routine) -> RoutineVersion | None:
    return routine.versions.filter(status=RoutineVersion.Status.DRAFT).first()


@transaction.atomic
def routine_draft_start(*, actor, routine: Routine) -> RoutineVersion:
    """A new draft that starts from the current version's text."""
    Routine.objects.select_for_update().get(pk=routine.pk)
    if draft_of(routine) is not None:
        raise ValidationError(_("Det finns redan ett utkast till rutinen."))
    current = routine.current_version
    number = (routine.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = RoutineVersion.objects.create(
        routine=routine,
        number=number,
        created_by=actor,
        body_source=current.body_source if current else "",
        body_html=current.body_html if current else "",
    )
    audit.record_created(actor=actor, obj=draft, fields=["number"], unit=top_unit(routine.units.all()), note="Nytt utkast")
    return draft


@transaction.atomic
def routine_draft_update(*, actor, draft: RoutineVersion, expected_version: int | None, body: str, change_summary: str) -> dict:
    current = RoutineVersion.objects.select_for_update().get(pk=draft.pk)
    if current.status != RoutineVersion.Status.DRAFT:
        raise ValidationError(ESTABLISHED_IS_FINAL)
    data = {"body_source": body, "body_html": richtext.render(body), "change_summary": change_summary}
    changes = update_versioned(
        draft, actor=actor, data=data, expected_version=expected_version, unit=top_unit(draft.routine.units.all())
    )
    if "body_html" in changes and draft.routine.current_version_id is None:
        refresh_routine_search(draft.routine)
    return changes


@transaction.atomic
def routine_draft_submit(*, actor, draft: RoutineVersion) -> RoutineVersion:
    """Send the draft for approval: the nearest managers who may establish it get a mail now and a task until it is
    established (lots.processes.approvals). Sending it again changes nothing; a draft with problems that stop it being
    established is refused with them."""
    from lots.processes import approvals

    draft = RoutineVersion.objects.select_for_update().select_related("routine").get(pk=draft.pk)
    if draft.status != RoutineVersion.Status.DRAFT:
        raise ValidationError(ESTABLISHED_IS_FINAL)
    if draft.submitted_at is not None:
        return draft
    problems = routine_establish_problems(draft)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    RoutineVersion.objects.filter(pk=draft.pk).update(submitted_at=now, submitted_by=actor, version=F("version") + 1)
    draft.refresh_from_db()
    routine = draft.routine
    audit.record(
        actor=actor,
        action="transition",
        obj=draft,
        unit=top_unit(routine.units.all()),
        changes={"submitted_at": (None, now)},
        note=f"Skickad för fastställelse: version {draft.number}",
    )
    page = "processes:compare" if routine.current_version_id else "processes:routine_establish"
    context = {
        "routine": routine,
        "version": draft,
        "sender": actor,
        "link": settings.SITE_URL + reverse(page, args=[routine.pk]),
    }
    subject, body = notifications.render_mail("processes/mail/approval.txt", context)
    for person in approvals.approvers(routine):
        if person.pk != actor.pk:
            key = f"routine-approval:{draft.pk}:{person.pk}"
            notifications.send_once(key=key, to=person.email, subject=subject, body=body, link=context["link"])
    return draft


@transaction.atomic
def routine_draft_discard(*, actor, draft: RoutineVersion) -> None:
    current = RoutineVersion.objects.select_for_update().get(pk=draft.pk)
    if current.status != RoutineVersion.Status.DRAFT:
        raise ValidationError(ESTABLISHED_IS_FINAL)
    if draft.routine.current_version_id is None:
        raise ValidationError(_("Rutinen har ingen fastställd version än; utkastet är allt som finns."))
    audit.record(
        actor=actor,
        action="delete",
        obj=draft,
        changes={"number": (draft.number, None)},
        unit=top_unit(draft.routine.units.all()),
    )
    draft.delete()


def routine_establish_problems(draft: RoutineVersion) -> list[str]:
    """What stands between the draft and being established, as sentences for the user.

    A routine has a text, and documents its collaboration or says why none is needed (Katrineholm §1.1)."""
    problems = []
    if not draft.body_html.strip():
        problems.append(_("Rutinen saknar text."))
    missing = shared.not_documented(draft.routine, _("Beskriv rutinens samverkan, eller skriv varför ingen samverkan behövs."))
    if missing:
        problems.append(missing)
    return problems


@transaction.atomic
def routine_establish(*, actor, draft: RoutineVersion, acknowledge_within_days: int = ACKNOWLEDGE_WITHIN_DAYS) -> RoutineVersion:
    """Establish the draft: it becomes the current version, is frozen, and the staff are asked to read it.

    The caller has checked the "routine.establish" permission. Sends one mail per
    person asked (after commit).
    """
    from lots.processes.acknowledgements import people_asked

    draft = RoutineVersion.objects.select_for_update().select_related("routine").get(pk=draft.pk)
    if draft.status != RoutineVersion.Status.DRAFT:
        raise ValidationError(ESTABLISHED_IS_FINAL)
    routine = draft.routine
    problems = routine_establish_problems(draft)
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    now = timezone.now()
    previous = routine.current_version
    RoutineVersion.objects.filter(pk=draft.pk).update(
        status=RoutineVersion.Status.ESTABLISHED,
        established_at=now,
        established_by=actor,
        acknowledge_by=today + datetime.timedelta(days=acknowledge_within_days),
        version=F("version") + 1,
    )
    draft.refresh_from_db()
    review_date = add_months(today, routine.review_interval_months)
    Routine.objects.filter(pk=routine.pk).update(current_version=draft, review_date=review_date, version=F("version") + 1)
    routine.refresh_from_db()
    refresh_routine_search(routine)
    unit = top_unit(routine.units.all())
    audit.record(
        actor=actor,
        action="transition",
        obj=draft,
        unit=unit,
        changes={"status": (RoutineVersion.Status.DRAFT, RoutineVersion.Status.ESTABLISHED)},
        note=f"Fastställd version {draft.number}",
    )
    audit.record(
        actor=actor,
        action="update",
        obj=routine,
        unit=unit,
        changes={"current_version": (previous, draft), "review_date": (None, review_date)},
    )
    url = settings.SITE_URL + reverse("processes:routine", args=[routine.pk])
    subject, body = notifications.render_mail(
        "processes/mail/new_routine_version.txt", {"routine": routine, "version": draft, "link": url}
    )
    for person in people_asked(routine):
        if person.pk == actor.pk:
            continue
        notifications.notify(to=person.email, subject=subject, body=body)
    return draft


@transaction.atomic
def acknowledge(*, actor, routine: Routine) -> Acknowledgement:
    """The person confirms *läst och förstått* for the current version. Once per version."""
    version = routine.current_version
    if version is None:
        raise ValidationError(_("Rutinen har ingen fastställd version att bekräfta."))
    if Acknowledgement.objects.filter(version=version, user=actor).exists():
        raise ValidationError(_("Du har redan bekräftat den här versionen."))
    ack = Acknowledgement.objects.create(version=version, user=actor)
    audit.record_created(actor=actor, obj=ack, fields=["version"], unit=top_unit(routine.units.all()))
    return ack


@transaction.atomic
def routine_collaboration_create(
    *, actor, routine: Routine, partner: str, kind: str, purpose: str = "", agreement: str = "", linked_agreement=None
) -> RoutineCollaboration:
    """List one collaboration of the routine. It is routine information like its owner: no new version is needed.
    ``linked_agreement`` is the written agreement it rests on, one that concerns the routine's units."""
    check_link(linked_agreement, routine.units.all())
    return shared.item_create(
        actor=actor,
        model=RoutineCollaboration,
        unit=top_unit(routine.units.all()),
        routine=routine,
        partner=partner,
        kind=kind,
        purpose=purpose,
        agreement=agreement,
        linked_agreement=linked_agreement,
    )


@transaction.atomic
def routine_collaboration_update(*, actor, collaboration: RoutineCollaboration, **data) -> dict:
    unknown = set(data) - set(shared.FIELDS)
    if unknown:
        raise TypeError(f"Unknown collaboration fields: {sorted(unknown)}")
    if "linked_agreement" in data:
        check_link(data["linked_agreement"], collaboration.routine.units.all(), present=collaboration.linked_agreement_id)
    return shared.item_update(actor=actor, item=collaboration, unit=top_unit(collaboration.routine.units.all()), **data)


@transaction.atomic
def routine_collaboration_delete(*, actor, collaboration: RoutineCollaboration) -> None:
    """Remove one collaboration; a routine in force keeps at least one, or states why it needs none."""
    routine = Routine.objects.select_for_update().get(pk=collaboration.routine_id)
    if (
        routine.current_version_id is not None
        and not routine.no_collaboration_reason.strip()
        and not routine.collaborations.exclude(pk=collaboration.pk).exists()
    ):
        raise ValidationError(
            _(
                "Rutinen gäller och det här är dess enda samverkan. Lägg till en annan, "
                "eller skriv under Ändra uppgifter varför ingen samverkan behövs, innan du tar bort den."
            )
        )
    shared.item_delete(actor=actor, item=collaboration, unit=top_unit(routine.units.all()))
