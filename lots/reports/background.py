"""The annual report's PDF made in the background: a draft computes every figure from the system, which for a
förvaltning takes a while."""

from django.http import Http404
from django.utils.translation import gettext as _

from lots.jobs.registry import JobKind, JobRefused, Output
from lots.reports import access as report_access
from lots.reports import documents, services

PDF = "reports.pdf"


def _pdf(job, progress) -> Output:
    try:
        report = report_access.get_report(job.user, job.params["report"])
    except Http404:
        raise JobRefused(_("Du når inte längre kvalitetsberättelsen.")) from None
    progress(0, 3)
    data = services.report_data(report)
    progress(1, 3)
    content = documents.pdf_bytes(report, data)
    progress(2, 3)
    return Output(content, f"kvalitetsberattelse-{report.year}-{report.pk}.pdf", "application/pdf")


KINDS = [JobKind(PDF, _pdf)]
