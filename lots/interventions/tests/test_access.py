"""Who reaches the register, the participants and the reports, and that every read of participant data is logged."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry, AuditRead
from lots.interventions.models import Participant
from lots.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEWERS = {Role.KVALITETSSAMORDNARE, Role.ENHETSCHEF, Role.MEDARBETARE, Role.NAMNDLEDAMOT, Role.GRANSKARE}
PARTICIPANT_HANDLERS = {Role.ENHETSCHEF, Role.MEDARBETARE, Role.AVDELNINGSCHEF, Role.FORVALTNINGSCHEF}


def _bearer(user) -> dict:
    _token, key = api_token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("role", [Role.KVALITETSSAMORDNARE, Role.ENHETSCHEF, Role.MEDARBETARE, Role.EXTERN_UTFORARE])
def test_the_register_shows_the_units_in_scope(world, make_intervention, client_for, role):
    own = make_intervention()
    make_intervention(unit=world.other, name="Annan insats")
    response = client_for(world.persona(role)).get(reverse("interventions:index"))
    if role == Role.EXTERN_UTFORARE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [own]


@pytest.mark.parametrize("place, status", [("own", 200), ("other", 404), ("foreign", 404)])
def test_a_staff_member_reaches_an_intervention_of_their_own_unit_only(world, make_intervention, client_for, place, status):
    intervention = make_intervention(unit=world.unit(place))
    response = client_for(world.persona(Role.MEDARBETARE)).get(reverse("interventions:detail", args=[intervention.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("role, status", [(Role.ENHETSCHEF, 200), (Role.KVALITETSSAMORDNARE, 200), (Role.MEDARBETARE, 403)])
def test_only_managers_and_the_coordinator_change_an_intervention(world, intervention, client_for, role, status):
    response = client_for(world.persona(role)).get(reverse("interventions:edit", args=[intervention.pk]))
    assert response.status_code == status


def test_someone_without_the_change_permission_cannot_offer(world, make_intervention, client_for):
    planned = make_intervention(offered=False)
    response = client_for(world.persona(Role.MEDARBETARE)).post(
        reverse("interventions:offer", args=[planned.pk]), {"version": planned.version}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", sorted(VIEWERS | PARTICIPANT_HANDLERS))
def test_participant_data_is_for_managers_and_staff_of_the_unit(world, register, client_for, role):
    participant = register()
    client = client_for(world.persona(role))
    detail = client.get(reverse("interventions:participant", args=[participant.pk]))
    listing = client.get(reverse("interventions:participants"))
    if role in PARTICIPANT_HANDLERS:
        assert detail.status_code == 200
        assert list(listing.context["page_obj"]) == [participant]
    else:
        assert detail.status_code == 404
        assert listing.status_code == 404


def test_staff_of_another_unit_do_not_see_the_participants(world, register, client_for):
    participant = register()
    other = UserFactory()
    RoleAssignmentFactory(user=other, role=Role.MEDARBETARE, unit=world.other, include_subunits=False)
    assert client_for(other).get(reverse("interventions:participant", args=[participant.pk])).status_code == 404


def _read_ids(user) -> list[str]:
    entry = AuditEntry.objects.filter(actor=user).latest("pk")
    return sorted(AuditRead.objects.filter(entry=entry).values_list("object_id", flat=True))


def test_reading_a_participant_is_logged_with_its_id(world, register, staff, client_for):
    participant = register()
    assert client_for(staff).get(reverse("interventions:participant", args=[participant.pk])).status_code == 200
    assert _read_ids(staff) == [str(participant.pk)]


def test_the_participant_list_logs_the_ids_it_showed(world, register, staff, client_for):
    ids = sorted(str(register(f"G-{n}").pk) for n in range(3))
    assert client_for(staff).get(reverse("interventions:participants")).status_code == 200
    assert _read_ids(staff) == ids


def test_the_participant_export_logs_the_ids_and_the_export(world, register, staff, client_for):
    ids = sorted(str(register(f"G-{n}").pk) for n in range(2))
    response = client_for(staff).get(reverse("interventions:participant_export", args=["csv"]))
    assert response.status_code == 200
    assert "G-0" in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.filter(actor=staff).latest("pk")
    assert entry.action == AuditEntry.Action.EXPORT
    assert _read_ids(staff) == ids


def test_the_api_participant_list_logs_the_ids(world, register, staff, client):
    ids = sorted(str(register(f"G-{n}").pk) for n in range(2))
    response = client.get("/api/v1/intervention-participants", **_bearer(staff))
    assert response.status_code == 200
    assert sorted(str(row["id"]) for row in response.json()) == ids
    assert _read_ids(staff) == ids


def test_the_api_participant_list_is_empty_for_a_reader_of_the_register(world, register, client):
    register()
    response = client.get("/api/v1/intervention-participants", **_bearer(world.persona(Role.NAMNDLEDAMOT)))
    assert response.status_code == 200 and response.json() == []


def test_reading_a_report_is_logged(world, register, staff, client_for):
    from lots.interventions import services

    participant = register()
    report = services.needs_report_send(
        actor=staff,
        participant=participant,
        expected_version=participant.version,
        to_unit=world.other,
        kind="notification",
        grounds="Behöver mer stöd.",
    )
    assert client_for(staff).get(reverse("interventions:report", args=[report.pk])).status_code == 200
    entry = AuditEntry.objects.filter(actor=staff).latest("pk")
    assert AuditRead.objects.filter(entry=entry, object_id=str(report.pk)).exists()


def test_participants_are_confidential_records(db):
    from lots.access.reads import confidential_models
    from lots.interventions.models import NeedsReport

    assert {Participant, NeedsReport} <= set(confidential_models())
