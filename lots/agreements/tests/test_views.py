"""The register's pages: filters, export, creating and editing with Swedish errors, nothing typed lost, and the 409
of a concurrent edit."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.models import Agreement
from lots.agreements.tests.helpers import TODAY, make_agreement
from lots.audit.models import AuditEntry


def _form(world, **changes):
    data = {
        "title": "Överenskommelse med polisen",
        "area": "Barn och unga",
        "purpose": "Samråd vid misstanke om brott mot barn.",
        "units": [world.own.pk],
        "owner": world.persona(Role.ENHETSCHEF).pk,
        "follow_up": "Varje halvår",
        "follow_up_by": "Enhetschefen",
        "make_known": "on",
        "valid_from": "",
        "valid_until": "",
        "review_date": (TODAY + datetime.timedelta(days=300)).isoformat(),
    }
    data.update(changes)
    return data


def test_creating_an_agreement_makes_a_draft(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(reverse("agreements:create"), _form(world))
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.status == Agreement.Status.DRAFT and list(agreement.units.all()) == [world.own]


def test_errors_are_in_swedish_at_their_fields_and_nothing_typed_is_lost(world, client_for):
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(
        reverse("agreements:create"), _form(world, title="", valid_from="2026-05-01", valid_until="2026-01-01")
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["title"] == ["Skriv vad överenskommelsen heter."]
    assert form.errors["valid_until"] == ["Slutdatumet kan inte ligga före startdatumet."]
    assert "Samråd vid misstanke om brott mot barn." in response.content.decode()


def test_a_concurrent_edit_answers_409_with_the_typed_values_and_the_current_version(world, client_for):
    agreement = make_agreement(world, [world.own], active=False)
    client = client_for(world.persona(Role.ENHETSCHEF))
    seen = agreement.version
    Agreement.objects.filter(pk=agreement.pk).update(version=seen + 1)
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), _form(world, title="Mitt namn", version=seen))
    assert response.status_code == 409
    assert "Mitt namn" in response.content.decode()
    assert response.context["form"].data["version"] == str(seen + 1)
    agreement.refresh_from_db()
    assert agreement.title == "Samverkan barn och unga"


def test_the_activate_button_refuses_without_assessment_with_a_message(world, client_for):
    agreement = make_agreement(world, [world.own], active=False)
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.post(reverse("agreements:activate", args=[agreement.pk]), {"version": agreement.version}, follow=True)
    assert "rättslig bedömning saknas" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_the_assessment_form_records_and_lets_it_become_active(world, client_for):
    agreement = make_agreement(world, [world.own], active=False)
    client = client_for(world.persona(Role.ENHETSCHEF))
    data = {
        "assessed_by": world.persona(Role.KVALITETSSAMORDNARE).pk,
        "assessed_on": TODAY.isoformat(),
        "conclusion": "no_obstacle",
        "reasoning": "Sekretessen prövad; uppgifter lämnas med samtycke.",
        "version": agreement.version,
    }
    assert client.post(reverse("agreements:assess", args=[agreement.pk]), data).status_code == 302
    agreement.refresh_from_db()
    client.post(reverse("agreements:activate", args=[agreement.pk]), {"version": agreement.version})
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE


def test_filters_narrow_the_list_and_a_bad_filter_answers_422(world, client_for):
    make_agreement(world, [world.own], title="Försenad", review_date=TODAY - datetime.timedelta(days=1))
    make_agreement(world, [world.own], title="Utkastet", active=False)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("agreements:index"), {"state": "review_overdue"})
    assert [a.title for a in page.context["page_obj"]] == ["Försenad"]
    page = client.get(reverse("agreements:index"), {"state": "no_assessment"})
    assert [a.title for a in page.context["page_obj"]] == ["Utkastet"]
    assert client.get(reverse("agreements:index"), {"state": "nonsens"}).status_code == 422


def test_the_export_has_the_lists_rows_and_is_audited(world, client_for):
    make_agreement(world, [world.own], title="Med skolan")
    make_agreement(world, [world.other], title="Inte min")
    client = client_for(world.persona(Role.ENHETSCHEF))
    response = client.get(reverse("agreements:export", args=["csv"]))
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "Med skolan" in body and "Inte min" not in body
    assert AuditEntry.objects.filter(action="export").exists()


def test_the_list_runs_the_same_number_of_queries_however_many_rows_it_has(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    make_agreement(world, [world.own], title="Första")
    client.get(reverse("agreements:index"))
    counted = []
    for n in range(3):
        make_agreement(world, [world.own, world.other], title=f"Fler {n}", parties=2)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("agreements:index"))
        counted.append(len(queries))
    assert len(set(counted)) == 1


def test_the_document_is_uploaded_and_downloaded_by_readers(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(world, [world.own])
    client = client_for(world.persona(Role.ENHETSCHEF))
    upload = SimpleUploadedFile("avtal.txt", "Överenskommelsen i text.".encode())
    assert client.post(reverse("agreements:document", args=[agreement.pk]), {"document": upload}).status_code == 302
    reader = client_for(world.persona(Role.MEDARBETARE))
    response = reader.get(reverse("agreements:document_download", args=[agreement.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "Överenskommelsen i text."
    bad = SimpleUploadedFile("avtal.txt", b"\x00\x01\x02binary\x00")
    response = client_for(world.persona(Role.ENHETSCHEF)).post(
        reverse("agreements:document", args=[agreement.pk]), {"document": bad}
    )
    assert response.status_code == 422 and "Filtypen tillåts inte" in response.content.decode()


def test_a_party_edited_after_someone_else_changed_the_agreement_answers_409(world, client_for):
    agreement = make_agreement(world, [world.own], active=False)
    party = agreement.parties.get()
    client = client_for(world.persona(Role.ENHETSCHEF))
    seen = agreement.version
    Agreement.objects.filter(pk=agreement.pk).update(version=seen + 1)
    data = {"name": "Polisen", "kind": "police", "role": "", "responsibility": "Förhör", "version": seen}
    response = client.post(reverse("agreements:party_edit", args=[party.pk]), data)
    assert response.status_code == 409 and "Polisen" in response.content.decode()
    party.refresh_from_db()
    assert party.name == "Skolan 1"
    data["version"] = seen + 1
    assert client.post(reverse("agreements:party_edit", args=[party.pk]), data).status_code == 302
