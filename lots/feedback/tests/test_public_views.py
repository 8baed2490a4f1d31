"""The public e-service: no account, abuse resistance, and a receipt with a secret status link."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.feedback import services
from lots.feedback.models import AccessibilityReport, FeedbackAttachment, FeedbackCase, FeedbackSettings, SubmissionAttempt

C = FeedbackCase
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b" " * 200
EXE = b"MZ\x90\x00\x03" + b"\x00" * 300


@pytest.fixture
def public_unit(world):
    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    return world.sub


def form_url(world, municipality=None):
    return reverse("feedback_public:form", args=[(municipality or world.m1).slug])


def valid(chosen, **overrides):
    data = {
        "kind": C.Kind.COMPLAINT,
        "unit": str(chosen.pk),
        "sender_role": C.SenderRole.RELATIVE,
        "description": "Min pappa fick vänta tre veckor på ett besked.",
        "reply": C.Reply.NONE,
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_units_serving_the_municipality_by_their_public_names(world, client, public_unit):
    page = client.get(form_url(world)).content.decode()
    assert "Stöd till familjer" in page
    assert "Främmande enheten" not in page
    assert "Stöd till familjer" not in client.get(form_url(world, world.m2)).content.decode()
    public_unit.serves.add(world.m2)
    grannby = client.get(form_url(world, world.m2)).content.decode()
    assert "Stöd till familjer" in grannby
    assert "Främmande enheten" in grannby


def test_an_unknown_municipality_is_not_found(db, client):
    assert client.get(reverse("feedback_public:form", args=["finns-inte"])).status_code == 404


def test_the_form_explains_public_records_anonymity_and_groups_radios_under_legends(world, client, public_unit):
    page = client.get(form_url(world)).content.decode()
    assert "allmän handling" in page
    assert "offentlighets- och sekretesslagen (2009:400)" in page
    assert "inte kan få något svar" in page
    assert "14 dagar" in page
    for legend in ("Vad vill du lämna?", "Vem är du?", "Vill du ha svar?"):
        assert re.search(rf"<legend>{re.escape(legend)}", page)
    assert 'class="feedback-hp"' in page
    assert 'name="website"' in page
    assert 'enctype="multipart/form-data"' in page


def test_an_anonymous_submission_gets_a_reference_and_a_status_link_shown_once(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit))
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    assert case.is_anonymous and case.unit == public_unit and case.channel == C.Channel.E_SERVICE
    receipt = client.get(response.url)
    page = receipt.content.decode()
    assert case.reference in page
    assert "vi inte ge dig något svar" in page
    link = re.search(r'href="(http://testserver/lamna-synpunkter/testkommun/status/[^"]+/)"', page).group(1)
    assert receipt["Referrer-Policy"] == "no-referrer"
    assert "Kvittot har redan visats" in client.get(response.url).content.decode()
    status = client.get(link)
    assert status.status_code == 200
    assert case.reference in status.content.decode()
    assert "anonymt" in status.content.decode()


def test_the_status_page_shows_the_status_and_answer_and_nothing_else(world, client, public_unit):
    case, token = services.feedback_submit(
        municipality=world.m1,
        unit=public_unit,
        kind=C.Kind.COMPLAINT,
        sender_role=C.SenderRole.RELATIVE,
        description="Hemlig beskrivning av min son.",
        reply=C.Reply.EMAIL,
        contact_email="mamma@example.invalid",
        contact_name="Mamma Testsson",
    )
    url = reverse("feedback_public:status", args=[world.m1.slug, token])
    before = client.get(url).content.decode()
    assert "Inget svar" not in before and "inte fått något svar ännu" in before
    manager = world.persona("enhetschef")
    services.feedback_receive(actor=manager, case=case)
    services.feedback_answer(
        actor=manager,
        case=case,
        expected_version=None,
        method=C.AnswerMethod.EMAIL,
        answer="Vi har pratat med handläggaren och ringer dig på måndag.",
    )
    response = client.get(url)
    page = response.content.decode()
    assert "Besvarat" in page
    assert "ringer dig på måndag" in page
    for secret in ("Hemlig beskrivning", "mamma@example.invalid", "Mamma Testsson", "Stöd till familjer", manager.last_name):
        assert secret not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_or_the_wrong_municipality_reveals_nothing(world, client, public_unit):
    case, token = services.feedback_submit(
        municipality=world.m1,
        unit=public_unit,
        kind=C.Kind.OPINION,
        sender_role=C.SenderRole.OTHER,
        description="Text",
        reply=C.Reply.NONE,
    )
    wrong = client.get(reverse("feedback_public:status", args=[world.m1.slug, token[:-2] + "xx"]))
    assert wrong.status_code == 404
    assert case.reference not in wrong.content.decode()
    assert client.get(reverse("feedback_public:status", args=[world.m2.slug, token])).status_code == 404
    assert client.get(reverse("feedback_public:status", args=[world.m1.slug, case.status_token_hash])).status_code == 404


def test_missing_answers_are_listed_at_the_top_and_at_each_field_and_the_text_is_kept(world, client, public_unit):
    response = client.post(form_url(world), {"description": "Det jag skrev ska finnas kvar.", "website": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Fel:" in page
    assert 'id="error-summary"' in page
    for anchor in ("#id_kind_0", "#id_unit", "#id_sender_role_0", "#id_reply_0"):
        assert f'href="{anchor}"' in page
    assert "Välj vilken verksamhet det gäller." in page
    assert 'id="id_kind_errors"' in page
    assert 'aria-describedby="id_kind_errors"' in page
    assert "Det jag skrev ska finnas kvar." in page
    assert not FeedbackCase.objects.exists()


def test_an_anonymous_sender_with_contact_details_is_asked_to_choose(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit, contact_name="Kalle Testsson"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Du har valt att vara anonym" in page
    assert 'value="Kalle Testsson"' in page


def test_the_chosen_reply_needs_its_contact_detail(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit, reply=C.Reply.LETTER, contact_name="Kalle"))
    assert response.status_code == 422
    assert "Skriv din postadress" in response.content.decode()


def test_a_text_over_the_limit_is_refused_but_kept(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit, description="å" * 5001))
    assert response.status_code == 422
    assert "högst 5000 tecken" in response.content.decode().replace("\xa0", "")


def test_the_honeypot_refuses_politely_and_stores_nothing(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit, website="http://spam.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vi kunde tyvärr inte ta emot meddelandet" in page
    assert "Min pappa fick vänta" in page
    assert not FeedbackCase.objects.exists()


def test_the_rate_limit_is_per_address_and_keeps_the_text(world, client, public_unit, settings):
    settings.LOTS_FEEDBACK_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(form_url(world), valid(public_unit), REMOTE_ADDR="192.0.2.7").status_code == 302
    refused = client.post(form_url(world), valid(public_unit, description="Den tredje."), REMOTE_ADDR="192.0.2.7")
    assert refused.status_code == 429
    assert "Försök igen om en stund" in refused.content.decode()
    assert "Den tredje." in refused.content.decode()
    assert FeedbackCase.objects.count() == 2
    assert client.post(form_url(world), valid(public_unit), REMOTE_ADDR="192.0.2.8").status_code == 302
    assert not SubmissionAttempt.objects.filter(address_hash__contains="192.0.2").exists()


def test_an_attachment_is_stored_under_the_type_read_from_its_content(world, client, public_unit):
    upload = SimpleUploadedFile("skärmbild.bin", PNG, content_type="application/octet-stream")
    response = client.post(form_url(world), {**valid(public_unit), "attachments": [upload]})
    assert response.status_code == 302
    attachment = FeedbackAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "skärmbild.bin"
    assert attachment.file.name.endswith(".png")
    assert "skärmbild" not in attachment.file.name


def test_a_program_posing_as_a_pdf_is_refused(world, client, public_unit):
    upload = SimpleUploadedFile("intyg.pdf", EXE, content_type="application/pdf")
    response = client.post(form_url(world), {**valid(public_unit), "attachments": [upload]})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Filen intyg.pdf kan inte tas emot" in page
    assert "Välj dina filer igen" in page
    assert not FeedbackCase.objects.exists()


def test_too_many_or_too_large_files_are_refused(world, client, public_unit, settings):
    files = [SimpleUploadedFile(f"{i}.pdf", PDF, content_type="application/pdf") for i in range(4)]
    response = client.post(form_url(world), {**valid(public_unit), "attachments": files})
    assert response.status_code == 422
    assert "högst 3 filer" in response.content.decode()
    settings.LOTS_MAX_ATTACHMENT_BYTES = 100
    big = SimpleUploadedFile("stor.pdf", PDF, content_type="application/pdf")
    response = client.post(form_url(world), {**valid(public_unit), "attachments": [big]})
    assert response.status_code == 422
    assert "Filen stor.pdf är för stor" in response.content.decode()


def test_an_oversized_request_gets_a_polite_answer_before_it_is_read(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit), CONTENT_LENGTH=str(10**9))
    assert response.status_code == 413
    assert "Filerna är för stora" in response.content.decode()


def test_someone_who_does_not_know_the_unit_reaches_the_fallback_unit(world, client, public_unit):
    page = client.get(form_url(world)).content.decode()
    assert "Jag vet inte vilken verksamhet" not in page
    FeedbackSettings.objects.create(municipality=world.m1, fallback_unit=world.forvaltning)
    assert "Jag vet inte vilken verksamhet" in client.get(form_url(world)).content.decode()
    assert client.post(form_url(world), valid(public_unit, unit="vet-inte")).status_code == 302
    assert FeedbackCase.objects.get().unit == world.forvaltning


def test_a_unit_from_another_municipality_cannot_be_chosen(world, client, public_unit):
    response = client.post(form_url(world), valid(public_unit, unit=str(world.foreign.pk)))
    assert response.status_code == 422
    assert "Välj en verksamhet i listan." in response.content.decode()


def test_accessibility_problems_are_reported_to_the_quality_coordinators(world, client, django_capture_on_commit_callbacks):
    url = reverse("feedback_public:accessibility", args=[world.m1.slug])
    page = client.get(url).content.decode()
    assert "Tillgänglighetsredogörelse" in page
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in page
    assert client.post(url, {"description": "", "website": ""}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"description": "Fokus syns inte på knappen.", "page": "Formuläret", "website": ""})
    assert response.status_code == 302
    assert "Tack! Din rapport" in client.get(response.url).content.decode()
    assert AccessibilityReport.objects.get().page == "Formuläret"
    assert [m.to for m in mail.outbox] == [[world.persona("kvalitetssamordnare").email]]
    spam = client.post(url, {"description": "Köp billigt", "website": "x"})
    assert spam.status_code == 400
    assert AccessibilityReport.objects.count() == 1


def test_the_privacy_page_explains_who_sees_what(world, client):
    page = client.get(reverse("feedback_public:privacy", args=[world.m1.slug])).content.decode()
    assert "Kontaktuppgifterna visas bara för dem som handlägger ärendet" in page
    assert "Vi sparar inte din IP-adress" in page


def test_the_municipality_chooser_links_every_municipality(world, client):
    page = client.get(reverse("feedback_public:choose")).content.decode()
    assert form_url(world) in page and form_url(world, world.m2) in page
