from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.organisation.models import Municipality

MIN_YEARS, MAX_YEARS = 1, 100


class RetentionPeriod(models.Model):
    """How many years the municipality keeps one record type after its last entry (its dokumenthanteringsplan).

    ``record_type`` is the key of a rule in lots.privacy.registry; a type without a row keeps the rule's default.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="retention_periods")
    record_type = models.CharField(max_length=40)
    years = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)])

    class Meta:
        verbose_name = _("gallringsfrist")
        verbose_name_plural = _("gallringsfrister")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "record_type"], name="retention_one_period_per_type"),
            models.CheckConstraint(
                condition=models.Q(years__gte=MIN_YEARS) & models.Q(years__lte=MAX_YEARS), name="retention_years_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.record_type} {self.years} år"

    @classmethod
    def years_for(cls, municipality: Municipality) -> dict[str, int]:
        """Years per record type for the municipality, the rules' defaults filled in."""
        from lots.privacy import registry

        stored = dict(cls.objects.filter(municipality=municipality).values_list("record_type", "years"))
        return {rule.key: stored.get(rule.key, rule.default_years) for rule in registry.rules()}


class LegalHold(models.Model):
    """A record kept past its period while a case outside Lots needs it: IVO's supervision, an inspection, JO, a court.

    Holds that Lots can see for itself (an open lex Sarah investigation, an IVO notification not yet sent) are the
    rules' own (lots.privacy.registry.RetentionRule.holds); this is the one the quality coordinator places by hand.
    """

    class Reason(models.TextChoices):
        IVO = "ivo", _("Ärende hos IVO (tillsyn eller anmälan)")
        INSPECTION = "inspection", _("Pågående inspektion eller granskning")
        JO = "jo", _("Ärende hos JO")
        COURT = "court", _("Rättslig process")
        DISCLOSURE = "disclosure", _("Begäran om utlämnande under prövning")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="legal_holds")
    record_type = models.CharField(_("posttyp"), max_length=40)
    record_id = models.PositiveBigIntegerField(_("postens nummer"))
    reason = models.CharField(_("skäl"), max_length=20, choices=Reason.choices)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    placed_at = models.DateTimeField(_("lagd"), auto_now_add=True)
    placed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("hävd"), null=True, blank=True)
    released_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bevarandeskäl")
        verbose_name_plural = _("bevarandeskäl")
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True) | models.Q(released_by__isnull=False), name="legalhold_released_by"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id}: {self.get_reason_display()}"


class SubjectRequestQuerySet(ReadLoggedQuerySet):
    def open(self):
        return self.filter(answered_on__isnull=True)


class SubjectRequest(VersionedModel):
    """A person's request to have their personal data rectified, erased or restricted, or an objection (GDPR
    art. 16–18, 21), registered when it arrives and answered within a month (art. 12.3; two more months with a reason).

    Case records in Lots are public records: they may only be culled by the municipality's decided retention
    (arkivlagen 1990:782) and erasure does not apply where processing is needed for a legal obligation or a task in the
    public interest (art. 17.3 b), so an erasure request for them is normally refused with that reason, and a factual
    error is rectified by a note in the case that shows what was corrected and when. The register says so where the
    decision is made.
    """

    class Kind(models.TextChoices):
        RECTIFICATION = "rectification", _("Rättelse (art. 16)")
        ERASURE = "erasure", _("Radering (art. 17)")
        RESTRICTION = "restriction", _("Begränsning (art. 18)")
        OBJECTION = "objection", _("Invändning (art. 21)")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Bifalls")
        PARTLY = "partly", _("Bifalls delvis")
        REFUSED = "refused", _("Avslås")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="subject_requests")
    # The municipality's top unit: the log entries of reads of the register belong there.
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    kind = models.CharField(_("begäran om"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("kom in"))
    requester = models.CharField(_("den registrerade"), max_length=200, help_text=_("Namnet på den som begäran gäller."))
    concerns = models.TextField(
        _("vad begäran gäller"),
        max_length=2000,
        help_text=_("Vilka uppgifter eller ärenden, t.ex. en avvikelse eller ett synpunktsärende med dess nummer."),
    )
    due_on = models.DateField(_("ska besvaras senast"), editable=False)
    extension_reason = models.CharField(_("skäl för förlängd tid"), max_length=500, blank=True, editable=False)
    outcome = models.CharField(_("beslut"), max_length=20, choices=Outcome.choices, blank=True, editable=False)
    decision_reason = models.TextField(_("motivering"), max_length=2000, blank=True, editable=False)
    measures = models.TextField(_("vad som gjordes"), max_length=2000, blank=True, editable=False)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True, editable=False)
    answered_on = models.DateField(_("besvarad"), null=True, blank=True, editable=False)
    registered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    registered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    objects = SubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("begäran om rättelse eller radering")
        verbose_name_plural = _("begäranden om rättelse eller radering")
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("received_on")), name="subject_request_due_after"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | ~models.Q(outcome=""), name="subject_request_answer_after_decision"
            ),
        ]

    def __str__(self) -> str:
        return _("Begäran %(pk)s: %(kind)s") % {"pk": self.pk, "kind": self.get_kind_display().lower()}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("privacy:request", kwargs={"slug": self.municipality.slug, "pk": self.pk})

    @property
    def is_extended(self) -> bool:
        return bool(self.extension_reason)

    def is_overdue(self, today) -> bool:
        return self.answered_on is None and today > self.due_on
