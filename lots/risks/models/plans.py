"""What the module's three yearly plans have in common: self-inspection, internal control and follow-up."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel


class YearlyPlan(VersionedModel):
    """One plan per unit and year. Each concrete plan adds its own ``unit`` (its related name and label differ),
    sets ``title`` (how a plan is named: "Egenkontrollplan 2026, Enhet") and inherits this Meta for ordering and
    the one-per-unit-and-year constraint."""

    title = ""

    year = models.PositiveSmallIntegerField(_("år"))
    note = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="%(class)s_one_per_unit_and_year")]

    def __str__(self) -> str:
        return f"{self.title} {self.year}, {self.unit}"
