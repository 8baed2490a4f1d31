"""The list of reports with filters, and its Excel and CSV export with the same filters."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.pagination import DeferredRows, list_query
from lots.deviations.filtering import apply_filters, with_list_relations
from lots.deviations.forms import FilterForm
from lots.deviations.models import Deviation, DeviationCategory
from lots.deviations.steps import related
from lots.lib.spreadsheets import FORMATS, table_response


def _filtered(request):
    """The filter form and the reports the person may see narrowed by it (all they may see when it has errors).

    The list and its export both read the rows here, so the file has exactly the rows of the list.
    """
    units = access.visible_units(request.user, "deviation.view").order_by("municipality__name", "path")
    categories = DeviationCategory.objects.filter(municipality__in=units.values("municipality")).order_by("position", "name")
    form = FilterForm(request.GET or None, units=units, categories=categories)
    qs = access.scope(Deviation.objects.all(), request.user, "deviation.view")
    if form.is_bound and form.is_valid():
        qs = apply_filters(qs, form.cleaned_data)
    return form, qs


PER_PAGE = 50


def case_page(qs, number):
    """One page of the list, newest first.

    The page's ids are found first and only those rows are loaded with their relations;
    late pages are read from the end (lots.core.pagination). Each row carries
    ``investigation`` and ``notification`` (or None): a missing reverse one-to-one raises
    in templates, and the template engine's fallback for that is slow.
    """
    rows = DeferredRows(qs.order_by("-reported_at", "-pk"), load=with_list_relations)
    page = Paginator(rows, PER_PAGE).get_page(number)
    for deviation in page:
        deviation.investigation = related(deviation, "lex_sarah")
        deviation.notification = related(deviation, "ivo_notification")
    return page


def case_list(request):
    form, qs = _filtered(request)
    page = case_page(qs, request.GET.get("page"))
    return render(
        request,
        "deviations/list.html",
        {
            "form": form,
            "page_obj": page,
            "query": list_query(request),
            "can_import": access.has_perm_anywhere(request.user, "deviation.import"),
            "can_configure": access.has_perm_anywhere(request.user, "deviation.configure"),
            "can_report": access.has_perm_anywhere(request.user, "deviation.report"),
        },
        status=422 if form.errors else 200,
    )


HEADERS = [
    "Nummer",
    "Rapporterad",
    "Inträffade",
    "Enhet",
    "Kategori",
    "Status",
    "Ansvarig",
    "Lex Sarah",
    "Bedömning",
    "Anmäld till IVO",
    "Konsekvens",
    "Sannolikhet",
    "Orsaker",
    "Mottagen",
    "Avslutad",
    "Dagar till avslut",
    "Ärendereferens",
    "Vad hände",
    "Vad gjordes direkt",
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
        "Ja" if d.possible_lex_sarah else "Nej",
        investigation.get_classification_display() if investigation and investigation.classification else "",
        timezone.localdate(notification.sent_at).isoformat() if notification and notification.sent_at else "",
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
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file (``fmt`` is xlsx or csv), oldest first, with every report the list
    shows the person; the export is audited. Filters with errors send the person back to the list to see them."""
    if fmt not in FORMATS:
        raise Http404
    if not access.has_perm_anywhere(request.user, "deviation.view"):
        raise Http404
    form, qs = _filtered(request)
    if form.errors:
        return redirect(reverse("deviations:index") + "?" + request.GET.urlencode())
    rows = [_row(d) for d in with_list_relations(qs).order_by("reported_at", "pk")]
    audit.record_export(actor=request.user, what=_("avvikelser"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"avvikelser-{timezone.localdate():%Y-%m-%d}", HEADERS, rows, title=_("Avvikelser"))
