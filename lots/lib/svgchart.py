"""Accessible SVG charts rendered on the server: line charts (run and control charts) and bar charts.

Every chart carries <title> and <desc> and is labelled by them; signal points
are drawn with a different shape (a diamond) and a text mark, not by colour
alone. Only presentation attributes are used (no style attributes), so the
charts pass a strict Content-Security-Policy and print in WeasyPrint PDFs.
A table equivalent is the caller's job (the template shows the same numbers).
"""

import itertools
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

INK = "#1d2733"
SOFT = "#4a5663"
GRID = "#d5dbe1"
SERIES = "#1f4e79"
SIGNAL = "#a4161a"
# Text size in the drawing's units: on a phone the chart keeps its drawn width (lots.css), so this is 12 px there.
FONT_SIZE = 12
_ids = itertools.count(1)


def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


@dataclass
class LineChart:
    title: str
    description: str
    labels: list[str]
    values: list[float]
    centre: float | list[float] | None = None
    upper: list[float] | None = None
    lower: list[float] | None = None
    signals: set[int] = field(default_factory=set)
    centre_label: str = "Median"
    width: int = 720
    height: int = 300

    def svg(self) -> str:
        n = len(self.values)
        uid = next(_ids)
        left, right, top, bottom = 48, 16, 16, 48
        plot_w, plot_h = self.width - left - right, self.height - top - bottom
        candidates = list(self.values) + list(self.upper or [])
        if isinstance(self.centre, list):
            candidates += self.centre
        elif self.centre is not None:
            candidates.append(self.centre)
        y_max = _nice_max(max(candidates) if candidates else 1)

        def x(i: int) -> float:
            return left + (plot_w * (i + 0.5) / n if n else 0)

        def y(v: float) -> float:
            return top + plot_h - (plot_h * v / y_max)

        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" width="100%" '
            f'role="img" aria-labelledby="chart{uid}-title chart{uid}-desc" class="chart">',
            f'<title id="chart{uid}-title">{escape(self.title)}</title>',
            f'<desc id="chart{uid}-desc">{escape(self.description)}</desc>',
            f'<rect x="0" y="0" width="{self.width}" height="{self.height}" fill="#ffffff"/>',
        ]
        for k in range(5):
            value = y_max * k / 4
            parts.append(f'<line x1="{left}" x2="{self.width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GRID}"/>')
            parts.append(
                f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="{FONT_SIZE}" fill="{SOFT}">'
                f"{_fmt(value)}</text>"
            )
        # Every step-th label, so that neighbours never touch: a character is about 0.6 of the font size wide.
        widest = max((len(label) for label in self.labels), default=0) * 0.6 * FONT_SIZE + 8
        step = max(1, math.ceil(n / 12), math.ceil(widest / (plot_w / n)) if n else 1)
        for i, label in enumerate(self.labels):
            if i % step == 0:
                parts.append(
                    f'<text x="{x(i):.1f}" y="{self.height - bottom + 18}" text-anchor="middle" font-size="{FONT_SIZE}" '
                    f'fill="{SOFT}">{escape(label)}</text>'
                )

        def polyline(points, **attrs):
            extra = " ".join(f'{k.replace("_", "-")}="{_attr(v)}"' for k, v in attrs.items())
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            return f'<polyline points="{coords}" fill="none" {extra}/>'

        if self.upper:
            parts.append(polyline([(x(i), y(v)) for i, v in enumerate(self.upper)], stroke=SOFT, stroke_dasharray="6 4"))
            label = escape(str(_("Övre gräns")))
            parts.append(
                # At the left end: signals, and so the points that cross the limit, are mostly in the latest months.
                f'<text x="{left + 4}" y="{y(self.upper[0]) - 4:.1f}" font-size="{FONT_SIZE}" fill="{SOFT}">{label}</text>'
            )
        if self.lower and any(v > 0 for v in self.lower):
            parts.append(polyline([(x(i), y(v)) for i, v in enumerate(self.lower)], stroke=SOFT, stroke_dasharray="6 4"))
        if self.centre is not None:
            centre = self.centre if isinstance(self.centre, list) else [self.centre] * n
            parts.append(polyline([(x(i), y(v)) for i, v in enumerate(centre)], stroke=SOFT, stroke_width="1.5"))
            parts.append(
                f'<text x="{left + 4}" y="{y(centre[0]) - 4:.1f}" font-size="{FONT_SIZE}" fill="{SOFT}">'
                f"{escape(self.centre_label)} {_fmt(centre[0])}</text>"
            )
        if n:
            parts.append(polyline([(x(i), y(v)) for i, v in enumerate(self.values)], stroke=SERIES, stroke_width="2"))
        for i, v in enumerate(self.values):
            label = f"{self.labels[i]}: {_fmt(v)}" if i < len(self.labels) else _fmt(v)
            if i in self.signals:
                cx, cy = x(i), y(v)
                parts.append(
                    f'<path d="M{cx:.1f},{cy - 7:.1f} L{cx + 7:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} L{cx - 7:.1f},{cy:.1f} Z" '
                    f'fill="{SIGNAL}"><title>{escape(label)} (signal)</title></path>'
                )
                parts.append(
                    f'<text x="{cx:.1f}" y="{cy - 10:.1f}" text-anchor="middle" font-size="{FONT_SIZE}" fill="{SIGNAL}">!</text>'
                )
            else:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{SERIES}"><title>{escape(label)}</title></circle>'
                )
        parts.append("</svg>")
        return "".join(parts)


@dataclass
class BarChart:
    title: str
    description: str
    labels: list[str]
    values: list[float]
    width: int = 720
    bar_height: int = 26

    def svg(self) -> str:
        uid = next(_ids)
        label_w, gap, right = 220, 8, 56
        height = max(1, len(self.values)) * (self.bar_height + gap) + gap
        v_max = max(self.values) if self.values and max(self.values) > 0 else 1
        usable = self.width - label_w - right
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {height}" width="100%" role="img" '
            f'aria-labelledby="chart{uid}-title chart{uid}-desc" class="chart">',
            f'<title id="chart{uid}-title">{escape(self.title)}</title>',
            f'<desc id="chart{uid}-desc">{escape(self.description)}</desc>',
            f'<rect x="0" y="0" width="{self.width}" height="{height}" fill="#ffffff"/>',
        ]
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=False)):
            top = gap + i * (self.bar_height + gap)
            bar = usable * value / v_max
            parts.append(
                f'<text x="{label_w - 8}" y="{top + self.bar_height * 0.68:.1f}" text-anchor="end" font-size="{FONT_SIZE}" '
                f'fill="{INK}">{escape(label[:34])}</text>'
            )
            parts.append(f'<rect x="{label_w}" y="{top}" width="{bar:.1f}" height="{self.bar_height}" fill="{SERIES}"/>')
            parts.append(
                f'<text x="{label_w + bar + 6:.1f}" y="{top + self.bar_height * 0.68:.1f}" font-size="{FONT_SIZE}" '
                f'fill="{INK}">{_fmt(value)}</text>'
            )
        parts.append("</svg>")
        return "".join(parts)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """PNG rendering of an SVG chart (for downloads and documents that take images)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode(), scale=scale)
