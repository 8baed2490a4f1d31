"""A person's background jobs: the list, one job's progress (the page refreshes itself until the job is done), and the
file it made. Only the person who asked for a job sees it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from lots.jobs import services
from lots.jobs.models import Job


@login_required
def jobs(request):
    return render(request, "jobs/list.html", {"jobs": Job.objects.filter(user=request.user)[:50]})


@login_required
def job(request, pk: int):
    found = get_object_or_404(Job, pk=pk, user=request.user)
    return render(request, "jobs/job.html", {"job": found})


@login_required
def job_file(request, pk: int):
    found = get_object_or_404(Job, pk=pk, user=request.user, state=Job.State.DONE)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    services.job_download_log(actor=request.user, job=found)
    return FileResponse(handle, as_attachment=True, filename=found.filename, content_type=found.content_type)
