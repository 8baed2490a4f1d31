"""Measurements outside the HTTP load runs. Modules append ``fn(ctx) -> list[metric dicts]`` to MEASUREMENTS.

They run while gunicorn is still serving, so a PDF is timed as production would produce it.
"""

import collections
import statistics
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.archive import archived_report

# A draft annual report of a förvaltning-year at L, every section computed on download: under 5 s (issue 16).
PDF_SECONDS = 5.0


@dataclass
class Context:
    ds: object
    port: int
    cookies: dict


def _get(ctx: Context, path: str, cookie: str) -> tuple[int, int, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{ctx.port}{path}", headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        return response.status, len(body), time.perf_counter() - started


def _draft_report(ctx: Context):
    """The förvaltning's quality report for last year, as a draft: every figure is computed from the data on each
    download (an established report is a stored snapshot and only renders). Created once, kept with --reuse."""
    from bench.scenarios import last_full_year
    from lots.reports.models import QualityReport
    from lots.reports.services import report_create

    unit, year = ctx.ds.forvaltningar[0], last_full_year()[0].year
    report = QualityReport.objects.filter(unit=unit, year=year).first()
    if report is None:
        report = report_create(actor=ctx.ds.manager, unit=unit, year=year)
    if report.is_established:
        raise RuntimeError("the bench report must be a draft, or the PDF would not compute anything")
    return report


def annual_report(ctx: Context) -> list[dict]:
    """The annual quality report for a förvaltning-year as PDF (and DOCX), downloaded from the running server the
    way the förvaltningschef downloads it: computing every section from the data, charts included."""
    from django.urls import reverse

    from bench.run import metric

    report = _draft_report(ctx)
    found = []
    for name, fmt in (("annual_report_pdf", "report_pdf"), ("annual_report_docx", "report_docx")):
        path = reverse(f"reports:{fmt}", args=[report.pk])
        timings, size, status = [], 0, 0
        for _ in range(3):
            status, size, seconds = _get(ctx, path, ctx.cookies["manager"])
            timings.append(seconds)
        worst = max(timings)
        target = f"≤ {PDF_SECONDS:.0f} s (förvaltning-år, utkast: allt räknas fram)" if name == "annual_report_pdf" else None
        found.append(metric(name, worst, "s", None, target, (status == 200 and worst <= PDF_SECONDS) if target else None))
        found.append(metric(f"{name}.median", statistics.median(timings), "s"))
        found.append(metric(f"{name}.bytes", size, "bytes"))
    return found


def compilation_pdf(ctx: Context) -> list[dict]:
    """The board's compilation of deviations for the same förvaltning-year as PDF."""
    from django.urls import reverse

    from bench.run import metric
    from bench.scenarios import last_full_year

    start, end = last_full_year()
    query = urlencode({"unit": ctx.ds.forvaltningar[0].pk, "start": start.isoformat(), "end": end.isoformat()})
    status, size, seconds = _get(ctx, f"{reverse('deviations:compilation_pdf')}?{query}", ctx.cookies["manager"])
    return [metric("compilation_pdf", seconds, "s"), metric("compilation_pdf.bytes", size, "bytes")]


def reminders(ctx: Context) -> list[dict]:
    """The daily job (``manage.py send_reminders``) over the whole dataset, with the day's digest as in production: a
    first run that catches up with every overdue step in the generated history, and a second run the same day, which
    must queue nothing new. Counted from the mail queue: the mails queued, and the people they go to — with digests,
    at most one mail per person."""
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from bench.run import metric
    from lots.notifications.models import SentNotification

    if not settings.LOTS_REMINDER_DIGEST:
        raise RuntimeError("the reminder run is measured with digests on (LOTS_REMINDER_DIGEST)")
    deliver = "lots.notifications.delivery.deliver"
    found = []
    for label in ("first_run", "second_run"):
        reminders_before = SentNotification.objects.count()
        queued_before = set(DBTaskResult.objects.filter(task_path=deliver).values_list("pk", flat=True))
        started = time.perf_counter()
        call_command("send_reminders", stdout=io.StringIO())
        seconds = time.perf_counter() - started
        digests, alarms = [], 0
        for pk, args in DBTaskResult.objects.filter(task_path=deliver).values_list("pk", "args_kwargs"):
            if pk in queued_before:
                continue
            if any(key.startswith("digest:") for key in args["kwargs"].get("keys") or []):
                digests.append(args["kwargs"]["to"].strip().lower())
            else:
                alarms += 1  # an alarm (the audit log's check) goes out at once, outside the digest
        per_person = collections.Counter(digests)
        people, most = len(per_person), max(per_person.values(), default=0)
        found.append(metric(f"send_reminders.{label}", seconds, "s"))
        found.append(metric(f"send_reminders.{label}_reminders", SentNotification.objects.count() - reminders_before, "count"))
        found.append(metric(f"send_reminders.{label}_digest_mails", len(digests), "count"))
        found.append(metric(f"send_reminders.{label}_recipients", people, "count"))
        found.append(metric(f"send_reminders.{label}_most_digests_to_one_person", most, "count", None, "≤ 1", most <= 1))
        found.append(metric(f"send_reminders.{label}_alarms", alarms, "count"))
    return found


def database_size(ctx: Context) -> list[dict]:
    from django.db import connection

    from bench.run import metric

    if connection.vendor != "postgresql":
        return []
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        found.append(metric("database_size", cursor.fetchone()[0] / 1024**2, "MB"))
        for table in ("deviations_deviation", "audit_auditentry", "feedback_feedbackcase", "deviations_deviationevent"):
            cursor.execute("SELECT pg_total_relation_size(%s), pg_indexes_size(%s)", [table, table])
            total, indexes = cursor.fetchone()
            found.append(metric(f"table_size.{table}", total / 1024**2, "MB"))
            found.append(metric(f"index_size.{table}", indexes / 1024**2, "MB"))
    return found


MEASUREMENTS = [annual_report, archived_report, compilation_pdf, database_size, reminders]


def measure(ctx: Context) -> list[dict]:
    found = []
    for fn in MEASUREMENTS:
        found.extend(fn(ctx))
    return found
