import datetime
import json

import pytest
from django.utils import timezone

from lots.deviations.tests.conftest import category, report, reporter  # noqa: F401  (fixtures shared with deviations)
from lots.feedback.tests.conftest import make_case  # noqa: F401  (fixture shared with feedback)
from lots.reports import services
from lots.reports.models import QualityReport


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def draft(world, year):
    """A draft quality report for "own" (an avdelning) this year."""
    return services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=year)


@pytest.fixture
def make_report(world, year):
    def make(place="own", report_year=None) -> QualityReport:
        return services.report_create(
            actor=world.persona("kvalitetssamordnare"), unit=world.unit(place), year=report_year or year
        )

    return make


@pytest.fixture
def at_days_ago():
    """``at_days_ago(n)``: reported/occurred times n days ago (kept inside this year by the callers that need it)."""

    def at(days: int, hours: int = 10) -> dict:
        moment = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=days), datetime.time(hours, 0))
        )
        return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}

    return at


def kolada(entries) -> str:
    """A Kolada v2 answer: ``entries`` are (kpi, municipality, period, {gender: value})."""
    return json.dumps(
        {
            "values": [
                {
                    "kpi": kpi,
                    "municipality": code,
                    "period": period,
                    "values": [{"gender": g, "count": 1, "status": "", "value": v} for g, v in values.items()],
                }
                for kpi, code, period, values in entries
            ]
        }
    )
