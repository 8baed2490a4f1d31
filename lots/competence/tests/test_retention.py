"""A person's plans and appraisals are culled the period after the employment ended; a student's after the placement."""

import datetime

import pytest

from lots.competence.models import Appraisal, IndividualPlan, PlanRow, Student
from lots.privacy import services as privacy

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 1)


def test_records_are_culled_two_years_after_the_employment_ended(world, employ, appraise, plan_for):
    ended = employ(ends_on=datetime.date(2028, 5, 31))
    recent = employ(ends_on=datetime.date(2028, 6, 1))
    for employment in (ended, recent):
        plan = plan_for(employment, year=2027)
        plan.appraisal = appraise(employment, datetime.date(2027, 3, 1))
        plan.save()
        PlanRow.objects.create(plan=plan, activity="Kurs")
    Student.objects.create(
        unit=world.own,
        name="Tolvan",
        programme="Socionom",
        school="Högskolan",
        starts_on=datetime.date(2028, 1, 1),
        ends_on=datetime.date(2028, 5, 1),
        supervisor=recent,
    )
    privacy.retention_cull(today=TODAY)
    assert list(IndividualPlan.objects.values_list("employment", flat=True)) == [recent.pk]
    assert list(Appraisal.objects.values_list("employment", flat=True)) == [recent.pk]
    assert PlanRow.objects.count() == 1
    assert not Student.objects.exists()
