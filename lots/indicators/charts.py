"""An indicator's year as an accessible SVG chart: the values, the target line and the gender split, with signals.

Lines are told apart by dash pattern and marker shape as well as colour, each is named in a legend, and the chart
carries <title> and <desc>; ``table`` gives the same numbers as a table (the pages show it beside the chart).
A monthly indicator with enough months gets the control-chart reading the reports module uses (lots.lib.spc and
``lots.reports.trends.long_runs``): a point outside the limits or in a long run is drawn as a diamond with a "!".
Only presentation attributes: the chart passes a strict Content-Security-Policy and prints in PDFs.
"""

import itertools
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from lots.indicators.models import Indicator
from lots.lib import spc
from lots.lib.svgchart import GRID, INK, SERIES, SIGNAL, SOFT, _fmt, _nice_max
from lots.reports.trends import MIN_POINTS, long_runs

FEMALE = "#7a3b8f"
MALE = "#1b6b4a"
TARGET = "#8a5a00"
_ids = itertools.count(1)


def split_labels(indicator: Indicator) -> tuple[str, str]:
    if indicator.split == Indicator.Split.GIRLS_BOYS:
        return _("Flickor"), _("Pojkar")
    return _("Kvinnor"), _("Män")


def fmt(value: Decimal | float | None) -> str:
    return "–" if value is None else _fmt(float(value))


def signal_points(year) -> set[int]:
    """Indexes of the periods a monthly indicator's control chart marks (outside the limits, or in a long run)."""
    if year.indicator.frequency != Indicator.Frequency.MONTH:
        return set()
    known = [(i, float(v.total)) for i, v in enumerate(year.values) if v.total is not None]
    if len(known) < MIN_POINTS:
        return set()
    values = [v for _i, v in known]
    control = spc.i_chart(values)
    run = spc.run_chart(values)
    marked = set(control.outside) | {i for points in long_runs(run) for i in points}
    return {known[i][0] for i in marked}


def description(year) -> str:
    indicator = year.indicator
    parts = [_("%(name)s %(year)s, %(unit)s.") % {"name": indicator.name, "year": year.year, "unit": indicator.unit_of_measure}]
    if year.target is not None:
        parts.append(
            _("Målvärde %(target)s (%(direction)s).")
            % {"target": fmt(year.target), "direction": indicator.get_direction_display().lower()}
        )
    else:
        parts.append(_("Inget målvärde för året."))
    latest = year.latest
    if latest is not None:
        parts.append(_("Senaste värde %(period)s: %(value)s.") % {"period": latest.period.label, "value": fmt(latest.total)})
        if year.meets_target is not None:
            parts.append(_("Når målvärdet.") if year.meets_target else _("Når inte målvärdet."))
    else:
        parts.append(_("Inga värden ännu."))
    if year.split_gap:
        parts.append(_("Uppdelning på kön saknas för någon period."))
    marked = signal_points(year)
    if marked:
        parts.append(
            _("Signal i styrdiagrammet: %(periods)s.")
            % {"periods": ", ".join(year.values[i].period.label for i in sorted(marked))}
        )
    return " ".join(parts)


def svg(indicator_or_year, year: int | None = None, *, width: int = 720, height: int = 320) -> str:
    """The chart of an indicator's year. Takes a ``PlanIndicator`` or an indicator and a year (then read now)."""
    from lots.indicators.selectors import years_of

    if isinstance(indicator_or_year, Indicator):
        [data] = years_of([indicator_or_year], year)
    else:
        data = indicator_or_year
    indicator = data.indicator
    uid = next(_ids)
    values = data.values
    n = max(1, len(values))
    left, right, top, bottom = 52, 16, 16, 76
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [float(x) for v in values for x in (v.total, v.female, v.male) if x is not None]
    if data.target is not None:
        numbers.append(float(data.target))
    y_max = _nice_max(max(numbers) if numbers else 1)

    def x(i: int) -> float:
        return left + plot_w * (i + 0.5) / n

    def y(v) -> float:
        return top + plot_h - plot_h * float(v) / y_max

    title = _("%(name)s %(year)s") % {"name": indicator.name, "year": data.year}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="ind{uid}-title ind{uid}-desc" class="chart">',
        f'<title id="ind{uid}-title">{escape(title)}</title>',
        f'<desc id="ind{uid}-desc">{escape(description(data))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for k in range(5):
        value = y_max * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="{SOFT}">{_fmt(value)}</text>'
        )
    step = max(1, -(-n // 12))
    for i, v in enumerate(values):
        if i % step == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="11" fill="{SOFT}">'
                f"{escape(v.period.label)}</text>"
            )
    if data.target is not None:
        target_word = escape(_("Målvärde"))
        ty = y(data.target)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{TARGET}" stroke-width="2" '
            'stroke-dasharray="10 5"/>'
        )
        parts.append(
            f'<text x="{width - right - 4}" y="{ty - 5:.1f}" text-anchor="end" font-size="11" fill="{TARGET}">'
            f"{target_word} {fmt(data.target)}</text>"
        )

    def line(attr: str, colour: str, dash: str, marker: str) -> None:
        points = [(i, getattr(v, attr)) for i, v in enumerate(values) if getattr(v, attr) is not None]
        # Break the line where a period has no value rather than bridging the gap.
        segment: list[tuple[float, float]] = []
        previous = None
        segments = []
        for i, value in points:
            if previous is not None and i != previous + 1:
                segments.append(segment)
                segment = []
            segment.append((x(i), y(value)))
            previous = i
        if segment:
            segments.append(segment)
        for seg in segments:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in seg)
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>')
        for i, value in points:
            cx, cy = x(i), y(value)
            label = escape(f"{values[i].period.label}: {fmt(value)}")
            if marker == "square":
                parts.append(
                    f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" fill="{colour}">'
                    f"<title>{label}</title></rect>"
                )
            elif marker == "triangle":
                parts.append(
                    f'<path d="M{cx:.1f},{cy - 4.5:.1f} L{cx + 4.5:.1f},{cy + 3.5:.1f} L{cx - 4.5:.1f},{cy + 3.5:.1f} Z" '
                    f'fill="{colour}"><title>{label}</title></path>'
                )
            elif i in marked:
                parts.append(
                    f'<path d="M{cx:.1f},{cy - 7:.1f} L{cx + 7:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} L{cx - 7:.1f},{cy:.1f} Z" '
                    f'fill="{SIGNAL}"><title>{label} ({signal_word})</title></path>'
                )
                parts.append(f'<text x="{cx:.1f}" y="{cy - 10:.1f}" text-anchor="middle" font-size="12" fill="{SIGNAL}">!</text>')
            else:
                parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"><title>{label}</title></circle>')

    marked = signal_points(data)
    signal_word = escape(_("signal"))
    legend = [(_("Totalt"), SERIES, "", "circle")]
    if indicator.is_split:
        women, men = split_labels(indicator)
        line("female", FEMALE, "6 3", "square")
        line("male", MALE, "2 3", "triangle")
        legend += [(women, FEMALE, "6 3", "square"), (men, MALE, "2 3", "triangle")]
    line("total", SERIES, "", "circle")
    if data.target is not None:
        legend.append((_("Målvärde"), TARGET, "10 5", "none"))
    lx, ly = left, height - 22
    for label, colour, dash, _marker in legend:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2"{extra}/>')
        parts.append(f'<text x="{lx + 30}" y="{ly + 4}" font-size="12" fill="{INK}">{escape(label)}</text>')
        lx += 40 + 8 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def table(year) -> dict:
    """The chart's numbers as a table: one row per period, with the split, the target and whether it is met."""
    indicator = year.indicator
    headers = [_("Period"), _("Totalt")]
    if indicator.is_split:
        headers += list(split_labels(indicator)) + [_("Uppdelning saknas, skäl")]
    headers += [_("Målvärde"), _("Når målvärdet")]
    rows = []
    from lots.indicators.services import meets

    for v in year.values:
        row = [v.period.label + (" " + _("(hittills)") if v.partial and v.total is not None else ""), fmt(v.total)]
        if indicator.is_split:
            gap = v.total is not None and v.split_missing
            row += [fmt(v.female), fmt(v.male), (v.split_missing_reason or _("Inget skäl angivet")) if gap else ""]
        met = meets(v.total, year.target, indicator.direction)
        row += [fmt(year.target), "" if met is None else (_("Ja") if met else _("Nej"))]
        rows.append(row)
    return {"headers": headers, "rows": rows}
