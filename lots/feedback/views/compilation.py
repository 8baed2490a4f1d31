"""The compilation of cases for a unit and period, on the page and as PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.db_router import reads_from_replica
from lots.core.forms import form_status
from lots.feedback import access as feedback_access
from lots.feedback.compilation import compile_cases
from lots.feedback.forms import CompilationForm
from lots.feedback.models import FeedbackSettings
from lots.lib.pdf import pdf_response, render_pdf


def _compilation(request):
    units = access.visible_units(request.user, "feedback.statistics").order_by("path")
    first = units.first()
    if first is None:
        raise Http404
    today = timezone.localdate()
    start, end = CompilationForm.default_period(today)
    form = CompilationForm(request.GET or None, units=units, initial={"unit": first, "date_from": start, "date_to": end})
    unit, result, tables, deadline_days = None, None, [], None
    if not request.GET:
        unit = first
    elif form.is_valid():
        unit, start, end = form.cleaned_data["unit"], form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    if unit is not None:
        cases = feedback_access.counted_for(request.user).filter(unit__path__startswith=unit.path)
        result = compile_cases(cases.received_between(start, end), today)
        tables = [
            (_("Typ"), result.by_kind),
            (_("Vad ärendena gäller"), result.by_category),
            (_("Kanal"), result.by_channel),
            (_("Avsändare"), result.by_sender_role),
        ]
        deadline_days = FeedbackSettings.for_municipality(unit.municipality).deadline_days
    return form, {
        "unit": unit,
        "start": start,
        "end": end,
        "result": result,
        "today": today,
        "tables": tables,
        "deadline_days": deadline_days,
    }


@login_required
@reads_from_replica
def compilation(request):
    form, context = _compilation(request)
    query = request.GET.urlencode()
    return render(request, "feedback/compilation.html", {"form": form, "query": query, **context}, status=form_status(form))


@login_required
@reads_from_replica
def compilation_pdf(request):
    form, context = _compilation(request)
    if context["result"] is None:
        return redirect(reverse("feedback:compilation") + "?" + request.GET.urlencode())
    audit.record(actor=request.user, action="export", unit=context["unit"], note=_("Sammanställning av synpunkter som PDF"))
    pdf = render_pdf("feedback/compilation_pdf.html", context)
    return pdf_response(pdf, f"synpunkter-{context['unit'].code}-{context['start']}-{context['end']}.pdf")
