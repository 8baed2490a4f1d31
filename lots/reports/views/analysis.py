"""Trend analysis: control charts per unit and month, and recurring themes in the texts."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.deviations import access as deviation_access
from lots.deviations.models import Deviation
from lots.lib.themes import recurring_themes
from lots.reports import trends
from lots.reports.forms import PeriodForm, default_period
from lots.reports.periods import add_months, last_complete_month, month_start
from lots.reports.sections import DEVIATIONS, recent_months
from lots.reports.views.common import chart_download, choose_unit, slug, status_for, table_download, units_for

CHARTS = ("control", "run")


def _series(request):
    if not access.has_perm_anywhere(request.user, "dashboard.view"):
        raise Http404
    form, unit = choose_unit(request, "dashboard.view")
    today = timezone.localdate()
    months = recent_months(today)
    series_list = trends.series_for(Deviation.objects.all(), DEVIATIONS, trends.chart_units(unit), months)
    return form, unit, today, series_list


def _chart_blocks(series: trends.Series) -> dict:
    return {"control": trends.control_chart_block(series, "control"), "run": trends.run_chart_block(series, "run")}


@login_required
def trends_page(request):
    form, unit, today, series_list = _series(request)
    main = series_list[0]
    last = last_complete_month(today)
    window_start = add_months(month_start(last), -11)
    rows = []
    for s in series_list:
        recent = sum(c for m, c in zip(s.months, s.counts, strict=True) if m >= window_start)
        before = sum(c for m, c in zip(s.months, s.counts, strict=True) if m < window_start)
        rows.append(
            {
                "unit": s.unit,
                "recent": recent,
                "before": before,
                "kind": s.control.kind,
                "signals": [sig for sig in s.signals if window_start <= sig.month <= last],
            }
        )
    return render(
        request,
        "reports/trends.html",
        {
            "form": form,
            "unit": unit,
            "charts": _chart_blocks(main),
            "series": main,
            "rows": rows,
            "signals": trends.signals_within(series_list, window_start, last),
            "query": f"unit={unit.pk}",
            "can_denominators": access.can(request.user, "report.denominators", unit),
        },
        status=status_for(form),
    )


@login_required
def trend_chart(request, chart: str, fmt: str):
    if chart not in CHARTS:
        raise Http404
    _form, unit, today, series_list = _series(request)
    block = _chart_blocks(series_list[0])[chart]
    return chart_download(fmt, f"styrdiagram-{chart}-{slug(unit.name)}-{today:%Y-%m}", block)


@login_required
def trend_table(request, fmt: str):
    _form, unit, today, series_list = _series(request)
    table = trends.chart_table(series_list[0])
    return table_download(
        fmt, f"styrdiagram-{slug(unit.name)}-{today:%Y-%m}", table["headers"], table["rows"], title=_("Styrdiagram")
    )


# --- Themes ------------------------------------------------------------------------------------------

BASELINE_YEARS = 2


def _themes(request):
    """Themes over the reports the person may open, in the chosen unit and period, against the two years before."""
    user = request.user
    if not access.has_perm_anywhere(user, "deviation.view"):
        raise Http404
    units = units_for(user, "deviation.view")
    default = units.order_by("depth", "path").first()
    if default is None:
        raise Http404
    start, end = default_period()
    if request.GET.get("unit"):
        form = PeriodForm(request.GET, units=units)
        if form.is_valid():
            unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
        else:
            unit = default
    else:
        form = PeriodForm(initial={"unit": default, "start": start, "end": end}, units=units)
        unit = default
    visible = deviation_access.visible(user).filter(unit__path__startswith=unit.path)
    current_rows = list(visible.reported_between(start, end).values_list("pk", "year", "sequence", "description"))
    baseline_start = (
        start.replace(year=start.year - BASELINE_YEARS)
        if not (start.month == 2 and start.day == 29)
        else start - datetime.timedelta(days=730)
    )
    baseline = dict(visible.reported_between(baseline_start, start - datetime.timedelta(days=1)).values_list("pk", "description"))
    themes = recurring_themes({pk: text for pk, _y, _s, text in current_rows}, baseline)
    numbers = {pk: f"AV-{year}-{sequence:04d}" for pk, year, sequence, _t in current_rows}
    return form, unit, start, end, baseline_start, themes, numbers, len(current_rows), len(baseline)


@login_required
def themes_page(request):
    form, unit, start, end, baseline_start, themes, numbers, n_now, n_before = _themes(request)
    items = [{"theme": t, "cases": [(pk, numbers[pk]) for pk in t.ids]} for t in themes]
    return render(
        request,
        "reports/themes.html",
        {
            "form": form,
            "unit": unit,
            "start": start,
            "end": end,
            "baseline_start": baseline_start,
            "items": items,
            "n_now": n_now,
            "n_before": n_before,
            "query": request.GET.urlencode() if form.is_bound else "",
        },
        status=status_for(form),
    )


@login_required
def themes_export(request, fmt: str):
    _form, unit, start, end, _b, themes, numbers, _n, _m = _themes(request)
    headers = [
        _("Ord eller fras"),
        _("Rapporter i perioden"),
        _("Rapporter före"),
        _("Andel i perioden, %"),
        _("Andel före, %"),
        _("Avvikelser"),
    ]
    rows = [
        [
            t.term,
            t.documents_now,
            t.documents_before,
            round(100 * t.share_now, 1),
            round(100 * t.share_before, 1),
            ", ".join(numbers[pk] for pk in t.ids),
        ]
        for t in themes
    ]
    return table_download(fmt, f"teman-{slug(unit.name)}-{start:%Y%m%d}-{end:%Y%m%d}", headers, rows, title=_("Teman"))
