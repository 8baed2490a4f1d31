"""Owner and follow-up pickers offer the people whose roles fit the task, not everyone in the municipality; a person
already chosen stays choosable, so a record saves unchanged."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements import services as improvement_services


def offered(client, user, url, field="owner"):
    client.force_login(user)
    return set(client.get(url).context["form"].fields[field].queryset)


def test_improvement_owners_are_staff_and_managers_not_board_members_auditors_or_providers(client, world):
    people = offered(client, world.persona(Role.KVALITETSSAMORDNARE), reverse("improvements:create"))
    for fit in (Role.MEDARBETARE, Role.ENHETSCHEF, Role.KVALITETSSAMORDNARE):
        assert world.persona(fit) in people, fit
    for unfit in (Role.NAMNDLEDAMOT, Role.GRANSKARE, Role.REGISTRATOR, Role.HR, Role.EXTERN_UTFORARE):
        assert world.persona(unfit) not in people, unfit


@pytest.mark.parametrize("url", [reverse("processes:create"), reverse("processes:routine_create")])
def test_process_and_routine_owners_are_managers_or_the_quality_coordinator(client, world, url):
    people = offered(client, world.persona(Role.KVALITETSSAMORDNARE), url)
    assert world.persona(Role.ENHETSCHEF) in people
    assert world.persona(Role.KVALITETSSAMORDNARE) in people
    for unfit in (Role.MEDARBETARE, Role.NAMNDLEDAMOT, Role.GRANSKARE, Role.REGISTRATOR, Role.HR):
        assert world.persona(unfit) not in people, unfit


def test_an_owner_chosen_before_stays_choosable_when_editing(client, world):
    staff = world.persona(Role.HR)
    action = improvement_services.improvement_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE), unit=world.own, title="Checklista", owner=staff
    )
    people = offered(client, world.persona(Role.KVALITETSSAMORDNARE), reverse("improvements:edit", args=[action.pk]))
    assert staff in people
    assert world.persona(Role.NAMNDLEDAMOT) not in people
