import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from lots.accounts.models import Role
from lots.processes import services
from lots.processes.models import CalendarFeed
from lots.processes.tests.helpers import make_routine, make_task


def feed_url(client, user):
    client.force_login(user)
    client.post(reverse("processes:feeds"), {"action": "create"})
    page = client.get(reverse("processes:feeds")).content.decode()
    start = page.index("http://testserver/processer/kalender/")
    return page[start : page.index(".ics", start) + 4]


def test_the_feed_parses_and_holds_the_persons_tasks(world, client):
    chief = world.persona(Role.ENHETSCHEF)
    make_task(world, world.own, due=datetime.date.today() + datetime.timedelta(days=40), role=Role.ENHETSCHEF, title="Riskanalys")
    make_task(
        world, world.own, due=datetime.date.today() + datetime.timedelta(days=41), role=Role.AVDELNINGSCHEF, title="Inte min"
    )
    routine = make_routine(world, world.own, title="Skyddsbedömning")  # owned by the enhetschef
    url = feed_url(client, chief)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    assert "Riskanalys (Egna avdelningen)" in events
    assert not any("Inte min" in s for s in events)
    review = events[f"Översyn av rutinen {routine.title}"]
    assert review.decoded("dtstart") == routine.review_date
    assert all(str(e.get("uid")).endswith("@lots.invalid") for e in events.values())


def test_the_key_is_shown_once_and_only_its_hash_is_stored(world, client):
    url = feed_url(client, world.persona(Role.MEDARBETARE))
    key = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert feed.key_hash == CalendarFeed.hash_key(key) and key not in feed.key_hash
    assert url not in client.get(reverse("processes:feeds")).content.decode()


def test_a_new_address_revokes_the_old_one_and_revoking_ends_it(world, client):
    user = world.persona(Role.MEDARBETARE)
    first = feed_url(client, user)
    second = feed_url(client, user)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post(reverse("processes:feeds"), {"action": "revoke"})
    assert client.get(second).status_code == 404


@pytest.mark.parametrize("key", ["", "fel", "x" * 43])
def test_an_unknown_key_is_not_found(world, client, key):
    assert client.get(f"/processer/kalender/{key}.ics").status_code == 404


def test_a_deactivated_person_has_no_feed(world, client):
    user = world.persona(Role.MEDARBETARE)
    _feed, key = services.feed_create(actor=user)
    user.is_active = False
    user.save()
    assert client.get(reverse("processes:feed", args=[key])).status_code == 404
