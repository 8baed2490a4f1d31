import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.privacy import extracts, services
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

EXTRACT = reverse("privacy:extract", kwargs={"slug": "testkommun"})


def test_a_staff_members_extract_holds_their_account_roles_and_records(world, closed_deviation):
    deviation = closed_deviation()
    person = world.persona(Role.MEDARBETARE)

    content = extracts.person_extract(municipality=world.m1, person=person)

    assert [a.role for a in content["assignments"]] == [Role.MEDARBETARE]
    assert list(content["deviations"]) == [deviation]


def test_a_case_reference_extract_finds_every_deviation_that_mentions_it_in_the_municipality(world, closed_deviation):
    tagged, mentioned, other = closed_deviation(), closed_deviation(), closed_deviation()
    type(tagged)._base_manager.filter(pk=tagged.pk).update(case_reference="AR-2020-17")
    type(mentioned)._base_manager.filter(pk=mentioned.pk).update(description="Gäller AR-2020-17, se journalen.")

    content = extracts.reference_extract(municipality=world.m1, reference="ar-2020-17")

    assert set(content["deviations"]) == {tagged, mentioned}
    assert other not in content["deviations"]


def test_the_coordinator_gets_the_extract_as_pdf_and_the_access_is_logged(world, client_for, coordinator):
    person = world.persona(Role.MEDARBETARE)

    response = client_for(coordinator).get(EXTRACT, {"person": person.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(note=services.EXTRACT_NOTE)
    assert (entry.actor, entry.action, entry.object_id) == (coordinator, AuditEntry.Action.EXPORT, str(person.pk))


def test_an_extract_needs_exactly_one_of_person_and_reference(world, client_for, coordinator):
    client = client_for(coordinator)

    both = client.get(EXTRACT, {"person": world.persona(Role.MEDARBETARE).pk, "reference": "ÄR-1"})
    neither = client.get(EXTRACT, {"reference": "  "})

    assert (both.status_code, neither.status_code) == (422, 422)
    assert not AuditEntry.objects.filter(note=services.EXTRACT_NOTE).exists()


def test_a_person_without_a_role_in_the_municipality_is_not_offered(world, client_for, coordinator):
    response = client_for(coordinator).get(EXTRACT, {"person": world.outsider.pk})

    assert response.status_code == 422
    assert response.context["form"].errors.keys() == {"person"}


@pytest.mark.parametrize("role", [Role.KVALITETSSAMORDNARE, Role.FORVALTNINGSCHEF, Role.GRANSKARE])
def test_only_the_municipalitys_coordinator_makes_extracts(world, client_for, role):
    response = client_for(world.persona(role)).get(EXTRACT)

    assert response.status_code == 404


def test_a_forvaltningschef_over_the_whole_municipality_makes_no_extracts(world, client_for):
    chief = UserFactory(username="fc-kommun")
    RoleAssignmentFactory(user=chief, role=Role.FORVALTNINGSCHEF, unit=world.namnd, include_subunits=True)

    assert client_for(chief).get(EXTRACT).status_code == 404
    assert client_for(chief).get(reverse("privacy:plan")).status_code == 404
