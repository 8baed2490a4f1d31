"""Retention pages: the dry run with the culling log, the periods, and the legal holds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots.core.editing import edit_form
from lots.lib.pdf import pdf_response, render_pdf
from lots.mfa.stepup import require_recent_strong_auth
from lots.privacy import extracts, services
from lots.privacy.access import access_municipality, configurable
from lots.privacy.forms import ExtractForm, HoldForm, PeriodsForm
from lots.privacy.models import LegalHold, RetentionPeriod


@login_required
def plan(request):
    """The dry run: what the next daily run would cull and what legal holds keep, per municipality and type."""
    municipalities = configurable(request.user)
    if not municipalities:
        raise Http404
    today = timezone.localdate()
    rows = services.retention_plan(today=today, municipalities=municipalities)
    places = [
        {
            "municipality": m,
            "rows": [row for row in rows if row.municipality == m],
            "log": services.cull_log(m)[:20],
        }
        for m in municipalities
    ]
    return render(request, "privacy/plan.html", {"places": places, "today": today})


@login_required
def periods(request, slug: str):
    municipality = access_municipality(request.user, slug)
    form = PeriodsForm(request.POST or None, initial=RetentionPeriod.years_for(municipality))
    return edit_form(
        request,
        form,
        lambda data: services.retention_periods_save(actor=request.user, municipality=municipality, years=data),
        template="privacy/periods.html",
        context=lambda: _holds_context(municipality),
        success=_("Gallringsfristerna är sparade. De gäller från nästa gallring."),
        redirect_to=reverse("privacy:periods", kwargs={"slug": slug}),
    )


@login_required
@require_POST
def hold_place(request, slug: str):
    municipality = access_municipality(request.user, slug)
    form = HoldForm(request.POST, prefix="hold")
    return edit_form(
        request,
        form,
        lambda data: services.legal_hold_place(actor=request.user, municipality=municipality, **data),
        page=lambda status: render(
            request,
            "privacy/periods.html",
            {
                **_holds_context(municipality, hold_form=form),
                "form": PeriodsForm(initial=RetentionPeriod.years_for(municipality)),
            },
            status=status,
        ),
        success=_("Posten bevaras tills skälet hävs."),
        redirect_to=reverse("privacy:periods", kwargs={"slug": slug}),
    )


@login_required
@require_POST
def hold_release(request, slug: str, pk: int):
    municipality = access_municipality(request.user, slug)
    hold = get_object_or_404(LegalHold, pk=pk, municipality=municipality)
    services.legal_hold_release(actor=request.user, hold=hold)
    messages.success(request, _("Skälet är hävt. Posten gallras vid nästa körning om fristen har passerat."))
    return redirect("privacy:periods", slug=slug)


def _holds_context(municipality, hold_form=None) -> dict:
    return {
        "municipality": municipality,
        "holds": LegalHold.objects.filter(municipality=municipality, released_at__isnull=True),
        "hold_form": hold_form or HoldForm(prefix="hold"),
    }


@login_required
@require_recent_strong_auth
def extract(request, slug: str):
    """The extract form; a valid choice answers with the PDF, and the extract is logged."""
    municipality = access_municipality(request.user, slug, "privacy.extract")
    form = ExtractForm(request.GET or None, people=extracts.people_of(municipality))
    if not form.is_valid():
        status = 422 if form.is_bound else 200
        return render(request, "privacy/extract.html", {"form": form, "municipality": municipality}, status=status)
    person, reference = form.cleaned_data["person"], form.cleaned_data["reference"].strip()
    if person is not None:
        content = extracts.person_extract(municipality=municipality, person=person)
        filename = f"registerutdrag-{person.username}.pdf"
    else:
        content = extracts.reference_extract(municipality=municipality, reference=reference)
        filename = "registerutdrag-arendereferens.pdf"
    services.register_extract_log(actor=request.user, municipality=municipality, person=person, reference=reference)
    context = {**content, "municipality": municipality, "made_at": timezone.now(), "made_by": request.user}
    return pdf_response(render_pdf("privacy/extract_pdf.html", context), filename)
