"""The competence API: lists scoped like the pages, a person's records, and recording an appraisal."""

import datetime

import pytest
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.competence.models import Appraisal, UnitPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, path, **kwargs):
        _token, key = api_token_create(actor=user, name="test")
        kwargs.setdefault("content_type", "application/json")
        return getattr(client, method)(f"/api/v1/competence{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs)

    return call


def test_the_status_list_is_scoped_and_filtered(world, api, employ, appraise):
    late = employ()
    appraise(late, datetime.date(2020, 1, 1))
    employ(unit=world.other)
    response = api(world.persona(Role.ENHETSCHEF), "get", "/status?show=overdue")
    assert response.status_code == 200
    assert [row["employment_id"] for row in response.json()] == [late.pk]
    assert response.json()[0]["appraisal_overdue"] is True
    assert response["X-Total-Count"] == "1"
    assert api(world.persona(Role.MEDARBETARE), "get", "/status").json() == []


def test_a_bad_filter_is_422(world, api):
    response = api(world.persona(Role.ENHETSCHEF), "get", "/status?show=nonsense")
    assert response.status_code == 422


def test_unit_plans_are_listed_with_their_rows(world, api):
    UnitPlan.objects.create(unit=world.own, year=2026)
    UnitPlan.objects.create(unit=world.other, year=2026)
    assert len(api(world.persona(Role.HR), "get", "/unit-plans").json()) == 1


def test_a_person_reads_their_own_record_and_not_a_colleagues(world, api, staff_member, employ):
    colleague = employ()
    staff = world.persona(Role.MEDARBETARE)
    assert api(staff, "get", f"/employments/{staff_member.pk}").status_code == 200
    assert api(staff, "get", f"/employments/{colleague.pk}").status_code == 404
    assert api(staff, "get", "/employments/99999999999").status_code == 404


def test_the_manager_records_an_appraisal(world, api, staff_member):
    today = timezone.localdate().isoformat()
    response = api(world.persona(Role.ENHETSCHEF), "post", f"/employments/{staff_member.pk}/appraisals", data={"held_on": today})
    assert response.status_code == 201
    assert Appraisal.objects.get().held_on.isoformat() == today


def test_the_employee_cannot_record_their_own(world, api, staff_member):
    today = timezone.localdate().isoformat()
    response = api(world.persona(Role.MEDARBETARE), "post", f"/employments/{staff_member.pk}/appraisals", data={"held_on": today})
    assert response.status_code == 403
    assert not Appraisal.objects.exists()


def test_a_future_date_is_422_at_its_field(world, api, staff_member):
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = api(world.persona(Role.ENHETSCHEF), "post", f"/employments/{staff_member.pk}/appraisals", data={"held_on": day})
    assert response.status_code == 422
    assert "held_on" in response.json()["detail"]
