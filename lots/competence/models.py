"""Competence development: the unit's yearly plan, appraisals with the individual plans drawn up at them, supervision
offered and students on placement.

Appraisals, individual plans and students are personnel data about named people: their querysets log every read
(lots.access.reads) and carry the unit of the employment, so the log entry belongs to that unit. The unit plan and
the supervision offered describe the unit, not a person.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.lib.dates import add_months
from lots.organisation.models import Unit
from lots.staff.models import Employment

# An appraisal is held at least once a year: more than this many months without one is overdue.
APPRAISAL_INTERVAL_MONTHS = 12


def appraisal_due_on(*, last_held: datetime.date | None, employed_from: datetime.date) -> datetime.date:
    """The last day on which the next appraisal is still on time: twelve months after the last one, or after the
    employment started when there has been none."""
    return add_months(last_held or employed_from, APPRAISAL_INTERVAL_MONTHS)


def overdue_cutoff(today: datetime.date) -> datetime.date:
    """The earliest last appraisal (or start of employment) that is not overdue on ``today``: overdue exactly when
    the date lies before it. For filtering in SQL with the rule of ``appraisal_due_on``, month-end days included."""
    cutoff = add_months(today, -APPRAISAL_INTERVAL_MONTHS)
    while appraisal_due_on(last_held=cutoff, employed_from=cutoff) < today:
        cutoff += datetime.timedelta(days=1)
    return cutoff


class UnitPlan(VersionedModel):
    """The unit's overall competence development plan for one year, inventoried and planned by the unit manager."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="competence_plans", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    summary = models.TextField(_("inventering av behov"), blank=True, max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["unit__path", "-year"]
        verbose_name = _("kompetensutvecklingsplan för enheten")
        verbose_name_plural = _("kompetensutvecklingsplaner för enheter")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="competence_unitplan_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Inställd")


class UnitPlanItem(VersionedModel):
    """One row of the unit plan: a need and the activity that meets it."""

    plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    need = models.CharField(_("behov"), max_length=300)
    activity = models.CharField(_("aktivitet"), max_length=300)
    target_group = models.CharField(_("målgrupp"), max_length=200, blank=True)
    when = models.CharField(_("när"), max_length=100, blank=True)
    cost = models.DecimalField(_("kostnad (kr)"), max_digits=10, decimal_places=0, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("rad i enhetens plan")
        verbose_name_plural = _("rader i enhetens plan")
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="competence_unitplanitem_cost")]

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Rad {self.pk} i kompetensutvecklingsplan"

    def __str__(self) -> str:
        return self.activity


class AppraisalQuerySet(ReadLoggedQuerySet):
    pass


class Appraisal(VersionedModel):
    """A medarbetarsamtal held with a staff member in one employment."""

    employment = models.ForeignKey(Employment, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("anställning"))
    # The employment's unit, kept here so the read log and the scope need no join.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    held_on = models.DateField(_("datum för samtalet"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("hållet av"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("medarbetarsamtal")
        verbose_name_plural = _("medarbetarsamtal")
        indexes = [models.Index(fields=["employment", "held_on"], name="competence_appraisal_emp_held")]

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Medarbetarsamtal {self.pk}"

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class IndividualPlanQuerySet(ReadLoggedQuerySet):
    pass


class IndividualPlan(VersionedModel):
    """A staff member's individual competence development plan for one year, drawn up at an appraisal."""

    employment = models.ForeignKey(
        Employment, on_delete=models.PROTECT, related_name="competence_plans", verbose_name=_("anställning")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    year = models.PositiveSmallIntegerField(_("år"))
    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans", verbose_name=_("samtal")
    )
    goals = models.TextField(_("mål"), blank=True, max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IndividualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("individuell kompetensutvecklingsplan")
        verbose_name_plural = _("individuella kompetensutvecklingsplaner")
        constraints = [models.UniqueConstraint(fields=["employment", "year"], name="competence_plan_employment_year")]

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Individuell plan {self.pk}"

    def __str__(self) -> str:
        return str(self.year)


class PlanRow(VersionedModel):
    """A planned activity in an individual plan and what was done; the manager and the employee update it."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="rows", verbose_name=_("plan"))
    activity = models.CharField(_("planerad aktivitet"), max_length=300)
    planned_when = models.CharField(_("när"), max_length=100, blank=True)
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    outcome = models.TextField(_("vad som gjordes"), blank=True, max_length=2000)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("aktivitet i individuell plan")
        verbose_name_plural = _("aktiviteter i individuella planer")

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Aktivitet {self.pk} i individuell plan"

    def __str__(self) -> str:
        return self.activity

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class SupervisionForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuell")
    GROUP = "group", _("Grupp")


class Supervision(VersionedModel):
    """Supervision (handledning) the unit offers its staff."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("enhet"))
    form = models.CharField(_("form"), max_length=20, choices=SupervisionForm.choices)
    given_by = models.CharField(_("handledare"), max_length=200)
    frequency = models.CharField(_("hur ofta"), max_length=100)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["unit__path", "-starts_on"]
        verbose_name = _("handledning")
        verbose_name_plural = _("handledning")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="competence_supervision_period",
            )
        ]

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Handledning {self.pk}"

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.given_by}"

    def runs_in(self, year: int) -> bool:
        return self.starts_on.year <= year and (self.ends_on is None or self.ends_on.year >= year)


class StudentQuerySet(ReadLoggedQuerySet):
    def in_year(self, year: int):
        return self.filter(starts_on__year__lte=year, ends_on__year__gte=year)


class Student(VersionedModel):
    """A student on placement (praktikant) at the unit, with a supervisor among the unit's staff."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="students", verbose_name=_("enhet"))
    name = models.CharField(_("namn"), max_length=200)
    programme = models.CharField(_("utbildning"), max_length=200)
    school = models.CharField(_("skola"), max_length=200)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"))
    supervisor = models.ForeignKey(Employment, on_delete=models.PROTECT, related_name="students", verbose_name=_("handledare"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "-starts_on"]
        verbose_name = _("praktikant")
        verbose_name_plural = _("praktikanter")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="competence_student_period")]

    @property
    def audit_label(self) -> str:
        """The log names the record by its id: its text may name a person."""
        return f"Praktikant {self.pk}"

    def __str__(self) -> str:
        return self.name
