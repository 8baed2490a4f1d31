"""A completed follow-up's report downloads as the archived copy stored at completion, the same bytes every time."""

import datetime

import pytest
from django.urls import reverse

from lots.archive.models import ArchivedDocument
from lots.requirements import report, services
from lots.requirements.tests.conftest import assess_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _complete(world, follow_up, capture, on=datetime.date(2025, 7, 15)):
    follow_up.refresh_from_db()
    with capture(execute=True):
        services.follow_up_complete(
            actor=world.persona("kvalitetssamordnare"),
            follow_up=follow_up,
            expected_version=follow_up.version,
            completed_on=on,
            summary="Inga brister.",
        )
    follow_up.refresh_from_db()


def _download(client, follow_up) -> bytes:
    response = client.get(reverse("requirements:follow_up_report_pdf", args=[follow_up.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_completed_report_is_served_from_its_stored_copy_without_rendering(
    world, make_follow_up, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    follow_up = make_follow_up()
    assess_all(follow_up, {}, actor=world.persona("kvalitetssamordnare"))
    _complete(world, follow_up, django_capture_on_commit_callbacks)
    stored = ArchivedDocument.objects.get(kind=ArchivedDocument.Kind.FOLLOW_UP_REPORT).file.read()

    def no_rendering(*args, **kwargs):
        raise AssertionError("a completed report is not rendered again")

    monkeypatch.setattr(report, "render_report_pdf", no_rendering)
    client = client_for(world.persona("kvalitetssamordnare"))
    assert _download(client, follow_up) == _download(client, follow_up) == stored


def test_a_follow_up_not_yet_completed_renders_its_report_from_the_record(world, make_follow_up, client_for):
    follow_up = make_follow_up()
    assert _download(client_for(world.persona("kvalitetssamordnare")), follow_up).startswith(b"%PDF")
    assert not ArchivedDocument.objects.exists()
