"""The competence status of staff: an individual plan this year, the last appraisal, and the twelve-month rule."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lots.accounts.models import Role, User
from lots.competence.status import staff_status
from lots.competence.tests.conftest import TODAY
from lots.staff.models import Employment

pytestmark = pytest.mark.django_db


def test_an_appraisal_twelve_months_ago_to_the_day_is_not_overdue(staff_member, appraise):
    appraise(staff_member, datetime.date(2025, 6, 15))
    status = staff_status([staff_member], TODAY)[staff_member.pk]
    assert status.last_appraisal == datetime.date(2025, 6, 15)
    assert not status.appraisal_overdue


def test_twelve_months_and_a_day_is_overdue(staff_member, appraise):
    appraise(staff_member, datetime.date(2025, 6, 14))
    assert staff_status([staff_member], TODAY)[staff_member.pk].appraisal_overdue


def test_the_latest_appraisal_counts(staff_member, appraise):
    appraise(staff_member, datetime.date(2024, 1, 10))
    appraise(staff_member, datetime.date(2026, 2, 1))
    status = staff_status([staff_member], TODAY)[staff_member.pk]
    assert status.last_appraisal == datetime.date(2026, 2, 1)
    assert not status.appraisal_overdue


def test_an_appraisal_booked_ahead_does_not_count_yet(staff_member, appraise):
    appraise(staff_member, datetime.date(2024, 1, 10))
    appraise(staff_member, datetime.date(2026, 9, 1))
    status = staff_status([staff_member], TODAY)[staff_member.pk]
    assert status.last_appraisal == datetime.date(2024, 1, 10)
    assert status.appraisal_overdue


def test_a_new_employee_counts_from_the_start_date(employ):
    new = employ(starts_on=datetime.date(2025, 6, 15))
    assert not staff_status([new], TODAY)[new.pk].appraisal_overdue
    assert staff_status([new], TODAY + datetime.timedelta(days=1))[new.pk].appraisal_overdue


def test_has_plan_means_a_plan_for_this_year(staff_member, plan_for):
    assert not staff_status([staff_member], TODAY)[staff_member.pk].has_plan
    plan_for(staff_member, year=TODAY.year - 1)
    assert not staff_status([staff_member], TODAY)[staff_member.pk].has_plan
    plan_for(staff_member, year=TODAY.year)
    assert staff_status([staff_member], TODAY)[staff_member.pk].has_plan


def test_the_url_is_given_only_to_a_viewer_who_may_read_it(world, employ):
    mine = employ(person=world.persona(Role.MEDARBETARE))
    colleague = employ()
    elsewhere = employ(unit=world.other)
    employments = list(Employment.objects.filter(pk__in=[mine.pk, colleague.pk, elsewhere.pk]))
    for_staff = staff_status(employments, TODAY, viewer=world.persona(Role.MEDARBETARE))
    assert for_staff[mine.pk].url == f"/kompetens/anstalld/{mine.pk}/"
    assert for_staff[colleague.pk].url is None
    for_manager = staff_status(employments, TODAY, viewer=world.persona(Role.ENHETSCHEF))
    assert for_manager[colleague.pk].url and for_manager[mine.pk].url
    assert for_manager[elsewhere.pk].url is None
    assert staff_status(employments, TODAY, viewer=world.persona(Role.HR))[colleague.pk].url


def test_the_query_count_does_not_grow_with_the_employments(world, employ, appraise, plan_for):
    manager = world.persona(Role.ENHETSCHEF)

    def queries(count: int, loaded_with_unit: bool) -> int:
        for _ in range(count):
            e = employ()
            appraise(e, datetime.date(2025, 9, 1))
            plan_for(e)
        qs = Employment.objects.select_related("unit") if loaded_with_unit else Employment.objects.all()
        employments = list(qs)
        viewer = User.objects.get(pk=manager.pk)  # a new request: the roles are read again, once
        with CaptureQueriesContext(connection) as captured:
            staff_status(employments, TODAY, viewer=viewer)
        return len(captured)

    for loaded_with_unit in (True, False):
        few, many = queries(1, loaded_with_unit), queries(20, loaded_with_unit)
        assert few == many <= 4
