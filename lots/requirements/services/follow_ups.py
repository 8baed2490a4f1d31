"""Writing follow-ups: planning, the provider's self-assessment, the assessment, the report and the actions.

The life of a follow-up: planned → (self-assessment by the provider →) assessment
by the municipality → completed. Completing it freezes the assessments; what the
provider must do lives on as demanded actions until the municipality closes
them, possibly through a re-follow-up of only the unfulfilled requirements.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.archive.models import ArchivedDocument
from lots.archive.services import document_establish
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.deviations import guard
from lots.notifications.services import notify, render_mail
from lots.organisation.models import Provider, Unit
from lots.requirements.models import (
    Assessment,
    Attachment,
    CatalogueVersion,
    Contract,
    DemandedAction,
    FollowUp,
    Requirement,
)

S = FollowUp.Status
A = Assessment.Status

# Evidence files: checked from their content, never from their name.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
TEXT_TYPE = "text/plain"


_WORDS = re.compile(r"[^\W\d_]+")


def _guard(follow_up: FollowUp, texts: dict[str, str], *, confirmed: bool, about: Assessment | None = None) -> None:
    """The integrity guard on texts that reach the report, the provider or the municipality's staff.

    The provider's own name, like the municipality's unit names, is not a person, and neither is a name the
    requirement itself uses (a system such as "Flexite" that the contract demands)."""
    also_known = set(_WORDS.findall(follow_up.provider.name)) if follow_up.provider_id else set()
    if about is not None:
        also_known.update(_WORDS.findall(about.requirement.text))
    guard.check(follow_up.municipality, texts, confirmed=confirmed, also_known=also_known)


def _guard_entries(follow_up: FollowUp, texts_by_entry: list[tuple]) -> None:
    """Guard every entry of a page at once, so each requirement with a finding gets its own warning.

    ``texts_by_entry`` holds (assessment, changed texts, confirmed). The error raised names the first assessment
    (``assessment_id``) and carries all of them (``by_assessment``: assessment id → error)."""
    found = {}
    for assessment, texts, confirmed in texts_by_entry:
        try:
            _guard(follow_up, texts, confirmed=confirmed, about=assessment)
        except ValidationError as error:
            found[assessment.pk] = error
    if found:
        first = next(iter(found))
        error = ValidationError(found[first].error_dict)
        error.assessment_id = first
        error.by_assessment = found
        raise error


def _unit_of(follow_up: FollowUp) -> Unit:
    """The unit the follow-up's audit entries are filed under."""
    return follow_up.unit or follow_up.responsible_unit


def _provider_emails(provider: Provider) -> list[str]:
    return sorted({person.email for person in access.provider_people([provider]).get(provider.pk, []) if person.email})


def _link(name: str, *args) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(name, args=args)


def _tell_provider(follow_up: FollowUp, template: str, context: dict) -> None:
    """Mail the provider's people the text of ``template`` (notifications.render_mail)."""
    if follow_up.provider_id:
        subject, body = render_mail(template, context)
        for email in _provider_emails(follow_up.provider):
            notify(to=email, subject=subject, body=body)


# --- Planning ------------------------------------------------------------------------


def _check_plan(
    *,
    municipality_id: int,
    catalogue_version: CatalogueVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    methods: list[str],
    provider: Provider | None,
    responsible_unit: Unit,
    contract: Contract | None,
    self_assessment_due: datetime.date | None,
) -> None:
    errors: dict[str, str] = {}
    if period_end < period_start:
        errors["period_end"] = _("Perioden kan inte sluta innan den börjar.")
    valid = set(FollowUp.Method.values)
    if not methods:
        errors["methods"] = _("Välj minst en metod.")
    elif not set(methods) <= valid:
        errors["methods"] = _("Okänd metod.")
    elif FollowUp.Method.SELF_ASSESSMENT in methods and provider is None:
        errors["methods"] = _("Självskattning görs av externa utförare; för en enhet i egen regi väljer ni en annan metod.")
    if self_assessment_due and FollowUp.Method.SELF_ASSESSMENT not in methods:
        errors["self_assessment_due"] = _("Ett sista datum för självskattning behövs bara när utföraren gör en självskattning.")
    if responsible_unit.municipality_id != municipality_id:
        errors["responsible_unit"] = _("Den ansvariga enheten hör till en annan kommun.")
    catalogue = catalogue_version.catalogue
    if catalogue.municipality_id not in (None, municipality_id):
        errors["catalogue_version"] = _("Kravkatalogen hör till en annan kommun.")
    if contract is not None and (provider is None or contract.provider_id != provider.pk):
        errors["contract"] = _("Avtalet gäller en annan utförare.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def follow_up_create(
    *,
    actor,
    catalogue_version: CatalogueVersion,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    methods: list[str],
    lead,
    responsible_unit: Unit,
    provider: Provider | None = None,
    unit: Unit | None = None,
    contract: Contract | None = None,
    team=(),
    self_assessment_due: datetime.date | None = None,
    requirements: list[Requirement] | None = None,
    previous: FollowUp | None = None,
) -> FollowUp:
    """Plan a follow-up of ``provider`` or ``unit``; one assessment per requirement (all, or ``requirements``)."""
    if (provider is None) == (unit is None):
        raise ValidationError({"provider": _("Välj antingen en extern utförare eller en enhet i egen regi.")})
    municipality_id = provider.municipality_id if provider else unit.municipality_id
    _check_plan(
        municipality_id=municipality_id,
        catalogue_version=catalogue_version,
        period_start=period_start,
        period_end=period_end,
        methods=list(methods),
        provider=provider,
        responsible_unit=responsible_unit,
        contract=contract,
        self_assessment_due=self_assessment_due,
    )
    follow_up = FollowUp.objects.create(
        municipality_id=municipality_id,
        provider=provider,
        unit=unit,
        responsible_unit=responsible_unit,
        contract=contract,
        catalogue_version=catalogue_version,
        previous=previous,
        title=title,
        period_start=period_start,
        period_end=period_end,
        methods=list(methods),
        lead=lead,
        self_assessment_due=self_assessment_due,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    follow_up.team.set(list(team))
    chosen = list(requirements) if requirements is not None else list(catalogue_version.requirements.order_by("position"))
    if any(r.version_id != catalogue_version.pk for r in chosen):
        raise ValidationError({"requirements": _("Kraven hör till en annan katalogversion.")})
    if not chosen:
        raise ValidationError({"requirements": _("Uppföljningen har inga krav att bedöma.")})
    Assessment.objects.bulk_create([Assessment(follow_up=follow_up, requirement=r) for r in chosen])
    audit.record_created(
        actor=actor,
        obj=follow_up,
        fields=["title", "provider", "unit", "catalogue_version", "period_start", "period_end", "methods", "lead", "previous"],
        note=f"{len(chosen)} krav",
        unit=_unit_of(follow_up),
    )
    return follow_up


@transaction.atomic
def follow_up_update(
    *,
    actor,
    follow_up: FollowUp,
    expected_version: int | None,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    methods: list[str],
    lead,
    responsible_unit: Unit,
    team=None,
    self_assessment_due: datetime.date | None = None,
    summary: str | None = None,
    integrity_confirmed: bool = False,
) -> dict:
    """Change the plan; a changed summary passes the integrity guard unless ``integrity_confirmed``."""
    if follow_up.is_completed:
        raise ValidationError(_("Uppföljningen är klar och kan inte ändras."))
    if summary is not None:
        _guard(follow_up, guard.changed(follow_up, {"summary": summary}, ["summary"]), confirmed=integrity_confirmed)
    _check_plan(
        municipality_id=follow_up.municipality_id,
        catalogue_version=follow_up.catalogue_version,
        period_start=period_start,
        period_end=period_end,
        methods=list(methods),
        provider=follow_up.provider,
        responsible_unit=responsible_unit,
        contract=follow_up.contract,
        self_assessment_due=self_assessment_due,
    )
    if follow_up.status == S.SELF_ASSESSMENT and FollowUp.Method.SELF_ASSESSMENT not in methods:
        raise ValidationError({"methods": _("Självskattningen pågår; avsluta den innan metoden tas bort.")})
    data = {
        "title": title,
        "period_start": period_start,
        "period_end": period_end,
        "methods": list(methods),
        "lead": lead,
        "responsible_unit": responsible_unit,
        "self_assessment_due": self_assessment_due,
    }
    if summary is not None:
        data["summary"] = summary
    changes = update_versioned(follow_up, actor=actor, data=data, expected_version=expected_version, unit=_unit_of(follow_up))
    if team is not None:
        before = sorted(u.pk for u in follow_up.team.all())
        after = sorted(u.pk for u in team)
        if before != after:
            follow_up.team.set(list(team))
            audit.record(actor=actor, action="update", obj=follow_up, changes={"team": (before, after)}, unit=_unit_of(follow_up))
            changes["team"] = (before, after)
    return changes


def _set_status(follow_up: FollowUp, *, actor, status: str, allowed_from: set[str], note: str, extra: dict | None = None) -> None:
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("Det går inte när uppföljningen har status ”%(status)s”.") % {"status": locked.get_status_display()}
        )
    update_versioned(
        follow_up,
        actor=actor,
        data={"status": status, **(extra or {})},
        expected_version=locked.version,
        note=note,
        unit=_unit_of(follow_up),
    )


@transaction.atomic
def follow_up_start_self_assessment(*, actor, follow_up: FollowUp) -> None:
    """Open the self-assessment to the provider's users and tell them by mail."""
    if not follow_up.uses_self_assessment:
        raise ValidationError(_("Uppföljningen använder inte självskattning."))
    _set_status(follow_up, actor=actor, status=S.SELF_ASSESSMENT, allowed_from={S.PLANNED}, note="Självskattning öppnad")
    _tell_provider(
        follow_up,
        "requirements/mail/self_assessment_opened.txt",
        {"follow_up": follow_up, "link": _link("requirements:follow_up", follow_up.pk)},
    )


@transaction.atomic
def follow_up_start_assessment(*, actor, follow_up: FollowUp) -> None:
    """The municipality starts (or, ending the self-assessment early, takes over) the assessment."""
    _set_status(
        follow_up, actor=actor, status=S.ASSESSMENT, allowed_from={S.PLANNED, S.SELF_ASSESSMENT}, note="Bedömning påbörjad"
    )


# --- Self-assessment -------------------------------------------------------------------


@dataclass
class SelfEntry:
    assessment: Assessment
    expected_version: int | None
    status: str
    comment: str
    integrity_confirmed: bool = False


@transaction.atomic
def self_assessment_save(*, actor, follow_up: FollowUp, entries: list[SelfEntry], uploads: dict | None = None) -> int:
    """Save the provider's answers (and evidence files, by assessment id) for some requirements; all or nothing.

    Returns how many answers changed. Changed comments pass the integrity guard unless the entry confirms them:
    the municipality's staff read them and the report may quote them.
    """
    if follow_up.status != S.SELF_ASSESSMENT:
        raise ValidationError(_("Självskattningen är inte öppen."))
    _check_uploads(uploads)
    _guard_entries(
        follow_up,
        [
            (e.assessment, guard.changed(e.assessment, {"self_comment": e.comment}, ["self_comment"]), e.integrity_confirmed)
            for e in entries
            if e.assessment.follow_up_id == follow_up.pk
        ],
    )
    changed = 0
    for entry in entries:
        if entry.assessment.follow_up_id != follow_up.pk:
            raise ValidationError(_("Bedömningen hör till en annan uppföljning."))
        if entry.status not in A.values:
            raise _about(ValidationError({"self_status": _("Okänd bedömning.")}), entry.assessment)
        changes = update_versioned(
            entry.assessment,
            actor=actor,
            data={"self_status": entry.status, "self_comment": entry.comment.strip()},
            expected_version=entry.expected_version,
            note="Självskattning",
            unit=_unit_of(follow_up),
        )
        if changes:
            Assessment.objects.filter(pk=entry.assessment.pk).update(self_assessed_by=actor, self_assessed_at=timezone.now())
            changed += 1
    _save_uploads(actor, entries, uploads, from_provider=True)
    return changed


def _about(error: ValidationError, assessment: Assessment) -> ValidationError:
    """Tag an error with the assessment it concerns, so a page with many requirements can show it at the right one."""
    error.assessment_id = assessment.pk
    return error


def _check_uploads(uploads: dict | None) -> None:
    for assessment_id, upload in (uploads or {}).items():
        try:
            check_upload(upload)
        except ValidationError as error:
            error.assessment_id = assessment_id
            raise


def _save_uploads(actor, entries, uploads: dict | None, *, from_provider: bool) -> None:
    by_pk = {entry.assessment.pk: entry.assessment for entry in entries}
    for assessment_id, upload in (uploads or {}).items():
        if assessment_id not in by_pk:
            raise ValidationError(_("Bilagan hör till ett krav som inte är med."))
        attachment_add(actor=actor, assessment=by_pk[assessment_id], upload=upload, from_provider=from_provider)


@transaction.atomic
def self_assessment_submit(*, actor, follow_up: FollowUp) -> None:
    """The provider hands in the self-assessment; the municipality's assessment starts."""
    if follow_up.status != S.SELF_ASSESSMENT:
        raise ValidationError(_("Självskattningen är inte öppen."))
    unanswered = follow_up.assessments.filter(self_status=A.NOT_ASSESSED).count()
    if unanswered:
        raise ValidationError(_("%(n)s krav saknar bedömning. Bedöm alla krav innan du skickar in.") % {"n": unanswered})
    _set_status(
        follow_up,
        actor=actor,
        status=S.ASSESSMENT,
        allowed_from={S.SELF_ASSESSMENT},
        note="Självskattning inskickad",
        extra={"self_assessment_submitted_at": timezone.now(), "self_assessment_submitted_by": actor},
    )
    subject, body = render_mail(
        "requirements/mail/self_assessment_submitted.txt",
        {"follow_up": follow_up, "link": _link("requirements:follow_up", follow_up.pk)},
    )
    notify(to=follow_up.lead.email, subject=subject, body=body)


# --- Assessment ------------------------------------------------------------------------------


@dataclass
class AssessmentEntry:
    assessment: Assessment
    expected_version: int | None
    status: str
    comment: str = ""
    interview_notes: str = ""
    action_text: str = ""
    action_due: datetime.date | None = None
    integrity_confirmed: bool = False


def _changed_assessment_texts(entry: AssessmentEntry) -> dict[str, str]:
    """The entry's texts that differ from what is saved: the comment and notes, and the demanded action."""
    texts = guard.changed(
        entry.assessment, {"comment": entry.comment, "interview_notes": entry.interview_notes}, ["comment", "interview_notes"]
    )
    saved = DemandedAction.objects.filter(assessment=entry.assessment).values_list("text", flat=True).first() or ""
    if entry.action_text.strip() != saved.strip():
        texts["action_text"] = entry.action_text
    return texts


def _check_entry(entry: AssessmentEntry) -> None:
    errors = {}
    if entry.status not in A.values:
        errors["status"] = _("Okänd bedömning.")
    elif entry.status in Assessment.UNFULFILLED:
        if not entry.action_text.strip():
            errors["action_text"] = _("Skriv vilken åtgärd som krävs när kravet inte är uppfyllt.")
        if entry.action_due is None:
            errors["action_due"] = _("Ange när åtgärden ska vara klar.")
    elif entry.action_text.strip():
        errors["action_text"] = _(
            "Ett krav som inte är ”delvis” eller ”ej uppfyllt” ska inte ha något krav på åtgärd. Töm fältet."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessments_save(*, actor, follow_up: FollowUp, entries: list[AssessmentEntry], uploads: dict | None = None) -> int:
    """Save the municipality's assessment of some requirements, with their demanded actions and evidence; all or nothing.

    ``uploads`` maps assessment ids to uploaded files. Returns how many assessments changed. Changed texts (the
    comment and demanded action reach the report and the provider; the notes the follow-up team) pass the integrity
    guard unless the entry confirms them.
    """
    if follow_up.is_completed:
        raise ValidationError(_("Uppföljningen är klar; bedömningarna kan inte ändras."))
    _check_uploads(uploads)
    _guard_entries(
        follow_up,
        [
            (e.assessment, _changed_assessment_texts(e), e.integrity_confirmed)
            for e in entries
            if e.assessment.follow_up_id == follow_up.pk
        ],
    )
    if follow_up.status == S.PLANNED:
        follow_up_start_assessment(actor=actor, follow_up=follow_up)
    unit = _unit_of(follow_up)
    changed = 0
    for entry in entries:
        if entry.assessment.follow_up_id != follow_up.pk:
            raise ValidationError(_("Bedömningen hör till en annan uppföljning."))
        try:
            _check_entry(entry)
        except ValidationError as error:
            raise _about(error, entry.assessment) from None
        changes = update_versioned(
            entry.assessment,
            actor=actor,
            data={"status": entry.status, "comment": entry.comment.strip(), "interview_notes": entry.interview_notes.strip()},
            expected_version=entry.expected_version,
            unit=unit,
        )
        if changes:
            Assessment.objects.filter(pk=entry.assessment.pk).update(assessed_by=actor, assessed_at=timezone.now())
            changed += 1
        _sync_action(actor=actor, follow_up=follow_up, entry=entry, unit=unit)
    _save_uploads(actor, entries, uploads, from_provider=False)
    return changed


def _sync_action(*, actor, follow_up: FollowUp, entry: AssessmentEntry, unit: Unit) -> None:
    action = DemandedAction.objects.filter(assessment=entry.assessment).first()
    text = entry.action_text.strip()
    if not text:
        if action is not None:
            audit.record(actor=actor, action="delete", obj=action, changes={"text": (action.text, None)}, unit=unit)
            action.delete()
        return
    if action is None:
        action = DemandedAction.objects.create(
            assessment=entry.assessment, follow_up=follow_up, text=text, due_date=entry.action_due
        )
        audit.record_created(actor=actor, obj=action, fields=["text", "due_date"], unit=unit)
    else:
        update_versioned(action, actor=actor, data={"text": text, "due_date": entry.action_due}, expected_version=None, unit=unit)


def check_upload(upload) -> str:
    """The file's content type, read from its content (filetype); ValidationError when too large or not allowed."""
    limit = settings.LOTS_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"attachment": _("Filen är för stor. Största tillåtna storlek är %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    if not upload.size:
        raise ValidationError({"attachment": _("Filen är tom.")})
    head = upload.read(8192)
    upload.seek(0)
    content_type = _content_type(head, upload)
    if content_type is None:
        raise ValidationError(
            {
                "attachment": _(
                    "Filtypen tillåts inte. Bifoga PDF, Word, Excel, OpenDocument, bilder (PNG, JPEG) eller vanlig text."
                )
            }
        )
    return content_type


@transaction.atomic
def attachment_add(*, actor, assessment: Assessment, upload, from_provider: bool = False) -> Attachment:
    """Attach evidence; its type is read from the content (filetype), so a renamed program is refused."""
    if assessment.follow_up.is_completed:
        raise ValidationError({"attachment": _("Uppföljningen är klar; underlag kan inte läggas till.")})
    content_type = check_upload(upload)
    name = PurePath(upload.name or "underlag").name[:200] or "underlag"
    attachment = Attachment(
        assessment=assessment,
        name=name,
        content_type=content_type,
        size=upload.size,
        from_provider=from_provider,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record_created(
        actor=actor, obj=attachment, fields=["name", "content_type", "size"], unit=_unit_of(assessment.follow_up)
    )
    return attachment


def _content_type(head: bytes, upload) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return ALLOWED_TYPES.get(kind.extension)
    if b"\x00" in head:
        return None
    data = upload.read()
    upload.seek(0)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT_TYPE


# --- Completion and re-follow-up ---------------------------------------------------------------


@transaction.atomic
def follow_up_complete(
    *,
    actor,
    follow_up: FollowUp,
    expected_version: int | None,
    completed_on: datetime.date,
    summary: str,
    integrity_confirmed: bool = False,
) -> None:
    """Finish the follow-up: the report can be sent, the provider sees the result and answers the demanded actions.

    A re-follow-up also closes the earlier follow-up's actions whose requirement is now fulfilled. The summary opens
    the report: a changed summary passes the integrity guard unless ``integrity_confirmed``.
    """
    if expected_version is not None and follow_up.version != expected_version:
        raise ConcurrentEditError
    assessments = list(follow_up.assessments.select_related("requirement"))
    if all(a.status == A.NOT_ASSESSED for a in assessments):
        raise ValidationError(_("Inget krav är bedömt ännu."))
    missing = [a for a in assessments if a.is_unfulfilled and not DemandedAction.objects.filter(assessment=a).exists()]
    if missing:
        raise ValidationError(_("%(n)s krav som inte är uppfyllda saknar krav på åtgärd.") % {"n": len(missing)})
    if not summary.strip():
        raise ValidationError({"summary": _("Skriv en sammanfattande bedömning för rapporten.")})
    _guard(follow_up, guard.changed(follow_up, {"summary": summary}, ["summary"]), confirmed=integrity_confirmed)
    _set_status(
        follow_up,
        actor=actor,
        status=S.COMPLETED,
        allowed_from={S.PLANNED, S.SELF_ASSESSMENT, S.ASSESSMENT},
        note="Uppföljningen klar",
        extra={"completed_on": completed_on, "completed_by": actor, "summary": summary.strip()},
    )
    document_establish(
        actor=actor,
        record=follow_up,
        kind=ArchivedDocument.Kind.FOLLOW_UP_REPORT,
        unit=_unit_of(follow_up),
        year=completed_on.year,
        title=f"Uppföljningsrapport {follow_up.target_name} {completed_on:%Y-%m-%d}",
    )
    if follow_up.previous_id:
        now_fine = {a.requirement.lineage for a in assessments if a.status in {A.MET, A.NOT_APPLICABLE}}
        earlier = (
            DemandedAction.objects.open().filter(follow_up_id=follow_up.previous_id).select_related("assessment__requirement")
        )
        for action in earlier:
            if action.assessment.requirement.lineage in now_fine:
                update_versioned(
                    action,
                    actor=actor,
                    expected_version=None,
                    unit=_unit_of(follow_up),
                    data={
                        "status": DemandedAction.Status.CLOSED,
                        "closed_on": completed_on,
                        "closed_by": actor,
                        "closing_note": f"Uppfyllt vid återuppföljningen {completed_on:%Y-%m-%d}.",
                    },
                )
    _tell_provider(
        follow_up,
        "requirements/mail/follow_up_completed.txt",
        {"follow_up": follow_up, "link": _link("requirements:follow_up", follow_up.pk)},
    )


def unfulfilled_requirements(follow_up: FollowUp) -> list[Requirement]:
    return [
        a.requirement
        for a in follow_up.assessments.select_related("requirement").order_by("requirement__position")
        if a.is_unfulfilled
    ]


@transaction.atomic
def re_follow_up_create(
    *, actor, follow_up: FollowUp, title: str, period_start: datetime.date, period_end: datetime.date, methods: list[str], lead
) -> FollowUp:
    """Follow up again only the requirements the completed follow-up found partly or not fulfilled."""
    if not follow_up.is_completed:
        raise ValidationError(_("Återuppföljning görs av en klar uppföljning."))
    requirements = unfulfilled_requirements(follow_up)
    if not requirements:
        raise ValidationError(_("Alla krav var uppfyllda; det finns inget att följa upp igen."))
    return follow_up_create(
        actor=actor,
        catalogue_version=follow_up.catalogue_version,
        title=title,
        period_start=period_start,
        period_end=period_end,
        methods=methods,
        lead=lead,
        responsible_unit=follow_up.responsible_unit,
        provider=follow_up.provider,
        unit=follow_up.unit,
        contract=follow_up.contract,
        team=list(follow_up.team.all()),
        requirements=requirements,
        previous=follow_up,
    )


# --- Demanded actions ---------------------------------------------------------------------


def _if_changed(name: str, text: str, saved: str) -> dict[str, str]:
    """``{name: text}`` unless the text is the one already saved (and guarded when it was)."""
    return {name: text} if text.strip() != (saved or "").strip() else {}


def _action_status(action: DemandedAction, allowed: set[str]) -> None:
    if not action.follow_up.is_completed:
        raise ValidationError(_("Åtgärden hanteras när uppföljningen är klar."))
    if action.status not in allowed:
        raise ValidationError(_("Det går inte när åtgärden har status ”%(status)s”.") % {"status": action.get_status_display()})


@transaction.atomic
def demanded_action_report(
    *, actor, action: DemandedAction, expected_version: int | None, response: str, integrity_confirmed: bool = False
) -> None:
    """The provider reports what it has done; the municipality then closes or reopens the action.

    The response passes the integrity guard unless ``integrity_confirmed``."""
    _action_status(action, {DemandedAction.Status.OPEN})
    if not response.strip():
        raise ValidationError({"response": _("Beskriv vad ni har gjort.")})
    _guard(
        action.follow_up,
        _if_changed("response", response, action.provider_response),
        confirmed=integrity_confirmed,
        about=action.assessment,
    )
    update_versioned(
        action,
        actor=actor,
        expected_version=expected_version,
        unit=_unit_of(action.follow_up),
        data={
            "status": DemandedAction.Status.REPORTED,
            "provider_response": response.strip(),
            "reported_at": timezone.now(),
            "reported_by": actor,
        },
    )
    subject, body = render_mail(
        "requirements/mail/action_reported.txt", {"action": action, "link": _link("requirements:action", action.pk)}
    )
    notify(to=action.follow_up.lead.email, subject=subject, body=body)


@transaction.atomic
def demanded_action_close(
    *,
    actor,
    action: DemandedAction,
    expected_version: int | None,
    note: str,
    closed_on: datetime.date,
    integrity_confirmed: bool = False,
) -> None:
    """Close the action with the municipality's assessment, which the provider reads; the note passes the integrity
    guard unless ``integrity_confirmed``."""
    _action_status(action, {DemandedAction.Status.OPEN, DemandedAction.Status.REPORTED})
    if not note.strip():
        raise ValidationError({"note": _("Skriv kommunens bedömning av åtgärden.")})
    _guard(
        action.follow_up, _if_changed("note", note, action.closing_note), confirmed=integrity_confirmed, about=action.assessment
    )
    update_versioned(
        action,
        actor=actor,
        expected_version=expected_version,
        unit=_unit_of(action.follow_up),
        data={"status": DemandedAction.Status.CLOSED, "closing_note": note.strip(), "closed_on": closed_on, "closed_by": actor},
    )


@transaction.atomic
def demanded_action_reopen(
    *, actor, action: DemandedAction, expected_version: int | None, note: str, integrity_confirmed: bool = False
) -> None:
    """The reported action is not enough: back to open, with the municipality's reason, mailed to the provider.

    The reason passes the integrity guard unless ``integrity_confirmed``."""
    _action_status(action, {DemandedAction.Status.REPORTED})
    if not note.strip():
        raise ValidationError({"note": _("Skriv varför åtgärden inte räcker.")})
    _guard(
        action.follow_up, _if_changed("note", note, action.closing_note), confirmed=integrity_confirmed, about=action.assessment
    )
    update_versioned(
        action,
        actor=actor,
        expected_version=expected_version,
        unit=_unit_of(action.follow_up),
        data={"status": DemandedAction.Status.OPEN, "closing_note": note.strip()},
    )
    _tell_provider(
        action.follow_up,
        "requirements/mail/action_reopened.txt",
        {"action": action, "note": note.strip(), "link": _link("requirements:action", action.pk)},
    )


@transaction.atomic
def demanded_action_improvement(*, actor, action: DemandedAction, owner):
    """Start an improvement action in the municipality from a finding (its unit: the unit followed up, or the responsible one)."""
    from lots.improvements.models import ImprovementAction
    from lots.improvements.services import improvement_create

    if ImprovementAction.objects.for_source(action).exists():
        raise ValidationError(_("Det finns redan en förbättringsåtgärd för det här fyndet."))
    return improvement_create(
        actor=actor,
        unit=_unit_of(action.follow_up),
        title=f"{action.follow_up.target_name}: {action.text}"[:200],
        owner=owner,
        source_kind=ImprovementAction.Source.FOLLOW_UP,
        source=action,
        description=f"Krav: {action.assessment.requirement.text}\n\nKrav på åtgärd: {action.text}",
        due_date=action.due_date,
    )
