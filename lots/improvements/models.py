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
    done_notes = models.TextField(_("vad som har gjorts"), blank=True)
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
            # The overdue actions on the start page and in the reminders: open ones only, by unit and due date.
            models.Index(fields=["unit", "due_date"], condition=~models.Q(stage="closed"), name="improvement_open_due"),
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
    # What a stage must hold before the action moves on from it: the plan (what is done and the effect expected),
    # what was done, and what the study measured with its result. Leaving Agera is closing (its evaluation).
    STAGE_CONTENT = {
        Stage.PLAN: ("description", "expected_effect"),
        Stage.DO: ("done_notes",),
        Stage.STUDY: ("effect_measure", "effect_result"),
    }

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


class ProposalQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Proposal.Status.WAITING)


class Proposal(VersionedModel):
    """A member of staff's proposal for an improvement (SOSFS 2011:9 ch. 6), triaged by the unit's manager into an
    improvement action or answered. The proposer is always stored; ``anonymous`` hides the name from other people."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Väntar på svar")
        ACTION = "action", _("Genomförs som åtgärd")
        ALREADY_DONE = "already_done", _("Redan åtgärdat")
        DECLINED = "declined", _("Genomförs inte")

    ANSWERS = (Status.ALREADY_DONE, Status.DECLINED)
    TEXT_MAX = 2000

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="improvement_proposals", verbose_name=_("enhet"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_proposals",
        verbose_name=_("förslagsställare"),
    )
    text = models.TextField(_("vad kan bli bättre"))
    how = models.TextField(_("hur"), blank=True)
    anonymous = models.BooleanField(_("anonymt för kollegor"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    answer = models.TextField(_("svar"), blank=True)
    action = models.ForeignKey(
        ImprovementAction, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name=_("åtgärd")
    )
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    triaged_at = models.DateTimeField(_("besvarat"), null=True, blank=True)
    created_at = models.DateTimeField(_("inkommet"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("förbättringsförslag")
        verbose_name_plural = _("förbättringsförslag")
        indexes = [
            models.Index(fields=["unit", "status"], name="proposal_unit_status"),
            models.Index(fields=["proposer", "created_at"], name="proposal_proposer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="waiting") | models.Q(triaged_at__isnull=False),
                name="proposal_triaged_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="action") | models.Q(action__isnull=False),
                name="proposal_action_has_action",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["already_done", "declined"]) | ~models.Q(answer=""),
                name="proposal_answer_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"

    def get_absolute_url(self) -> str:
        return reverse("improvements:proposal_detail", args=[self.pk])

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    def proposer_shown_to(self, user) -> str:
        """The proposer's name as ``user`` may see it: an anonymous proposal names nobody but to the proposer."""
        if self.anonymous and self.proposer_id != getattr(user, "pk", None):
            return str(_("Anonym"))
        return str(self.proposer)
