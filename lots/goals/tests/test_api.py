import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.goals.tests.helpers import YEAR, make_activity, make_goal


@pytest.fixture
def api_for(client):
    def login(user):
        key = api_token_create(actor=user, name="test")[1]
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return login


def test_goals_and_activities_are_read_as_the_pages_scope_them(world, api_for):
    goal = make_goal(world)
    make_goal(world, unit=world.other, title="Syskonenhetens mål", area=goal.area)
    activity = make_activity(world, goals=[goal])
    api = api_for(world.persona(Role.MEDARBETARE))
    response = api.get(f"/api/v1/goals/goals?year={YEAR}")
    assert response.status_code == 200
    assert [g["title"] for g in response.json()] == [goal.title]
    assert response["X-Total-Count"] == "1"
    activities = api.get("/api/v1/goals/activities").json()
    assert activities[0]["goal_ids"] == [goal.pk] and activities[0]["id"] == activity.pk
    assert api.get(f"/api/v1/goals/goals/{goal.pk}").status_code == 200
    assert api.get("/api/v1/goals/areas").json()[0]["name"] == goal.area.name


def test_a_goal_of_another_unit_answers_404(world, api_for):
    goal = make_goal(world, unit=world.other)
    api = api_for(world.persona(Role.MEDARBETARE))
    assert api.get(f"/api/v1/goals/goals/{goal.pk}").status_code == 404
