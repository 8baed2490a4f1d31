"""Role × place for an intervention and a participant: 200 where the policy gives the permission on that unit, 404
elsewhere (the same answer as for a record that does not exist); 403 for an edit by someone who may only read."""

import pytest
from django.urls import reverse

from lots.access.policy import roles_with
from lots.testing.world import ALL_ROLES, PLACES

pytestmark = pytest.mark.django_db


def _reaches(role: str, place: str, perm: str) -> bool:
    if role not in roles_with(perm) or place == "foreign" or place == "other":
        return False
    return place == "own" or role != "medarbetare"  # staff hold their role on their unit alone


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_intervention(world, make_intervention, client_for, role, place):
    intervention = make_intervention(unit=world.unit(place))
    client = client_for(world.persona(role))
    detail = client.get(reverse("interventions:detail", args=[intervention.pk])).status_code
    edit = client.get(reverse("interventions:edit", args=[intervention.pk])).status_code
    if not _reaches(role, place, "intervention.view"):
        assert (detail, edit) == (404, 404)
    else:
        assert detail == 200
        assert edit == (200 if _reaches(role, place, "intervention.change") else 403)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_participant(world, make_intervention, register, client_for, role, place):
    participant = register(intervention=make_intervention(unit=world.unit(place), name="Grupp"))
    response = client_for(world.persona(role)).get(reverse("interventions:participant", args=[participant.pk]))
    assert response.status_code == (200 if _reaches(role, place, "intervention.participants") else 404)
