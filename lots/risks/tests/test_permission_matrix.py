"""Role × place × (view, change) for every entity of the risk module, through the real views.

The expected answers are written out here, independently of lots.access.policy. The person named responsible
for a control (a round, an activity, a follow-up item) is an outsider without roles here, so the matrix shows
the unit-scoped rules alone; the responsible person's own access is tested in the module's view tests.
"""

import datetime

import pytest
from django.urls import reverse

from lots.risks.tests.helpers import make_analysis, make_followup, make_internal_control, make_plan, make_review_point, make_risk

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
READERS = MANAGERS | {"medarbetare", "kvalitetssamordnare", "granskare", "namndledamot"}
ALL = READERS | {"extern_utforare"}
PLACES = ["own", "sub", "other", "foreign"]

RISK_CHANGERS = MANAGERS | {"kvalitetssamordnare"}
INSPECTION_CHANGERS = MANAGERS | {"kvalitetssamordnare"}
INTERNAL_CONTROL_CHANGERS = {"kvalitetssamordnare", "forvaltningschef"}
FOLLOW_UP_CHANGERS = {"kvalitetssamordnare", "forvaltningschef", "avdelningschef"}
SCALE_CHANGERS = {"kvalitetssamordnare"}


def expected_view(role, place):
    if place == "own":
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in READERS - {"medarbetare"} else 404
    return 404


def expected_change(role, place, changers):
    view = expected_view(role, place)
    if view == 404:
        return 404
    return 200 if role in changers else 403


def status(client, name, pk):
    return client.get(reverse(name, args=[pk])).status_code


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_risk_analyses_and_risks(world, client_for, role, place):
    analysis = make_analysis(world, place)
    risk = make_risk(analysis)
    client = client_for(world.persona(role))
    view, change = expected_view(role, place), expected_change(role, place, RISK_CHANGERS)
    assert status(client, "risks:analysis", analysis.pk) == view
    assert status(client, "risks:analysis_pdf", analysis.pk) == view
    assert status(client, "risks:analysis_edit", analysis.pk) == change
    assert status(client, "risks:risk", risk.pk) == view
    assert status(client, "risks:risk_edit", risk.pk) == change
    assert status(client, "risks:risk_treatment", risk.pk) == change
    response = client.post(reverse("risks:risk_delete", args=[risk.pk]))
    assert response.status_code == (302 if change == 200 else change)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_self_inspection_plans_control_points_and_rounds(world, client_for, role, place):
    plan = make_plan(world, place)
    point = make_review_point(plan, responsible=world.outsider, actor=world.persona("kvalitetssamordnare"))
    round_ = point.rounds.get()
    client = client_for(world.persona(role))
    view, change = expected_view(role, place), expected_change(role, place, INSPECTION_CHANGERS)
    assert status(client, "risks:inspection_plan", plan.pk) == view
    assert status(client, "risks:inspection_plan_edit", plan.pk) == change
    assert status(client, "risks:control_point_edit", point.pk) == change
    assert status(client, "risks:round", round_.pk) == view
    assert status(client, "risks:record_add", round_.pk) == change
    assert status(client, "risks:round_action", round_.pk) == change


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_internal_control_plans_and_activities(world, client_for, role, place):
    plan, activity = make_internal_control(world, place, responsible=world.outsider)
    client = client_for(world.persona(role))
    view, change = expected_view(role, place), expected_change(role, place, INTERNAL_CONTROL_CHANGERS)
    assert status(client, "risks:internal_control", plan.pk) == view
    assert status(client, "risks:internal_control_pdf", plan.pk) == view
    assert status(client, "risks:internal_control_edit", plan.pk) == change
    assert status(client, "risks:activity_edit", activity.pk) == change
    assert status(client, "risks:activity_result", activity.pk) == change


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_follow_up_plans_and_items(world, client_for, role, place):
    plan, item = make_followup(world, place, who=world.outsider)
    client = client_for(world.persona(role))
    view, change = expected_view(role, place), expected_change(role, place, FOLLOW_UP_CHANGERS)
    assert status(client, "risks:followup", plan.pk) == view
    assert status(client, "risks:followup_edit", plan.pk) == change
    assert status(client, "risks:followup_item_edit", item.pk) == change
    assert status(client, "risks:followup_item_progress", item.pk) == change


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_the_lists_of_risks_rounds_and_activities(world, client_for, role, place):
    """The lists open for anyone who may read the module somewhere; a row shows where its detail page would open."""
    risk = make_risk(make_analysis(world, place))
    point = make_review_point(make_plan(world, place), responsible=world.outsider, actor=world.persona("kvalitetssamordnare"))
    _plan, activity = make_internal_control(world, place, responsible=world.outsider)
    client = client_for(world.persona(role))
    opens = 200 if role in READERS else 404
    for name, export, row in (
        ("risks:risk_list", "risks:risk_export", risk),
        ("risks:rounds", "risks:round_export", point.rounds.get()),
        ("risks:activities", "risks:activity_export", activity),
    ):
        response = client.get(reverse(name))
        assert response.status_code == opens, name
        if opens == 200:
            shown = row.pk in {r.pk for r in response.context["page_obj"]}
            assert shown == (expected_view(role, place) == 200), name
        assert client.get(reverse(export, args=["csv"])).status_code == opens, export


@pytest.mark.parametrize("place", ["own", "foreign"])
@pytest.mark.parametrize("role", sorted(ALL))
def test_the_risk_scale_of_a_municipality(world, client_for, role, place):
    municipality = world.m1 if place == "own" else world.m2
    client = client_for(world.persona(role))
    view = 200 if place == "own" and role in READERS else 404
    change = 404 if view == 404 else (200 if role in SCALE_CHANGERS else 403)
    assert client.get(reverse("risks:scale", args=[municipality.slug])).status_code == view
    assert client.get(reverse("risks:scale_edit", args=[municipality.slug])).status_code == change


@pytest.mark.parametrize("role", sorted(ALL))
def test_creating_is_offered_only_to_those_who_may_change_somewhere(world, client_for, role):
    client = client_for(world.persona(role))
    for name, changers in (
        ("risks:analysis_create", RISK_CHANGERS),
        ("risks:inspection_plan_create", INSPECTION_CHANGERS),
        ("risks:internal_control_create", INTERNAL_CONTROL_CHANGERS),
        ("risks:followup_create", FOLLOW_UP_CHANGERS),
    ):
        assert client.get(reverse(name)).status_code == (200 if role in changers else 404), name


def test_lists_show_only_what_is_in_scope(world, client_for):
    for place in PLACES:
        make_analysis(world, place, title=f"Analys {place}", performed_on=datetime.date.today())
    html = client_for(world.persona("medarbetare")).get(reverse("risks:analyses")).content.decode()
    assert "Analys own" in html and "Analys sub" not in html and "Analys other" not in html and "Analys foreign" not in html


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("risks:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
