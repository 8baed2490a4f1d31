from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.organisation.models import Municipality

MIN_YEARS, MAX_YEARS = 1, 100


class RetentionPeriod(models.Model):
    """How many years the municipality keeps one record type after its last entry (its dokumenthanteringsplan).

    ``record_type`` is the key of a rule in lots.privacy.registry; a type without a row keeps the rule's default.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="retention_periods")
    record_type = models.CharField(max_length=40)
    years = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)]
    )

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
