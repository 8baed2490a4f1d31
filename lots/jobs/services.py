"""Starting a background job, running it in the task worker, and clearing old ones."""

import datetime
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lots.access import reads
from lots.audit import services as audit
from lots.jobs import registry
from lots.jobs.models import Job
from lots.lib.files import files_to_remove, remove_after_commit
from lots.notifications.delivery import queue_mail, recipient_language, render_mail

logger = logging.getLogger(__name__)

KEEP_DAYS = 7  # a made file is kept this long for its person to download
PROGRESS_EVERY_SECONDS = 0.5
FAILED_MESSAGE = _("Något gick fel när filen togs fram. Försök igen; händer det igen, kontakta kvalitetssamordnaren.")


def job_start(*, actor, kind: str, title: str, params: dict) -> Job:
    """Queue ``kind`` for ``actor``; the worker starts it once the surrounding transaction has committed."""
    registry.kind(kind)  # an unknown kind is a programming error, raised here rather than in the worker
    with transaction.atomic():
        job = Job.objects.create(user=actor, kind=kind, title=title[:200], params=params)
        transaction.on_commit(lambda: run_job.enqueue(job_id=job.pk), robust=True)
    return job


class _Progress:
    """Writes the job's progress at most twice a second, so a fast loop does not write a row per step."""

    def __init__(self, job: Job):
        self.job = job
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.written_at < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.written_at = now
        Job.objects.filter(pk=self.job.pk).update(done_steps=done, total_steps=total)


@task()
def run_job(*, job_id: int) -> None:
    """Run one queued job for its person: the reads it makes are logged as theirs, and they are told by mail when
    the file is ready. A job that was started already (a retried task) is left alone."""
    if not Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING, started_at=timezone.now()):
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        # The file is made in the person's language (the one they last chose), as the page would have shown it.
        with reads.collecting() as collector, translation.override(recipient_language(job.user)):
            output = registry.kind(job.kind).run(job, _Progress(job))
        audit.record_collected(collector, path=_("bakgrundsjobb %(pk)s: %(title)s") % {"pk": job.pk, "title": job.title})
    except registry.JobRefused as refused:
        _fail(job, refused.message)
        return
    except Exception:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        _fail(job, FAILED_MESSAGE)
        return
    with transaction.atomic():
        job.file.save(output.filename, ContentFile(output.content), save=False)
        job.filename, job.content_type = output.filename, output.content_type
        job.state, job.finished_at = Job.State.DONE, timezone.now()
        job.save(update_fields=["file", "filename", "content_type", "state", "finished_at"])
        if job.user.email:
            context = {"job": job, "keep_days": KEEP_DAYS, "site_url": settings.SITE_URL}
            subject, body = render_mail("jobs/mail/ready.txt", context, to=job.user)
            queue_mail(to=job.user.email, subject=subject, body=body)


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, message=message[:300], finished_at=timezone.now())


def job_download_log(*, actor, job: Job) -> None:
    """A made file fetched: logged as an export of what it holds."""
    audit.record(actor=actor, action="export", obj=job, note=_("Hämtade filen från bakgrundsjobbet"))


@transaction.atomic
def jobs_clear(*, today: datetime.date) -> int:
    """Delete jobs (and their files) finished more than KEEP_DAYS ago; returns how many."""
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=KEEP_DAYS), datetime.time()))
    old = Job.objects.filter(created_at__lt=cutoff)
    remove_after_commit(files_to_remove(old))
    count, _deleted = old.delete()
    return count
