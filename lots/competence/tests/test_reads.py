"""Every read of a person's competence records is logged: the person's page, the status list, the API and the export
each leave one entry naming the ids read."""

import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.competence.models import PlanRow, Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(world, client):
    person = world.persona(Role.ENHETSCHEF)
    _token, key = api_token_create(actor=person, name="test")

    class Reader:
        user = person

        def get(self, url, *, api=False, as_user=None, **params):
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            if api:
                response = client.get(f"/api/v1{url}", params, HTTP_AUTHORIZATION=f"Bearer {key}")
            else:
                client.force_login(as_user or person)
                response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return response, list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))

    return Reader()


@pytest.fixture
def records(staff_member, appraise, plan_for):
    appraisal = appraise(staff_member, datetime.date(2026, 2, 1))
    plan = plan_for(staff_member, year=datetime.date.today().year)
    PlanRow.objects.create(plan=plan, activity="Kurs")
    return staff_member, appraisal, plan


def read_ids(entries) -> set[tuple[str, str]]:
    return {pair for entry in entries for pair in entry.reads.values_list("content_type__model", "object_id")}


def test_the_persons_page_logs_the_appraisals_and_plans(reader, records):
    employment, appraisal, plan = records
    _response, entries = reader.get(reverse("competence:person", args=[employment.pk]))
    assert len(entries) == 1 and entries[0].actor == reader.user
    ids = read_ids(entries)
    assert {("employment", str(employment.pk)), ("appraisal", str(appraisal.pk)), ("individualplan", str(plan.pk))} <= ids


def test_min_kompetens_logs_the_persons_own_reads(world, reader, records):
    employment, appraisal, plan = records
    _response, entries = reader.get(reverse("competence:mine"), as_user=world.persona(Role.MEDARBETARE))
    assert entries[0].actor == world.persona(Role.MEDARBETARE)
    assert {("appraisal", str(appraisal.pk)), ("individualplan", str(plan.pk))} <= read_ids(entries)


def test_the_status_list_logs_the_employments_it_shows(reader, records, employ):
    other = employ()
    _response, entries = reader.get(reverse("competence:index"))
    ids = {pk for model, pk in read_ids(entries) if model == "employment"}
    assert ids == {str(records[0].pk), str(other.pk)}


def test_the_api_logs_its_rows(world, reader, records, employ):
    employment, appraisal, plan = records
    student = Student.objects.create(
        unit=world.own,
        name="Tolvan",
        programme="Socionom",
        school="Högskolan",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
        supervisor=employment,
    )
    _response, entries = reader.get("/competence/status", api=True)
    assert ("employment", str(employment.pk)) in read_ids(entries)
    _response, entries = reader.get("/competence/students", api=True)
    assert ("student", str(student.pk)) in read_ids(entries)
    response, entries = reader.get(f"/competence/employments/{employment.pk}", api=True)
    assert {("appraisal", str(appraisal.pk)), ("individualplan", str(plan.pk))} <= read_ids(entries)
    assert response.json()["plans"][0]["rows"][0]["activity"] == "Kurs"


def test_the_export_logs_its_rows_and_the_export(reader, records):
    employment = records[0]
    response, entries = reader.get(reverse("competence:export", args=["xlsx"]))
    assert ("employment", str(employment.pk)) in read_ids(entries)
    assert "Export av 1 kompetensstatus" in entries[0].note
