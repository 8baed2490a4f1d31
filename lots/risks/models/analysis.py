"""Risk analyses (seed §4.2, §6.3–6.4) and the risks assessed in them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit

# The guiding questions of seed §6.3, in order: (field name, question).
GUIDING_QUESTIONS = [
    ("q_mission", _("Vad är vårt uppdrag och vilka är våra viktigaste processer och mål?")),
    ("q_full_control", _("Vilka processer måste vi absolut ha fullständig kontroll över?")),
    ("q_in_control", _("Har vi fullständig kontroll över dem?")),
    ("q_risks_seen", _("Vilka risker ser vi?")),
    ("q_must_not_happen", _("Vad får absolut inte hända?")),
    ("q_prepared", _("Har vi beredskap för det?")),
    ("q_newspaper", _("Vad vill vi inte läsa om i tidningarna?")),
]
QUESTION_FIELDS = [name for name, _question in GUIDING_QUESTIONS]


class RiskAnalysisQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(performed_on__year=year)

    def yearly_client_perspective(self, year: int):
        return self.filter(trigger=RiskAnalysis.Trigger.YEARLY_CLIENT).in_year(year)

    def completed(self):
        return self.filter(status=RiskAnalysis.Status.COMPLETED)

    def departments_without_yearly(self, departments, year: int):
        """Open departments (avdelningar) among ``departments`` with no *completed* yearly client-perspective
        analysis dated in ``year``. The analysis counts for the department whose unit it is made for.

        Returns a Unit QuerySet (one SQL statement), annotated with ``yearly_started_id``: the id of an
        analysis under way, or None. The dashboard reuses this.
        """
        done = self.completed().yearly_client_perspective(year).filter(unit=OuterRef("pk"))
        started = (
            RiskAnalysis.objects.yearly_client_perspective(year)
            .filter(unit=OuterRef("pk"), status=RiskAnalysis.Status.IN_PROGRESS)
            .order_by("-performed_on", "-pk")
            .values("pk")[:1]
        )
        return (
            departments.filter(kind=Unit.Kind.AVDELNING, closed_at__isnull=True)
            .exclude(Exists(done))
            .annotate(yearly_started_id=Subquery(started))
        )


class RiskAnalysis(VersionedModel):
    class Trigger(models.TextChoices):
        YEARLY_CLIENT = "yearly_client", _("Årlig riskanalys med klientperspektiv")
        REORGANISATION = "reorganisation", _("Organisationsförändring")
        DELEGATION = "delegation", _("Ändrad delegation")
        NEW_METHOD = "new_method", _("Nya metoder och arbetssätt")
        STAFF_TURNOVER = "staff_turnover", _("Planerad eller oplanerad personalomsättning")
        STAFF_INFORMATION = "staff_information", _("Information från medarbetare")
        STAFF_SUPPORT = "staff_support", _("Bristande stöd till medarbetare")
        LAW_KNOWLEDGE = "law_knowledge", _("Medarbetares okunskap om gällande lagstiftning")
        DIVISION_OF_WORK = "division_of_work", _("Oklar arbetsfördelning")
        OTHER = "other", _("Annan anledning")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Pågår")
        COMPLETED = "completed", _("Klar")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="risk_analyses",
        verbose_name=_("enhet"),
        help_text=_("Analysen gäller enheten och allt under den."),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_analyses",
        verbose_name=_("process"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    trigger = models.CharField(_("anledning"), max_length=30, choices=Trigger.choices)
    trigger_note = models.TextField(_("beskrivning av anledningen"), blank=True)
    performed_on = models.DateField(_("datum"))
    participants = models.TextField(_("deltagare"))
    q_mission = models.TextField(GUIDING_QUESTIONS[0][1], blank=True)
    q_full_control = models.TextField(GUIDING_QUESTIONS[1][1], blank=True)
    q_in_control = models.TextField(GUIDING_QUESTIONS[2][1], blank=True)
    q_risks_seen = models.TextField(GUIDING_QUESTIONS[3][1], blank=True)
    q_must_not_happen = models.TextField(GUIDING_QUESTIONS[4][1], blank=True)
    q_prepared = models.TextField(GUIDING_QUESTIONS[5][1], blank=True)
    q_newspaper = models.TextField(GUIDING_QUESTIONS[6][1], blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    completed_at = models.DateTimeField(_("klarmarkerad"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reported_to_board_on = models.DateField(_("redovisad för nämnden"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RiskAnalysisQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_on", "-pk"]
        verbose_name = _("riskanalys")
        verbose_name_plural = _("riskanalyser")
        indexes = [
            models.Index(fields=["unit", "trigger", "performed_on"], name="riskanalysis_unit_trigger"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(completed_at__isnull=False), name="riskanalysis_completed_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def year(self) -> int:
        return self.performed_on.year

    def answers(self) -> list[tuple[str, str]]:
        return [(question, getattr(self, name)) for name, question in GUIDING_QUESTIONS]

    def unanswered_questions(self) -> list[str]:
        return [str(question) for name, question in GUIDING_QUESTIONS if not getattr(self, name).strip()]


class RiskQuerySet(models.QuerySet):
    def at_level(self, scales: dict, name: str):
        """Risks whose assessed value is in the level called ``name`` on the scale of their analysis's municipality.

        ``scales`` maps municipality id to RiskScale; risks of other municipalities are left out.
        """
        condition = Q(pk__in=[])
        for municipality_id, scale in scales.items():
            values = Q(pk__in=[])
            for lowest, highest in scale.value_ranges(name):
                bounds = {"value__isnull": False}  # a level open at both ends (the only one) holds every value
                if lowest is not None:
                    bounds["value__gte"] = lowest
                if highest is not None:
                    bounds["value__lte"] = highest
                values |= Q(**bounds)
            condition |= Q(analysis__unit__municipality_id=municipality_id) & values
        return self.filter(condition)

    def decided(self, decision: str):
        """By the handling decision: a Treatment value, "undecided", or "awaiting" (accepted, not yet approved)."""
        if decision == "undecided":
            return self.filter(treatment="")
        if decision == "awaiting":
            return self.filter(treatment=Risk.Treatment.ACCEPT, approved_at__isnull=True)
        return self.filter(treatment=decision)


class Risk(VersionedModel):
    """One risk: what could happen, what it would mean for the client, and how it is handled."""

    class Treatment(models.TextChoices):
        REDUCE = "reduce", _("Minska risken med åtgärder")
        ACCEPT = "accept", _("Acceptera risken")
        AVOID = "avoid", _("Undvik risken (avsluta eller ändra verksamheten)")

    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="risks", verbose_name=_("riskanalys"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    description = models.TextField(_("risk"), help_text=_("Vad kan hända?"))
    process = models.ForeignKey(
        "processes.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="risks", verbose_name=_("process")
    )
    client_consequence = models.TextField(_("möjlig konsekvens för den enskilde"))
    severity = models.PositiveSmallIntegerField(_("allvarlighetsgrad"))
    probability = models.PositiveSmallIntegerField(_("sannolikhet"))
    value = models.PositiveSmallIntegerField(_("riskvärde"))
    residual_severity = models.PositiveSmallIntegerField(_("allvarlighetsgrad efter åtgärder"), null=True, blank=True)
    residual_probability = models.PositiveSmallIntegerField(_("sannolikhet efter åtgärder"), null=True, blank=True)
    residual_value = models.PositiveSmallIntegerField(_("kvarvarande riskvärde"), null=True, blank=True)
    treatment = models.CharField(_("beslut om hantering"), max_length=10, choices=Treatment.choices, blank=True)
    treatment_justification = models.TextField(_("motivering"), blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks_to_approve",
        verbose_name=_("godkänns av"),
    )
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["analysis", "number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="risk_number_unique_in_analysis"),
            models.CheckConstraint(condition=Q(severity__gte=1, probability__gte=1), name="risk_steps_positive"),
            models.CheckConstraint(
                condition=Q(residual_severity__isnull=True, residual_probability__isnull=True, residual_value__isnull=True)
                | Q(residual_severity__gte=1, residual_probability__gte=1, residual_value__isnull=False),
                name="risk_residual_complete",
            ),
            models.CheckConstraint(
                condition=~Q(treatment="accept") | (~Q(treatment_justification="") & Q(approver__isnull=False)),
                name="risk_accept_needs_justification_and_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"R{self.number}: {self.short_description}"

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def audit_label(self) -> str:
        """The risk in the audit log: its number, not the start of its description as ``str`` shows."""
        return f"{capfirst(self._meta.verbose_name)} {self.label}"

    @property
    def short_description(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def has_residual(self) -> bool:
        return self.residual_value is not None

    @property
    def awaits_approval(self) -> bool:
        return self.treatment == self.Treatment.ACCEPT and self.approved_at is None

    def is_very_high(self, scale) -> bool:
        """Whether the risk lies in the top level of the scale."""
        return scale.level_for_value(self.value).rank == len(scale.ordered_levels()) - 1

    def default_action_due(self, scale, today: datetime.date) -> datetime.date:
        """How soon an action is due, as the scale's level for this risk requires."""
        return today + datetime.timedelta(days=scale.level_for_value(self.value).action_days)
