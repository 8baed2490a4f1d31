"""Case deadline watch (bevakning): placements imported from the case-management system, kept as dated snapshots.

Each import writes one ``Snapshot`` per unit it covers, holding the rows as they were imported (``Placement``).
The newest snapshot of a unit is its current state: its rows carry ``is_current`` so the due lists read one indexed
table without a "latest snapshot per unit" subquery. Older snapshots stay as they were, so compliance over time
can be shown and an inspector can see what was known when (docs/watch.md).

The due dates are computed once, when a row is imported (``due_dates``), and stored on the row: the lists, the
task lists and the compliance figures then compare stored dates in SQL, at any scale.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lots.access.reads import ReadLoggedQuerySet
from lots.core.models import VersionedModel
from lots.lib.dates import add_months


class PlacementKind(models.TextChoices):
    CHILD_SOL_FAMILY_HOME = "barn_sol_familjehem", _("Barn SoL, familjehem")
    CHILD_SOL_HVB = "barn_sol_hvb", _("Barn SoL, HVB")
    CHILD_SOL_SUPPORTED = "barn_sol_stodboende", _("Barn SoL, stödboende")
    CHILD_LVU_FAMILY_HOME = "barn_lvu_familjehem", _("Barn LVU, familjehem")
    CHILD_LVU_HVB = "barn_lvu_hvb", _("Barn LVU, HVB")
    CHILD_LVU_SUPPORTED = "barn_lvu_stodboende", _("Barn LVU, stödboende")
    ADULT_VOLUNTARY = "vuxen_frivillig_dygnsvard", _("Vuxen, frivillig vård dygnet runt")


CHILD_KINDS = frozenset(k for k in PlacementKind.values if k.startswith("barn_"))

# Katrineholm §3.2: a placed child is visited by the responsible social worker at least every three months, and the
# care is reconsidered (övervägande/omprövning) every six months. Östhammar: voluntary 24-hour care of adults is
# reconsidered every three months. Adults have no visit interval. Each municipality may shorten them (WatchSettings).
CHILD_VISIT_MONTHS = 3
CHILD_RECONSIDERATION_MONTHS = 6
ADULT_RECONSIDERATION_MONTHS = 3
# The longest intervals a municipality may set: the rules above for children, a year for adults.
MAX_MONTHS = {
    "child_visit_months": CHILD_VISIT_MONTHS,
    "child_reconsideration_months": CHILD_RECONSIDERATION_MONTHS,
    "adult_reconsideration_months": 12,
}


@dataclass(frozen=True)
class Intervals:
    child_visit: int = CHILD_VISIT_MONTHS
    child_reconsideration: int = CHILD_RECONSIDERATION_MONTHS
    adult_reconsideration: int = ADULT_RECONSIDERATION_MONTHS


def due_dates(
    kind: str,
    start: datetime.date,
    last_visit: datetime.date | None,
    last_reconsideration: datetime.date | None,
    intervals: Intervals = Intervals(),
) -> tuple[datetime.date | None, datetime.date]:
    """(next visit due, next reconsideration due) for a placement: counted from the last one, or from the start.

    A deadline on day D is met by a visit or reconsideration on D; it is overdue from D + 1.
    """
    if kind in CHILD_KINDS:
        visit = add_months(max(filter(None, (start, last_visit))), intervals.child_visit)
        reconsideration = add_months(max(filter(None, (start, last_reconsideration))), intervals.child_reconsideration)
        return visit, reconsideration
    return None, add_months(max(filter(None, (start, last_reconsideration))), intervals.adult_reconsideration)


class WatchSettings(VersionedModel):
    """A municipality's intervals, in months; the defaults are the rules above, and none may be longer."""

    municipality = models.OneToOneField("organisation.Municipality", on_delete=models.CASCADE, related_name="watch_settings")
    child_visit_months = models.PositiveSmallIntegerField(_("besök hos placerade barn, månader"), default=CHILD_VISIT_MONTHS)
    child_reconsideration_months = models.PositiveSmallIntegerField(
        _("övervägande/omprövning för barn, månader"), default=CHILD_RECONSIDERATION_MONTHS
    )
    adult_reconsideration_months = models.PositiveSmallIntegerField(
        _("omprövning av vuxnas frivilliga vård dygnet runt, månader"), default=ADULT_RECONSIDERATION_MONTHS
    )

    class Meta:
        verbose_name = _("inställningar för bevakning")
        verbose_name_plural = _("inställningar för bevakning")
        constraints = [
            models.CheckConstraint(condition=Q(**{f"{name}__gte": 1, f"{name}__lte": most}), name=f"watch_settings_{name}_range")
            for name, most in MAX_MONTHS.items()
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name.capitalize()}, {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality) -> "WatchSettings":
        """The stored settings, or the defaults (unsaved) for a municipality that has none."""
        return cls.objects.filter(municipality=municipality).first() or cls(municipality=municipality)

    def intervals(self) -> Intervals:
        return Intervals(self.child_visit_months, self.child_reconsideration_months, self.adult_reconsideration_months)


class ImportBatch(models.Model):
    """One import (a CSV file or an API push): who, when, how many rows on how many units. Never the rows' content."""

    class Source(models.TextChoices):
        CSV = "csv", _("CSV-fil")
        API = "api", _("API")

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("inläst"), db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inläst av")
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    row_count = models.PositiveIntegerField(_("rader"))
    unit_count = models.PositiveIntegerField(_("enheter"))

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("inläsning av placeringar")
        verbose_name_plural = _("inläsningar av placeringar")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class SnapshotQuerySet(models.QuerySet):
    def known_at(self, moment: datetime.datetime):
        """Each unit's newest snapshot taken at or before ``moment``: what Lots knew then."""
        newest = (
            Snapshot.objects.filter(unit_id=models.OuterRef("unit_id"), taken_at__lte=moment)
            .order_by("-taken_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(taken_at__lte=moment, pk=models.Subquery(newest))


class Snapshot(models.Model):
    """The placements of one unit as one import gave them. Kept unchanged; the newest per unit is current."""

    # Culling an import (lots.watch.retention) removes its snapshots and their rows with it.
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="snapshots")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    taken_at = models.DateTimeField(_("inläst"))
    row_count = models.PositiveIntegerField(_("placeringar"))
    is_current = models.BooleanField(default=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("ögonblicksbild")
        verbose_name_plural = _("ögonblicksbilder")
        indexes = [models.Index(fields=["unit", "taken_at"], name="watch_snapshot_unit_taken")]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(is_current=True), name="watch_one_current_snapshot_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PlacementQuerySet(ReadLoggedQuerySet):
    def current(self):
        return self.filter(is_current=True)

    def active_on(self, day: datetime.date):
        """Placements going on at ``day``: started, and not ended before it."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overdue_on(self, day: datetime.date):
        """Active placements with a visit or reconsideration due before ``day`` and not recorded as done."""
        return self.active_on(day).filter(next_due__lt=day)

    def due_within(self, day: datetime.date, days: int):
        """Active placements with a deadline from ``day`` to ``day + days`` (not yet overdue)."""
        return self.active_on(day).filter(next_due__gte=day, next_due__lte=day + datetime.timedelta(days=days))

    def named(self, term: str):
        return self.filter(case_reference=term) if term else self.none()


class Placement(models.Model):
    """One placement as imported: a pseudonymous case reference, never a name or a personal number."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet"))
    is_current = models.BooleanField(default=True)
    case_reference = models.CharField(_("ärendereferens"), max_length=40)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig handläggare")
    )
    kind = models.CharField(_("placering"), max_length=30, choices=PlacementKind.choices)
    start_date = models.DateField(_("startdatum"))
    last_visit_date = models.DateField(_("senaste besök"), null=True, blank=True)
    last_reconsideration_date = models.DateField(_("senaste övervägande/omprövning"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    visit_due = models.DateField(_("nästa besök senast"), null=True, blank=True)
    reconsideration_due = models.DateField(_("nästa övervägande senast"))
    next_due = models.DateField(_("nästa bevakning"))

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["next_due", "pk"]
        verbose_name = _("placering")
        verbose_name_plural = _("placeringar")
        indexes = [
            models.Index(fields=["unit", "next_due"], condition=Q(is_current=True), name="watch_current_unit_due"),
            models.Index(fields=["worker", "next_due"], condition=Q(is_current=True), name="watch_current_worker_due"),
            models.Index(fields=["snapshot", "next_due"], name="watch_snapshot_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "case_reference"], name="watch_reference_once_per_snapshot"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="watch_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name.capitalize()} {self.case_reference}"

    @property
    def audit_label(self) -> str:
        return str(self)

    @property
    def is_child(self) -> bool:
        return self.kind in CHILD_KINDS

    def is_active(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def visit_overdue(self, day: datetime.date) -> bool:
        return self.is_active(day) and self.visit_due is not None and self.visit_due < day

    def reconsideration_overdue(self, day: datetime.date) -> bool:
        return self.is_active(day) and self.reconsideration_due < day

    def is_overdue(self, day: datetime.date) -> bool:
        return self.is_active(day) and self.next_due < day
