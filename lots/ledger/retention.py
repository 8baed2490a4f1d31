"""Which own-money ledgers are culled: closed ones, the municipality's period after closing (lots.privacy.registry).

A ledger is accounting of a client's money: the default follows the seven years of bokföringslagen (1999:1078)
7 kap. 2 §; the municipality sets its own period from its dokumenthanteringsplan. Culling a ledger deletes its
entries, reconciliations and tasks with it, and the stored receipts once the deletion has committed. An open ledger
is never culled.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.ledger.models import Ledger
from lots.privacy.registry import RetentionRule, years_before


class ClosedLedgerRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        """Ledgers of the municipality closed before the day ``years`` before ``today``."""
        return self.model._base_manager.filter(municipality=municipality, closed_on__lt=years_before(today, years))


RULES = [
    ClosedLedgerRule(
        key="ledger",
        label=_("Förmedling av egna medel"),
        label_plural=_("Förmedlingar av egna medel"),
        model=Ledger,
        default_years=7,
        ended_field="closed_on",
    ),
]
