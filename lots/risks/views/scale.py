"""The municipality's risk scale: shown to everyone who works with risks, configured by the quality coordinator."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lots.access import municipalities_with
from lots.core.editing import edit_form
from lots.organisation.models import Municipality
from lots.risks import heatmap
from lots.risks.forms.scale import LevelFormSet, ScaleForm, level_initial
from lots.risks.models import RiskScale
from lots.risks.services import scale as services


def _municipality(user, slug: str, perm: str = "risk.view") -> Municipality:
    for municipality in municipalities_with(user, "risk.view"):
        if municipality.slug == slug:
            if perm != "risk.view" and municipality not in municipalities_with(user, perm):
                raise PermissionDenied
            return municipality
    raise Http404


@login_required
def scale_index(request):
    municipalities = municipalities_with(request.user, "risk.view")
    if not municipalities:
        raise Http404
    if len(municipalities) == 1:
        return redirect("risks:scale", slug=municipalities[0].slug)
    return render(request, "risks/scale_index.html", {"municipalities": municipalities})


@login_required
def scale_detail(request, slug: str):
    municipality = _municipality(request.user, slug)
    scale = RiskScale.for_municipality(municipality)
    return render(
        request,
        "risks/scale_detail.html",
        {
            "municipality": municipality,
            "scale": scale,
            "levels": scale.ordered_levels(),
            "matrix": heatmap.build(scale, []),
            "can_edit": municipality in municipalities_with(request.user, "riskscale.change"),
        },
    )


@login_required
def scale_edit(request, slug: str):
    municipality = _municipality(request.user, slug, perm="riskscale.change")
    scale = RiskScale.for_municipality(municipality)
    initial = {
        "size": scale.size,
        "severity_labels": "\n".join(scale.severity_labels),
        "probability_labels": "\n".join(scale.probability_labels),
    }
    form = ScaleForm(request.POST or None, initial=initial)
    form.add_version_field(scale.version)
    formset = LevelFormSet(request.POST or None, initial=level_initial(scale), prefix="levels")
    levels_errors: list[str] = []

    def page(status):
        has_errors = bool(form.errors or levels_errors or formset.non_form_errors()) or any(f.errors for f in formset.forms)
        context = {"municipality": municipality, "scale": scale, "form": form, "formset": formset, "levels_errors": levels_errors}
        return render(request, "risks/scale_form.html", context, status=422 if status != 409 and has_errors else status)

    if request.method == "POST" and not formset.is_valid():
        form.is_valid()
        return page(422)

    def save(data):
        try:
            return services.risk_scale_save(
                actor=request.user,
                municipality=municipality,
                expected_version=data["version"],
                size=data["size"],
                severity_labels=form.lines(data["severity_labels"]),
                probability_labels=form.lines(data["probability_labels"]),
                levels=[f.cleaned_data for f in formset.forms if f.is_used],
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            levels_errors.extend(errors.pop("levels", []))
            raise ValidationError(errors) from error

    return edit_form(
        request,
        form,
        save,
        page=page,
        success=_("Riskskalan är sparad."),
        redirect_to=reverse("risks:scale", args=[municipality.slug]),
        record=scale,
    )


@require_GET
@login_required
def scale_css(request, slug: str):
    """The level colours as a stylesheet (inline styles are refused by the Content-Security-Policy)."""
    municipality = _municipality(request.user, slug)
    response = HttpResponse(RiskScale.for_municipality(municipality).css(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response
