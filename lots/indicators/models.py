"""Indicators (*nyckeltal och kvalitetsmått*): what is measured, the target per year and the values per period.

An indicator belongs to a unit, optionally to a process (every process has at least two with targets, Katrineholm
§5.1) and to the result goals it measures. Its values come from Lots's own data (computed in SQL, see
lots.indicators.sources), by hand, from the API or from Kolada. An indicator about clients is split by gender
(*kvinnor och män* or *flickor och pojkar*, §4.3): a value without both parts needs a stated reason, and the gap shows
wherever the indicator is shown. Values are frozen by an established follow-up (lots.goals) and never change after.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel


class Indicator(VersionedModel):
    class Direction(models.TextChoices):
        UP = "up", _("Högre är bättre")
        DOWN = "down", _("Lägre är bättre")

    class Frequency(models.TextChoices):
        MONTH = "month", _("Månad")
        TERTIAL = "tertial", _("Tertial")
        YEAR = "year", _("År")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Beräknas ur Lots")
        MANUAL = "manual", _("Matas in")
        KOLADA = "kolada", _("Kolada")

    class Split(models.TextChoices):
        NONE = "none", _("Ingen uppdelning")
        WOMEN_MEN = "women_men", _("Kvinnor och män")
        GIRLS_BOYS = "girls_boys", _("Flickor och pojkar")

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="indicators")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="indicators", verbose_name=_("enhet"))
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("process"),
    )
    goals = models.ManyToManyField(
        "goals.ResultGoal", blank=True, related_name="indicators", verbose_name=_("resultatmål som mäts")
    )
    name = models.CharField(_("namn"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit_of_measure = models.CharField(_("enhet för mått"), max_length=40, help_text=_("Till exempel %, antal, dagar."))
    direction = models.CharField(_("bra riktning"), max_length=10, choices=Direction.choices, default=Direction.UP)
    frequency = models.CharField(_("frekvens"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_indicators", verbose_name=_("ansvarig")
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    computed_key = models.CharField(_("beräkning"), max_length=60, blank=True)
    kolada_kpi = models.CharField(_("Kolada-nyckeltal"), max_length=20, blank=True)
    split = models.CharField(_("uppdelning på kön"), max_length=12, choices=Split.choices, default=Split.NONE)
    active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        constraints = [
            models.CheckConstraint(condition=~Q(source="computed") | ~Q(computed_key=""), name="indicator_computed_has_key"),
            models.CheckConstraint(condition=~Q(source="kolada") | ~Q(kolada_kpi=""), name="indicator_kolada_has_kpi"),
        ]
        indexes = [models.Index(fields=["unit", "active"], name="indicator_unit_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.pk])

    @property
    def is_split(self) -> bool:
        return self.split != self.Split.NONE


class Target(VersionedModel):
    """The target value (*målvärde*) of an indicator for a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_once_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class Value(VersionedModel):
    """An indicator's value for one period (a month, tertial or year, named by its first day).

    ``female``/``male`` hold women/men or girls/boys as the indicator's split says."""

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Inmatat")
        COMPUTED = "computed", _("Beräknat")
        KOLADA = "kolada", _("Kolada")
        API = "api", _("Via API")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period"))
    total = models.DecimalField(_("totalt"), max_digits=14, decimal_places=2, null=True, blank=True)
    female = models.DecimalField(_("kvinnor/flickor"), max_digits=14, decimal_places=2, null=True, blank=True)
    male = models.DecimalField(_("män/pojkar"), max_digits=14, decimal_places=2, null=True, blank=True)
    split_missing_reason = models.TextField(_("varför uppdelning saknas"), blank=True)
    origin = models.CharField(_("ursprung"), max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    frozen_in = models.ForeignKey("goals.FollowUp", on_delete=models.PROTECT, null=True, blank=True, related_name="frozen_values")

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("värde")
        verbose_name_plural = _("värden")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="indicator_value_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start:%Y-%m}: {self.total}"

    @property
    def split_missing(self) -> bool:
        """Either part of the gender split is missing (whether or not a reason was given)."""
        return self.female is None or self.male is None
