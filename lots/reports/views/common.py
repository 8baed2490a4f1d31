"""Shared by the report, overview and analysis pages: choosing a unit, and table and chart downloads."""

import re

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from lots.lib.spreadsheets import table_response as table_download  # noqa: F401 (the reports views' name for it)
from lots.lib.svgchart import svg_to_png
from lots.reports import access as report_access
from lots.reports import blocks
from lots.reports.forms import UnitChoiceForm

CHART_FORMATS = ("svg", "png")


def units_for(user, perm: str):
    return report_access.units_for(user, perm)


def choose_unit(request, perm: str, form_class=UnitChoiceForm):
    """The unit form and the unit it chose (the person's topmost unit when none was asked for); 404 without any."""
    units = units_for(request.user, perm)
    default = units.order_by("depth", "path").first()
    if default is None:
        raise Http404
    if request.GET.get("unit"):
        form = form_class(request.GET, units=units)
        unit = form.cleaned_data["unit"] if form.is_valid() else default
    else:
        form = form_class(initial={"unit": default}, units=units)
        unit = default
    return form, unit


def label_unit_alone(form) -> None:
    """The unit field says "Enhet", not "Enhet med underenheter", when the page shows the unit alone."""
    form["unit"].label = _("Enhet")  # the bound field: choosing the unit has already read the field's label


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower().translate(str.maketrans("åäöé", "aaoe"))).strip("-")[:60] or "lots"


def chart_download(fmt: str, filename: str, block: dict) -> HttpResponse:
    if fmt not in CHART_FORMATS or block.get("type") != "chart":
        raise Http404
    svg = blocks.svg(block)
    if fmt == "svg":
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(svg_to_png(svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
