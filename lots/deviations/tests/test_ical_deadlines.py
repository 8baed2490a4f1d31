"""The person's calendar feed (lots.processes.ical) carries their deviation deadlines as "Mina uppgifter" shows them."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lots.deviations import services
from lots.deviations.models import LexSarahInvestigation
from lots.deviations.tasks import tasks_for


def feed_events(client, user) -> dict[str, datetime.date]:
    client.force_login(user)
    client.post(reverse("processes:feeds"), {"action": "create"})
    page = client.get(reverse("processes:feeds")).content.decode()
    start = page.index("http://testserver/processer/kalender/")
    url = page[start : page.index(".ics", start) + 4]
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    return {str(e.get("summary")): e.decoded("dtstart") for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_feed_holds_the_responsible_managers_deviation_steps(world, report, client):
    deviation = report()
    events = feed_events(client, world.persona("enhetschef"))
    title = f"Ta emot rapporten: avvikelse {deviation.number} ({deviation.unit.name})"
    assert events[title] == timezone.localdate() + datetime.timedelta(days=2)


def test_the_feed_holds_the_ivo_target_date(world, report, client):
    deviation = report(possible_lex_sarah=True)
    services.investigation_update(
        actor=None,
        investigation=deviation.lex_sarah,
        expected_version=None,
        data={"classification": LexSarahInvestigation.Classification.SERIOUS},
    )
    chief = world.persona("enhetschef")
    (ivo,) = [t for t in tasks_for(chief, timezone.localdate()) if "IVO" in t.title]
    events = feed_events(client, chief)
    assert events[f"{ivo.title} ({deviation.unit.name})"] == ivo.due


def test_a_deadline_is_not_in_someone_elses_feed(world, report, client):
    report()
    events = feed_events(client, world.persona("medarbetare"))
    assert not any("avvikelse" in summary for summary in events)


def test_a_deadline_already_in_the_feed_is_not_repeated(world, client):
    """A routine's review is both a feed entry of its own and a task; it is listed once."""
    from lots.processes.tests.helpers import make_routine

    routine = make_routine(world, world.own, title="Skyddsbedömning")
    routine.review_date = timezone.localdate() + datetime.timedelta(days=5)
    routine.save(update_fields=["review_date"])
    events = feed_events(client, world.persona("enhetschef"))
    assert f"Översyn av rutinen {routine.title}" in events
    assert not [s for s in events if s.startswith("Se över rutinen")]
