"""Trend analysis: control charts per unit and month, and recurring themes in the texts."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.core.db_router import reads_from_replica
from lots.core.forms import form_status
from lots.deviations import access as deviation_access
from lots.deviations.models import Deviation
from lots.feedback import access as feedback_access
from lots.lib.themes import recurring_themes
from lots.reports import trends
from lots.reports.forms import PeriodForm, TrendForm, default_period
from lots.reports.periods import add_months, last_complete_month, month_start
from lots.reports.reach import Reach
from lots.reports.sections import DEVIATIONS, FEEDBACK, feedback_cases, recent_months
from lots.reports.views.common import chart_download, choose_unit, label_unit_alone, slug, table_download, units_for

CHARTS = ("control", "run")


MEASURES = {"deviations": (DEVIATIONS, lambda: Deviation.objects.all()), "feedback": (FEEDBACK, feedback_cases)}


def _series(request):
    if not access.has_perm_anywhere(request.user, "dashboard.view"):
        raise Http404
    form, unit = choose_unit(request, "dashboard.view", form_class=TrendForm)
    key = request.GET.get("matt") if request.GET.get("matt") in MEASURES else "deviations"
    measure, queryset = MEASURES[key]
    today = timezone.localdate()
    reach = Reach.of(request.user, unit)
    if not reach.subtree:
        label_unit_alone(form)
    series_list = reach.series(queryset(), measure, recent_months(today))
    return form, reach, today, series_list


def _chart_blocks(series: trends.Series) -> dict:
    """The two charts of a series; none for a series too short for their rules (shown as "för få punkter")."""
    if series.too_short:
        return {}
    return {"control": trends.control_chart_block(series, "control"), "run": trends.run_chart_block(series, "run")}


@login_required
@reads_from_replica
def trends_page(request):
    form, reach, today, series_list = _series(request)
    unit = reach.unit
    main = series_list[0]
    last = last_complete_month(today)
    window_start = add_months(month_start(last), -11)
    measure, queryset = MEASURES[main.measure.key]
    # The totals over the full 24 months (the charts leave out months before the system was used).
    full = reach.monthly_counts(queryset(), measure, recent_months(today))
    rows = []
    for s in series_list:
        counts = full[s.unit.pk]
        rows.append(
            {
                "unit": s.unit,
                "recent": sum(counts[12:]),
                "before": sum(counts[:12]),
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
            "unit_only": not reach.subtree,
            "charts": _chart_blocks(main),
            "too_short": trends.too_short_text(main) if main.too_short else "",
            "series": main,
            "rows": rows,
            "signals": trends.signals_within(series_list, window_start, last),
            "query": f"unit={unit.pk}&matt={main.measure.key}",
            "measure": main.measure,
            "can_denominators": access.can(request.user, "report.denominators", unit),
        },
        status=form_status(form),
    )


@login_required
@reads_from_replica
def trend_chart(request, chart: str, fmt: str):
    if chart not in CHARTS:
        raise Http404
    _form, reach, today, series_list = _series(request)
    block = _chart_blocks(series_list[0]).get(chart)
    if block is None:
        raise Http404
    return chart_download(fmt, f"styrdiagram-{chart}-{slug(reach.unit.name)}-{today:%Y-%m}", block)


@login_required
@reads_from_replica
def trend_table(request, fmt: str):
    _form, reach, today, series_list = _series(request)
    table = trends.chart_table(series_list[0])
    return table_download(
        fmt, f"styrdiagram-{slug(reach.unit.name)}-{today:%Y-%m}", table["headers"], table["rows"], title=_("Styrdiagram")
    )


# --- Themes ------------------------------------------------------------------------------------------

BASELINE_YEARS = 2


SOURCES = {"avvikelser": "deviation.view", "synpunkter": "feedback.view"}


def _visible_texts(user, source: str, unit):
    """(id, number, text, link) rows of the cases of ``source`` the person may open, in the unit's subtree, as a
    queryset factory by period."""
    if source == "synpunkter":
        cases = feedback_access.visible(user).filter(unit__path__startswith=unit.path)

        def between(start, end):
            return [
                (pk, reference or f"#{pk}", text, reverse("feedback:detail", args=[pk]))
                for pk, reference, text in cases.received_between(start, end).values_list("pk", "reference", "description")
            ]

        return between
    cases = deviation_access.visible(user).filter(unit__path__startswith=unit.path)

    def between(start, end):
        return [
            (pk, f"AV-{year}-{sequence:04d}", text, reverse("deviations:detail", args=[pk]))
            for pk, year, sequence, text in cases.reported_between(start, end).values_list(
                "pk", "year", "sequence", "description"
            )
        ]

    return between


def _themes(request):
    """Themes over the cases the person may open, in the chosen unit and period, against the two years before."""
    user = request.user
    allowed = [key for key, perm in SOURCES.items() if access.has_perm_anywhere(user, perm)]
    if not allowed:
        raise Http404
    source = request.GET.get("kalla") if request.GET.get("kalla") in allowed else allowed[0]
    units = units_for(user, SOURCES[source])
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
        form = PeriodForm(initial={"unit": default, "start": start, "end": end, "kalla": source}, units=units)
        unit = default
    form.fields["kalla"].choices = [(k, label) for k, label in PeriodForm.SOURCES if k in allowed]
    baseline_start = start - datetime.timedelta(days=365 * BASELINE_YEARS)
    if form.errors:  # a period or unit with an error finds no themes, rather than the default unit's
        return form, unit, source, start, end, baseline_start, [], {}, 0, 0
    between = _visible_texts(user, source, unit)
    current_rows = between(start, end)
    baseline = {pk: text for pk, _n, text, _u in between(baseline_start, start - datetime.timedelta(days=1))}
    themes = recurring_themes({pk: text for pk, _n, text, _u in current_rows}, baseline)
    links = {pk: (number, url) for pk, number, _t, url in current_rows}
    return form, unit, source, start, end, baseline_start, themes, links, len(current_rows), len(baseline)


@login_required
@reads_from_replica
def themes_page(request):
    form, unit, source, start, end, baseline_start, themes, links, n_now, n_before = _themes(request)
    items = [{"theme": t, "cases": [links[pk] for pk in t.ids]} for t in themes]
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
            "source": dict(PeriodForm.SOURCES)[source],
            "query": request.GET.urlencode() if form.is_bound else "",
        },
        status=form_status(form),
    )


@login_required
@reads_from_replica
def themes_export(request, fmt: str):
    form, unit, source, start, end, _b, themes, links, _n, _m = _themes(request)
    if form.errors:
        return redirect(reverse("reports:themes") + "?" + request.GET.urlencode())
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
            ", ".join(links[pk][0] for pk in t.ids),
        ]
        for t in themes
    ]
    return table_download(fmt, f"teman-{source}-{slug(unit.name)}-{start:%Y%m%d}-{end:%Y%m%d}", headers, rows, title=_("Teman"))
