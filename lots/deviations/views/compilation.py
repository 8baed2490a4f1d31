"""The board's compilation per unit and period, as a page and a PDF."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lots import access
from lots.core.db_router import reads_from_replica
from lots.deviations.compilation import compile_for
from lots.deviations.forms import CompilationForm
from lots.lib.pdf import pdf_response, render_pdf


def _form(request):
    if not access.has_perm_anywhere(request.user, "deviation.statistics"):
        raise Http404
    units = access.visible_units(request.user, "deviation.statistics").order_by("municipality__name", "path")
    today = timezone.localdate()
    top = units.order_by("depth", "path").first()
    initial = {"unit": top, "start": datetime.date(today.year, 1, 1), "end": today}
    data = request.GET if request.GET.get("unit") else None
    return CompilationForm(data, units=units, initial=initial), initial, units


def _compilation(form, initial, units):
    if form.is_bound:
        if not form.is_valid():
            return None
        data = form.cleaned_data
    else:
        data = initial
    if data["unit"] is None:
        return None
    return compile_for(data["unit"], data["start"], data["end"], within=units)


@login_required
@reads_from_replica
def compilation(request):
    form, initial, units = _form(request)
    result = _compilation(form, initial, units)
    query = request.GET.urlencode() if form.is_bound else ""
    return render(
        request,
        "deviations/compilation.html",
        {"form": form, "result": result, "query": query},
        status=422 if form.errors else 200,
    )


@login_required
@reads_from_replica
def compilation_pdf(request):
    form, initial, units = _form(request)
    result = _compilation(form, initial, units)
    if result is None:
        raise Http404
    pdf = render_pdf("deviations/pdf/compilation.html", {"result": result, "generated_at": timezone.localtime()})
    return pdf_response(pdf, f"sammanstallning-avvikelser-{result.unit.code}-{result.start:%Y%m%d}-{result.end:%Y%m%d}.pdf")
