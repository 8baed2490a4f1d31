"""How far below the chosen unit the overview and the control charts count.

A person whose ``dashboard.view`` assignment covers the unit with its sub-units
gets the whole subtree; a person whose role is held on the unit alone (a
medarbetare on an enhet with sektioner below it) gets the unit alone, so the
figures never count what lies outside their scope and equal the lists they link
to (which are scoped by access). Every widget, the control-chart page and the
API take their conditions from one ``Reach``.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet

from lots import access
from lots.organisation.models import Unit
from lots.reports import trends

PERM = "dashboard.view"


@dataclass
class Reach:
    unit: Unit
    subtree: bool

    @classmethod
    def of(cls, user, unit: Unit) -> "Reach":
        """No query when the person covers the subtree; otherwise one per unit object (are there units below?) —
        a unit with nothing below it is its own subtree."""
        return cls(unit, access.covers_subtree(user, PERM, unit) or not unit.has_units_below)

    def q(self, field: str = "unit") -> Q:
        """Records whose unit (at ``field``) is within reach."""
        if self.subtree:
            return Q(**{f"{field}__path__startswith": self.unit.path})
        return Q(**{field: self.unit.pk})

    def units(self) -> QuerySet:
        return Unit.objects.subtree(self.unit) if self.subtree else Unit.objects.filter(pk=self.unit.pk)

    @cached_property
    def chart_units(self) -> list[Unit]:
        """The units charted: the unit and the departments and units below it, or the unit alone (read once)."""
        return trends.chart_units(self.unit) if self.subtree else [self.unit]

    def series(self, queryset: QuerySet, measure: trends.Measure, months: list[datetime.date]) -> list[trends.Series]:
        return trends.series_for(queryset, measure, self.chart_units, months, subtree=self.subtree)

    def monthly_counts(self, queryset: QuerySet, measure: trends.Measure, months: list[datetime.date]) -> dict[int, list[int]]:
        return trends.monthly_counts(queryset, measure, self.chart_units, months, subtree=self.subtree)
