import datetime

from django.urls import reverse
from django.utils import timezone

from lots.home.my_tasks import Task


def test_tasks_due_soon_come_first_and_later_ones_fold_away(world, client_for, monkeypatch):
    today = timezone.localdate()
    tasks = [
        Task("Försenad sak", today - datetime.timedelta(days=2), "/a", "Test"),
        Task("Snart", today + datetime.timedelta(days=3), "/b", "Test"),
        Task("Långt fram", today + datetime.timedelta(days=60), "/c", "Test"),
    ]
    monkeypatch.setattr("lots.home.views.tasks_for", lambda user, day: tasks)
    html = client_for(world.persona("enhetschef")).get(reverse("home:start")).content.decode()
    soon, later = html.split('<details class="more">', 1)
    assert "Försenad sak" in soon and "Snart" in soon and "Långt fram" not in soon
    assert "1 uppgift längre fram" in later and "Långt fram" in later
    assert "1 försenad" in soon


def test_nothing_due_says_so(world, client_for, monkeypatch):
    monkeypatch.setattr("lots.home.views.tasks_for", lambda user, day: [])
    html = client_for(world.persona("medarbetare")).get(reverse("home:start")).content.decode()
    assert "Du har inget som förfaller just nu." in html


def test_due_dates_are_written_the_swedish_way_with_a_lower_case_month(world, client_for, monkeypatch):
    late, soon = datetime.date(2026, 5, 25), datetime.date(2026, 10, 3)
    tasks = [Task("Sen", late, "/a", "Test"), Task("Snart", soon, "/b", "Test")]
    monkeypatch.setattr("lots.home.views.tasks_for", lambda user, day: tasks)
    monkeypatch.setattr("lots.home.views.timezone.localdate", lambda: datetime.date(2026, 9, 30))
    html = client_for(world.persona("enhetschef")).get(reverse("home:start")).content.decode()
    assert "Försenad 25 maj" in html and "Senast 3 okt" in html
    assert "Maj" not in html and "Okt" not in html


def test_a_due_date_in_another_year_is_written_with_its_year(world, client_for, monkeypatch):
    tasks = [
        Task("Förra året", datetime.date(2025, 12, 31), "/a", "Test"),
        Task("Nästa år", datetime.date(2027, 1, 15), "/b", "Test"),
    ]
    monkeypatch.setattr("lots.home.views.tasks_for", lambda user, day: tasks)
    monkeypatch.setattr("lots.home.views.timezone.localdate", lambda: datetime.date(2026, 12, 8))
    html = client_for(world.persona("enhetschef")).get(reverse("home:start")).content.decode()
    assert "Försenad 31 dec 2025" in html  # not "31 dec", which reads as this month's end
    assert "Senast 15 jan 2027" in html
