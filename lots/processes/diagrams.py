"""Geometry for the yearly wheel (årshjul), drawn as server-side SVG. No JavaScript, prints as it shows."""

import math
from dataclasses import dataclass

CENTRE = 200
OUTER = 190
INNER = 78
LABEL_RADIUS = 160
COUNT_RADIUS = 112


@dataclass(frozen=True)
class Sector:
    month: int
    name: str
    count: int
    path: str
    # Coordinates as text with a decimal point: templates would localise floats to "12,5", which SVG misreads.
    label_x: str
    label_y: str
    count_x: str
    count_y: str
    level: int
    current: bool


def _point(radius: float, degrees: float) -> tuple[str, str]:
    radians = math.radians(degrees)
    return f"{CENTRE + radius * math.cos(radians):.2f}", f"{CENTRE + radius * math.sin(radians):.2f}"


def level(count: int) -> int:
    """0: nothing, 1: one or two, 2: three to five, 3: six or more."""
    if count == 0:
        return 0
    if count <= 2:
        return 1
    return 2 if count <= 5 else 3


def wheel(counts: dict[int, int], month_names: list[str], current_month: int | None = None) -> list[Sector]:
    """Twelve ring sectors, January at the top, clockwise."""
    sectors = []
    for index in range(12):
        start, end = -90 + index * 30, -90 + (index + 1) * 30
        o1, o2 = _point(OUTER, start), _point(OUTER, end)
        i1, i2 = _point(INNER, end), _point(INNER, start)
        path = (
            f"M {o1[0]} {o1[1]} A {OUTER} {OUTER} 0 0 1 {o2[0]} {o2[1]} "
            f"L {i1[0]} {i1[1]} A {INNER} {INNER} 0 0 0 {i2[0]} {i2[1]} Z"
        )
        middle = start + 15
        lx, ly = _point(LABEL_RADIUS, middle)
        cx, cy = _point(COUNT_RADIUS, middle)
        count = counts.get(index + 1, 0)
        sectors.append(
            Sector(index + 1, month_names[index], count, path, lx, ly, cx, cy, level(count), current_month == index + 1)
        )
    return sectors
