"""The risk scale: severity × probability = risk value, one definition per municipality.

Shared by risk analyses, internal control and the analysis of deviations.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from lots.core.models import VersionedModel
from lots.organisation.models import Municipality

MIN_SIZE, MAX_SIZE = 2, 10
MAX_LEVELS = 6
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOUR = "#9e9e9e"


# The names and texts a new scale starts with. They are the product's own words, not the municipality's, so they are
# shown in the reader's language for as long as the municipality keeps them; whatever it writes instead is shown as is.
BUILT_IN_TEXTS = frozenset(
    {
        gettext_noop("Låg"),
        gettext_noop("Måttlig"),
        gettext_noop("Hög"),
        gettext_noop("Mycket hög"),
        gettext_noop("Hanteras i det löpande arbetet."),
        gettext_noop("Enkel utredning; åtgärd planeras."),
        gettext_noop("Utredning och åtgärd krävs."),
        gettext_noop("Omedelbar åtgärd; rapporteras till ledningen."),
        gettext_noop("Försumbar"),
        gettext_noop("Lindrig"),
        gettext_noop("Kännbar"),
        gettext_noop("Allvarlig"),
        gettext_noop("Osannolik"),
        gettext_noop("Mindre sannolik"),
        gettext_noop("Möjlig"),
        gettext_noop("Sannolik"),
    }
)


def shown(text: str) -> str:
    """A scale text as the reader sees it: a built-in text in the active language, the municipality's own as written."""
    return gettext(text) if text in BUILT_IN_TEXTS else text


def default_levels() -> list[dict]:
    return [
        {"name": "Låg", "min": 1, "colour": "#2e7d32", "requirement": "Hanteras i det löpande arbetet.", "action_days": 180},
        {"name": "Måttlig", "min": 4, "colour": "#f9a825", "requirement": "Enkel utredning; åtgärd planeras.", "action_days": 90},
        {
            "name": "Hög",
            "min": 8,
            "colour": "#ef6c00",
            "requirement": "Utredning och åtgärd krävs.",
            "action_days": 30,
            "high": True,
        },
        {
            "name": "Mycket hög",
            "min": 12,
            "colour": "#c62828",
            "requirement": "Omedelbar åtgärd; rapporteras till ledningen.",
            "action_days": 7,
            "high": True,
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
    min_value: int = 1
    high: bool = False

    @property
    def css_class(self) -> str:
        return f"risk-level-{self.rank}"

    @property
    def text_colour(self) -> str:
        return readable_text_colour(self.colour)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (at least 4.5:1 for any colour)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") else "#ffffff"


class RiskScale(VersionedModel):
    """The matrix: ``size`` steps of severity and of probability, and levels by risk value.

    ``levels`` is a list of ``{"name", "min", "colour", "requirement", "action_days", "high"}``:
    a risk value belongs to the level with the largest ``min`` not above it. ``requirement``
    says how thorough the investigation must be, ``action_days`` how soon an action is due,
    and ``high`` marks the levels reported to the board (the consequence statement).
    """

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
        ordered = self.ordered_levels()
        chosen = ordered[0]
        for level in ordered:
            if value >= level.min_value:
                chosen = level
        return chosen

    def level_for(self, severity: int, probability: int) -> RiskLevel:
        return self.level_for_value(self.value(severity, probability))

    # Additions used by the risk module's pages.

    @property
    def max_value(self) -> int:
        return self.size * self.size

    def ordered_levels(self, *, as_stored: bool = False) -> list[RiskLevel]:
        """The levels from lowest to highest, their built-in texts in the reader's language (``as_stored``: as saved)."""
        show = str if as_stored else shown
        ordered = sorted(self.levels, key=lambda level: level["min"])
        flagged = any("high" in level for level in ordered)
        result = []
        for rank, level in enumerate(ordered):
            # Scales saved before levels carried a "high" flag count the top two levels (or the top one) as high.
            high = bool(level.get("high")) if flagged else rank >= max(len(ordered) - 2, 1)
            colour = level["colour"] if COLOUR_RE.match(str(level.get("colour", ""))) else FALLBACK_COLOUR
            result.append(
                RiskLevel(
                    show(level["name"]),
                    colour,
                    show(level.get("requirement", "")),
                    int(level.get("action_days", 30)),
                    rank,
                    int(level["min"]),
                    high,
                )
            )
        return result

    def level_ranges(self) -> list[tuple[RiskLevel, int, int]]:
        """Each level with the lowest and highest risk value in it, for the legend."""
        levels = self.ordered_levels()
        uppers = [nxt.min_value - 1 for nxt in levels[1:]] + [self.max_value]
        return [(level, level.min_value, upper) for level, upper in zip(levels, uppers, strict=True)]

    def value_ranges(self, name: str) -> list[tuple[int | None, int | None]]:
        """The risk values that ``level_for_value`` places in the level(s) called ``name``, as (lowest, highest)
        pairs; None is open-ended: values below the first level's minimum belong to it, values above the
        matrix to the top level. Empty when the scale has no such level (or the level is shadowed by another
        with the same minimum)."""
        levels = self.ordered_levels()
        ranges = []
        for i, level in enumerate(levels):
            if level.name not in (name, shown(name)):
                continue
            lowest = level.min_value if i > 0 else None
            highest = levels[i + 1].min_value - 1 if i + 1 < len(levels) else None
            if lowest is None or highest is None or lowest <= highest:
                ranges.append((lowest, highest))
        return ranges

    @property
    def high_from(self) -> int | None:
        """The lowest risk value that counts as high, or None when no level is marked high."""
        highs = [level.min_value for level in self.ordered_levels() if level.high]
        return min(highs) if highs else None

    def is_high(self, value: int | None) -> bool:
        threshold = self.high_from
        return value is not None and threshold is not None and value >= threshold

    def severity_label(self, step: int) -> str:
        return _label(self.severity_labels, step)

    def probability_label(self, step: int) -> str:
        return _label(self.probability_labels, step)

    def steps(self) -> range:
        return range(1, self.size + 1)

    def css(self) -> str:
        """Colours of the levels as CSS classes; served as a stylesheet because inline styles are not allowed."""
        rules = []
        for level in self.ordered_levels():
            selector = f".{level.css_class}"
            rules.append(f"{selector} {{ background-color: {level.colour}; color: {level.text_colour}; }}")
            rules.append(f"{selector} a {{ color: {level.text_colour}; }}")
        return "\n".join(rules) + "\n"


def _label(labels: list, step: int) -> str:
    return shown(str(labels[step - 1])) if 0 < step <= len(labels) and labels[step - 1] else str(step)
