"""The competence pages: who reads which, what the forms do, and the errors at their fields."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.competence.models import Appraisal, IndividualPlan, PlanRow, Student, Supervision, UnitPlan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def person_url(employment):
    return reverse("competence:person", args=[employment.pk])


@pytest.mark.parametrize(
    "role, place, status",
    [
        (Role.ENHETSCHEF, "own", 200),
        (Role.ENHETSCHEF, "sub", 200),
        (Role.ENHETSCHEF, "other", 404),
        (Role.HR, "own", 200),
        (Role.HR, "sub", 200),
        (Role.HR, "foreign", 404),
        (Role.MEDARBETARE, "own", 404),
        (Role.KVALITETSSAMORDNARE, "own", 404),
        (Role.GRANSKARE, "own", 404),
    ],
)
def test_a_persons_page_is_read_by_managers_and_hr_of_the_unit(world, employ, client_for, role, place, status):
    employment = employ(unit=world.unit(place))
    assert client_for(world.persona(role)).get(person_url(employment)).status_code == status


def test_a_staff_member_reads_their_own_page(world, staff_member, client_for):
    response = client_for(world.persona(Role.MEDARBETARE)).get(person_url(staff_member))
    assert response.status_code == 200
    assert response.context["can_keep"] is False


def test_a_staff_member_cannot_record_an_appraisal_for_themselves(world, staff_member, client_for):
    response = client_for(world.persona(Role.MEDARBETARE)).post(
        person_url(staff_member), {"action": "appraisal", "appraisal-held_on": TODAY.isoformat()}
    )
    assert response.status_code == 403
    assert not Appraisal.objects.exists()


def test_the_manager_records_an_appraisal_and_the_plan_drawn_up_there(world, staff_member, client_for):
    manager = world.persona(Role.ENHETSCHEF)
    response = client_for(manager).post(
        person_url(staff_member),
        {"action": "appraisal", "appraisal-held_on": TODAY.isoformat(), "appraisal-goals": "Bli trygg i ICF."},
    )
    assert response.status_code == 302
    appraisal = Appraisal.objects.get()
    assert (appraisal.held_by, appraisal.unit, appraisal.held_on) == (manager, world.own, TODAY)
    plan = IndividualPlan.objects.get()
    assert (plan.year, plan.appraisal, plan.goals) == (TODAY.year, appraisal, "Bli trygg i ICF.")
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).order_by("pk")
    assert [e.content_type.model for e in entries] == ["appraisal", "individualplan"]
    assert entries[1].changes["goals"] == [None, {"chars": len("Bli trygg i ICF.")}]


def test_an_appraisal_in_the_future_is_refused_at_its_field(world, staff_member, client_for):
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        person_url(staff_member),
        {"action": "appraisal", "appraisal-held_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "appraisal-goals": "Mål"},
    )
    assert response.status_code == 422
    form = response.context["forms"]["appraisal"]
    assert "fram i tiden" in form.errors["held_on"][0]
    assert form["goals"].value() == "Mål"
    assert not Appraisal.objects.exists()


def test_a_bad_date_is_answered_in_swedish(world, staff_member, client_for):
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        person_url(staff_member), {"action": "appraisal", "appraisal-held_on": "igår"}
    )
    assert response.status_code == 422
    assert response.context["forms"]["appraisal"].errors["held_on"] == ["Skriv datumet som ÅÅÅÅ-MM-DD."]


def test_an_unknown_action_is_a_bad_request(world, staff_member, client_for):
    response = client_for(world.persona(Role.ENHETSCHEF)).post(person_url(staff_member), {"action": "nope"})
    assert response.status_code == 400


def test_the_employee_marks_a_row_done_from_min_kompetens(world, staff_member, plan_for, client_for):
    plan = plan_for(staff_member)
    row = PlanRow.objects.create(plan=plan, activity="Kurs i lågaffektivt bemötande")
    client = client_for(world.persona(Role.MEDARBETARE))
    page = client.get(reverse("competence:mine"))
    assert "Kurs i lågaffektivt bemötande" in page.content.decode()
    response = client.post(
        reverse("competence:row_done", args=[row.pk]),
        {"version": row.version, "done_on": TODAY.isoformat(), "outcome": "Två dagar", "from": "mine"},
    )
    assert response.status_code == 302 and response.url == reverse("competence:mine")
    row.refresh_from_db()
    assert (row.done_on, row.outcome, row.version) == (TODAY, "Två dagar", 2)


def test_a_concurrent_edit_of_a_row_answers_409_and_keeps_what_was_typed(world, staff_member, plan_for, client_for):
    row = PlanRow.objects.create(plan=plan_for(staff_member), activity="Kurs")
    PlanRow.objects.filter(pk=row.pk).update(version=2)
    response = client_for(world.persona(Role.MEDARBETARE)).post(
        reverse("competence:row_edit", args=[row.pk]),
        {"version": 1, "activity": "Kurs i MI", "planned_when": "", "done_on": "", "outcome": ""},
    )
    assert response.status_code == 409
    assert response.context["form"]["activity"].value() == "Kurs i MI"
    assert response.context["form"]["version"].value() == "2"
    row.refresh_from_db()
    assert row.activity == "Kurs"


def test_a_colleague_cannot_touch_anothers_plan_rows(world, employ, plan_for, client_for):
    other = employ()
    row = PlanRow.objects.create(plan=plan_for(other), activity="Kurs")
    client = client_for(world.persona(Role.MEDARBETARE))
    assert client.get(reverse("competence:row_edit", args=[row.pk])).status_code == 404
    response = client.post(reverse("competence:row_done", args=[row.pk]), {"version": 1, "done_on": TODAY.isoformat()})
    assert response.status_code == 404


def test_index_sends_staff_without_the_permission_to_their_own_page(world, client_for):
    response = client_for(world.persona(Role.MEDARBETARE)).get(reverse("competence:index"))
    assert response.status_code == 302 and response.url == reverse("competence:mine")


def test_the_status_list_filters_who_is_overdue_and_who_lacks_a_plan(world, employ, appraise, plan_for, client_for):
    late = employ(person=None)
    appraise(late, TODAY - datetime.timedelta(days=400))
    plan_for(late, year=TODAY.year)
    fine = employ()
    appraise(fine, TODAY - datetime.timedelta(days=30))
    plan_for(fine, year=TODAY.year)
    no_plan = employ()
    appraise(no_plan, TODAY - datetime.timedelta(days=30))
    elsewhere = employ(unit=world.other, starts_on=datetime.date(2010, 1, 1))
    ended = employ(ends_on=TODAY - datetime.timedelta(days=1))
    client = client_for(world.persona(Role.ENHETSCHEF))

    def listed(query: str = "") -> set[int]:
        response = client.get(reverse("competence:index") + query)
        assert response.status_code == 200
        return {e.pk for e in response.context["page_obj"]}

    assert listed() == {late.pk, fine.pk, no_plan.pk}
    assert listed("?show=overdue") == {late.pk}
    assert listed("?show=no_plan") == {no_plan.pk}
    assert listed("?show=attention") == {late.pk, no_plan.pk}
    assert elsewhere.pk not in listed() and ended.pk not in listed()


def test_a_bad_filter_is_answered_at_its_field(world, client_for):
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("competence:index") + "?show=x&unit=99999")
    assert response.status_code == 422
    assert response.context["form"].errors["unit"] == ["Välj en enhet i listan."]


def test_the_export_has_the_lists_rows(world, employ, appraise, client_for):
    late = employ()
    appraise(late, TODAY - datetime.timedelta(days=400))
    employ(starts_on=TODAY - datetime.timedelta(days=30))
    response = client_for(world.persona(Role.HR)).get(reverse("competence:export", args=["csv"]) + "?show=overdue")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert late.person.get_full_name() in lines[1]


def test_the_export_is_not_for_staff(world, client_for):
    response = client_for(world.persona(Role.MEDARBETARE)).get(reverse("competence:export", args=["csv"]))
    assert response.status_code == 404


def test_the_manager_makes_a_unit_plan_adds_a_row_and_copies_it_to_next_year(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(reverse("competence:unit_plans"), {"unit": world.own.pk, "year": 2026, "summary": "Behov av MI"})
    plan = UnitPlan.objects.get()
    assert response.url == reverse("competence:unit_plan", args=[plan.pk])
    url = reverse("competence:unit_plan", args=[plan.pk])
    response = client.post(
        url,
        {
            "action": "item",
            "item-need": "Bemötande",
            "item-activity": "Kurs i MI",
            "item-target_group": "Alla",
            "item-when": "Vt",
            "item-cost": "12000",
            "item-status": "done",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "copy", "copy-year": 2027})
    new = UnitPlan.objects.get(year=2027)
    assert response.url == reverse("competence:unit_plan", args=[new.pk])
    item = new.items.get()
    assert (item.activity, item.cost, item.status, new.summary) == ("Kurs i MI", 12000, "planned", "Behov av MI")
    assert plan.items.get().status == "done"
    response = client.post(url, {"action": "copy", "copy-year": 2027})
    assert response.status_code == 422
    assert "redan en plan för 2027" in response.context["forms"]["copy"].errors["year"][0]


def test_a_negative_cost_is_refused_at_its_field(world, client_for):
    plan = UnitPlan.objects.create(unit=world.own, year=2026)
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("competence:unit_plan", args=[plan.pk]),
        {"action": "item", "item-need": "x", "item-activity": "y", "item-cost": "-5", "item-status": "planned"},
    )
    assert response.status_code == 422
    assert response.context["forms"]["item"].errors["cost"] == ["Kostnaden kan inte vara negativ."]


def test_staff_cannot_see_unit_plans(world, client_for):
    plan = UnitPlan.objects.create(unit=world.own, year=2026)
    client = client_for(world.persona(Role.MEDARBETARE))
    assert client.get(reverse("competence:unit_plans")).status_code == 404
    assert client.get(reverse("competence:unit_plan", args=[plan.pk])).status_code == 404


def test_supervision_is_registered_and_listed(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("competence:supervision"),
        {
            "unit": world.own.pk,
            "form": "group",
            "given_by": "Extern psykolog",
            "frequency": "Varje månad",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert Supervision.objects.get().form == "group"
    assert "Extern psykolog" in client.get(reverse("competence:supervision")).content.decode()


def test_a_students_supervisor_is_staff_of_the_unit(world, employ, client_for):
    elsewhere = employ(unit=world.sub)
    data = {
        "unit": world.own.pk,
        "name": "Tolvan Tolvansson",
        "programme": "Socionomprogrammet",
        "school": "Högskolan",
        "starts_on": "2026-01-10",
        "ends_on": "2026-03-10",
        "supervisor": elsewhere.pk,
    }
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(reverse("competence:students"), data)
    assert response.status_code == 422
    assert "anställd på enheten" in response.context["form"].errors["supervisor"][0]
    assert not Student.objects.exists()
    here = employ(unit=world.own)
    response = client.post(reverse("competence:students"), {**data, "supervisor": here.pk})
    assert response.status_code == 302
    assert Student.objects.get().supervisor == here


def test_the_status_list_reads_a_fixed_number_of_queries(world, employ, appraise, plan_for, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.persona(Role.ENHETSCHEF))

    def queries(more: int) -> int:
        for _ in range(more):
            e = employ()
            appraise(e, TODAY - datetime.timedelta(days=100))
            plan_for(e)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("competence:index")).status_code == 200
        return len(captured)

    queries(1)  # the first request fills the caches (content types, the session)
    assert queries(2) == queries(10)


def test_a_concurrent_edit_of_the_unit_plans_inventory_answers_409(world, client_for):
    plan = UnitPlan.objects.create(unit=world.own, year=2026, summary="Förra")
    UnitPlan.objects.filter(pk=plan.pk).update(version=2, summary="Någon annans")
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("competence:unit_plan", args=[plan.pk]),
        {"action": "summary", "summary-version": 1, "summary-summary": "Min text"},
    )
    assert response.status_code == 409
    assert response.context["forms"]["summary"]["summary"].value() == "Min text"
    plan.refresh_from_db()
    assert plan.summary == "Någon annans"


@pytest.mark.parametrize("role, status", [(Role.MEDARBETARE, 404), (Role.GRANSKARE, 404), (Role.HR, 302)])
def test_who_registers_supervision(world, client_for, role, status):
    data = {"unit": world.own.pk, "form": "group", "given_by": "Psykolog", "frequency": "Varje vecka", "starts_on": "2026-01-01"}
    response = client_for(world.persona(role)).post(reverse("competence:supervision"), data)
    assert response.status_code == status
    assert Supervision.objects.exists() == (status == 302)


def test_a_manager_of_another_unit_cannot_change_a_unit_plan(world, client_for):
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    other = UserFactory()
    RoleAssignmentFactory(user=other, role=Role.ENHETSCHEF, unit=world.other, include_subunits=True)
    plan = UnitPlan.objects.create(unit=world.own, year=2026)
    response = client_for(other).post(reverse("competence:unit_plan", args=[plan.pk]), {"action": "copy", "copy-year": 2027})
    assert response.status_code == 404
    assert UnitPlan.objects.count() == 1
