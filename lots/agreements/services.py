"""Writes to the agreement register. Each is one transaction that writes its audit entry; texts are logged by length.

An agreement starts as a draft. It becomes active only with a recorded legal assessment that finds no direct or
indirect obstacle in the rules (Östhammar; also a database constraint), at least one party and a review date. An
active agreement is made known to the staff of its units, who acknowledge it; each review is recorded and moves the
review date on; a review that concludes the agreement is to end, ends it.
"""

import datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.agreements import access as agreement_access
from lots.agreements.models import Agreement, AgreementAcknowledgement, AgreementParty, AgreementReview
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.lib.files import remove_after_commit
from lots.organisation.models import Municipality
from lots.processes.services.common import check_units, set_m2m, top_unit
from lots.requirements.services.follow_ups import check_upload

EDITABLE = {
    "title",
    "area",
    "purpose",
    "follow_up",
    "follow_up_by",
    "owner",
    "make_known",
    "valid_from",
    "valid_until",
    "review_date",
}
PARTY_FIELDS = ["name", "kind", "role", "responsibility"]


def _check_owner(owner, municipality: Municipality) -> None:
    if owner is None or not owner.is_active or not access.has_role_in(owner, municipality.pk):
        raise ValidationError({"owner": _("Välj en aktiv person med en roll i kommunen som ansvarig.")})


def _check_dates(valid_from: datetime.date | None, valid_until: datetime.date | None) -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("Slutdatumet kan inte ligga före startdatumet.")})


def _required(data: dict, names: dict[str, str]) -> None:
    errors = {name: message for name, message in names.items() if name in data and not str(data[name] or "").strip()}
    if errors:
        raise ValidationError(errors)


REQUIRED = {
    "title": gettext_lazy("Skriv vad överenskommelsen heter."),
    "area": gettext_lazy("Skriv vilket område överenskommelsen gäller."),
    "purpose": gettext_lazy("Skriv vad överenskommelsen ska åstadkomma."),
}


def _unit(agreement: Agreement):
    return top_unit(agreement.units.all())


def _locked(agreement: Agreement, expected_version: int | None) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError
    return locked


@transaction.atomic
def agreement_create(
    *,
    actor,
    municipality: Municipality,
    units,
    owner,
    title: str,
    area: str,
    purpose: str,
    follow_up: str = "",
    follow_up_by: str = "",
    make_known: bool = True,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    review_date: datetime.date | None = None,
) -> Agreement:
    """Register an agreement as a draft; it becomes active with ``agreement_activate``."""
    values = {"title": title, "area": area, "purpose": purpose}
    _required(values, REQUIRED)
    units = check_units(units, municipality)
    _check_owner(owner, municipality)
    _check_dates(valid_from, valid_until)
    agreement = Agreement.objects.create(
        municipality=municipality,
        owner=owner,
        title=title.strip(),
        area=area.strip(),
        purpose=purpose.strip(),
        follow_up=follow_up.strip(),
        follow_up_by=follow_up_by.strip(),
        make_known=make_known,
        valid_from=valid_from,
        valid_until=valid_until,
        review_date=review_date,
        created_by=actor,
    )
    agreement.units.set(units)
    audit.record_created(
        actor=actor,
        obj=agreement,
        fields=["title", "area", "purpose", "owner", "valid_from", "valid_until", "review_date", "units"],
        unit=top_unit(units),
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, expected_version: int | None, units=None, **data) -> dict:
    """Change what the agreement says and whom it concerns; raises ConcurrentEditError on a lost race."""
    unknown = set(data) - EDITABLE
    if unknown:
        raise TypeError(f"Unknown agreement fields: {sorted(unknown)}")
    if agreement.is_ended:
        raise ValidationError(_("En avslutad överenskommelse kan inte ändras."))
    _required(data, REQUIRED)
    data = {name: value.strip() if isinstance(value, str) else value for name, value in data.items()}
    if units is not None:
        units = check_units(units, agreement.municipality)
    if "owner" in data:
        _check_owner(data["owner"], agreement.municipality)
    _check_dates(data.get("valid_from", agreement.valid_from), data.get("valid_until", agreement.valid_until))
    if agreement.is_active and "review_date" in data and data["review_date"] is None:
        raise ValidationError({"review_date": _("En gällande överenskommelse behöver ett datum för nästa översyn.")})
    _locked(agreement, expected_version)
    unit = top_unit(units if units is not None else agreement.units.all())
    changes = update_versioned(agreement, actor=actor, data=data, expected_version=expected_version, unit=unit)
    m2m: dict = {}
    if units is not None:
        set_m2m(agreement, "units", units, m2m)
    if m2m:
        if not changes:
            Agreement.objects.filter(pk=agreement.pk).update(version=F("version") + 1)
            agreement.version += 1
        audit.record(actor=actor, action="update", obj=agreement, changes=m2m, unit=unit)
        changes.update(m2m)
    return changes


@transaction.atomic
def legal_assessment_record(
    *,
    actor,
    agreement: Agreement,
    expected_version: int | None,
    assessed_by,
    assessed_on: datetime.date,
    conclusion: str,
    reasoning: str,
) -> dict:
    """Record the legal assessment: who made it, when, the conclusion and its reasoning.

    An active agreement keeps an assessment that finds no obstacle: a new one that finds an obstacle is refused until
    the agreement has ended (or is taken back to a draft by ending it and registering a new one)."""
    errors = {}
    if conclusion not in (Agreement.LegalConclusion.NO_OBSTACLE, Agreement.LegalConclusion.OBSTACLE):
        errors["conclusion"] = _("Välj bedömningens slutsats.")
    if not (reasoning or "").strip():
        errors["reasoning"] = _("Skriv motiveringen: vilka regler som prövats, sekretessen först.")
    if assessed_on is None:
        errors["assessed_on"] = _("Ange när bedömningen gjordes.")
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = _("Bedömningen kan inte vara gjord i framtiden.")
    if assessed_by is None or not access.has_role_in(assessed_by, agreement.municipality_id):
        errors["assessed_by"] = _("Välj den som gjorde bedömningen bland kommunens personer.")
    if errors:
        raise ValidationError(errors)
    if agreement.is_active and conclusion != Agreement.LegalConclusion.NO_OBSTACLE:
        raise ValidationError(
            {"conclusion": _("Överenskommelsen gäller. Avsluta den först om bedömningen är att det finns hinder.")}
        )
    _locked(agreement, expected_version)
    return update_versioned(
        agreement,
        actor=actor,
        data={
            "legal_assessed_by": assessed_by,
            "legal_assessed_on": assessed_on,
            "legal_conclusion": conclusion,
            "legal_reasoning": reasoning.strip(),
        },
        expected_version=expected_version,
        unit=_unit(agreement),
        note="Rättslig bedömning",
    )


def activation_gaps(agreement: Agreement) -> list[str]:
    """What stops the agreement from becoming active, as sentences for the page; empty when nothing does."""
    gaps = []
    if not agreement.has_legal_clearance:
        gaps.append(
            _(
                "En rättslig bedömning saknas som visar att samverkan inte möter något direkt eller indirekt hinder "
                "i regelverket, sekretessen först."
            )
        )
    if not agreement.parties.exists():
        gaps.append(_("Lägg till parterna och vad var och en ansvarar för."))
    if agreement.review_date is None:
        gaps.append(_("Ange när överenskommelsen ska ses över nästa gång."))
    return gaps


@transaction.atomic
def agreement_activate(*, actor, agreement: Agreement, expected_version: int | None) -> Agreement:
    """Make a draft active. Refused without a legal assessment finding no obstacle, without parties or review date."""
    locked = _locked(agreement, expected_version)
    if locked.status != Agreement.Status.DRAFT:
        raise ValidationError(_("Bara ett utkast kan börja gälla."))
    gaps = activation_gaps(locked)
    if gaps:
        raise ValidationError(gaps)
    update_versioned(
        agreement,
        actor=actor,
        data={"status": Agreement.Status.ACTIVE, "activated_at": timezone.now()},
        expected_version=expected_version,
        action="transition",
        unit=_unit(agreement),
        note="Börjar gälla",
    )
    return agreement


@transaction.atomic
def agreement_end(*, actor, agreement: Agreement, expected_version: int | None, note: str = "Avslutad") -> Agreement:
    """End an agreement: it no longer applies, is no longer made known and has no reviews due."""
    locked = _locked(agreement, expected_version)
    if locked.is_ended:
        raise ValidationError(_("Överenskommelsen är redan avslutad."))
    update_versioned(
        agreement,
        actor=actor,
        data={"status": Agreement.Status.ENDED, "ended_at": timezone.now()},
        expected_version=expected_version,
        action="transition",
        unit=_unit(agreement),
        note=note,
    )
    return agreement


def _check_party(values: dict) -> None:
    errors = {}
    if "name" in values and not values["name"].strip():
        errors["name"] = _("Skriv vem parten är.")
    if "kind" in values and values["kind"] not in AgreementParty.Kind.values:
        errors["kind"] = _("Välj vilken typ av part det är.")
    if "responsibility" in values and not values["responsibility"].strip():
        errors["responsibility"] = _("Skriv vad parten ansvarar för.")
    if errors:
        raise ValidationError(errors)


def _touch(agreement: Agreement, expected_version: int | None) -> None:
    """A change to a party is a change to the agreement: its version moves on, so an open edit form sees it. With
    ``expected_version`` (the agreement's version when the party's form was opened) a lost race is refused."""
    version = agreement.version if expected_version is None else expected_version
    updated = Agreement.objects.filter(pk=agreement.pk, version=version).update(version=F("version") + 1)
    if updated != 1:
        raise ConcurrentEditError
    agreement.version = version + 1


@transaction.atomic
def party_add(
    *,
    actor,
    agreement: Agreement,
    name: str,
    kind: str,
    responsibility: str,
    role: str = "",
    expected_version: int | None = None,
) -> AgreementParty:
    if agreement.is_ended:
        raise ValidationError(_("En avslutad överenskommelse kan inte ändras."))
    values = {"name": name, "kind": kind, "responsibility": responsibility, "role": role}
    _check_party(values)
    _touch(agreement, expected_version)
    party = AgreementParty.objects.create(agreement=agreement, **{k: v.strip() for k, v in values.items()})
    audit.record_created(actor=actor, obj=party, fields=PARTY_FIELDS, unit=_unit(agreement))
    return party


@transaction.atomic
def party_update(*, actor, party: AgreementParty, expected_version: int | None = None, **data) -> dict:
    """Change a party; ``expected_version`` is the agreement's version when the form was opened."""
    unknown = set(data) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown party fields: {sorted(unknown)}")
    if party.agreement.is_ended:
        raise ValidationError(_("En avslutad överenskommelse kan inte ändras."))
    _check_party(data)
    changes = {k: (getattr(party, k), v.strip()) for k, v in data.items() if getattr(party, k) != v.strip()}
    if changes:
        _touch(party.agreement, expected_version)
        for name, (_old, new) in changes.items():
            setattr(party, name, new)
        party.save(update_fields=list(changes))
        audit.record(actor=actor, action="update", obj=party, changes=changes, unit=_unit(party.agreement))
    return changes


@transaction.atomic
def party_remove(*, actor, party: AgreementParty, expected_version: int | None = None) -> None:
    agreement = party.agreement
    if agreement.is_ended:
        raise ValidationError(_("En avslutad överenskommelse kan inte ändras."))
    if agreement.is_active and agreement.parties.count() <= 1:
        raise ValidationError(_("En gällande överenskommelse har minst en part. Lägg till en annan part först."))
    _touch(agreement, expected_version)
    audit.record(actor=actor, action="delete", obj=party, changes={"name": (party.name, None)}, unit=_unit(agreement))
    party.delete()


@transaction.atomic
def document_attach(*, actor, agreement: Agreement, upload) -> Agreement:
    """Store the signed document (replacing an earlier one); its type is read from its content, never its name. A new
    document of an active agreement asks the staff to read it again."""
    try:
        content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"document": error.message_dict.get("attachment", error.messages)}) from None
    locked = _locked(agreement, None)
    agreement.version, agreement.reading, agreement.status = locked.version, locked.reading, locked.status
    old = [(agreement.document.storage, agreement.document.name)] if agreement.document else []
    name = PurePath(upload.name or "overenskommelse").name[:150] or "overenskommelse"
    agreement.document.save(name, upload, save=False)
    changes = {"document_name": (agreement.document_name, name), "document_size": (agreement.document_size, upload.size)}
    agreement.document_name = name
    agreement.document_content_type = content_type
    agreement.document_size = upload.size
    agreement.document_uploaded_at = timezone.now()
    agreement.version += 1
    fields = ["document", "document_name", "document_content_type", "document_size", "document_uploaded_at", "version"]
    if agreement.asks_staff:
        changes["reading"] = (agreement.reading, agreement.reading + 1)
        agreement.reading += 1
        fields.append("reading")
    agreement.save(update_fields=fields)
    audit.record(actor=actor, action="update", obj=agreement, changes=changes, unit=_unit(agreement), note="Dokument")
    remove_after_commit(old)
    return agreement


@transaction.atomic
def review_record(
    *,
    actor,
    agreement: Agreement,
    expected_version: int | None,
    reviewed_on: datetime.date,
    reviewed_by,
    outcome: str,
    conclusion: str,
    next_review_date: datetime.date | None,
) -> AgreementReview:
    """Record a review of an active agreement. It sets the next review date; the outcome "end" ends the agreement."""
    if not agreement.is_active:
        raise ValidationError(_("Bara en gällande överenskommelse ses över."))
    errors = {}
    if outcome not in AgreementReview.Outcome.values:
        errors["outcome"] = _("Välj utfallet av översynen.")
    if not (conclusion or "").strip():
        errors["conclusion"] = _("Skriv vad översynen kom fram till.")
    if reviewed_on is None:
        errors["reviewed_on"] = _("Ange när översynen gjordes.")
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = _("Översynen kan inte vara gjord i framtiden.")
    if reviewed_by is None or not access.has_role_in(reviewed_by, agreement.municipality_id):
        errors["reviewed_by"] = _("Välj den som gjorde översynen bland kommunens personer.")
    ending = outcome == AgreementReview.Outcome.END
    if not ending:
        if next_review_date is None:
            errors["next_review_date"] = _("Ange när överenskommelsen ska ses över nästa gång.")
        elif reviewed_on is not None and next_review_date <= reviewed_on:
            errors["next_review_date"] = _("Nästa översyn ska ligga efter den här.")
    if errors:
        raise ValidationError(errors)
    _locked(agreement, expected_version)
    review = AgreementReview.objects.create(
        agreement=agreement,
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by,
        outcome=outcome,
        conclusion=conclusion.strip(),
        next_review_date=None if ending else next_review_date,
        recorded_by=actor,
    )
    audit.record_created(
        actor=actor, obj=review, fields=["reviewed_on", "outcome", "conclusion", "next_review_date"], unit=_unit(agreement)
    )
    if ending:
        agreement_end(actor=actor, agreement=agreement, expected_version=expected_version, note="Avslutad vid översyn")
    else:
        update_versioned(
            agreement,
            actor=actor,
            data={"review_date": next_review_date},
            expected_version=expected_version,
            unit=_unit(agreement),
            note="Översyn",
        )
    return review


@transaction.atomic
def agreement_acknowledge(*, actor, agreement: Agreement) -> AgreementAcknowledgement:
    """The person confirms having read the agreement. Only the staff of its units, once per reading (a new document
    asks again), while it is made known."""
    if not agreement_access.may_acknowledge(actor, agreement):
        raise PermissionDenied
    if AgreementAcknowledgement.objects.filter(agreement=agreement, user=actor, reading=agreement.reading).exists():
        raise ValidationError(_("Du har redan bekräftat att du läst överenskommelsen."))
    ack = AgreementAcknowledgement.objects.create(agreement=agreement, user=actor, reading=agreement.reading)
    audit.record_created(actor=actor, obj=ack, fields=["agreement", "reading"], unit=_unit(agreement))
    return ack
