"""Participant data only with explicit consent: a field the consent does not cover cannot be saved, by the service,
the form or the database; a withdrawn consent erases the participant's data and leaves the anonymous count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.interventions import services
from lots.interventions.models import NeedsReport, Participant, YearCount

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_participant_is_registered_with_the_data_the_consent_covers(register, staff):
    participant = register(name="Tolvan Tolvansson", contact="070-123 45 67")
    assert (participant.name, participant.contact, participant.notes) == ("Tolvan Tolvansson", "070-123 45 67", "")
    assert participant.consent_recorded_by == staff
    entry = AuditEntry.objects.get(action="create", object_repr="Deltagare G-1")
    assert entry.changes["name"] == [None, {"chars": 17}]  # the log keeps the length, not the name


def test_data_beyond_the_consent_is_refused_at_its_field(register):
    with pytest.raises(ValidationError) as error:
        register(consent_name=False, name="Tolvan Tolvansson", contact="070-123 45 67")
    assert "Samtycket omfattar inte namn" in error.value.message_dict["name"][0]
    assert not Participant.objects.exists()
    assert not YearCount.objects.exists()


def test_notes_are_refused_without_consent_to_notes(register):
    with pytest.raises(ValidationError) as error:
        register(notes="Kommer på tisdagar.")
    assert "anteckningar" in error.value.message_dict["notes"][0]


def test_the_database_refuses_data_beyond_the_consent(register):
    participant = register(consent_name=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(name="Tolvan")


def test_narrowing_the_consent_requires_emptying_the_field(register, staff):
    participant = register(name="Tolvan Tolvansson")
    with pytest.raises(ValidationError) as error:
        services.participant_update(
            actor=staff, participant=participant, expected_version=participant.version, consent_name=False
        )
    assert "name" in error.value.message_dict
    services.participant_update(
        actor=staff, participant=participant, expected_version=participant.version, consent_name=False, name=""
    )
    participant.refresh_from_db()
    assert (participant.consent_name, participant.name) == (False, "")


def test_notes_may_name_the_participant_but_others_are_flagged(register):
    participant = register("G-2", consent_notes=True, name="Tolvan Tolvansson", notes="Tolvan kommer på tisdagar.")
    assert participant.notes
    with pytest.raises(ValidationError) as error:
        register("G-3", consent_notes=True, name="Tolvan", notes="Tolvan kom med sin granne Kalle Svensson.")
    assert error.value.error_dict["notes"][0].code == "integrity"
    confirmed = register(
        "G-3", consent_notes=True, name="Tolvan", notes="Tolvan kom med Kalle Svensson.", integrity_confirmed=True
    )
    assert confirmed.notes


def test_a_personal_number_is_refused_as_reference(register):
    with pytest.raises(ValidationError) as error:
        register("19121212-1212")
    assert "personnummer" in error.value.message_dict["reference"][0]


def test_an_intervention_without_a_participant_register_takes_no_participants(register, make_intervention):
    with pytest.raises(ValidationError, match="deltagarregister"):
        register(intervention=make_intervention(keeps=False, name="Öppen förskola"))


def test_registering_counts_the_participant_for_the_year(register):
    register("G-1")
    register("G-2")
    assert YearCount.objects.get(year=TODAY.year).participants == 2


def test_withdrawal_erases_the_participant_and_leaves_the_count(register, staff, intervention):
    participant = register(name="Tolvan Tolvansson", contact="070-123 45 67")
    keep = register("G-2")
    services.consent_withdraw(actor=staff, participant=participant)
    assert list(Participant.objects.all()) == [keep]
    assert not Participant.objects.filter(name="Tolvan Tolvansson").exists()
    count = YearCount.objects.get(intervention=intervention, year=TODAY.year)
    assert (count.participants, count.withdrawn) == (2, 1)
    entry = AuditEntry.objects.get(action="delete", note=services.WITHDRAWN_NOTE)
    assert entry.object_id == str(intervention.pk)
    assert entry.changes["participant"] == [participant.pk, None]
    assert entry.changes["erased_fields"] == [["name", "contact"], None]
    assert "Tolvan" not in str(entry.changes) + entry.object_repr + entry.note


def test_withdrawal_keeps_a_report_already_sent_to_the_authority(register, staff, world):
    participant = register()
    report = services.needs_report_send(
        actor=staff,
        participant=participant,
        expected_version=participant.version,
        to_unit=world.other,
        kind=NeedsReport.Kind.NOTIFICATION,
        grounds="Behovet av stöd är större än insatsen kan ge.",
    )
    participant.refresh_from_db()
    services.consent_withdraw(actor=staff, participant=participant)
    report.refresh_from_db()
    assert report.participant is None
    assert report.participant_reference == "G-1"


def test_the_form_keeps_what_was_typed_when_the_consent_does_not_cover_it(intervention, staff, client_for):
    data = {
        "reference": "G-7",
        "consent_given_on": TODAY.isoformat(),
        "consent_method": "written",
        "consent_given_by": "participant",
        "consent_contact": "on",
        "started_on": TODAY.isoformat(),
        "name": "Tolvan Tolvansson",
        "contact": "070-123 45 67",
    }
    response = client_for(staff).post(reverse("interventions:participant_create", args=[intervention.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Samtycket omfattar inte namn" in page
    assert 'value="Tolvan Tolvansson"' in page
    assert not Participant.objects.exists()


def test_withdrawing_through_the_page_asks_for_confirmation_then_erases(register, staff, client_for, intervention):
    participant = register(name="Tolvan Tolvansson")
    client = client_for(staff)
    address = reverse("interventions:participant_withdraw", args=[participant.pk])
    assert client.post(address, {}).status_code == 422
    assert Participant.objects.exists()
    response = client.post(address, {"confirm": "on"})
    assert response.status_code == 302
    assert not Participant.objects.exists()
