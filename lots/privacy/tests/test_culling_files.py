"""Culling removes the stored files of what it deletes, and only once the deletion has committed."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from lots.deviations import services as deviations
from lots.privacy import services
from lots.privacy.models import LegalHold

from .test_culling import FIRST_DAY_CULLED

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def stored_attachment(world, closed_deviation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make():
        deviation = closed_deviation()
        attachment = deviations.attachment_add(
            actor=deviation.reported_by, deviation=deviation, upload=SimpleUploadedFile("foto.pdf", PDF)
        )
        return deviation, Path(attachment.file.path)

    return make


def test_a_culled_deviation_takes_its_attachment_files_with_it(stored_attachment, django_capture_on_commit_callbacks):
    _deviation, path = stored_attachment()
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retention_cull(today=FIRST_DAY_CULLED) == 1
        assert path.exists()  # not before the deletion has committed

    assert not path.exists()


def test_a_culling_that_is_rolled_back_keeps_the_files(stored_attachment, django_capture_on_commit_callbacks):
    _deviation, path = stored_attachment()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.retention_cull(today=FIRST_DAY_CULLED)
        raise RuntimeError("the transaction fails after the culling")

    assert callbacks == []
    assert path.exists()


def test_a_record_kept_by_a_legal_hold_keeps_its_files(world, coordinator, stored_attachment, django_capture_on_commit_callbacks):
    deviation, path = stored_attachment()
    services.legal_hold_place(
        actor=coordinator, municipality=world.m1, record_type="deviation", record_id=deviation.pk, reason=LegalHold.Reason.IVO
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.retention_cull(today=FIRST_DAY_CULLED) == 0

    assert path.exists() and LegalHold.objects.exists()
