import datetime

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.goals import services
from lots.goals.models import Activity, FollowUp, GoalAssessment, Plan, ResultGoal
from lots.goals.tests.helpers import YEAR, coordinator, make_activity, make_area, make_goal


@pytest.fixture
def planned(world):
    area = make_area(world)
    goal = make_goal(world, area=area, unit=world.own, concerns_clients=True)
    activity = make_activity(world, goals=[goal])
    return goal, activity


def test_the_plan_page_shows_the_goal_tree_with_its_activities(world, client_for, planned):
    goal, activity = planned
    response = client_for(world.persona(Role.MEDARBETARE)).get(reverse("goals:plan", args=[world.own.pk, YEAR]))
    assert response.status_code == 200
    body = response.content.decode()
    assert goal.title in body and activity.title in body
    assert "Ny aktivitet" not in body  # staff read their unit's plan, they do not change it


def test_the_board_member_reads_the_forvaltnings_plan_from_below(world, client_for, planned):
    response = client_for(world.persona(Role.NAMNDLEDAMOT)).get(reverse("goals:plan", args=[world.forvaltning.pk, YEAR]))
    assert response.status_code == 200


def test_a_plan_of_another_municipality_is_not_found(world, client_for, planned):
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("goals:plan", args=[world.foreign.pk, YEAR]))
    assert response.status_code == 404


def test_a_sibling_units_plan_is_not_found(world, client_for, planned):
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("goals:plan", args=[world.other.pk, YEAR]))
    assert response.status_code == 404


def test_the_index_lists_the_plans_a_person_reads(world, client_for, planned):
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("goals:index") + f"?ar={YEAR}")
    assert response.status_code == 200
    assert world.own.name in response.content.decode()
    assert world.other.name not in response.content.decode()


def test_an_activity_without_goal_or_law_comes_back_with_the_message_at_the_goals_field_and_nothing_lost(
    world, client_for, planned
):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("goals:activity_create", args=[world.own.pk, YEAR]),
        {
            "title": "Utbildning i MI för alla handläggare",
            "owner": world.persona(Role.ENHETSCHEF).pk,
            "starts_on": f"{YEAR}-03-01",
            "ends_on": f"{YEAR}-06-30",
            "status": "not_started",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Koppla aktiviteten till minst ett resultatmål eller ett lagkrav" in body
    assert "Utbildning i MI för alla handläggare" in body
    assert 'id="id_goals_errors"' in body
    assert not Activity.objects.filter(title__startswith="Utbildning").exists()


def test_a_unit_manager_plans_an_activity_for_a_goal(world, client_for, planned):
    goal, _activity = planned
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("goals:activity_create", args=[world.own.pk, YEAR]),
        {
            "title": "Utbildning i MI",
            "goals": [goal.pk],
            "owner": world.persona(Role.ENHETSCHEF).pk,
            "starts_on": f"{YEAR}-03-01",
            "ends_on": f"{YEAR}-06-30",
            "status": "not_started",
            "budget_amount": "25000",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Utbildning i MI")
    assert activity.budget_amount == 25000


def test_an_activity_date_outside_the_year_is_an_error_at_the_field(world, client_for, planned):
    goal, _activity = planned
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("goals:activity_create", args=[world.own.pk, YEAR]),
        {
            "title": "Utbildning i MI",
            "goals": [goal.pk],
            "owner": world.persona(Role.ENHETSCHEF).pk,
            "starts_on": f"{YEAR}-03-01",
            "ends_on": f"{YEAR + 1}-01-31",
            "status": "not_started",
        },
    )
    assert response.status_code == 422
    assert 'id="id_ends_on_errors"' in response.content.decode()


def test_staff_may_not_plan_activities(world, client_for, planned):
    response = client_for(world.persona(Role.MEDARBETARE)).get(reverse("goals:activity_create", args=[world.own.pk, YEAR]))
    assert response.status_code == 403


def test_editing_an_established_plan_without_a_reason_keeps_the_text_and_says_why(world, client_for, planned):
    _goal, activity = planned
    services.plan_establish(actor=coordinator(world), unit=world.own, year=YEAR)
    client = client_for(world.persona(Role.ENHETSCHEF))
    url = reverse("goals:activity_edit", args=[activity.pk])
    data = {
        "title": "Brukarenkät, ny omgång",
        "goals": [g.pk for g in activity.goals.all()],
        "owner": activity.owner_id,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat(),
        "status": activity.status,
        "version": activity.version,
        "reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Brukarenkät, ny omgång" in response.content.decode()
    assert 'id="id_reason_errors"' in response.content.decode()
    response = client.post(url, {**data, "reason": "Nämndens beslut § 7"})
    assert response.status_code == 302
    assert Plan.objects.get(unit=world.own, year=YEAR).version_number == 2
    assert client.get(reverse("goals:plan_version", args=[world.own.pk, YEAR, 1])).status_code == 200


def test_a_concurrent_edit_of_a_goal_is_a_conflict_with_nothing_lost(world, client_for, planned):
    goal, _activity = planned
    services.result_goal_update(actor=coordinator(world), goal=goal, expected_version=goal.version, number=2)
    response = client_for(world.persona(Role.FORVALTNINGSCHEF)).post(
        reverse("goals:goal_edit", args=[goal.pk]),
        {"area": goal.area_id, "number": 1, "title": "Mitt nya mål", "version": 1},
    )
    assert response.status_code == 409
    assert "Mitt nya mål" in response.content.decode()


def test_the_forvaltningschef_copies_this_years_goals_into_next_year(world, client_for, planned):
    client = client_for(world.persona(Role.FORVALTNINGSCHEF))
    url = reverse("goals:copy", args=[world.own.pk, YEAR])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert ResultGoal.objects.filter(year=YEAR + 1).count() == 1
    assert Activity.objects.filter(year=YEAR + 1).count() == 1


def test_a_follow_up_is_opened_assessed_and_refused_establishment_while_incomplete(world, client_for, planned):
    goal, activity = planned
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(reverse("goals:follow_up_open", args=[world.own.pk, YEAR, "t1"]))
    follow_up = FollowUp.objects.get(unit=world.own)
    assert response.status_code == 302
    page = client.get(follow_up.get_absolute_url())
    assert page.status_code == 200
    response = client.post(
        reverse("goals:assess", args=[follow_up.pk, goal.pk]),
        {f"goal-{goal.pk}-assessment": "partly", f"goal-{goal.pk}-analysis": "", f"goal-{goal.pk}-version": 0},
    )
    assert response.status_code == 422
    assert f'id="id_goal-{goal.pk}-analysis_errors"' in response.content.decode()
    response = client.post(
        reverse("goals:assess", args=[follow_up.pk, goal.pk]),
        {
            f"goal-{goal.pk}-assessment": "partly",
            f"goal-{goal.pk}-analysis": "Kvinnorna är nöjda, männen mindre.",
            f"goal-{goal.pk}-version": 0,
        },
    )
    assert response.status_code == 302
    assert GoalAssessment.objects.get().assessment == "partly"
    client.post(reverse("goals:follow_up_establish", args=[follow_up.pk]), {"version": follow_up.version})
    follow_up.refresh_from_db()
    assert not follow_up.is_established  # the activity has no status yet
    response = client.post(
        reverse("goals:report", args=[follow_up.pk, activity.pk]),
        {
            f"activity-{activity.pk}-status": "ongoing",
            f"activity-{activity.pk}-comment": "",
            f"activity-{activity.pk}-version": 0,
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "ongoing"


def test_the_plan_documents_come_out_as_pdf_and_docx(world, client_for, planned):
    client = client_for(world.persona(Role.NAMNDLEDAMOT))
    pdf = client.get(reverse("goals:plan_document", args=[world.forvaltning.pk, YEAR, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("goals:plan_document", args=[world.forvaltning.pk, YEAR, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(reverse("goals:plan_document", args=[world.forvaltning.pk, YEAR, "odt"])).status_code == 404


def test_goal_and_activity_pages_open_for_readers(world, client_for, planned):
    goal, activity = planned
    client = client_for(world.persona(Role.MEDARBETARE))
    assert client.get(reverse("goals:goal", args=[goal.pk])).status_code == 200
    assert client.get(reverse("goals:activity", args=[activity.pk])).status_code == 200
    assert client.get(reverse("goals:goal_edit", args=[goal.pk])).status_code == 403


def test_the_quality_coordinator_keeps_the_goal_areas(world, client_for):
    client = client_for(coordinator(world))
    response = client.post(reverse("goals:area_create", args=[YEAR]), {"number": 1, "name": "Utbildning"})
    assert response.status_code == 302
    assert client.get(reverse("goals:areas", args=[YEAR])).status_code == 200
    manager = client_for(world.persona(Role.ENHETSCHEF))
    assert manager.get(reverse("goals:area_create", args=[YEAR])).status_code == 403


def test_a_goal_form_without_a_title_says_so_at_the_field(world, client_for, planned):
    goal, _activity = planned
    response = client_for(world.persona(Role.FORVALTNINGSCHEF)).post(
        reverse("goals:goal_create", args=[world.own.pk, YEAR]), {"area": goal.area_id, "number": 2, "title": ""}
    )
    assert response.status_code == 422
    assert 'id="id_title_errors"' in response.content.decode()


def test_a_finished_activity_past_its_end_is_not_late(world, planned):
    _goal, activity = planned
    assert activity.is_late(datetime.date(YEAR + 1, 1, 1))
    activity.status = Activity.Status.DONE
    assert not activity.is_late(datetime.date(YEAR + 1, 1, 1))


def test_the_plan_page_computes_each_computed_indicator_once_for_its_figure_and_its_chart(world, client_for, planned):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lots.indicators import services as indicator_services
    from lots.indicators.models import Indicator

    indicator_services.indicator_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        unit=world.own,
        name="Avvikelser per månad",
        unit_of_measure="st",
        owner=world.persona(Role.ENHETSCHEF),
        frequency=Indicator.Frequency.MONTH,
        source=Indicator.Source.COMPUTED,
        computed_key="deviations_per_month",
    )
    client = client_for(world.persona(Role.ENHETSCHEF))
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("goals:plan", args=[world.own.pk, YEAR]))
    assert response.status_code == 200
    assert '<figcaption><span lang="sv">Avvikelser per månad</span></figcaption>' in response.content.decode()  # named
    counted = [q["sql"] for q in page.captured_queries if 'FROM "deviations_deviation"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counted) == 1, counted


def test_the_plan_pdf_names_each_chart_as_well_as_listing_the_indicator(world, client_for, planned):
    import io

    from pypdf import PdfReader

    from lots.indicators import services as indicator_services

    indicator_services.indicator_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        unit=world.own,
        name="Avvikelser per månad",
        unit_of_measure="st",
        owner=world.persona(Role.ENHETSCHEF),
    )
    pdf = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("goals:plan_document", args=[world.own.pk, YEAR, "pdf"]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.count("Avvikelser per månad") == 2  # in the table, and over its chart
