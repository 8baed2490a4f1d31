"""Complaints registered in their original form by the registrator (Katrineholm §5.2)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.feedback import services
from lots.feedback.models import FeedbackAttachment, FeedbackCase

C = FeedbackCase
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b" " * 200
EXE = b"MZ\x90\x00\x03" + b"\x00" * 300
URL = reverse("feedback:register_original")


def scanned(name="brev.pdf", content=PDF):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    upload.detected_type = "application/pdf"
    return upload


def register(world, **fields):
    values = {
        "actor": world.persona("registrator"),
        "unit": world.own,
        "kind": C.Kind.COMPLAINT,
        "sender_role": C.SenderRole.RELATIVE,
        "channel": C.Channel.LETTER,
        "received_on": timezone.localdate() - datetime.timedelta(days=3),
        "description": "Min mamma fick inte sin medicin i tid.",
        "original": scanned(),
    }
    values.update(fields)
    return services.feedback_register_original(**values)


def form_data(world, **fields):
    data = {
        "unit": world.sub.pk,
        "kind": C.Kind.COMPLAINT,
        "channel": C.Channel.LETTER,
        "received_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "sender_role": C.SenderRole.RELATIVE,
        "description": "Min mamma fick inte sin medicin i tid.",
        "reply": C.Reply.NONE,
        "original": scanned(),
    }
    data.update(fields)
    return data


def test_a_letter_is_registered_with_its_original_and_goes_to_the_units_managers(world, django_capture_on_commit_callbacks):
    day = timezone.localdate() - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        case = register(world, received_on=day)
    assert case.received_on == day
    assert case.due_date == day + datetime.timedelta(days=14)
    assert case.registered_by == world.persona("registrator")
    assert case.handler is not None
    original = case.attachments.get()
    assert original.is_original and original.original_name == "brev.pdf"
    managers = {world.persona(r).email for r in ("avdelningschef", "enhetschef", "forvaltningschef")}
    assert {m.to[0] for m in mail.outbox} == managers
    entry = AuditEntry.objects.get(action="create", object_id=str(case.pk), content_type__model="feedbackcase")
    assert entry.note == "Registrerat i originalform"


@pytest.mark.parametrize("channel", [C.Channel.LETTER, C.Channel.EMAIL])
def test_a_letter_or_an_email_needs_the_original(world, channel):
    with pytest.raises(ValidationError) as error:
        register(world, channel=channel, original=None)
    assert "original" in error.value.message_dict
    assert not FeedbackCase.objects.exists()


def test_a_phone_call_is_registered_with_the_registrators_note(world):
    case = register(world, channel=C.Channel.PHONE, original=None)
    assert case.channel == C.Channel.PHONE
    assert not case.attachments.exists()


@pytest.mark.parametrize("channel", [C.Channel.E_SERVICE, C.Channel.VISIT, C.Channel.MEETING])
def test_only_letters_emails_and_phone_calls_are_registered_in_original_form(world, channel):
    with pytest.raises(ValidationError) as error:
        register(world, channel=channel)
    assert "channel" in error.value.message_dict


def test_the_arrival_date_is_required_and_never_in_the_future(world):
    with pytest.raises(ValidationError) as missing:
        register(world, received_on=None)
    assert "received_on" in missing.value.message_dict
    with pytest.raises(ValidationError) as future:
        register(world, received_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "received_on" in future.value.message_dict
    assert not FeedbackCase.objects.exists()


def test_the_form_does_not_default_the_arrival_date_and_keeps_what_was_typed(world, client_for):
    client = client_for(world.persona("registrator"))
    page = client.get(URL).content.decode()
    assert 'name="received_on"' in page
    assert f'value="{timezone.localdate().isoformat()}"' not in page
    response = client.post(URL, form_data(world, received_on="", original=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Skriv datumet då det kom in." in page
    assert "Bifoga originalet" in page
    assert "Min mamma fick inte sin medicin i tid." in page
    future = client.post(URL, form_data(world, received_on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat()))
    assert future.status_code == 422
    assert "Datumet kan inte vara i framtiden." in future.content.decode()
    assert not FeedbackCase.objects.exists()


def test_the_original_passes_the_same_upload_checks(world, client_for):
    client = client_for(world.persona("registrator"))
    response = client.post(URL, form_data(world, original=SimpleUploadedFile("brev.pdf", EXE)))
    assert response.status_code == 422
    assert "kan inte tas emot" in response.content.decode()
    assert not FeedbackAttachment.objects.exists()


def test_the_registrator_registers_only_for_units_in_their_scope(world, client_for):
    client = client_for(world.persona("registrator"))
    page = client.get(URL).content.decode()
    assert world.sub.name in page and world.other.name not in page and world.foreign.name not in page
    for unit in (world.other, world.foreign):
        response = client.post(URL, form_data(world, unit=unit.pk))
        assert response.status_code == 422
    assert not FeedbackCase.objects.exists()
    assert client_for(world.persona("enhetschef")).get(URL).status_code == 404


def test_the_registrator_reads_only_the_receipt_of_what_they_registered_and_the_read_is_logged(world, client_for):
    registrator = world.persona("registrator")
    client = client_for(registrator)
    response = client.post(URL, form_data(world))
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    assert response.url == reverse("feedback:registered", args=[case.pk])
    receipt = client.get(response.url)
    assert receipt.status_code == 200
    assert "brev.pdf" in receipt.content.decode()
    assert AuditEntry.objects.filter(actor=registrator, action="view", object_id=str(case.pk)).exists()
    assert client.get(case.get_absolute_url()).status_code == 404
    original = case.attachments.get()
    assert client.get(reverse("feedback:attachment", args=[case.pk, original.pk])).status_code == 404
    assert case.reference in client.get(reverse("feedback:index")).content.decode()
    someone_elses = register(world, actor=world.persona("medarbetare"), channel=C.Channel.PHONE, original=None)
    assert client.get(reverse("feedback:registered", args=[someone_elses.pk])).status_code == 404
    assert someone_elses.reference not in client.get(reverse("feedback:index")).content.decode()


def test_handlers_see_the_original_marked_and_opening_it_is_logged(world, client_for):
    case = register(world)
    manager = world.persona("enhetschef")
    client = client_for(manager)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "originalet, som det kom in" in page
    original = case.attachments.get()
    before = AuditEntry.objects.filter(actor=manager, action="view", object_id=str(case.pk)).count()
    download = client.get(reverse("feedback:attachment", args=[case.pk, original.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(actor=manager, action="view", object_id=str(case.pk)).count() == before + 1
