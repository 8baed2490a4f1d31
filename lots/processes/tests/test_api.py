import pytest

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.processes.tests.helpers import make_law, make_process, make_routine, make_task


@pytest.fixture
def api(client):
    def call(user, method, path, payload=None):
        _token, key = api_token_create(actor=user, name="test")
        headers = {"Authorization": f"Bearer {key}"}
        if method == "get":
            return client.get(f"/api/v1{path}", payload or {}, headers=headers)
        return client.post(f"/api/v1{path}", payload or {}, content_type="application/json", headers=headers)

    return call


def test_the_resources_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/processes",
        "/api/v1/processes/{process_id}",
        "/api/v1/routines",
        "/api/v1/routines/{routine_id}",
        "/api/v1/routines/{routine_id}/acknowledge",
        "/api/v1/laws",
        "/api/v1/calendar/tasks",
        "/api/v1/tasks",
    ]:
        assert path in paths


def test_processes_are_listed_by_scope_with_their_steps(world, api):
    own = make_process(world, world.own, steps=("Ett", "Två"))
    make_process(world, world.other, name="Annan")
    response = api(world.persona(Role.MEDARBETARE), "get", "/processes")
    assert [p["name"] for p in response.json()] == [own.name]
    detail = api(world.persona(Role.MEDARBETARE), "get", f"/processes/{own.pk}").json()
    assert [(a["position"], a["name"]) for a in detail["activities"]] == [(1, "Ett"), (2, "Två")]
    assert api(world.persona(Role.MEDARBETARE), "get", f"/processes/{own.pk + 1}").status_code == 404


def test_creating_a_process_needs_the_change_permission_on_every_unit(world, api):
    payload = {"name": "Ny process", "unit_ids": [world.own.pk]}
    assert api(world.persona(Role.MEDARBETARE), "post", "/processes", payload).status_code == 403
    created = api(world.persona(Role.ENHETSCHEF), "post", "/processes", payload)
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert api(world.persona(Role.ENHETSCHEF), "post", "/processes", {**payload, "unit_ids": [world.other.pk]}).status_code == 403
    assert api(world.persona(Role.ENHETSCHEF), "post", "/processes", {**payload, "färg": "blå"}).status_code == 422


def test_routines_search_read_and_acknowledge(world, api):
    routine = make_routine(world, world.own, body="Skyddsbedömningen görs samma dag. <script>x</script>")
    staff = world.persona(Role.MEDARBETARE)
    hits = api(staff, "get", "/routines", {"q": "skyddsbedömningen"}).json()
    assert [r["id"] for r in hits] == [routine.pk]
    detail = api(staff, "get", f"/routines/{routine.pk}").json()
    assert detail["current_version"] == 1 and detail["acknowledged"] is False and "<script" not in detail["text_html"]
    assert api(staff, "post", f"/routines/{routine.pk}/acknowledge").status_code == 201
    assert api(staff, "post", f"/routines/{routine.pk}/acknowledge").status_code == 422
    assert api(world.persona(Role.GRANSKARE), "post", f"/routines/{routine.pk}/acknowledge").status_code == 403


def test_laws_and_calendar_tasks(world, api):
    make_law(world, world.namnd)
    task = make_task(world, world.own, role=Role.ENHETSCHEF)
    chief = world.persona(Role.ENHETSCHEF)
    assert [law["reference"] for law in api(chief, "get", "/laws").json()] == ["SFS 2025:400"]
    tasks = api(chief, "get", "/calendar/tasks", {"year": task.due_date.year, "mine": "true"}).json()
    assert [t["id"] for t in tasks] == [task.pk]
    assert api(world.persona(Role.GRANSKARE), "post", f"/calendar/tasks/{task.pk}/done", {}).status_code == 403
    done = api(chief, "post", f"/calendar/tasks/{task.pk}/done", {"note": "Klart"})
    assert done.status_code == 200 and done.json()["done_at"] is not None


def test_my_tasks_gathers_every_module(world, api):
    make_routine(world, world.own, title="Skyddsbedömning")
    tasks = api(world.persona(Role.MEDARBETARE), "get", "/tasks").json()
    assert [t["title"] for t in tasks] == ["Läs rutinen Skyddsbedömning (version 1)"]
    assert tasks[0]["overdue"] is False


def test_the_api_needs_a_key(client):
    assert client.get("/api/v1/processes").status_code == 401
