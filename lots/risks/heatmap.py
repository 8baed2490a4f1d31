"""The risk matrix as rows and cells, with each risk placed: severity from the top down, probability left to right.

Every cell carries its risk value and level name as text, so the map reads without colour.
"""

from dataclasses import dataclass, field

from lots.risks.models import RiskLevel, RiskScale


@dataclass
class Cell:
    severity: int
    probability: int
    value: int
    level: RiskLevel
    items: list = field(default_factory=list)


@dataclass
class Row:
    severity: int
    label: str
    cells: list[Cell]


@dataclass
class HeatMap:
    scale: RiskScale
    rows: list[Row]
    columns: list[tuple[int, str]]
    placed: int
    unplaced: list = field(default_factory=list)


def build(scale: RiskScale, items, *, residual: bool = False) -> HeatMap:
    """Place ``items`` (risks, or anything with severity/probability) on the scale's matrix.

    With ``residual``, the residual assessment is used and items without one are listed as not placed.
    Items outside the scale (possible only if data was changed outside Lots) are listed as not placed too.
    """
    size = scale.size
    grid = {(s, p): Cell(s, p, s * p, scale.level_for_value(s * p)) for s in range(1, size + 1) for p in range(1, size + 1)}
    placed, unplaced = 0, []
    for item in items:
        s = item.residual_severity if residual else item.severity
        p = item.residual_probability if residual else item.probability
        cell = grid.get((s, p))
        if cell is None:
            unplaced.append(item)
            continue
        cell.items.append(item)
        placed += 1
    rows = [Row(s, scale.severity_label(s), [grid[(s, p)] for p in range(1, size + 1)]) for s in range(size, 0, -1)]
    columns = [(p, scale.probability_label(p)) for p in range(1, size + 1)]
    return HeatMap(scale, rows, columns, placed, unplaced)
