"""The IVO notification PDF carries the fields of the form attached to SOSFS 2011:5, with the investigation attached."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.ivo import ivo_pdf
from lots.deviations.models import LexSarahInvestigation

C = LexSarahInvestigation.Classification


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def notification(world, report):
    services.settings_update(
        actor=None,
        municipality=world.m1,
        expected_version=None,
        organisation_number="2120999004",
        provider_name="Socialnämnden i Testkommun",
        address="Box 12, 111 11 Teststad",
    )
    deviation = report(possible_lex_sarah=True, case_reference="BU-77", immediate_action="Personal ringdes in direkt.")
    services.deviation_analyse(
        actor=None,
        deviation=deviation,
        expected_version=deviation.version,
        causes=["staffing", "routines"],
        severity=4,
        probability=3,
    )
    investigation = deviation.lex_sarah
    services.investigation_update(
        actor=world.persona("enhetschef"),
        investigation=investigation,
        expected_version=investigation.version,
        data={
            "what_happened": "Ingen nattpersonal fanns på plats.",
            "when_where": "Natten mot den 10 januari, Underenheten",
            "affected": "Den enskilde var ensam och blev rädd; ingen fysisk skada.",
            "informed": LexSarahInvestigation.Informed.YES_WITH_VIEW,
            "informed_details": "Informerades dagen efter och sa att hen vill ha en fast kontakt.",
            "causes": "Schemat lades utan nattbemanning.",
            "actions_taken": "Nattpersonal är schemalagd.",
            "actions_planned": "Ny schemarutin med kontroll av bemanning.",
            "final_assessment": "Allvarligt missförhållande.",
            "classification": C.SERIOUS,
        },
    )
    notification = deviation.ivo_notification
    services.ivo_notification_update(
        actor=None,
        notification=notification,
        expected_version=notification.version,
        data={
            "contact_name": "Kim Kontakt",
            "contact_phone": "0150-12345",
            "contact_email": "kim@example.invalid",
            "other_notifications": "Polisanmälan gjord.",
        },
    )
    services.deviation_action_create(
        actor=world.persona("enhetschef"),
        deviation=deviation,
        title="Inför bemanningskontroll",
        owner=world.persona("enhetschef"),
    )
    return notification


def test_the_pdf_holds_every_field_of_the_form_and_the_investigation(world, notification):
    deviation = notification.deviation
    text = pdf_text(ivo_pdf(notification))
    expected = [
        "Anmälan om allvarligt missförhållande",
        "Socialnämnden i Testkommun",
        "212099-9004",
        "Box 12, 111 11 Teststad",  # provider, organisation number, address
        "Kim Kontakt",
        "0150-12345",
        "kim@example.invalid",  # contact
        "Underenheten",
        "Individ- och familjeomsorg",  # where
        "Natten mot den 10 januari",  # when, by the investigation
        "Ingen nattpersonal fanns på plats.",  # what happened
        "BU-77",
        "Den enskilde var ensam och blev rädd",  # who was affected, consequences
        "Ja, och fick lämna sina synpunkter",
        "vill ha en fast kontakt",  # informed and their view
        "Bemanning",
        "Schemat lades utan nattbemanning.",  # causes
        "Personal ringdes in direkt.",
        "Nattpersonal är schemalagd.",
        "Ny schemarutin",
        "Inför bemanningskontroll",  # actions
        "Allvarligt missförhållande",  # classification
        "Polisanmälan gjord.",
        "Bilaga",
        "Utredning enligt lex Sarah",
        "Slutlig bedömning",  # the attached investigation
        deviation.number,
    ]
    missing = [e for e in expected if e.casefold() not in text.casefold()]
    assert missing == []
    assert "19121212" not in text


def test_the_event_time_is_the_investigations_never_a_contradicting_one_from_the_report(notification):
    reported_time = timezone.localtime(notification.deviation.occurred_at).strftime("%Y-%m-%d %H:%M")
    text = pdf_text(ivo_pdf(notification))
    assert "Natten mot den 10 januari" in text
    assert reported_time not in text


def test_a_notification_without_the_investigations_time_and_place_is_incomplete(world, notification):
    investigation = notification.deviation.lex_sarah
    services.investigation_update(
        actor=None, investigation=investigation, expected_version=investigation.version, data={"when_where": ""}
    )
    assert "när och var det hände (utredningen)" in services.notification_missing(notification)


def test_the_provider_defaults_to_the_board_of_the_units_tree(world, notification):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, provider_name="")
    assert "Nämnden" in pdf_text(ivo_pdf(notification))


def test_a_handler_downloads_the_pdf_and_the_view_is_logged(world, notification, client_for):
    response = client_for(world.persona("kvalitetssamordnare")).get(
        reverse("deviations:ivo_pdf", args=[notification.deviation_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Kim Kontakt" in pdf_text(response.content)
    entry = AuditEntry.objects.get(action="view", actor=world.persona("kvalitetssamordnare"))
    assert entry.object_id == str(notification.deviation_id) and entry.note.endswith("/ivo/anmalan.pdf")


@pytest.mark.parametrize(
    ("role", "status"), [("granskare", 404), ("enhetschef", 200), ("verksamhetsledare", 404), ("medarbetare", 404)]
)
def test_only_those_who_see_the_case_get_the_pdf(world, notification, client_for, role, status):
    response = client_for(world.persona(role)).get(reverse("deviations:ivo_pdf", args=[notification.deviation_id]))
    assert response.status_code == status


def test_the_reporter_does_not_get_the_pdf(notification, client_for):
    response = client_for(notification.deviation.reported_by).get(reverse("deviations:ivo_pdf", args=[notification.deviation_id]))
    assert response.status_code == 404
