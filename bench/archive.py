"""Archived documents: downloading an established annual report (served from storage) against the signed-in floor
measured the same way in the same run, and how long the worker takes to render and store its PDF/A copy once."""

import time
import urllib.request

DOWNLOADS = 60
TARGET_P95_MS = 100.0


def _get_ms(port: int, path: str, cookie: str) -> tuple[int, bytes, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _established_report(ctx):
    """The first förvaltning's report for the year before the bench's draft, established once (kept with --reuse)
    and its archived copy stored; the seconds the store took, or None when it was there already."""
    from bench.scenarios import last_full_year
    from lots.archive import renderers
    from lots.archive.models import ArchivedDocument
    from lots.archive.services import document_store
    from lots.reports.models import QualityReport
    from lots.reports.services import report_create, report_establish

    unit, year = ctx.ds.forvaltningar[0], last_full_year()[0].year - 1
    report = QualityReport.objects.filter(unit=unit, year=year).first() or report_create(
        actor=ctx.ds.manager, unit=unit, year=year
    )
    if not report.is_established:
        report = report_establish(actor=ctx.ds.manager, report=report, expected_version=None)
    document = ArchivedDocument.objects.get(object_id=report.pk, kind=ArchivedDocument.Kind.ANNUAL_REPORT)
    if document.is_stored:
        return report, None
    started = time.perf_counter()
    document_store(document=document, pdf=renderers.render(document))
    return report, time.perf_counter() - started


def archived_report(ctx) -> list[dict]:
    from django.urls import reverse

    from bench.run import metric

    report, store_seconds = _established_report(ctx)
    cookie = ctx.cookies["manager"]
    path = reverse("reports:report_pdf", args=[report.pk])
    floor, timings, bodies = [], [], set()
    for _ in range(DOWNLOADS):
        floor.append(_get_ms(ctx.port, "/bench/minimal-inloggad", cookie)[2])
        status, body, ms = _get_ms(ctx.port, path, cookie)
        if status != 200:
            raise RuntimeError(f"the established report answered {status}")
        timings.append(ms)
        bodies.add(body)
    p95 = _p95(timings)
    found = [
        metric("archived_report_pdf.p95_c1", p95, "ms", _p95(floor), f"≤ {TARGET_P95_MS:.0f} ms", p95 <= TARGET_P95_MS),
        metric("archived_report_pdf.distinct_bodies", len(bodies), "count", None, "1 (byte-identical)", len(bodies) == 1),
        metric("archived_report_pdf.bytes", len(next(iter(bodies))), "bytes"),
    ]
    if store_seconds is not None:
        found.append(metric("archived_report_pdf.render_and_store", store_seconds, "s"))
    return found
