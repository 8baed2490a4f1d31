"""Which intervention records are culled (lots.privacy.registry):

- a participant whose service has ended, the municipality's period after the end (default one year): data kept on
  consent is kept no longer than the service needs it; the anonymous yearly counts stay;
- a report about changed needs, the period after it was sent (default two years), once the receiving unit has
  confirmed it; an unconfirmed report is kept while it is still being tracked.

REGULATION.md names no period; the municipality's document management plan decides, per record type on the
retention page (lots.privacy).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.interventions.models import NeedsReport, Participant
from lots.privacy.registry import RetentionRule, years_before


class ParticipantRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        return Participant._base_manager.filter(
            unit__municipality=municipality, status=Participant.Status.ENDED, ended_on__lt=years_before(today, years)
        )


class NeedsReportRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        return NeedsReport._base_manager.filter(unit__municipality=municipality, sent_on__lt=years_before(today, years))


def _awaiting() -> Q:
    return Q(confirmed_at__isnull=True)


RULES = [
    ParticipantRule(
        municipality_field="unit__municipality",
        key="interventions_participant",
        label=_("Deltagare i serviceinsats"),
        label_plural=_("Deltagare i serviceinsatser, efter avslutat deltagande"),
        model=Participant,
        default_years=1,
        ended_field="ended_on",
    ),
    NeedsReportRule(
        municipality_field="unit__municipality",
        key="interventions_needs_report",
        label=_("Anmälan om förändrade behov"),
        label_plural=_("Anmälningar om förändrade behov från serviceinsatser"),
        model=NeedsReport,
        default_years=2,
        ended_field="sent_on",
        holds=((_("Mottagaren har inte bekräftat anmälan"), _awaiting),),
    ),
]
