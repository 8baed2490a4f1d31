"""Archived documents: an established annual report is rendered once as PDF/A, stored with its checksum and served."""

import hashlib
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from lots.accounts.models import Role
from lots.archive.models import ArchivedDocument
from lots.archive.services import document_store
from lots.audit.models import AuditEntry
from lots.reports import documents, services
from lots.reports.models import QualityReport


@pytest.fixture
def established(world, django_capture_on_commit_callbacks):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    draft = services.report_create(actor=coordinator, unit=world.own, year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        return services.report_establish(actor=world.persona(Role.FORVALTNINGSCHEF), report=draft, expected_version=None)


def _download(client, report: QualityReport):
    response = client.get(reverse("reports:report_pdf", args=[report.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_establishing_a_report_stores_one_pdfa_copy_with_its_checksum(world, established):
    document = ArchivedDocument.objects.get()
    assert document.record == established and document.kind == ArchivedDocument.Kind.ANNUAL_REPORT
    assert document.unit == world.own and document.year == 2025 and document.is_stored
    stored = document.file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 and document.size == len(stored)
    xmp = PdfReader(io.BytesIO(stored)).xmp_metadata
    assert xmp is not None
    metadata = xmp.stream.get_data().decode()
    assert "http://www.aiim.org/pdfa/ns/id/" in metadata
    assert re.search(r"pdfaid:part(>|=\")3", metadata) and re.search(r"pdfaid:conformance(>|=\")B", metadata)
    assert AuditEntry.objects.filter(content_type__model="archiveddocument", object_id=str(document.pk)).count() == 2


def test_an_established_report_downloads_from_storage_byte_identical_every_time(world, established, client_for, monkeypatch):
    stored = ArchivedDocument.objects.get().file.read()

    def no_rendering(*args, **kwargs):
        raise AssertionError("an established report is not rendered again")

    monkeypatch.setattr(documents, "pdf_bytes", no_rendering)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    first, first_body = _download(client, established)
    second, second_body = _download(client, established)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert 'filename="kvalitetsberattelse-2025-' in first["Content-Disposition"]
    assert first_body == second_body == stored


def test_a_draft_is_rendered_live_and_never_archived(world, client_for, django_capture_on_commit_callbacks):
    draft = services.report_create(actor=world.persona(Role.KVALITETSSAMORDNARE), unit=world.own, year=2025)
    response, body = _download(client_for(world.persona(Role.KVALITETSSAMORDNARE)), draft)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert PdfReader(io.BytesIO(body)).xmp_metadata is None or b"pdfaid" not in body
    assert not ArchivedDocument.objects.exists()


def test_an_established_report_whose_copy_is_not_stored_yet_is_rendered_from_its_snapshot(world, client_for):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    draft = services.report_create(actor=coordinator, unit=world.own, year=2025)
    report = services.report_establish(actor=world.persona(Role.FORVALTNINGSCHEF), report=draft, expected_version=None)
    assert not ArchivedDocument.objects.get().is_stored
    response, body = _download(client_for(coordinator), report)
    assert response.status_code == 200 and body.startswith(b"%PDF")


def test_access_to_the_stored_copy_is_the_reports_own(world, established, client_for):
    response, _body = _download(client_for(world.outsider), established)
    assert response.status_code == 404


def test_a_stored_copy_is_never_replaced(established):
    document = ArchivedDocument.objects.get()
    before = (document.sha256, document.file.name)
    document_store(document=document, pdf=b"%PDF-1.7 annat")
    document.refresh_from_db()
    assert (document.sha256, document.file.name) == before


def test_the_verifier_names_a_file_changed_or_missing_and_passes_intact_ones(established, media):
    out = io.StringIO()
    call_command("verify_archive", stdout=out)
    assert "1 arkiverade dokument stämmer" in out.getvalue()
    document = ArchivedDocument.objects.get()
    path = media / document.file.name
    path.write_bytes(path.read_bytes() + b"\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 arkiverade"):
        call_command("verify_archive", stdout=io.StringIO(), stderr=err)
    assert "kontrollsumman stämmer inte" in err.getvalue()
    path.unlink()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_archive", stdout=io.StringIO(), stderr=err)
    assert "filen saknas" in err.getvalue()
