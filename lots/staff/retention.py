"""Which personnel records are culled: an employment with its introduction, undertakings and checks at hiring, the
municipality's period after the employment ended (lots.privacy.registry).

REGULATION.md names no period for these records; the municipality's document management plan
(dokumenthanteringsplan) decides, set per record type on the retention page (lots.privacy). The default, two years
after the employment ended, is the period municipal plans commonly give introduction and recruitment papers of
passing value; an employment that another register still holds (a competence plan, an appraisal) is kept while it does.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.privacy.registry import RetentionRule, years_before
from lots.staff.models import Employment

DEFAULT_YEARS = 2


def kept_by_other_registers() -> Q:
    """Employments that records of other apps still point at with a protected key (lots.competence's plans and
    appraisals): deleting them would be refused, so they wait until those are culled."""
    condition = Q(pk__in=[])
    for relation in Employment._meta.related_objects:
        if relation.on_delete is models.PROTECT:
            condition |= Q(**{f"{relation.name}__isnull": False})
    return condition


class EmploymentRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        cutoff = years_before(today, years)
        return Employment._base_manager.filter(unit__municipality=municipality, ends_on__lt=cutoff)


RULES = [
    EmploymentRule(
        municipality_field="unit__municipality",
        key="staff_employment",
        label=_("Anställning"),
        label_plural=_("Anställningar med introduktion, sekretessförbindelse och kontroller vid anställning"),
        model=Employment,
        default_years=DEFAULT_YEARS,
        ended_field="ends_on",
        holds=((_("Uppgifter i kompetensregistret finns kvar"), kept_by_other_registers),),
    ),
]
