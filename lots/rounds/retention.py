"""Which round records are culled (lots.privacy.registry): a round, with its checklist, findings and actions, the
municipality's period after it was held. The rounds name the people who took part and own actions.

REGULATION.md names no period for these records; the municipality's document management plan decides, set per record
type on the retention page. The default, ten years, keeps a decade of rounds for the yearly follow-up and for the
Work Environment Authority's inspections. A department's decided plan and the yearly follow-ups name no one and are
not culled.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.privacy.registry import RetentionRule, years_before
from lots.rounds.models import Round

DEFAULT_YEARS = 10


class HeldRoundRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        return self.of_municipality(municipality).filter(held_on__lt=years_before(today, years))


RULES = [
    HeldRoundRule(
        municipality_field="unit__municipality",
        key="safety_round",
        label=_("Skydds- eller brandskyddsrond"),
        label_plural=_("Skydds- och brandskyddsronder"),
        model=Round,
        default_years=DEFAULT_YEARS,
        ended_field="held_on",
    ),
]
