"""Which competence records are culled (lots.privacy.registry): a person's individual plans and appraisals the
municipality's period after their employment ended, a student's record that period after the placement ended.

REGULATION.md names no period for these records; the municipality's document management plan decides, set per record
type on the retention page. The default, two years, is the one lots.staff gives the employment they hang on: the
employment is kept while these records point at it (lots.staff.retention), so both go within a day of each other.
Unit plans and the supervision offered name no one and are not culled.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.competence.models import Appraisal, IndividualPlan, Student
from lots.privacy.registry import RetentionRule, years_before

DEFAULT_YEARS = 2


class AfterEmploymentRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        cutoff = years_before(today, years)
        return self.model._base_manager.filter(unit__municipality=municipality, employment__ends_on__lt=cutoff)


class StudentRule(RetentionRule):
    def passed(self, *, municipality, today: datetime.date, years: int) -> models.QuerySet:
        cutoff = years_before(today, years)
        return Student._base_manager.filter(unit__municipality=municipality, ends_on__lt=cutoff)


RULES = [
    AfterEmploymentRule(
        municipality_field="unit__municipality",
        key="competence_plan",
        label=_("Individuell kompetensutvecklingsplan"),
        label_plural=_("Individuella kompetensutvecklingsplaner"),
        model=IndividualPlan,
        default_years=DEFAULT_YEARS,
        ended_field="employment__ends_on",
    ),
    AfterEmploymentRule(
        municipality_field="unit__municipality",
        key="competence_appraisal",
        label=_("Medarbetarsamtal"),
        label_plural=_("Medarbetarsamtal"),
        model=Appraisal,
        default_years=DEFAULT_YEARS,
        ended_field="employment__ends_on",
    ),
    StudentRule(
        municipality_field="unit__municipality",
        key="competence_student",
        label=_("Praktikant"),
        label_plural=_("Praktikanter"),
        model=Student,
        default_years=DEFAULT_YEARS,
        ended_field="ends_on",
    ),
]
