"""Data the quality coordinator brings in: comparison values from Kolada, and monthly denominators for U charts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lots import access
from lots.core.editing import edit_form
from lots.core.forms import form_status
from lots.reports import services
from lots.reports.comparisons import comparison_rows, indicators
from lots.reports.forms import ComparisonUploadForm, DenominatorChoiceForm, DenominatorForm, IndicatorForm
from lots.reports.models import ComparisonIndicator, ComparisonValue, DenominatorSeries
from lots.reports.views.common import table_download, units_for

# --- Comparisons ---------------------------------------------------------------------------------------


def _municipality(user):
    held = access.assignments_with(user, "report.view")
    if not held:
        raise Http404
    return held[0].unit.municipality


YEAR_ERROR = _lazy("Välj ett år i listan.")


def _year(request) -> tuple[int, str | None]:
    """The year the comparison shows (the latest period held without an ``ar`` parameter) and the error of an ``ar``
    that is not a year between 1990 and 2100 (None when there is none)."""
    asked = request.GET.get("ar", "")
    if not asked:
        latest = ComparisonValue.objects.order_by("-period").values_list("period", flat=True).first()
        return latest or timezone.localdate().year - 1, None
    try:
        year = int(asked)
    except ValueError:
        year = 0
    if 1990 <= year <= 2100:
        return year, None
    return timezone.localdate().year - 1, str(YEAR_ERROR)


def _comparison_table(municipality, year):
    rows, others = comparison_rows(municipality.code, year)
    headers = [_("Nyckeltal"), _("Id"), _("År"), _("%(m)s, totalt") % {"m": municipality.name}, _("Kvinnor"), _("Män")]
    headers += [o["name"] for o in others]
    table = [
        [r["label"], r["kpi"], r["period"], r["own"].get("T"), r["own"].get("K"), r["own"].get("M")]
        + [r["others"].get(o["code"]) for o in others]
        for r in rows
    ]
    return headers, table


@login_required
def comparisons(request):
    municipality = _municipality(request.user)
    year, error = _year(request)
    headers, table = _comparison_table(municipality, year)
    if error:  # an invalid year shows no figures, rather than another year's under it
        table = []
    can_import = access.has_perm_anywhere(request.user, "report.comparisons")
    return render(
        request,
        "reports/comparisons.html",
        {
            "municipality": municipality,
            "year": year,
            "headers": headers,
            "rows": table,
            "upload_form": ComparisonUploadForm() if can_import else None,
            "indicators": indicators() if can_import else [],
            "periods": list(ComparisonValue.objects.order_by("-period").values_list("period", flat=True).distinct()),
            "year_error": error,
        },
        status=422 if error else 200,
    )


@login_required
def comparisons_export(request, fmt: str):
    municipality = _municipality(request.user)
    year, error = _year(request)
    if error:
        return redirect(reverse("reports:comparisons") + "?" + request.GET.urlencode())
    headers, table = _comparison_table(municipality, year)
    return table_download(fmt, f"jamforelser-{municipality.code or 'kommun'}-{year}", headers, table, title=_("Jämförelser"))


# The shape of Kolada's answer, shown on the upload page: data, not text to translate.
KOLADA_SAMPLE = """{"values": [{"kpi": "N00945", "municipality": "0488", "period": 2024,
  "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3},
             {"gender": "K", "count": 1, "status": "", "value": 11.0},
             {"gender": "M", "count": 1, "status": "", "value": 13.6}]}]}"""


@login_required
def comparisons_upload(request):
    if not access.has_perm_anywhere(request.user, "report.comparisons"):
        raise Http404
    form = ComparisonUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.comparisons_import(actor=request.user, raw=upload.read(), source=upload.name[:100])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _("Jämförelsetalen är inlästa: %(c)s nya och %(u)s uppdaterade värden, %(i)s nya nyckeltal.")
                % {"c": result["values_created"], "u": result["values_updated"], "i": result["indicators_created"]},
            )
            return redirect("reports:comparisons")
    return render(request, "reports/comparisons_upload.html", {"form": form, "sample": KOLADA_SAMPLE}, status=form_status(form))


@login_required
def indicator_edit(request, pk: int):
    if not access.has_perm_anywhere(request.user, "report.comparisons"):
        raise Http404
    indicator = ComparisonIndicator.objects.filter(pk=pk).first()
    if indicator is None:
        raise Http404
    form = IndicatorForm(request.POST or None, initial={"title": indicator.title}, version=indicator.version)
    return edit_form(
        request,
        form,
        lambda data: services.indicator_update(
            actor=request.user, indicator=indicator, expected_version=data["version"], title=data["title"]
        ),
        template="reports/indicator_edit.html",
        context={"indicator": indicator},
        success=_("Benämningen är sparad."),
        redirect_to="reports:comparisons",
        record=indicator,
    )


# --- Denominators ---------------------------------------------------------------------------------------


@login_required
def denominators(request):
    user = request.user
    if not access.has_perm_anywhere(user, "report.denominators"):
        raise Http404
    units = units_for(user, "report.denominators")
    chosen = DenominatorChoiceForm(request.GET if request.GET.get("unit") else None, units=units)
    series = None
    form = None

    def page(status):
        existing = DenominatorSeries.objects.filter(unit__in=units).select_related("unit").order_by("unit__path", "kind", "-year")
        context = {
            "chosen": chosen,
            "form": form,
            "series": series,
            "existing": existing,
            "query": request.GET.urlencode(),
            "kind_label": dict(DenominatorSeries.Kind.choices).get(chosen.cleaned_data.get("kind")) if form else "",
        }
        return render(request, "reports/denominators.html", context, status=status)

    if not (chosen.is_bound and chosen.is_valid()):
        if request.method == "POST":
            raise Http404
        return page(form_status(chosen))
    unit, kind, year = chosen.cleaned_data["unit"], chosen.cleaned_data["kind"], chosen.cleaned_data["year"]
    series = DenominatorSeries.objects.filter(unit=unit, kind=kind, year=year).first()
    initial = {f"m{m}": series.value_for(m) for m in range(1, 13)} if series else {}
    form = DenominatorForm(request.POST or None, initial=initial, version=series.version if series else 0)
    return edit_form(
        request,
        form,
        lambda data: services.denominators_save(
            actor=user, unit=unit, kind=kind, year=year, values=form.monthly_values(), expected_version=data["version"]
        ),
        page=page,
        success=_("Nämnarna för %(unit)s %(year)s är sparade.") % {"unit": unit.name, "year": year},
        redirect_to=f"{request.path}?{urlencode({'unit': unit.pk, 'kind': kind, 'year': year})}",
        record=lambda: DenominatorSeries.objects.filter(unit=unit, kind=kind, year=year).first(),
    )
