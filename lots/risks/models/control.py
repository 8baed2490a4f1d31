"""Internal control (*internkontroll*, seed §6.2): the board's yearly plan of control activities and their results;
and the head of IFO's yearly follow-up plan (*uppföljningsplan*)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit
from lots.risks.models.inspection import progress_filter
from lots.risks.models.plans import YearlyPlan


class InternalControlPlan(YearlyPlan):
    title = _("Internkontrollplan")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="internal_control_plans", verbose_name=_("nämnd eller förvaltning")
    )
    adopted_on = models.DateField(_("beslutad av nämnden"), null=True, blank=True)

    class Meta(YearlyPlan.Meta):
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")


class ControlActivityQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status=ControlActivity.Status.PLANNED)

    def progress(self, state: str, today):
        """``state`` is "done", "not_done" or "overdue" (not done and past its due date), as the overview counts."""
        return progress_filter(self, state, ControlActivity.Status.DONE, today)


class ControlActivity(VersionedModel):
    class Reporting(models.TextChoices):
        INTERIM = "interim", _("I delårsrapporten")
        ANNUAL = "annual", _("I verksamhetsberättelsen vid årsbokslutet")
        MEETING = "meeting", _("Särskild redovisning på nämndens sammanträde")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Ej genomförd")
        DONE = "done", _("Genomförd")

    class Conclusion(models.TextChoices):
        NO_REMARKS = "no_remarks", _("Inga brister")
        MINOR = "minor", _("Mindre brister")
        MAJOR = "major", _("Väsentliga brister")

    plan = models.ForeignKey(InternalControlPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan"))
    risk_description = models.TextField(_("risk som kontrollen svarar mot"))
    risk = models.ForeignKey(
        "risks.Risk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="control_activities",
        verbose_name=_("risk från riskanalys"),
    )
    severity = models.PositiveSmallIntegerField(_("allvarlighetsgrad"))
    probability = models.PositiveSmallIntegerField(_("sannolikhet"))
    value = models.PositiveSmallIntegerField(_("riskvärde"))
    what = models.TextField(_("vad kontrolleras"))
    method = models.TextField(_("hur kontrollen görs"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="control_activities", verbose_name=_("vem kontrollerar")
    )
    due_date = models.DateField(_("när (klart senast)"))
    reporting = models.CharField(_("hur den rapporteras till nämnden"), max_length=20, choices=Reporting.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    performed_on = models.DateField(_("genomförd"), null=True, blank=True)
    result = models.TextField(_("resultat"), blank=True)
    conclusion = models.CharField(_("slutsats"), max_length=20, choices=Conclusion.choices, blank=True)
    reported_on = models.DateField(_("rapporterad till nämnden"), null=True, blank=True)

    objects = ControlActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        verbose_name = _("kontrollaktivitet")
        verbose_name_plural = _("kontrollaktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned") | (Q(performed_on__isnull=False) & ~Q(result="") & ~Q(conclusion="")),
                name="controlactivity_done_has_result",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today) -> bool:
        return not self.is_done and self.due_date < today


class FollowUpPlan(YearlyPlan):
    title = _("Uppföljningsplan")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="follow_up_plans", verbose_name=_("verksamhet"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_up_plans", verbose_name=_("ansvarig chef")
    )

    class Meta(YearlyPlan.Meta):
        verbose_name = _("uppföljningsplan")
        verbose_name_plural = _("uppföljningsplaner")


class FollowUpItem(VersionedModel):
    class Area(models.TextChoices):
        GOALS = "goals", _("Mål")
        KEY_FIGURES = "key_figures", _("Nyckeltal")
        FEEDBACK = "feedback", _("Synpunkter, klagomål och avvikelser")
        COMPETENCE = "competence", _("Kompetensutveckling")
        SELF_INSPECTION = "self_inspection", _("Egenkontroll")
        QUALITY = "quality", _("Systematiskt kvalitetsarbete")
        FIRE_SAFETY = "fire_safety", _("Brandskydd")
        WORK_ENVIRONMENT = "work_environment", _("Arbetsmiljö")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klar")

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    what = models.TextField(_("vad följs upp"))
    when = models.CharField(_("när"), max_length=120, help_text=_("Till exempel ”varje kvartal” eller ”i september”."))
    due_date = models.DateField(_("klart senast"))
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_up_items", verbose_name=_("vem")
    )
    how_reported = models.CharField(_("hur det rapporteras"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField(_("läget"), blank=True)
    done_on = models.DateField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        verbose_name = _("uppföljningspunkt")
        verbose_name_plural = _("uppföljningspunkter")
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="followupitem_done_has_date"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today) -> bool:
        return not self.is_done and self.due_date < today
