"""The annual quality report: the list, creating one, reading and writing it, establishing it, and downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.archive.models import ArchivedDocument
from lots.archive.views import archived_copy, stored_response
from lots.core.db_router import reads_from_replica
from lots.core.editing import edit_form
from lots.jobs.services import job_start
from lots.lib.pdf import pdf_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.reports import access as report_access
from lots.reports import background, blocks, documents, sections, services
from lots.reports.forms import EstablishForm, NarrativeForm, ReportCreateForm
from lots.reports.models import QualityReport, ReportNarrative
from lots.reports.views.common import chart_download, slug, table_download

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get_report(request, pk, *, write=False, change="report.change") -> QualityReport:
    return report_access.get_report(request.user, pk, write=write, change=change)


def _creatable_units(user):
    return report_access.creatable_units(user)


@login_required
def index(request):
    user = request.user
    if not (access.has_perm_anywhere(user, "report.view") or access.has_perm_anywhere(user, "dashboard.view")):
        raise Http404
    reports = list(report_access.visible(user).select_related("unit", "established_by").order_by("-year", "unit__path"))
    can_create = access.has_perm_anywhere(user, "report.change")
    form = ReportCreateForm(units=_creatable_units(user)) if can_create else None
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "form": form,
            "can_dashboard": access.has_perm_anywhere(user, "dashboard.view"),
            "can_denominators": access.has_perm_anywhere(user, "report.denominators"),
            "sees_cases": access.has_perm_anywhere(user, "deviation.view") or access.has_perm_anywhere(user, "feedback.view"),
        },
    )


@login_required
@require_POST
def report_create(request):
    if not access.has_perm_anywhere(request.user, "report.change"):
        raise Http404
    form = ReportCreateForm(request.POST, units=_creatable_units(request.user))
    return edit_form(
        request,
        form,
        lambda data: services.report_create(actor=request.user, unit=data["unit"], year=data["year"]),
        page=lambda status: render(
            request,
            "reports/index.html",
            {
                "reports": list(access.scope(QualityReport.objects.select_related("unit"), request.user, "report.view")),
                "form": form,
                "can_dashboard": access.has_perm_anywhere(request.user, "dashboard.view"),
            },
            status=status,
        ),
        success=_("Kvalitetsberättelsen är skapad som utkast. Skriv texterna avsnitt för avsnitt."),
        redirect_to=lambda created: created,
    )


@login_required
def report_detail(request, pk: int):
    report = _get_report(request, pk)
    data = services.report_data(report)
    draft = not report.is_established
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "data": data,
            "sections": documents.numbered(data),
            "can_edit": draft and report_access.can_edit(request.user, report),
            "can_establish": draft and report_access.can_establish(request.user, report),
            "empty_narratives": [s["title"] for s in data["sections"] if s.get("has_narrative") and not s.get("narrative")],
        },
    )


@login_required
def section_edit(request, pk: int, key: str):
    report = _get_report(request, pk, write=True)
    provider = sections.provider(key)
    if provider is None or not provider.narrative:
        raise Http404
    if report.is_established:
        messages.info(request, _("Kvalitetsberättelsen är fastställd och kan inte ändras."))
        return redirect(report)
    narrative, _created = ReportNarrative.objects.get_or_create(report=report, section=key)
    form = NarrativeForm(request.POST or None, initial={"text": narrative.text}, version=narrative.version)
    return edit_form(
        request,
        form,
        lambda data: services.narrative_update(
            actor=request.user,
            report=report,
            section=key,
            text=data["text"],
            expected_version=data["version"],
            integrity_confirmed=data["integrity_confirmed"],
        ),
        template="reports/section_edit.html",
        context=lambda: {
            "report": report,
            "provider": provider,
            "section": provider.compute(sections.Scope(unit=report.unit, year=report.year, today=timezone.localdate())),
            "current": narrative,
        },
        success=_("Texten för %(section)s är sparad.") % {"section": provider.title},
        redirect_to=f"{report.get_absolute_url()}#avsnitt-{key}",
        record=narrative,
    )


@login_required
@require_recent_strong_auth
def establish(request, pk: int):
    report = _get_report(request, pk, write=True, change="report.establish")
    if report.is_established:
        messages.info(request, _("Kvalitetsberättelsen är redan fastställd."))
        return redirect(report)
    form = EstablishForm(request.POST or None, version=report.version)
    return edit_form(
        request,
        form,
        lambda data: services.report_establish(actor=request.user, report=report, expected_version=data["version"]),
        template="reports/establish.html",
        context=lambda: {
            "report": report,
            "empty": [
                str(p.title)
                for p in sections.PROVIDERS
                if p.narrative and not report.narratives.filter(section=p.key).exclude(text="").exists()
            ],
            "year_complete": report.year < timezone.localdate().year,
        },
        success=_("Kvalitetsberättelsen är fastställd. Siffrorna och texterna är nu låsta."),
        redirect_to=report,
        record=report,
    )


def _filename(report: QualityReport) -> str:
    return f"kvalitetsberattelse-{report.year}-{slug(report.unit.name)}"


@login_required
@reads_from_replica
def report_pdf(request, pk: int):
    report = _get_report(request, pk)
    if report.is_established and (stored := archived_copy(report, ArchivedDocument.Kind.ANNUAL_REPORT)):
        return stored_response(stored, f"{_filename(report)}.pdf")
    data = services.report_data(report)
    return pdf_response(documents.pdf_bytes(report, data), f"{_filename(report)}.pdf")


@login_required
@require_POST
def report_pdf_job(request, pk: int):
    """A draft's PDF, computed from everything in the system, made by the task worker (a förvaltning's takes a while);
    the person follows its progress and fetches the file when it is ready."""
    report = _get_report(request, pk)
    title = _("Kvalitetsberättelse %(year)s, %(unit)s (PDF)") % {"year": report.year, "unit": report.unit.name}
    job = job_start(actor=request.user, kind=background.PDF, title=title, params={"report": report.pk})
    return redirect(job)


@login_required
@reads_from_replica
def report_docx(request, pk: int):
    report = _get_report(request, pk)
    data = services.report_data(report)
    # An established report is the record, frozen in Swedish: its document is Swedish throughout, like its archived PDF.
    with translation.override("sv" if report.is_established else translation.get_language()):
        content = documents.docx_bytes(report, data)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report)}.docx"'
    return response


def _block(report: QualityReport, key: str, block_id: str) -> tuple[dict, dict]:
    data = services.report_data(report)
    section = next((s for s in data["sections"] if s["key"] == key), None)
    block = blocks.find(section["blocks"], block_id) if section else None
    if block is None:
        raise Http404
    return section, block


@login_required
@reads_from_replica
def report_table(request, pk: int, key: str, block_id: str, fmt: str):
    report = _get_report(request, pk)
    _section, block = _block(report, key, block_id)
    table = blocks.exportable(block)
    if table is None:
        raise Http404
    headers, rows = table
    return table_download(
        fmt, f"{_filename(report)}-{key}-{block_id}", headers, rows, title=block.get("caption") or block.get("title", "Lots")
    )


@login_required
@reads_from_replica
def report_chart(request, pk: int, key: str, block_id: str, fmt: str):
    report = _get_report(request, pk)
    _section, block = _block(report, key, block_id)
    return chart_download(fmt, f"{_filename(report)}-{key}-{block_id}", block)
