"""Role × place × (view, change) for processes, routines, laws, the calendar and responsibilities, through the real views.

The expected answers are written out here, independently of lots.access.policy. "above" is the
administration (förvaltningen) above every persona's unit: what is decided there applies below,
so it can be read from below but only changed by someone holding the role there.
"""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.tests.helpers import make_law, make_process, make_routine, make_rule, make_task

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
LINE_MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef"}
READERS = MANAGERS | {"medarbetare", "kvalitetssamordnare", "granskare", "namndledamot"}
STAFF = MANAGERS | {"medarbetare", "kvalitetssamordnare"}
ALL = READERS | {"extern_utforare"}
WITH_SUBUNITS = READERS - {"medarbetare"}
PLACES = ["own", "sub", "above", "other", "foreign"]


def place_unit(world, place):
    return world.forvaltning if place == "above" else world.unit(place)


def expected_view(role, place):
    if place in {"own", "above"}:
        return 200 if role in READERS else 404
    if place == "sub":
        return 200 if role in WITH_SUBUNITS else 404
    return 404


def expected_change(role, place, changers):
    view = expected_view(role, place)
    if view == 404:
        return 404
    return 200 if role in changers and place in {"own", "sub"} else 403


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_process_view_change_and_establish(world, client_for, role, place):
    process = make_process(world, place_unit(world, place))
    client = client_for(world.persona(role))
    assert client.get(reverse("processes:detail", args=[process.pk])).status_code == expected_view(role, place)
    assert client.get(reverse("processes:map_pdf", args=[process.pk])).status_code == expected_view(role, place)
    assert client.get(reverse("processes:edit", args=[process.pk])).status_code == expected_change(
        role, place, STAFF - {"medarbetare"}
    )
    establishers = {"kvalitetssamordnare", "forvaltningschef", "avdelningschef"}
    assert client.get(reverse("processes:establish", args=[process.pk])).status_code == expected_change(role, place, establishers)
    activity = process.activities.first()
    collaboration = services.collaboration_create(actor=None, process=process, partner="Polisen", kind="external")
    expected = expected_change(role, place, STAFF - {"medarbetare"})
    assert client.get(reverse("processes:activity_edit", args=[activity.pk])).status_code == expected
    assert client.get(reverse("processes:collaboration_edit", args=[collaboration.pk])).status_code == expected
    assert client.get(reverse("processes:activity_create", args=[process.pk])).status_code == expected
    response = client.post(reverse("processes:activity_move", args=[activity.pk]), {"direction": "down"})
    assert response.status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_routine_view_change_establish_and_acknowledge(world, client_for, role, place):
    routine = make_routine(world, place_unit(world, place))
    services.routine_draft_start(actor=world.persona(Role.KVALITETSSAMORDNARE), routine=routine)
    client = client_for(world.persona(role))
    view = expected_view(role, place)
    assert client.get(reverse("processes:routine", args=[routine.pk])).status_code == view
    assert client.get(reverse("processes:acknowledgements", args=[routine.pk])).status_code == view
    assert client.get(reverse("processes:routine_edit", args=[routine.pk])).status_code == expected_change(
        role, place, STAFF - {"medarbetare"}
    )
    assert client.get(reverse("processes:draft", args=[routine.pk])).status_code == expected_change(
        role, place, STAFF - {"medarbetare"}
    )
    assert client.get(reverse("processes:routine_collaboration_create", args=[routine.pk])).status_code == expected_change(
        role, place, STAFF - {"medarbetare"}
    )
    assert client.get(reverse("processes:routine_establish", args=[routine.pk])).status_code == expected_change(
        role, place, LINE_MANAGERS
    )
    # Reading is asked of staff whose unit the routine applies to: every persona sits on "own", so only there.
    acknowledge = client.post(reverse("processes:acknowledge", args=[routine.pk]))
    if view == 404:
        assert acknowledge.status_code == 404
    else:
        asked = role in STAFF and place in {"own", "above"}
        assert acknowledge.status_code == (302 if asked else 403)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_law_view_and_change(world, client_for, role, place):
    law = make_law(world, place_unit(world, place))
    client = client_for(world.persona(role))
    assert client.get(reverse("processes:law", args=[law.pk])).status_code == expected_view(role, place)
    change = expected_change(role, place, {"kvalitetssamordnare"})
    assert client.get(reverse("processes:law_edit", args=[law.pk])).status_code == change
    response = client.post(reverse("processes:law_review", args=[law.pk]))
    assert response.status_code == (302 if change == 200 else change)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_calendar_rule_change(world, client_for, role, place):
    rule = make_rule(world, place_unit(world, place))
    client = client_for(world.persona(role))
    assert client.get(reverse("processes:rule_edit", args=[rule.pk])).status_code == expected_change(
        role, place, {"kvalitetssamordnare"}
    )


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", sorted(ALL))
def test_calendar_task_is_completed_by_its_responsible_role_or_the_quality_coordinator(world, client_for, role, place):
    task = make_task(world, place_unit(world, place), role=Role.ENHETSCHEF)
    client = client_for(world.persona(role))
    month = client.get(reverse("processes:calendar_month", args=[2026, 4]))
    assert month.status_code == (200 if role in READERS else 404)
    shown = task.title in month.content.decode()
    assert shown == (expected_view(role, place) == 200)
    response = client.post(reverse("processes:task_done", args=[task.pk]))
    expected = expected_change(role, place, {"kvalitetssamordnare", "enhetschef"})
    assert response.status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("role", sorted(ALL))
def test_responsibilities_are_read_in_the_own_municipality_and_edited_by_the_quality_coordinator(world, client_for, role):
    own = services.responsibility_create(
        actor=None, municipality=world.m1, role=Role.ENHETSCHEF, phase="planning", text="Att rutinerna är kända"
    )
    foreign = services.responsibility_create(
        actor=None, municipality=world.m2, role=Role.ENHETSCHEF, phase="planning", text="Främmande ansvar"
    )
    client = client_for(world.persona(role))
    matrix = client.get(reverse("processes:responsibilities"), {"roll": "alla"})
    assert matrix.status_code == (200 if role in READERS else 404)
    if matrix.status_code == 200:
        assert "Att rutinerna är kända" in matrix.content.decode()
        assert "Främmande ansvar" not in matrix.content.decode()
    edit = client.get(reverse("processes:responsibility_edit", args=[own.pk])).status_code
    assert edit == (404 if role not in READERS else 200 if role == "kvalitetssamordnare" else 403)
    assert client.get(reverse("processes:responsibility_edit", args=[foreign.pk])).status_code == 404


@pytest.mark.parametrize("role", sorted(ALL))
def test_creating_needs_the_change_permission_somewhere(world, client_for, role):
    client = client_for(world.persona(role))
    can_view = role in READERS
    for name, changers in [
        ("processes:create", STAFF - {"medarbetare"}),
        ("processes:routine_create", STAFF - {"medarbetare"}),
        ("processes:law_create", {"kvalitetssamordnare"}),
        ("processes:rule_create", {"kvalitetssamordnare"}),
    ]:
        expected = 200 if role in changers else (403 if can_view else 404)
        assert client.get(reverse(name)).status_code == expected, name


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    process = make_process(world, world.own)
    for url in [reverse("processes:index"), reverse("processes:detail", args=[process.pk]), reverse("processes:laws")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_person_without_roles_sees_nothing(world, client_for):
    process = make_process(world, world.own)
    client = client_for(world.outsider)
    assert client.get(reverse("processes:index")).status_code == 404
    assert client.get(reverse("processes:detail", args=[process.pk])).status_code == 404
