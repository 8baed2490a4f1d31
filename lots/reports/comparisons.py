"""Comparison data from Kolada (öppna jämförelser): reading the v2 JSON shape and laying values side by side.

The file (or API answer) looks like::

    {"values": [{"kpi": "N00945", "municipality": "0488", "period": 2024,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3}, …]}]}
"""

import json
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from lots.organisation.models import Municipality
from lots.reports.models import ComparisonIndicator, ComparisonValue

NATION = "0000"
GENDERS = ("T", "K", "M")
MAX_ERRORS = 5


@dataclass(frozen=True)
class ParsedValue:
    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    count: int | None
    status: str


def parse_kolada(raw: bytes | str) -> list[ParsedValue]:
    """The values in a Kolada v2 answer; ValidationError (in Swedish, with positions) when the file is not one."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("Filen är inte giltig JSON. Välj en fil som hämtats från Koladas API (v2).")) from None
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ValidationError(_('Filen saknar listan "values" som Koladas svar har.'))
    parsed, errors = [], []
    for position, entry in enumerate(data["values"], start=1):
        problem = _entry_problem(entry)
        if problem:
            errors.append(_("Post %(n)s: %(problem)s") % {"n": position, "problem": problem})
            if len(errors) >= MAX_ERRORS:
                break
            continue
        for item in entry["values"]:
            parsed.append(
                ParsedValue(
                    kpi=entry["kpi"].strip().upper(),
                    municipality=str(entry["municipality"]).strip(),
                    period=int(entry["period"]),
                    gender=item["gender"],
                    value=None if item.get("value") is None else float(item["value"]),
                    count=item.get("count") if isinstance(item.get("count"), int) and item["count"] >= 0 else None,
                    status=str(item.get("status") or "")[:20],
                )
            )
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("Filen innehåller inga värden."))
    return parsed


def _entry_problem(entry) -> str:
    if not isinstance(entry, dict):
        return _("är inte ett objekt.")
    kpi = entry.get("kpi")
    if not isinstance(kpi, str) or not (1 <= len(kpi.strip()) <= 20):
        return _("nyckeltalets id (kpi) saknas.")
    municipality = str(entry.get("municipality", "")).strip()
    if not (len(municipality) == 4 and municipality.isdigit()):
        return _("kommunkoden (municipality) ska vara fyra siffror, till exempel 0488.")
    period = entry.get("period")
    if (
        isinstance(period, bool)
        or not isinstance(period, int | str)
        or not str(period).isdigit()
        or not 1990 <= int(period) <= 2100
    ):
        return _("året (period) saknas eller är orimligt.")
    values = entry.get("values")
    if not isinstance(values, list) or not values:
        return _("värdena (values) saknas.")
    for item in values:
        if not isinstance(item, dict) or item.get("gender") not in GENDERS:
            return _("kön (gender) ska vara T, K eller M.")
        value = item.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)):
            return _("värdet (value) ska vara ett tal eller null.")
    return ""


def place_name(code: str, names: dict[str, str]) -> str:
    if code == NATION:
        return _("Riket")
    return names.get(code) or _("Kommun %(code)s") % {"code": code}


def comparison_rows(code: str, year: int) -> tuple[list[dict], list[dict]]:
    """For each key figure with a value for municipality ``code`` in a year up to ``year``: the latest such year,
    the municipality's values by gender and the other places' totals that year (three queries at most).

    Returns (rows, others); others lists the compared places as {"code", "name"}, the nation first.
    """
    if not code:
        return [], []
    latest = dict(
        ComparisonValue.objects.filter(municipality_code=code, period__lte=year, value__isnull=False)
        .values("indicator_id")
        .annotate(latest=Max("period"))
        .values_list("indicator_id", "latest")
    )
    if not latest:
        return [], []
    wanted = Q(pk__in=[])
    for indicator_id, period in latest.items():
        wanted |= Q(indicator_id=indicator_id, period=period)
    values = list(
        ComparisonValue.objects.filter(wanted)
        .select_related("indicator")
        .order_by("indicator__kpi", "municipality_code", "gender")
    )
    rows: dict[int, dict] = {}
    other_codes: set[str] = set()
    for v in values:
        period = latest.get(v.indicator_id)
        if period is None or v.period != period:
            continue
        row = rows.setdefault(
            v.indicator_id,
            {"kpi": v.indicator.kpi, "label": v.indicator.label, "period": period, "own": {}, "others": {}},
        )
        if v.municipality_code == code:
            row["own"][v.gender] = v.value
        elif v.gender == "T":
            row["others"][v.municipality_code] = v.value
            other_codes.add(v.municipality_code)
    names = dict(Municipality.objects.filter(code__in=other_codes).values_list("code", "name")) if other_codes else {}
    others = [{"code": c, "name": place_name(c, names)} for c in sorted(other_codes, key=lambda c: (c != NATION, c))]
    return sorted(rows.values(), key=lambda r: r["kpi"]), others


def indicators() -> list[ComparisonIndicator]:
    return list(ComparisonIndicator.objects.order_by("kpi"))
