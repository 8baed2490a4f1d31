"""Background jobs: a large export and a draft annual report are made by the task worker, with their progress shown,
the reads logged as the person's, the file kept for them alone, and they are told by mail when it is ready."""

import datetime
import io
import os

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lots.accounts.models import Role
from lots.audit.models import AuditEntry, AuditRead
from lots.deviations import services as deviations
from lots.jobs import registry, services
from lots.jobs.models import Job
from lots.reports import services as reports
from lots.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOTS_BACKGROUND_EXPORT_ROWS = 2


@pytest.fixture
def three_reports(world):
    reporter = world.persona(Role.MEDARBETARE)
    return [
        deviations.deviation_report(
            actor=reporter,
            unit=world.own,
            occurred_at=timezone.now() - datetime.timedelta(hours=2),
            description=f"Brukaren fick vänta {n} timmar på sitt besök.",
        )
        for n in (1, 2, 3)
    ]


def _export(client, capture, fmt="xlsx"):
    with capture(execute=True):
        return client.get(reverse("deviations:export", args=[fmt]))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_export_over_the_limit_is_made_in_the_background_and_fetched_by_its_person(
    world, three_reports, client_for, django_capture_on_commit_callbacks
):
    manager = world.persona(Role.ENHETSCHEF)
    client = client_for(manager)
    response = _export(client, django_capture_on_commit_callbacks)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.user, job.state, job.percent) == (manager, Job.State.DONE, 100)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Filen är klar" in page and 'http-equiv="refresh"' not in page
    sheet = load_workbook(io.BytesIO(_body(client.get(reverse("jobs:file", args=[job.pk]))))).active
    assert sheet.max_row == 4 and sheet.cell(1, 1).value == "Nummer"


def test_the_job_s_reads_and_export_are_logged_as_its_person_s(
    world, three_reports, client_for, django_capture_on_commit_callbacks
):
    manager = world.persona(Role.ENHETSCHEF)
    _export(client_for(manager), django_capture_on_commit_callbacks)

    [export] = AuditEntry.objects.filter(action="export", actor=manager)
    assert "3 avvikelser" in export.note
    assert sorted(AuditRead.objects.filter(entry=export).values_list("object_id", flat=True)) == sorted(
        str(d.pk) for d in three_reports
    )


def test_the_person_is_told_by_mail_when_the_file_is_ready(world, three_reports, client_for, django_capture_on_commit_callbacks):
    manager = world.persona(Role.ENHETSCHEF)
    _export(client_for(manager), django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [manager.email]]
    assert message.subject.startswith("Klart: Export av avvikelser") and Job.objects.get().get_absolute_url() in message.body


def test_a_small_export_is_still_answered_at_once(world, three_reports, client_for, settings):
    settings.LOTS_BACKGROUND_EXPORT_ROWS = 100
    response = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("deviations:export", args=["csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()


def test_only_the_person_who_asked_sees_the_job_and_its_file(
    world, three_reports, client_for, django_capture_on_commit_callbacks
):
    _export(client_for(world.persona(Role.ENHETSCHEF)), django_capture_on_commit_callbacks)
    job = Job.objects.get()
    other = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("jobs:jobs")).content.decode()


def test_a_running_job_shows_its_progress_and_refreshes_itself(world, client_for):
    manager = world.persona(Role.ENHETSCHEF)
    job = Job.objects.create(user=manager, kind="deviations.export", title="Export", state=Job.State.RUNNING)
    Job.objects.filter(pk=job.pk).update(done_steps=5, total_steps=10)
    page = client_for(manager).get(job.get_absolute_url()).content.decode()
    assert "50 % klart" in page and 'http-equiv="refresh"' in page and 'value="50"' in page
    assert client_for(manager).get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_job_whose_person_lost_the_right_fails_with_a_clear_message(world, three_reports, django_capture_on_commit_callbacks):
    outsider = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(actor=outsider, kind="deviations.export", title="Export", params={"query": "", "fmt": "csv"})
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "behörighet" in job.message and not job.file


def test_a_job_that_breaks_fails_with_a_general_message_and_is_logged(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(job, progress):
        raise RuntimeError("a bug in the kind")

    monkeypatch.setattr(registry, "kinds", lambda: {"broken": registry.JobKind("broken", broken)})
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(actor=world.persona(Role.ENHETSCHEF), kind="broken", title="Trasig", params={})
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.message == services.FAILED_MESSAGE
    assert "a bug in the kind" in caplog.text


def test_a_task_run_twice_does_the_work_once(world, monkeypatch):
    calls = []
    def count(job, progress):
        calls.append(job)
        return registry.Output(b"x", "x.txt", "text/plain")

    monkeypatch.setattr(registry, "kinds", lambda: {"count": registry.JobKind("count", count)})
    job = Job.objects.create(user=world.persona(Role.ENHETSCHEF), kind="count", title="Räkna")
    services.run_job.call(job_id=job.pk)
    services.run_job.call(job_id=job.pk)
    assert len(calls) == 1


def test_a_draft_annual_report_pdf_is_made_in_the_background(world, client_for, django_capture_on_commit_callbacks):
    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    draft = reports.report_create(actor=coordinator, unit=world.own, year=2025)
    client = client_for(coordinator)
    assert "Ta fram PDF" in client.get(reverse("reports:report", args=[draft.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_pdf_job", args=[draft.pk]))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.state == Job.State.DONE
    assert _body(client.get(reverse("jobs:file", args=[job.pk]))).startswith(b"%PDF")


def test_old_jobs_are_cleared_with_their_files(world, client_for, three_reports, django_capture_on_commit_callbacks):
    _export(client_for(world.persona(Role.ENHETSCHEF)), django_capture_on_commit_callbacks)
    job = Job.objects.get()
    path = job.file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert services.jobs_clear(today=timezone.localdate() + datetime.timedelta(days=services.KEEP_DAYS - 1)) == 0
        assert services.jobs_clear(today=timezone.localdate() + datetime.timedelta(days=services.KEEP_DAYS + 1)) == 1
    assert not Job.objects.exists() and not os.path.exists(path)


def test_the_file_is_made_in_the_language_the_person_chose(world, three_reports, client_for, django_capture_on_commit_callbacks):
    manager = world.persona(Role.ENHETSCHEF)
    manager.language = "en"
    manager.save(update_fields=["language"])
    client = client_for(manager)
    _export(client, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    sheet = load_workbook(io.BytesIO(_body(client.get(reverse("jobs:file", args=[job.pk]))))).active
    assert sheet.cell(1, 1).value == "Number"
