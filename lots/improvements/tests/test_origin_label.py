"""The action's origin on its page names the kind once: "Avvikelse AV-2026-0001", never "Avvikelse: Avvikelse …"."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.deviations import services as deviation_services
from lots.improvements.tests.helpers import make_action
from lots.processes.tests.helpers import make_routine


def origin(page: str) -> str:
    found = re.search(r"<dt>Ursprung</dt><dd>(.*?)</dd>", page, re.S).group(1)
    return re.sub(r"<[^>]+>", "", found)


def detail(world, client_for, action) -> str:
    client = client_for(world.persona(Role.ENHETSCHEF))
    return client.get(reverse("improvements:detail", args=[action.pk])).content.decode()


def test_an_action_from_a_deviation_names_the_deviation_once(world, client_for):
    deviation = deviation_services.deviation_report(
        actor=world.persona(Role.MEDARBETARE),
        unit=world.own,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        description="Medicinen gavs en timme för sent.",
        category=None,
    )
    action = make_action(world, world.own, source=deviation, source_kind="deviation")
    assert origin(detail(world, client_for, action)) == str(deviation)
    assert str(deviation).startswith("Avvikelse ")


def test_a_source_whose_name_does_not_say_the_kind_gets_the_kind_before_it(world, client_for):
    routine = make_routine(world, world.own, title="Skyddsbedömning samma dag")
    action = make_action(world, world.own, source=routine, source_kind="self_inspection")
    assert origin(detail(world, client_for, action)) == "Egenkontroll: Skyddsbedömning samma dag"


def test_an_action_without_a_source_record_shows_the_kind(world, client_for):
    action = make_action(world, world.own, source_kind="user_survey")
    assert origin(detail(world, client_for, action)) == "Brukarundersökning"
