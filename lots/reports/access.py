"""Who reads which quality report and compilation: by unit scope, down the tree, with no case-level personal data.

A quality report is read where the person holds report.view on its unit, written as a draft where they hold
report.change and established where they hold report.establish. The dashboard and the analyses choose among the
open units where the person holds the page's permission.
"""

from django.db.models import QuerySet

from lots import access
from lots.reports.models import REPORT_KINDS, QualityReport


def visible(user) -> QuerySet:
    """Every quality report the person may read."""
    return QualityReport.objects.filter(access.unit_q(user, "report.view"))


def get_report(
    user, pk, *, write: bool = False, change: str = "report.change", queryset: QuerySet | None = None
) -> QualityReport:
    """404 for a report the person may not read (or that does not exist); with ``write``, 403 unless they hold
    ``change`` on its unit."""
    qs = (
        queryset
        if queryset is not None
        else QualityReport.objects.select_related("unit", "unit__municipality", "established_by", "created_by")
    )
    return access.get_object(qs, user, pk, view="report.view", change=change, write=write)


def can_edit(user, report: QualityReport) -> bool:
    return access.can(user, "report.change", report.unit)


def can_establish(user, report: QualityReport) -> bool:
    return access.can(user, "report.establish", report.unit)


def units_for(user, perm: str) -> QuerySet:
    """The open units where the person holds ``perm``, by municipality and place in the tree."""
    return access.visible_units(user, perm).open().select_related("municipality").order_by("municipality__name", "path")


def creatable_units(user) -> QuerySet:
    """The open units of a kind that writes a quality report, where the person may start one."""
    return units_for(user, "report.change").filter(kind__in=REPORT_KINDS)
