"""The annual quality report (*kvalitetsberättelse*), monthly denominators for control charts, and comparison data.

A report is a draft while its figures are computed live from the data; when the
förvaltningschef establishes it, every section's figures and narrative are
copied into ``snapshot`` and the report never changes again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Unit

# The unit kinds a report can be written for.
REPORT_KINDS = (Unit.Kind.FORVALTNING, Unit.Kind.AVDELNING, Unit.Kind.ENHET)


class QualityReport(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ESTABLISHED = "established", _("Fastställd")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="quality_reports", verbose_name=_("gäller"))
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    established_at = models.DateTimeField(_("fastställd"), null=True, blank=True, editable=False)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("kvalitetsberättelse")
        verbose_name_plural = _("kvalitetsberättelser")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="quality_report_one_per_unit_and_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="quality_report_year_range"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(established_at__isnull=False, established_by__isnull=False),
                name="quality_report_established_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return _("Kvalitetsberättelse %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit}

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])

    @property
    def is_established(self) -> bool:
        return self.status == self.Status.ESTABLISHED


class ReportNarrative(VersionedModel):
    """The text written for one section of a report. Plain text; blank lines separate paragraphs."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(_("avsnitt"), max_length=40)
    text = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["report", "section"]
        verbose_name = _("text i kvalitetsberättelse")
        verbose_name_plural = _("texter i kvalitetsberättelser")
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="report_narrative_one_per_section")]

    def __str__(self) -> str:
        return f"{self.report}: {self.section}"

    @property
    def unit(self):
        return self.report.unit

    @property
    def unit_id(self):
        return self.report.unit_id


class DenominatorSeries(VersionedModel):
    """Twelve monthly denominators (clients or staff) for one unit and year, for U charts (rates instead of counts)."""

    class Kind(models.TextChoices):
        CLIENTS = "clients", _("Antal brukare eller klienter")
        STAFF = "staff", _("Antal anställda (årsarbetare)")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="denominators", verbose_name=_("enhet"))
    kind = models.CharField(_("nämnare"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    # Twelve numbers (January–December); None where not entered.
    values = models.JSONField(_("värden per månad"), default=list)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["unit__path", "kind", "year"]
        verbose_name = _("nämnare per månad")
        verbose_name_plural = _("nämnare per månad")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="denominator_one_series_per_unit_kind_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="denominator_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.unit}, {self.year}"

    def value_for(self, month: int) -> float | None:
        """The denominator for month 1–12, or None when not entered."""
        if 1 <= month <= len(self.values or []):
            value = self.values[month - 1]
            return float(value) if value not in (None, "") else None
        return None


class ComparisonIndicator(VersionedModel):
    """A Kolada key figure (*nyckeltal*) with the name shown in Lots."""

    kpi = models.CharField(_("nyckeltal (Kolada-id)"), max_length=20, unique=True)
    title = models.CharField(_("benämning"), max_length=300, blank=True)

    class Meta:
        ordering = ["kpi"]
        verbose_name = _("jämförelsemått")
        verbose_name_plural = _("jämförelsemått")

    def __str__(self) -> str:
        return f"{self.kpi} {self.title}".strip()

    @property
    def label(self) -> str:
        return self.title or self.kpi


class ComparisonValue(models.Model):
    """One value from öppna jämförelser / Kolada: a key figure for a municipality, year and gender (T = all, K, M)."""

    class Gender(models.TextChoices):
        TOTAL = "T", _("Totalt")
        WOMEN = "K", _("Kvinnor")
        MEN = "M", _("Män")

    indicator = models.ForeignKey(ComparisonIndicator, on_delete=models.CASCADE, related_name="values")
    municipality_code = models.CharField(_("kommunkod"), max_length=4)
    period = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    value = models.FloatField(_("värde"), null=True, blank=True)
    count = models.PositiveIntegerField(_("antal"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator__kpi", "period", "municipality_code", "gender"]
        verbose_name = _("jämförelsevärde")
        verbose_name_plural = _("jämförelsevärden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "municipality_code", "period", "gender"], name="comparison_value_unique"
            ),
        ]
        indexes = [models.Index(fields=["municipality_code", "period"], name="comparison_municipality_period")]

    def __str__(self) -> str:
        return f"{self.indicator.kpi} {self.municipality_code} {self.period} {self.gender}: {self.value}"
