"""The sections of the annual quality report, in order: one provider per section (lots.reports.providers).

Each provider computes its figures (named numbers, for tests and the API) and its
blocks (facts, tables, charts) for a scope: a unit with everything below it, and
a year. A section whose module is not in the system is not in ``PROVIDERS``; it
is listed in ``MISSING`` with the reason, and the report says so. Add a provider
here when its module lands.
"""

import datetime

from django.utils import timezone

from lots.organisation.models import Unit
from lots.reports import trends
from lots.reports.periods import add_months, month_start, months_ending
from lots.reports.providers.base import DEVIATIONS, FEEDBACK, Scope, Section, feedback_cases  # noqa: F401  (used by views and tests)
from lots.reports.providers.comparisons import ComparisonSection
from lots.reports.providers.deviations import DeviationSection, TrendSection
from lots.reports.providers.feedback import FeedbackSection
from lots.reports.providers.improvements import FocusSection, ImprovementSection
from lots.reports.providers.management import (
    CollaborationSection,
    LawListAppendix,
    ManagementSystemSection,
    ProcessMapAppendix,
    RoutineAppendix,
)
from lots.reports.providers.organisation import OrganisationSection
from lots.reports.providers.risks import RiskSection, SelfInspectionSection


def _module_sections() -> list[Section]:
    """Sections contributed by other apps: ``lots.<app>.report_section.SECTIONS``, placed before the appendices."""
    from lots.core.discovery import app_modules

    return [section for module in app_modules("report_section") for section in module.SECTIONS]


PROVIDERS: list[Section] = [
    OrganisationSection(),
    ManagementSystemSection(),
    CollaborationSection(),
    RiskSection(),
    SelfInspectionSection(),
    ComparisonSection(),
    DeviationSection(),
    FeedbackSection(),
    TrendSection(),
    ImprovementSection(),
    FocusSection(),
    *_module_sections(),
    LawListAppendix(),
    RoutineAppendix(),
    ProcessMapAppendix(),
]

# Sections of the issue whose module is not in the system yet: shown as missing, with the reason.
MISSING: list[tuple] = []


def provider(key: str) -> Section | None:
    return next((p for p in PROVIDERS if p.key == key), None)


def narrative_keys() -> list[str]:
    return [p.key for p in PROVIDERS if p.narrative]


def compute_all(unit: Unit, year: int, today: datetime.date | None = None) -> list[dict]:
    """Every available section's title, figures and blocks for a unit and year."""
    scope = Scope(unit=unit, year=year, today=today or timezone.localdate())
    return [
        {
            "key": p.key,
            "title": str(p.title),
            "guidance": str(p.guidance),
            "appendix": p.appendix,
            "has_narrative": p.narrative,
            **p.compute(scope),
        }
        for p in PROVIDERS
    ]


def missing() -> list[dict]:
    return [{"key": key, "title": str(title), "reason": str(reason)} for key, title, reason in MISSING]


def recent_months(today: datetime.date, count: int = trends.DEFAULT_MONTHS) -> list[datetime.date]:
    """The ``count`` complete months before ``today``'s month (the window of the overview's charts)."""
    return months_ending(add_months(month_start(today), -1), count)
