"""Improvement actions (*förbättringsåtgärder*), linked generically to whatever gave rise to them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit


class ImprovementQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage=ImprovementAction.Stage.CLOSED)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def for_source(self, obj):
        return self.filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk)


class ImprovementAction(VersionedModel):
    class Source(models.TextChoices):
        DEVIATION = "deviation", _("Avvikelse")
        COMPLAINT = "complaint", _("Synpunkt eller klagomål")
        RISK = "risk", _("Riskanalys")
        SELF_INSPECTION = "self_inspection", _("Egenkontroll")
        INTERNAL_CONTROL = "internal_control", _("Internkontroll")
        SUPERVISION = "supervision", _("Tillsyn eller revision")
        USER_SURVEY = "user_survey", _("Brukarundersökning")
        STAFF_SUGGESTION = "staff_suggestion", _("Förslag från medarbetare")
        FOLLOW_UP = "follow_up", _("Uppföljning av utförare")
        OTHER = "other", _("Annat")

    class Stage(models.TextChoices):
        PLAN = "plan", _("Planera")
        DO = "do", _("Göra")
        STUDY = "study", _("Studera")
        ACT = "act", _("Agera")
        CLOSED = "closed", _("Avslutad")

    title = models.CharField(_("åtgärd"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="improvement_actions", verbose_name=_("enhet"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="improvement_actions", verbose_name=_("ansvarig")
    )
    source_kind = models.CharField(_("ursprung"), max_length=30, choices=Source.choices, default=Source.OTHER)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    stage = models.CharField(_("steg"), max_length=10, choices=Stage.choices, default=Stage.PLAN)
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    expected_effect = models.TextField(_("förväntad effekt"), blank=True)
    effect_measure = models.TextField(_("vad mättes"), blank=True)
    effect_result = models.TextField(_("resultat av mätningen"), blank=True)
    conclusion = models.TextField(_("lärdomar och beslut"), blank=True)
    stage_changed_at = models.DateTimeField(_("steget ändrat"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("förbättringsåtgärd")
        verbose_name_plural = _("förbättringsåtgärder")
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="improvement_source"),
            models.Index(fields=["unit", "stage"], name="improvement_unit_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | (~models.Q(effect_measure="") & ~models.Q(effect_result="")),
                name="improvement_closed_needs_evaluation",
            ),
        ]

    # PDSA: each stage may move forward one step or back one step; closing needs an evaluation (see services).
    TRANSITIONS = {
        Stage.PLAN: (Stage.DO,),
        Stage.DO: (Stage.STUDY, Stage.PLAN),
        Stage.STUDY: (Stage.ACT, Stage.DO),
        Stage.ACT: (Stage.CLOSED, Stage.PLAN),
        Stage.CLOSED: (Stage.ACT,),
    }
    PDSA = (Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvements:detail", args=[self.pk])

    def next_stages(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.Stage(self.stage)]

    @property
    def has_evaluation(self) -> bool:
        return bool(self.effect_measure.strip() and self.effect_result.strip())

    @property
    def is_closed(self) -> bool:
        return self.stage == self.Stage.CLOSED

    def is_overdue(self, today) -> bool:
        return not self.is_closed and self.due_date is not None and self.due_date < today
