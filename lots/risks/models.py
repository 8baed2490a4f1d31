"""The risk scale: severity × probability = risk value, one definition per municipality.

Shared by risk analyses and the analysis of deviations.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Municipality


def default_levels() -> list[dict]:
    return [
        {"name": "Låg", "min": 1, "colour": "#2e7d32", "requirement": "Hanteras i det löpande arbetet.", "action_days": 180},
        {"name": "Måttlig", "min": 4, "colour": "#f9a825", "requirement": "Enkel utredning; åtgärd planeras.", "action_days": 90},
        {"name": "Hög", "min": 8, "colour": "#ef6c00", "requirement": "Utredning och åtgärd krävs.", "action_days": 30},
        {
            "name": "Mycket hög",
            "min": 12,
            "colour": "#c62828",
            "requirement": "Omedelbar åtgärd; rapporteras till ledningen.",
            "action_days": 7,
        },
    ]


def default_severity_labels() -> list[str]:
    return ["Försumbar", "Lindrig", "Kännbar", "Allvarlig"]


def default_probability_labels() -> list[str]:
    return ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"]


@dataclass(frozen=True)
class RiskLevel:
    name: str
    colour: str
    requirement: str
    action_days: int
    rank: int


class RiskScale(VersionedModel):
    """The matrix: ``size`` steps of severity and of probability, and levels by risk value."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="risk_scale")
    size = models.PositiveSmallIntegerField(_("antal steg"), default=4)
    severity_labels = models.JSONField(_("konsekvensnivåer"), default=default_severity_labels)
    probability_labels = models.JSONField(_("sannolikhetsnivåer"), default=default_probability_labels)
    levels = models.JSONField(_("risknivåer"), default=default_levels)

    class Meta:
        verbose_name = _("riskskala")
        verbose_name_plural = _("riskskalor")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=2, size__lte=10), name="riskscale_size_range"),
        ]

    def __str__(self) -> str:
        return f"Riskskala för {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> "RiskScale":
        scale = cls.objects.filter(municipality=municipality).first()
        return scale if scale is not None else cls(municipality=municipality)

    def value(self, severity: int, probability: int) -> int:
        if not (1 <= severity <= self.size and 1 <= probability <= self.size):
            raise ValueError(f"severity and probability must be 1..{self.size}")
        return severity * probability

    def level_for_value(self, value: int) -> RiskLevel:
        ordered = sorted(self.levels, key=lambda level: level["min"])
        chosen, rank = ordered[0], 0
        for index, level in enumerate(ordered):
            if value >= level["min"]:
                chosen, rank = level, index
        return RiskLevel(chosen["name"], chosen["colour"], chosen["requirement"], int(chosen.get("action_days", 30)), rank)

    def level_for(self, severity: int, probability: int) -> RiskLevel:
        return self.level_for_value(self.value(severity, probability))
