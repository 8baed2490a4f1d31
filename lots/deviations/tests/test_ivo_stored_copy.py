"""A sent IVO notification downloads as the archived copy stored when it was sent, the same bytes every time."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.archive.models import ArchivedDocument
from lots.deviations import ivo, services
from lots.deviations.models import LexSarahInvestigation

from .test_services_lex_sarah import decide, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def notification(world, report):
    services.settings_update(actor=None, municipality=world.m1, expected_version=None, organisation_number="212099-9004")
    lex = report(possible_lex_sarah=True).lex_sarah
    serious = LexSarahInvestigation.Classification.SERIOUS
    save(lex, world.persona("enhetschef"), affected="Den enskilde blev rädd.", classification=serious)
    notification = lex.deviation.ivo_notification
    decide(world, notification)
    return notification


def _download(client, notification):
    response = client.get(reverse("deviations:ivo_pdf", args=[notification.deviation.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_sent_notification_is_served_from_its_stored_copy_without_rendering(
    world, notification, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ivo_notification_mark_sent(
            actor=world.persona("kvalitetssamordnare"), notification=notification, sent_at=timezone.now()
        )
    stored = ArchivedDocument.objects.get(kind=ArchivedDocument.Kind.IVO_NOTIFICATION).file.read()

    def no_rendering(*args, **kwargs):
        raise AssertionError("a sent notification is not rendered again")

    monkeypatch.setattr(ivo, "ivo_pdf", no_rendering)
    monkeypatch.setattr("lots.deviations.views.lexsarah.ivo_pdf", no_rendering)
    client = client_for(world.persona("kvalitetssamordnare"))
    assert _download(client, notification) == _download(client, notification) == stored


def test_a_notification_not_yet_sent_is_rendered_from_the_record(world, notification, client_for):
    assert _download(client_for(world.persona("kvalitetssamordnare")), notification).startswith(b"%PDF")
    assert not ArchivedDocument.objects.exists()


def test_the_sent_copy_and_its_archived_record_are_swedish_when_the_sender_reads_english(
    world, notification, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    languages = []
    real = ivo.render_pdf

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(ivo, "render_pdf", recording)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.ivo_notification_mark_sent(
            actor=world.persona("kvalitetssamordnare"), notification=notification, sent_at=timezone.now()
        )
    assert languages and set(languages) == {"sv"}
    archived = ArchivedDocument.objects.get(kind=ArchivedDocument.Kind.IVO_NOTIFICATION)
    assert archived.title.startswith("Anmälan till IVO")
