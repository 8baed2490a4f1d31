"""Self-inspection (*egenkontroll*, seed §6.1): a plan per unit and year, its control points, and each round
in which a control point is carried out, including case-record review (*journalgranskning*)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit
from lots.risks.models.plans import YearlyPlan


class InspectionPlan(YearlyPlan):
    title = _("Egenkontrollplan")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("enhet"))

    class Meta(YearlyPlan.Meta):
        verbose_name = _("egenkontrollplan")
        verbose_name_plural = _("egenkontrollplaner")


class ControlPoint(VersionedModel):
    class Method(models.TextChoices):
        RECORD_REVIEW = "record_review", _("Granskning av journaler, akter och annan dokumentation")
        REGISTERS = "registers", _("Jämförelse med nationella eller regionala kvalitetsregister och öppna jämförelser")
        COMPARISON = "comparison", _("Jämförelse med tidigare resultat eller med andra verksamheter")
        SURVEY = "survey", _("Brukar- eller målgruppsundersökning")
        AUDITORS = "auditors", _("Synpunkter från revisorer och intressenter")
        STAFF_ATTITUDES = "staff_attitudes", _("Medarbetarnas förhållningssätt och attityder")
        ROUTINES = "routines", _("Kontroll av att rutiner och processer följs")

    class Frequency(models.IntegerChoices):
        YEARLY = 1, _("En gång per år")
        HALF_YEARLY = 2, _("Varje halvår")
        QUARTERLY = 4, _("Varje kvartal")
        MONTHLY = 12, _("Varje månad")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="control_points", verbose_name=_("plan"))
    title = models.CharField(_("kontrollpunkt"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True)
    method = models.CharField(_("metod"), max_length=30, choices=Method.choices)
    frequency = models.PositiveSmallIntegerField(_("frekvens"), choices=Frequency.choices, default=Frequency.YEARLY)
    sample_size = models.PositiveSmallIntegerField(_("urval (antal akter)"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="control_points", verbose_name=_("ansvarig")
    )
    first_due = models.DateField(_("första tillfället klart senast"))

    class Meta:
        ordering = ["plan", "first_due", "pk"]
        verbose_name = _("kontrollpunkt")
        verbose_name_plural = _("kontrollpunkter")
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="record_review") | Q(sample_size__gte=1), name="controlpoint_record_review_has_sample"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_record_review(self) -> bool:
        return self.method == self.Method.RECORD_REVIEW


class Criterion(models.Model):
    """One thing checked at a control point: a line of the checklist, or a column of the record review."""

    control_point = models.ForeignKey(ControlPoint, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("ordning"))
    text = models.CharField(_("kriterium"), max_length=300)

    class Meta:
        ordering = ["control_point", "position"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [models.UniqueConstraint(fields=["control_point", "position"], name="criterion_position_unique")]

    def __str__(self) -> str:
        return self.text


class ControlRoundQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=ControlRound.Status.DONE)

    def due_between(self, start, end):
        """Rounds due in a period: what the yearly calendar and reminders show."""
        return self.filter(due_date__gte=start, due_date__lte=end)

    def done_in(self, year: int):
        """Rounds carried out in a year: what the annual report summarises."""
        return self.filter(status=ControlRound.Status.DONE, performed_on__year=year)

    def progress(self, state: str, today):
        """``state`` is "done", "not_done" or "overdue" (not done and past its due date), as the overview counts."""
        return progress_filter(self, state, ControlRound.Status.DONE, today)


def progress_filter(qs, state: str, done: str, today):
    """Rows of ``qs`` (with ``status`` and ``due_date``) by progress; ``done`` is the model's done status."""
    if state == "done":
        return qs.filter(status=done)
    if state == "not_done":
        return qs.exclude(status=done)
    if state == "overdue":
        return qs.exclude(status=done).filter(due_date__lt=today)
    raise ValueError(state)


class ControlRound(VersionedModel):
    """One occasion on which a control point is carried out, with its result."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Genomförd")

    control_point = models.ForeignKey(
        ControlPoint, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("kontrollpunkt")
    )
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    performed_on = models.DateField(_("genomförd"), null=True, blank=True)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.TextField(_("resultat och analys"), blank=True)
    conclusion = models.TextField(_("slutsats"), blank=True)

    objects = ControlRoundQuerySet.as_manager()

    class Meta:
        ordering = ["control_point", "due_date", "pk"]
        verbose_name = _("genomförande av egenkontroll")
        verbose_name_plural = _("genomföranden av egenkontroll")
        indexes = [models.Index(fields=["status", "due_date"], name="controlround_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(performed_on__isnull=False), name="controlround_done_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control_point}, {self.due_date:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today) -> bool:
        return not self.is_done and self.due_date < today


class ReviewedRecord(VersionedModel):
    """A sampled case record, known here only by a pseudonymous reference (never a name or personal number)."""

    round = models.ForeignKey(ControlRound, on_delete=models.CASCADE, related_name="records")
    reference = models.CharField(_("referens"), max_length=40)
    note = models.TextField(_("anteckning"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("granskad akt")
        verbose_name_plural = _("granskade akter")
        constraints = [models.UniqueConstraint(fields=["round", "reference"], name="reviewedrecord_reference_unique")]

    def __str__(self) -> str:
        return self.reference


class Assessment(models.Model):
    """Whether one criterion was met: for one reviewed record, or for the round's checklist (``record`` empty)."""

    class Answer(models.TextChoices):
        MET = "met", _("Uppfyllt")
        NOT_MET = "not_met", _("Ej uppfyllt")
        NOT_APPLICABLE = "na", _("Ej tillämpligt")

    round = models.ForeignKey(ControlRound, on_delete=models.CASCADE, related_name="assessments")
    record = models.ForeignKey(ReviewedRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    answer = models.CharField(_("bedömning"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["round", "record", "criterion__position"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "criterion"], condition=Q(record__isnull=False), name="assessment_once_per_record"
            ),
            models.UniqueConstraint(
                fields=["round", "criterion"], condition=Q(record__isnull=True), name="assessment_once_per_checklist"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_answer_display()}"
