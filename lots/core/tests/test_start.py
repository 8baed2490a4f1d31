import datetime

from django.urls import reverse
from django.utils import timezone

from lots.core.tasks import Task


def test_tasks_due_soon_come_first_and_later_ones_fold_away(world, client_for, monkeypatch):
    today = timezone.localdate()
    tasks = [
        Task("Försenad sak", today - datetime.timedelta(days=2), "/a", "Test"),
        Task("Snart", today + datetime.timedelta(days=3), "/b", "Test"),
        Task("Långt fram", today + datetime.timedelta(days=60), "/c", "Test"),
    ]
    monkeypatch.setattr("lots.core.views.tasks_for", lambda user, day: tasks)
    html = client_for(world.persona("enhetschef")).get(reverse("core:start")).content.decode()
    soon, later = html.split('<details class="more">', 1)
    assert "Försenad sak" in soon and "Snart" in soon and "Långt fram" not in soon
    assert "1 uppgift längre fram" in later and "Långt fram" in later
    assert "1 försenad" in soon


def test_nothing_due_says_so(world, client_for, monkeypatch):
    monkeypatch.setattr("lots.core.views.tasks_for", lambda user, day: [])
    html = client_for(world.persona("medarbetare")).get(reverse("core:start")).content.decode()
    assert "Du har inget som förfaller just nu." in html
