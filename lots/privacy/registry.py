"""What each module culls, and when: the rules its ``retention`` module declares.

An app takes part by having ``lots.<app>.retention`` with ``RULES``, a list of ``RetentionRule``. The period of each
rule is the municipality's setting (its *dokumenthanteringsplan*, lots.privacy.models.RetentionPeriod), with the
rule's default where the municipality has none.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone

from lots.core.discovery import app_modules


@dataclass(frozen=True)
class RetentionRule:
    """Records of ``model`` are culled ``years`` after ``ended_field`` (the last entry: when the case was closed).

    ``holds`` are the legal holds: each a label and a function giving the Q of records that must be kept while it
    lasts, whatever their age.
    """

    key: str
    label: str
    label_plural: str
    model: type[models.Model]
    default_years: int
    ended_field: str = "closed_at"
    holds: tuple[tuple[str, Callable[[], Q]], ...] = ()
    # Where the record's municipality is: its own field, or its unit's ("unit__municipality").
    municipality_field: str = "municipality"

    def held_q(self) -> Q:
        held = Q(pk__in=[])
        for _reason, q in self.holds:
            held |= q()
        return held

    def of_municipality(self, municipality) -> models.QuerySet:
        """Every record of this type in the municipality, culled or not yet."""
        return self.model._base_manager.filter(**{self.municipality_field: municipality})

    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        """Records of the municipality whose period has passed on ``today``, held or not."""
        cutoff = timezone.make_aware(datetime.datetime.combine(years_before(today, years), datetime.time.min))
        return self.of_municipality(municipality).filter(**{f"{self.ended_field}__lt": cutoff})


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def rules() -> list[RetentionRule]:
    return [rule for module in app_modules("retention") for rule in module.RULES]


def rule(key: str) -> RetentionRule:
    for candidate in rules():
        if candidate.key == key:
            return candidate
    raise KeyError(f"No retention rule {key!r}")
