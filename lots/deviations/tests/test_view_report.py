"""Reporting from the form: quick, never losing input, and guarding the integrity of the people involved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations.models import Deviation, DeviationCategory
from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.lib.tests.test_integrity import coordination_number_from_test_identity

URL = reverse("deviations:report")


def form_data(world, category, **overrides):
    data = {
        "description": "Besöket blev inställt utan att brukaren fick veta det.",
        "category": category.pk,
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "unit": world.own.pk,
        "immediate_action": "",
        "case_reference": "BU-12",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_municipalitys_categories_and_defaults_to_the_own_unit(world, reporter, client_for):
    response = client_for(reporter).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert [c.name for c in form.fields["category"].queryset][:2] == ["Bemötande", "Handläggning"]
    assert form.initial["unit"] == world.own
    assert b"data-draft-url=" in response.content  # the page saves its draft on the server (lots.deviations.drafts)


def test_the_time_of_the_event_is_never_filled_in_for_the_reporter(world, reporter, client_for, category):
    response = client_for(reporter).get(URL)
    assert "occurred_at" not in response.context["form"].initial
    assert 'name="occurred_at" value' not in response.content.decode()
    response = client_for(reporter).post(URL, form_data(world, category, occurred_at=""))
    assert response.status_code == 422
    assert response.context["form"].errors["occurred_at"] == ["Ange när det hände."]
    assert not Deviation.objects.exists()


def test_an_inactive_category_is_not_offered(world, reporter, client_for, category):
    category.is_active = False
    category.save()
    response = client_for(reporter).get(URL)
    assert category not in response.context["form"].fields["category"].queryset


def test_a_report_is_saved_and_the_reporter_gets_a_receipt(world, reporter, client_for, category):
    client = client_for(reporter)
    response = client.post(URL, form_data(world, category))
    deviation = Deviation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("deviations:receipt", args=[deviation.pk])
    assert (deviation.reported_by, deviation.unit, deviation.category, deviation.case_reference) == (
        reporter,
        world.own,
        category,
        "BU-12",
    )
    receipt = client.get(response.url)
    content = receipt.content.decode()
    assert deviation.number in content
    assert AuditEntry.objects.filter(action="view", object_id=str(deviation.pk), actor=reporter).exists()


def test_a_failed_submit_keeps_everything_typed(world, reporter, client_for, category):
    data = form_data(world, category, description="", immediate_action="Ringde chefen.", case_reference="BU-99")
    response = client_for(reporter).post(URL, data)
    assert response.status_code == 422
    content = response.content.decode()
    assert "Beskriv vad som hände." in content
    assert "Ringde chefen." in content and 'value="BU-99"' in content
    assert "Vi har återställt ditt utkast" not in content  # what was just typed, not an older draft
    assert not Deviation.objects.exists()


def test_a_time_in_the_future_is_refused_in_swedish(world, reporter, client_for, category):
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(reporter).post(URL, form_data(world, category, occurred_at=later))
    assert response.status_code == 422
    assert "Tidpunkten ligger i framtiden" in response.content.decode()


def test_a_unit_in_another_municipality_cannot_be_chosen(world, reporter, client_for, category):
    response = client_for(reporter).post(URL, form_data(world, category, unit=world.foreign.pk))
    assert response.status_code == 422
    assert not Deviation.objects.exists()


@pytest.mark.parametrize("number", [TEST_IDENTITY, "121212-1212", "1212121212", "201212121212"])
def test_a_personal_number_gives_a_warning_and_nothing_is_saved(world, reporter, client_for, category, number):
    text = f"Klienten {number} fick fel beslut."
    response = client_for(reporter).post(URL, form_data(world, category, description=text))
    assert response.status_code == 422
    content = response.content.decode()
    assert "Texten kan innehålla personuppgifter" in content
    assert number in content  # shown to the reporter, and the text is kept as typed
    assert response.context["form"]["description"].value() == text
    assert not Deviation.objects.exists()


def test_a_coordination_number_gives_the_warning_too(world, reporter, client_for, category):
    number = coordination_number_from_test_identity()
    response = client_for(reporter).post(URL, form_data(world, category, immediate_action=f"Kontrollerade {number}."))
    assert response.status_code == 422
    assert "samordningsnummer" in response.content.decode()


def test_a_likely_name_gives_the_warning(world, reporter, client_for, category):
    response = client_for(reporter).post(URL, form_data(world, category, description="Personalen glömde att hämta Olle."))
    assert response.status_code == 422
    assert "ett namn: Olle" in response.content.decode()


def test_replacing_puts_the_case_reference_in_the_text_but_saves_nothing_until_sent_again(world, reporter, client_for, category):
    client = client_for(reporter)
    data = form_data(world, category, description=f"Olle ({TEST_IDENTITY}) fick fel beslut.", case_reference="BU-5")
    response = client.post(URL, {**data, "integrity": "replace"})
    assert response.status_code == 200
    assert not Deviation.objects.exists()
    assert response.context["form"]["description"].value() == "BU-5 fick fel beslut."
    assert "ersatta med ärendereferensen BU-5" in response.content.decode()
    client.post(URL, {**data, "description": "BU-5 fick fel beslut."})
    assert Deviation.objects.get().description == "BU-5 fick fel beslut."


def test_a_case_reference_in_words_is_not_taken_for_a_name_once_it_replaced_one(world, reporter, client_for, category):
    client = client_for(reporter)
    data = form_data(world, category, description="Personalen glömde Olle.", case_reference="Ärende 4711")
    replaced = client.post(URL, {**data, "integrity": "replace"}).context["form"]["description"].value()
    assert replaced == "Personalen glömde Ärende 4711."
    response = client.post(URL, {**data, "description": replaced})
    assert response.status_code == 302
    assert Deviation.objects.get().description == replaced


def test_replacing_needs_a_case_reference(world, reporter, client_for, category):
    data = form_data(world, category, description=f"Gäller {TEST_IDENTITY}.", case_reference="", integrity="replace")
    response = client_for(reporter).post(URL, data)
    assert response.status_code == 422
    assert "Skriv ärendereferensen som uppgifterna ska ersättas med." in response.content.decode()
    assert not Deviation.objects.exists()


def test_sending_anyway_keeps_the_text_as_typed_and_notes_it(world, reporter, client_for, category):
    client = client_for(reporter)
    data = form_data(world, category, description="Personalen glömde att hämta Olle.")
    token = client.post(URL, data).context["integrity_token"]
    response = client.post(URL, {**data, "integrity": "keep", "integrity_token": token})
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert deviation.description == "Personalen glömde att hämta Olle."
    assert deviation.integrity_confirmed
    assert AuditEntry.objects.get(action="create", object_id=str(deviation.pk), content_type__model="deviation").note


def test_sending_anyway_applies_only_to_the_findings_that_were_shown(world, reporter, client_for, category):
    client = client_for(reporter)
    data = form_data(world, category, description="Personalen glömde att hämta Olle.")
    token = client.post(URL, data).context["integrity_token"]
    changed = {
        **data,
        "description": f"Personalen glömde att hämta Olle {TEST_IDENTITY}.",
        "integrity": "keep",
        "integrity_token": token,
    }
    response = client.post(URL, changed)
    assert response.status_code == 422
    assert not Deviation.objects.exists()


def test_text_without_findings_is_saved_without_a_warning(world, reporter, client_for, category):
    data = form_data(world, category, description="Brukaren på Egna avdelningen fick vänta. IVO har inte kontaktats.")
    assert client_for(reporter).post(URL, data).status_code == 302
    assert not Deviation.objects.get().integrity_confirmed


def test_a_report_can_carry_an_attachment(world, reporter, client_for, category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = client_for(reporter).post(URL, {**form_data(world, category), "attachment": pdf})
    assert response.status_code == 302
    assert Deviation.objects.get().attachments.get().original_name == "foto.pdf"


def test_a_refused_attachment_saves_no_report(world, reporter, client_for, category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.pdf", b"MZ\x90\x00 not really a pdf")
    response = client_for(reporter).post(URL, {**form_data(world, category), "attachment": fake})
    assert response.status_code == 422
    assert "filtypen" in response.content.decode()
    assert not Deviation.objects.exists()


def test_people_without_a_staff_role_cannot_report(world, client_for):
    for role in ("granskare", "namndledamot", "extern_utforare"):
        assert client_for(world.persona(role)).get(URL).status_code == 404


def test_mina_rapporter_lists_only_my_own_reports(world, reporter, client_for, report):
    mine = report()
    someone_elses = report(actor=world.persona("medarbetare"))
    response = client_for(reporter).get(reverse("deviations:mine"))
    content = response.content.decode()
    assert mine.number in content and someone_elses.number not in content
    assert "Ansvarig chef ska nu ta emot den" in content


def test_the_menu_entry_shows_a_reporter_their_own_reports(world, reporter, client_for, report):
    deviation = report()
    response = client_for(reporter).get(reverse("deviations:index"))
    assert response.status_code == 200
    assert deviation.number in response.content.decode()
    assert response.templates[0].name == "deviations/mine.html"


def test_categories_are_the_municipalitys_own(world, reporter, client_for):
    client_for(reporter).get(URL)
    assert DeviationCategory.objects.filter(municipality=world.m1).count() == 8
    assert not DeviationCategory.objects.filter(municipality=world.m2).exists()
