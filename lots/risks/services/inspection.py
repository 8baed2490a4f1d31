"""Writes to self-inspection: plans, control points with their criteria and schedule, and carrying rounds out."""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError, update_versioned
from lots.improvements.models import ImprovementAction
from lots.improvements.services import improvement_create
from lots.organisation.models import Unit
from lots.risks.models import Assessment, ControlPoint, ControlRound, Criterion, InspectionPlan, ReviewedRecord
from lots.risks.services.plans import plan_create, plan_update

MAX_CRITERIA = 30
MAX_SAMPLE = 200
# Six digits in a row look like a date of birth or personal number; references must be pseudonymous.
PERSONAL_NUMBER_LIKE = re.compile(r"\d{6}")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(first_due: datetime.date, frequency: int) -> list[datetime.date]:
    """Due dates in the plan's year: ``frequency`` times a year from ``first_due``; dates past the year are dropped."""
    step = 12 // frequency
    dates = [add_months(first_due, step * k) for k in range(frequency)]
    return [d for d in dates if d.year == first_due.year]


# Plans.


@transaction.atomic
def inspection_plan_create(*, actor, unit: Unit, year: int, note: str = "") -> InspectionPlan:
    return plan_create(InspectionPlan, actor=actor, unit=unit, year=year, note=note)


@transaction.atomic
def inspection_plan_update(*, actor, plan: InspectionPlan, expected_version: int | None, note: str) -> dict:
    return plan_update(plan, actor=actor, expected_version=expected_version, note=note)


# Control points.


def _clean_criteria(criteria: list[str]) -> list[str]:
    cleaned = [" ".join(text.split()) for text in criteria if text.strip()]
    if not cleaned:
        raise ValidationError({"criteria": [_("Skriv minst ett kriterium, ett per rad.")]})
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError({"criteria": [_("Högst %(n)s kriterier per kontrollpunkt.") % {"n": MAX_CRITERIA}]})
    if any(len(text) > 300 for text in cleaned):
        raise ValidationError({"criteria": [_("Ett kriterium får vara högst 300 tecken.")]})
    if len({t.casefold() for t in cleaned}) != len(cleaned):
        raise ValidationError({"criteria": [_("Samma kriterium står två gånger.")]})
    return cleaned


def _check_point(plan: InspectionPlan, *, title: str, method: str, frequency: int, sample_size: int | None, first_due) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = [_("Skriv vad som kontrolleras.")]
    if method not in ControlPoint.Method.values:
        errors["method"] = [_("Välj en metod.")]
    if frequency not in ControlPoint.Frequency.values:
        errors["frequency"] = [_("Välj hur ofta kontrollen görs.")]
    if method == ControlPoint.Method.RECORD_REVIEW and not sample_size:
        errors["sample_size"] = [_("Ange hur många akter som granskas varje gång.")]
    if sample_size is not None and not (1 <= sample_size <= MAX_SAMPLE):
        errors["sample_size"] = [_("Urvalet ska vara mellan 1 och %(n)s akter.") % {"n": MAX_SAMPLE}]
    if first_due.year != plan.year:
        errors["first_due"] = [_("Datumet ska ligga under planens år, %(year)s.") % {"year": plan.year}]
    if errors:
        raise ValidationError(errors)


def _sync_criteria(point: ControlPoint, texts: list[str]) -> None:
    existing = {c.text.casefold(): c for c in point.criteria.all()}
    wanted = {t.casefold() for t in texts}
    for key, criterion in existing.items():
        if key not in wanted:
            if criterion.assessments.exists():
                raise ValidationError(
                    {
                        "criteria": [
                            _("Kriteriet ”%(criterion)s” har redan bedömts och kan inte tas bort.")
                            % {"criterion": criterion.text}
                        ]
                    }
                )
            criterion.delete()
    # Two passes keep the (control point, position) constraint satisfied while reordering.
    offset = (point.criteria.aggregate(m=Max("position"))["m"] or 0) + len(texts) + 1
    kept = []
    for index, text in enumerate(texts):
        criterion = existing.get(text.casefold())
        if criterion is None:
            criterion = Criterion.objects.create(control_point=point, position=offset + index, text=text)
        else:
            Criterion.objects.filter(pk=criterion.pk).update(position=offset + index, text=text)
        kept.append(criterion.pk)
    for index, pk in enumerate(kept, start=1):
        Criterion.objects.filter(pk=pk).update(position=index)


def _create_rounds(point: ControlPoint, dates: list[datetime.date]) -> None:
    ControlRound.objects.bulk_create([ControlRound(control_point=point, due_date=d) for d in dates])


@transaction.atomic
def control_point_create(
    *,
    actor,
    plan: InspectionPlan,
    title: str,
    method: str,
    frequency: int,
    responsible,
    first_due: datetime.date,
    criteria: list[str],
    sample_size: int | None = None,
    purpose: str = "",
) -> ControlPoint:
    """A control point with its checklist and one planned round per due date in the year."""
    _check_point(plan, title=title, method=method, frequency=frequency, sample_size=sample_size, first_due=first_due)
    texts = _clean_criteria(criteria)
    point = ControlPoint.objects.create(
        plan=plan,
        title=title.strip(),
        purpose=purpose.strip(),
        method=method,
        frequency=frequency,
        sample_size=sample_size,
        responsible=responsible,
        first_due=first_due,
    )
    _sync_criteria(point, texts)
    _create_rounds(point, schedule(first_due, frequency))
    audit.record_created(
        actor=actor,
        obj=point,
        unit=plan.unit,
        fields=["title", "method", "frequency", "sample_size", "responsible", "first_due"],
        note="Kriterier: " + "; ".join(texts),
    )
    return point


@transaction.atomic
def control_point_update(
    *,
    actor,
    point: ControlPoint,
    expected_version: int | None,
    title: str,
    method: str,
    frequency: int,
    responsible,
    first_due: datetime.date,
    criteria: list[str],
    sample_size: int | None = None,
    purpose: str = "",
) -> dict:
    """Change a control point. Criteria already assessed cannot be removed. A new schedule replaces the rounds
    not yet started; rounds under way or done stay."""
    plan = point.plan
    _check_point(plan, title=title, method=method, frequency=frequency, sample_size=sample_size, first_due=first_due)
    texts = _clean_criteria(criteria)
    if method != point.method and point.rounds.exclude(status=ControlRound.Status.PLANNED).exists():
        raise ValidationError({"method": [_("Metoden kan inte ändras när kontrollen har börjat genomföras.")]})
    before = [c.text for c in point.criteria.all()]
    rescheduled = frequency != point.frequency or first_due != point.first_due
    changes = update_versioned(
        point,
        actor=actor,
        expected_version=expected_version,
        unit=plan.unit,
        data={
            "title": title.strip(),
            "purpose": purpose.strip(),
            "method": method,
            "frequency": frequency,
            "sample_size": sample_size,
            "responsible": responsible,
            "first_due": first_due,
        },
    )
    _sync_criteria(point, texts)
    if before != texts:
        audit.record(actor=actor, action="update", obj=point, unit=plan.unit, changes={"criteria": (before, texts)})
        changes["criteria"] = (before, texts)
    if rescheduled:
        started = point.rounds.exclude(status=ControlRound.Status.PLANNED).count()
        point.rounds.filter(status=ControlRound.Status.PLANNED).delete()
        _create_rounds(point, schedule(first_due, frequency)[started:])
    return changes


# Carrying a round out.


def _require_not_done(round_: ControlRound) -> None:
    if round_.is_done:
        raise ValidationError(_("Omgången är redan genomförd. Öppna den igen för att ändra."))


def _check_answers(point: ControlPoint, answers: dict[int, str]) -> list[Criterion]:
    criteria = list(point.criteria.all())
    errors = {}
    for criterion in criteria:
        if answers.get(criterion.pk) not in Assessment.Answer.values:
            errors[f"criterion_{criterion.pk}"] = [_("Välj uppfyllt, ej uppfyllt eller ej tillämpligt.")]
    if errors:
        raise ValidationError(errors)
    return criteria


def _mark_started(round_: ControlRound) -> None:
    if round_.status == ControlRound.Status.PLANNED:
        ControlRound.objects.filter(pk=round_.pk).update(status=ControlRound.Status.IN_PROGRESS)
        round_.status = ControlRound.Status.IN_PROGRESS


def _check_reference(round_: ControlRound, reference: str, exclude_pk=None) -> str:
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": [_("Skriv aktens referens.")]})
    if PERSONAL_NUMBER_LIKE.search(reference):
        raise ValidationError(
            {"reference": [_("Skriv en pseudonym referens, till exempel ”A-07”. Aldrig personnummer, födelsedatum eller namn.")]}
        )
    if round_.records.filter(reference__iexact=reference).exclude(pk=exclude_pk).exists():
        raise ValidationError({"reference": [_("Akten med den referensen är redan granskad i den här omgången.")]})
    return reference


@transaction.atomic
def record_review_add(
    *,
    actor,
    round_: ControlRound,
    reference: str,
    answers: dict[int, str],
    comments: dict[int, str] | None = None,
    note: str = "",
) -> ReviewedRecord:
    """One sampled case record, by pseudonymous reference, with an answer for every criterion."""
    round_ = ControlRound.objects.select_for_update().select_related("control_point__plan__unit").get(pk=round_.pk)
    point = round_.control_point
    if not point.is_record_review:
        raise ValidationError(_("Kontrollpunkten är ingen journalgranskning."))
    _require_not_done(round_)
    reference = _check_reference(round_, reference)
    if round_.records.count() >= point.sample_size:
        raise ValidationError(
            {
                "reference": [
                    _(
                        "Urvalet är %(n)s akter och alla är redan granskade. "
                        "Ändra urvalet på kontrollpunkten om fler ska granskas."
                    )
                    % {"n": point.sample_size}
                ]
            }
        )
    criteria = _check_answers(point, answers)
    try:
        record = ReviewedRecord.objects.create(round=round_, reference=reference, note=note.strip())
    except IntegrityError:
        raise ValidationError({"reference": [_("Akten med den referensen är redan granskad i den här omgången.")]}) from None
    comments = comments or {}
    Assessment.objects.bulk_create(
        [
            Assessment(round=round_, record=record, criterion=c, answer=answers[c.pk], comment=comments.get(c.pk, "").strip())
            for c in criteria
        ]
    )
    _mark_started(round_)
    audit.record_created(
        actor=actor,
        obj=record,
        unit=point.plan.unit,
        fields=["reference"],
        note="; ".join(f"{c.text}: {Assessment.Answer(answers[c.pk]).label}" for c in criteria)[:500],
    )
    return record


@transaction.atomic
def record_review_update(
    *,
    actor,
    record: ReviewedRecord,
    expected_version: int | None,
    reference: str,
    answers: dict[int, str],
    comments: dict[int, str] | None = None,
    note: str = "",
) -> ReviewedRecord:
    """Change a reviewed record's answers; raises ConcurrentEditError if someone saved it since ``expected_version``."""
    round_ = record.round
    point = round_.control_point
    _require_not_done(round_)
    reference = _check_reference(round_, reference, exclude_pk=record.pk)
    criteria = _check_answers(point, answers)
    _claim_version(ReviewedRecord, record, expected_version)
    comments = comments or {}
    existing = {a.criterion_id: a for a in record.assessments.all()}
    changes = {}
    if record.reference != reference:
        changes["reference"] = (record.reference, reference)
    for criterion in criteria:
        answer, comment = answers[criterion.pk], comments.get(criterion.pk, "").strip()
        current = existing.get(criterion.pk)
        if current is None:
            Assessment.objects.create(round=round_, record=record, criterion=criterion, answer=answer, comment=comment)
            changes[criterion.text] = (None, answer)
        elif (current.answer, current.comment) != (answer, comment):
            changes[criterion.text] = (current.answer, answer)
            Assessment.objects.filter(pk=current.pk).update(answer=answer, comment=comment)
    if record.note != note.strip():
        changes["note"] = (record.note, note.strip())
    if changes:
        record.reference, record.note = reference, note.strip()
        record.save(update_fields=["reference", "note"])
        audit.record(actor=actor, action="update", obj=record, unit=point.plan.unit, changes=changes)
    return record


def _claim_version(model, obj, expected_version: int | None) -> None:
    """Bump the version if it is still the one the user saw; the answers live in other rows, so
    update_versioned cannot guard them."""
    version = obj.version if expected_version is None else expected_version
    if model.objects.filter(pk=obj.pk, version=version).update(version=F("version") + 1) != 1:
        raise ConcurrentEditError
    obj.version = version + 1


@transaction.atomic
def record_review_delete(*, actor, record: ReviewedRecord) -> None:
    round_ = record.round
    _require_not_done(round_)
    audit.record(actor=actor, action="delete", obj=record, unit=round_.control_point.plan.unit)
    record.delete()


@transaction.atomic
def checklist_save(
    *,
    actor,
    round_: ControlRound,
    expected_version: int | None,
    answers: dict[int, str],
    comments: dict[int, str] | None = None,
) -> None:
    """The round's checklist: one answer per criterion (methods other than case-record review).
    Raises ConcurrentEditError if the round changed since ``expected_version``."""
    round_ = ControlRound.objects.select_for_update().select_related("control_point__plan__unit").get(pk=round_.pk)
    point = round_.control_point
    if point.is_record_review:
        raise ValidationError(_("En journalgranskning fylls i akt för akt."))
    _require_not_done(round_)
    criteria = _check_answers(point, answers)
    _claim_version(ControlRound, round_, expected_version)
    comments = comments or {}
    existing = {a.criterion_id: a for a in round_.assessments.filter(record__isnull=True)}
    changes = {}
    for criterion in criteria:
        answer, comment = answers[criterion.pk], comments.get(criterion.pk, "").strip()
        current = existing.get(criterion.pk)
        if current is None:
            Assessment.objects.create(round=round_, criterion=criterion, answer=answer, comment=comment)
            changes[criterion.text] = (None, answer)
        elif (current.answer, current.comment) != (answer, comment):
            changes[criterion.text] = (current.answer, answer)
            Assessment.objects.filter(pk=current.pk).update(answer=answer, comment=comment)
    _mark_started(round_)
    if changes:
        audit.record(actor=actor, action="update", obj=round_, unit=point.plan.unit, changes=changes, note="Checklista")


def round_completion_problems(round_: ControlRound) -> list[str]:
    point = round_.control_point
    criteria_count = point.criteria.count()
    if point.is_record_review:
        reviewed = round_.records.count()
        if reviewed < point.sample_size:
            return [
                _("Granska alla %(n)s akter i urvalet innan omgången markeras som genomförd (%(reviewed)s av %(n)s klara).")
                % {"n": point.sample_size, "reviewed": reviewed}
            ]
        return []
    answered = round_.assessments.filter(record__isnull=True).count()
    if answered < criteria_count:
        return [_("Fyll i checklistan för alla kriterier innan omgången markeras som genomförd.")]
    return []


@transaction.atomic
def round_complete(
    *, actor, round_: ControlRound, expected_version: int | None, performed_on: datetime.date, summary: str, conclusion: str = ""
) -> ControlRound:
    """Mark the round as carried out, with the result's analysis and conclusion."""
    round_ = ControlRound.objects.select_for_update().select_related("control_point__plan__unit").get(pk=round_.pk)
    if expected_version is not None and round_.version != expected_version:
        raise ConcurrentEditError
    _require_not_done(round_)
    errors = {}
    if not summary.strip():
        errors["summary"] = [_("Beskriv resultatet och vad det visar.")]
    if performed_on > timezone.localdate():
        errors["performed_on"] = [_("Datumet för genomförandet kan inte ligga i framtiden.")]
    if errors:
        raise ValidationError(errors)
    problems = round_completion_problems(round_)
    if problems:
        raise ValidationError(problems)
    update_versioned(
        round_,
        actor=actor,
        expected_version=round_.version,
        action="transition",
        note="Genomförd",
        unit=round_.control_point.plan.unit,
        data={
            "status": ControlRound.Status.DONE,
            "performed_on": performed_on,
            "performed_by": actor,
            "summary": summary.strip(),
            "conclusion": conclusion.strip(),
        },
    )
    return round_


@transaction.atomic
def round_reopen(*, actor, round_: ControlRound) -> ControlRound:
    if not round_.is_done:
        raise ValidationError(_("Omgången är inte genomförd."))
    update_versioned(
        round_,
        actor=actor,
        expected_version=None,
        action="transition",
        note="Öppnad igen",
        unit=round_.control_point.plan.unit,
        data={"status": ControlRound.Status.IN_PROGRESS, "performed_on": None, "performed_by": None},
    )
    return round_


@transaction.atomic
def round_action_create(
    *, actor, round_: ControlRound, title: str, owner, due_date: datetime.date | None, description: str = ""
) -> ImprovementAction:
    """A finding of the round becomes an improvement action of the plan's unit."""
    return improvement_create(
        actor=actor,
        unit=round_.control_point.plan.unit,
        title=title,
        owner=owner,
        source_kind=ImprovementAction.Source.SELF_INSPECTION,
        source=round_,
        description=description,
        due_date=due_date,
    )
