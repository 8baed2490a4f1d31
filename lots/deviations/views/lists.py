"""The list of reports with filters, and its Excel and CSV export with the same filters."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.audit import services as audit
from lots.core.pagination import list_query
from lots.deviations import access as deviation_access
from lots.deviations import background
from lots.deviations.lists import DEVIATIONS
from lots.deviations.models import Deviation
from lots.deviations.steps import related
from lots.jobs.services import job_start
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth


def case_page(filtered, number):
    """One page of the list. Each row carries ``investigation`` and ``notification`` (or None), None also for
    one's own report in a unit whose cases one does not see: a missing reverse one-to-one raises in templates,
    and the template engine's fallback for that is slow."""
    page = filtered.page(number)
    for deviation in page:
        full = deviation_access.sees_case(filtered.user, deviation)
        deviation.investigation = related(deviation, "lex_sarah") if full else None
        deviation.notification = related(deviation, "ivo_notification") if full else None
    return page


def case_list(request):
    filtered = DEVIATIONS.bind(request.user, request.GET)
    page = case_page(filtered, request.GET.get("page"))
    return render(
        request,
        "deviations/list.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "query": list_query(request),
            "can_import": access.has_perm_anywhere(request.user, "deviation.import"),
            "can_configure": access.has_perm_anywhere(request.user, "deviation.configure"),
            "can_report": access.has_perm_anywhere(request.user, "deviation.report"),
        },
        status=filtered.status,
    )


HEADERS = [
    gettext_lazy("Nummer"),
    gettext_lazy("Rapporterad"),
    gettext_lazy("Inträffade"),
    gettext_lazy("Enhet"),
    gettext_lazy("Kategori"),
    gettext_lazy("Status"),
    gettext_lazy("Ansvarig"),
    gettext_lazy("Lex Sarah"),
    gettext_lazy("Bedömning"),
    gettext_lazy("Anmäld till IVO"),
    gettext_lazy("Konsekvens"),
    gettext_lazy("Sannolikhet"),
    gettext_lazy("Orsaker"),
    gettext_lazy("Mottagen"),
    gettext_lazy("Avslutad"),
    gettext_lazy("Dagar till avslut"),
    gettext_lazy("Ärendereferens"),
    gettext_lazy("Vad hände"),
    gettext_lazy("Vad gjordes direkt"),
]


def _row(d: Deviation) -> list:
    investigation = related(d, "lex_sarah")
    notification = related(d, "ivo_notification")
    return [
        d.number,
        d.reported_at,
        d.occurred_at,
        d.unit.name,
        d.category.name if d.category else "",
        d.get_state_display(),
        str(d.responsible or ""),
        _("Ja") if d.possible_lex_sarah else _("Nej"),
        investigation.get_classification_display() if investigation and investigation.classification else "",
        timezone.localdate(notification.sent_at) if notification and notification.sent_at else None,
        d.severity,
        d.probability,
        ", ".join(d.cause_labels()),
        d.received_at,
        d.closed_at,
        d.days_to_close(),
        d.case_reference,
        d.description,
        d.immediate_action,
    ]


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file (``fmt`` is xlsx or csv): every report the list shows the person,
    in the list's order; the export is audited. Filters with errors send the person back to the list to see them.
    More rows than ``LOTS_BACKGROUND_EXPORT_ROWS`` are written by a background job instead."""
    if fmt not in FORMATS:
        raise Http404
    if not access.has_perm_anywhere(request.user, "deviation.view"):
        raise Http404
    filtered = DEVIATIONS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("deviations:index") + "?" + request.GET.urlencode())
    if filtered.queryset.count() > settings.LOTS_BACKGROUND_EXPORT_ROWS:
        # A large export is made by the task worker; the person follows its progress and is told when it is ready.
        title = _("Export av avvikelser (%(fmt)s)") % {"fmt": fmt.upper()}
        params = {"query": request.GET.urlencode(), "fmt": fmt}
        return redirect(job_start(actor=request.user, kind=background.EXPORT, title=title, params=params))
    rows = [_row(d) for d in filtered.rows()]
    audit.record_export(actor=request.user, what=_("avvikelser"), count=len(rows), query=request.GET.urlencode())
    return table_response(
        fmt, f"avvikelser-{timezone.localdate():%Y-%m-%d}", [str(h) for h in HEADERS], rows, title=_("Avvikelser")
    )
