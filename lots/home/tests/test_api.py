import datetime

from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.home.my_tasks import Task


def get_tasks(client, user):
    _token, key = api_token_create(actor=user, name="test")
    return client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {key}"})


def test_my_tasks_lists_every_modules_tasks_soonest_first_and_marks_the_overdue(world, client, monkeypatch):
    today = timezone.localdate()
    tasks = [
        Task("Snart", today + datetime.timedelta(days=3), "/b", "Processer", "Egna enheten"),
        Task("Försenad", today - datetime.timedelta(days=1), "/a", "Avvikelser"),
    ]
    monkeypatch.setattr("lots.home.my_tasks.app_modules", lambda name: [type("M", (), {"tasks_for": lambda u, d: tasks})])
    response = get_tasks(client, world.persona(Role.MEDARBETARE))
    assert response.status_code == 200
    assert response.json() == [
        {"title": "Försenad", "due": str(today - datetime.timedelta(days=1)), "url": "/a", "module": "Avvikelser",
         "unit_name": "", "overdue": True},
        {"title": "Snart", "due": str(today + datetime.timedelta(days=3)), "url": "/b", "module": "Processer",
         "unit_name": "Egna enheten", "overdue": False},
    ]


def test_my_tasks_needs_a_key(client):
    assert client.get("/api/v1/tasks").status_code == 401
