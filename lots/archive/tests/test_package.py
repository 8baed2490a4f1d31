"""The archive package: a year's stored documents with metadata and a manifest, for the quality coordinator only."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.archive.models import ArchivedDocument
from lots.audit.models import AuditEntry
from lots.reports import services


@pytest.fixture
def establish(world, django_capture_on_commit_callbacks):
    def make(place="own", year=2025):
        draft = services.report_create(actor=world.persona(Role.KVALITETSSAMORDNARE), unit=world.unit(place), year=year)
        with django_capture_on_commit_callbacks(execute=True):
            return services.report_establish(actor=world.persona(Role.FORVALTNINGSCHEF), report=draft, expected_version=None)

    return make


def _package(client, year=2025):
    response = client.get(reverse("archive:package", args=[year]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_the_package_holds_each_pdf_its_metadata_and_a_manifest_with_checksums(world, establish, client_for):
    establish()
    establish(year=2024)
    response, body = _package(client_for(world.persona(Role.KVALITETSSAMORDNARE)))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(body))
    document = ArchivedDocument.objects.get(year=2025)
    assert sorted(package.namelist()) == sorted(["manifest.json", f"content/{document.pk}.pdf", f"metadata/{document.pk}.json"])
    assert package.read(f"content/{document.pk}.pdf") == document.file.read()
    metadata = json.loads(package.read(f"metadata/{document.pk}.json"))
    assert metadata["kind"] == "annual_report" and metadata["year"] == 2025 and metadata["unit"]["id"] == world.own.pk
    assert metadata["file"]["sha256"] == document.sha256 and metadata["file"]["format"] == "PDF/A-3b"
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["year"] == 2025 and manifest["documents"] == 1
    for entry in manifest["files"]:
        assert hashlib.sha256(package.read(entry["path"])).hexdigest() == entry["sha256"]


def test_making_a_package_is_logged_as_an_export(world, establish, client_for):
    establish()
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    _package(client_for(coordinator))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=coordinator).get()
    assert "1 arkiverade dokument" in entry.note and "year=2025" in entry.note


@pytest.mark.parametrize("role", [Role.FORVALTNINGSCHEF, Role.MEDARBETARE, Role.GRANSKARE])
def test_only_the_quality_coordinator_may_make_a_package(world, establish, client_for, role):
    establish()
    response, _body = _package(client_for(world.persona(role)))
    assert response.status_code == 403
    assert client_for(world.persona(role)).get(reverse("archive:index")).status_code == 403


def test_the_package_holds_only_the_units_in_the_coordinators_scope(world, establish, client_for):
    establish(place="other")
    response, body = _package(client_for(world.persona(Role.KVALITETSSAMORDNARE)))
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(body)).namelist() == ["manifest.json"]


def test_a_file_that_no_longer_matches_its_checksum_stops_the_package(world, establish, client_for, media):
    establish()
    path = media / ArchivedDocument.objects.get().file.name
    path.write_bytes(b"%PDF-1.7 ersatt")
    response, body = _package(client_for(world.persona(Role.KVALITETSSAMORDNARE)))
    assert response.status_code == 409
    assert "stämmer inte med sin kontrollsumma" in body.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_archive_page_lists_the_years_with_their_package_links(world, establish, client_for):
    establish()
    response = client_for(world.persona(Role.KVALITETSSAMORDNARE)).get(reverse("archive:index"))
    assert response.status_code == 200
    assert reverse("archive:package", args=[2025]) in response.content.decode()
