"""Attachments: PDF, images and Office documents; size limit; type read from the content; served only through an access check."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from lots.audit.models import AuditEntry
from lots.deviations import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Anteckning")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("rapport.pdf", PDF, "application/pdf"),
        ("bild.png", PNG, "image/png"),
        ("anteckning.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("lista.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("utan-filandelse", PDF, "application/pdf"),
    ],
)
def test_allowed_types_are_stored_with_the_type_read_from_the_content(world, report, reporter, name, content, mime):
    attachment = services.attachment_add(actor=reporter, deviation=report(), upload=SimpleUploadedFile(name, content))
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, mime, len(content))
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert name not in stored.name  # stored under a random name
    assert AuditEntry.objects.filter(action="create", content_type__model="deviationattachment").count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable renamed"),
        ("bild.png", b"just some text pretending to be an image"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 26 + b"not-an-office-file.txt" + b"\x00" * 64),
        ("tom.pdf", b""),
    ],
)
def test_a_file_whose_content_is_not_an_allowed_type_is_refused(world, report, reporter, name, content):
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(actor=reporter, deviation=report(), upload=SimpleUploadedFile(name, content))
    assert "filtypen" in str(excinfo.value)


def test_a_file_over_the_size_limit_is_refused(world, report, reporter, settings):
    settings.LOTS_MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(actor=reporter, deviation=report(), upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 100))
    assert "för stor" in str(excinfo.value)


def test_the_download_keeps_the_original_name_and_is_logged(world, report, reporter, client_for):
    attachment = services.attachment_add(actor=reporter, deviation=report(), upload=SimpleUploadedFile("foto.pdf", PDF))
    manager = world.persona("enhetschef")
    response = client_for(manager).get(reverse("deviations:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="foto.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="view", actor=manager)
    assert entry.object_id == str(attachment.deviation_id) and entry.note.endswith(f"/bilagor/{attachment.pk}/")


def test_the_reporter_can_add_files_until_the_report_is_closed(world, report, reporter, client_for):
    deviation = report()
    url = reverse("deviations:attachment_add", args=[deviation.pk])
    client = client_for(reporter)
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 302
    manager = world.persona("enhetschef")
    for state in ("received", "investigating", "resolved", "closed"):
        services.deviation_transition(actor=manager, deviation=deviation, to_state=state, comment="Klart")
    assert client.get(url).status_code == 403
    assert client_for(world.persona("medarbetare")).get(url).status_code == 404


def test_a_refused_file_is_explained_at_the_field(world, report, reporter, client_for):
    deviation = report()
    response = client_for(reporter).post(
        reverse("deviations:attachment_add", args=[deviation.pk]), {"file": SimpleUploadedFile("x.pdf", b"hello")}
    )
    assert response.status_code == 422
    assert "Den här filtypen går inte att bifoga" in response.content.decode()
