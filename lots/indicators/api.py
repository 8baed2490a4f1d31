"""API: indicators with their targets, a year's values (computed ones as computed now, unless frozen), and writing a
period's value — idempotent per period, with the version for concurrent changes — so that other systems can push
values. Reads are scoped by lots.indicators.access; writes go through the same service (and audit log) as the page."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import Field

from lots.api.router import Router
from lots.api.schemas import Day, Id, StrictSchema, Version, Year
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.indicators import access as indicator_access
from lots.indicators import selectors, services
from lots.indicators.models import Indicator, Value

router = Router(tags=["Nyckeltal"])
Number = Field(None, ge=Decimal("-999999999999"), le=Decimal("999999999999"))


def _float(value) -> float | None:
    return None if value is None else float(value)


class IndicatorTargetOut(Schema):
    year: int
    value: float
    version: int

    @staticmethod
    def resolve_value(obj):
        return float(obj.value)


class IndicatorOut(Schema):
    id: int
    name: str
    definition: str
    unit_id: int
    process_id: int | None
    goal_ids: list[int]
    unit_of_measure: str
    direction: str
    frequency: str
    source: str
    computed_key: str
    kolada_kpi: str
    split: str
    owner_id: int
    active: bool
    targets: list[IndicatorTargetOut]
    version: int

    @staticmethod
    def resolve_goal_ids(obj):
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_targets(obj):
        return list(obj.targets.order_by("year"))


class IndicatorValueOut(Schema):
    period_start: datetime.date
    period_label: str
    total: float | None
    female: float | None
    male: float | None
    split_missing: bool
    split_missing_reason: str
    origin: str
    frozen: bool
    partial: bool
    meets_target: bool | None
    version: int | None


class IndicatorYearOut(Schema):
    indicator_id: int
    year: int
    target: float | None
    meets_target: bool | None
    split_gap: bool
    values: list[IndicatorValueOut]


class IndicatorValueIn(StrictSchema):
    total: Decimal = Field(ge=Decimal("-999999999999"), le=Decimal("999999999999"))
    female: Decimal | None = Number
    male: Decimal | None = Number
    split_missing_reason: str = Field("", max_length=2000)
    version: Version | None = Field(None, description="Värdets version när det ändras; utelämnas för ett nytt värde.")


class IndicatorFilter(Paging):
    unit_id: Id | None = None
    process_id: Id | None = None
    active: bool | None = True


def _year_out(data) -> dict:
    return {
        "indicator_id": data.indicator.pk,
        "year": data.year,
        "target": _float(data.target),
        "meets_target": data.meets_target,
        "split_gap": data.split_gap,
        "values": [
            {
                "period_start": v.period.start,
                "period_label": v.period.label,
                "total": _float(v.total),
                "female": _float(v.female),
                "male": _float(v.male),
                "split_missing": data.indicator.is_split and v.total is not None and v.split_missing,
                "split_missing_reason": v.split_missing_reason if data.indicator.is_split else "",
                "origin": v.origin,
                "frozen": v.frozen,
                "partial": v.partial,
                "meets_target": services.meets(v.total, data.target, data.indicator.direction),
                "version": v.stored.version if v.stored else None,
            }
            for v in data.values
        ],
    }


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="Nyckeltal som du har behörighet att läsa",
    openapi_extra=API_LIST_OPENAPI,
)
def list_indicators(request, response: HttpResponse, filters: IndicatorFilter = Query(...)):
    indicators = indicator_access.visible(request.auth).prefetch_related("goals", "targets")
    if filters.unit_id:
        indicators = indicators.filter(unit_id=filters.unit_id)
    if filters.process_id:
        indicators = indicators.filter(process_id=filters.process_id)
    if filters.active is not None:
        indicators = indicators.filter(active=filters.active)
    return api_window(indicators.order_by("name", "pk"), filters, response)


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="Ett nyckeltal med målvärden")
def get_indicator(request, indicator_id: Id):
    return indicator_access.get_indicator(request.auth, indicator_id)


@router.get(
    "/indicators/{indicator_id}/values",
    response=IndicatorYearOut,
    summary="Ett års värden för ett nyckeltal",
    description="Varje period som har börjat: lagrat värde, annars beräknat nu (beräknade nyckeltal) eller från Kolada.",
)
def indicator_values(request, indicator_id: Id, year: Year | None = None):
    indicator = indicator_access.get_indicator(request.auth, indicator_id)
    [data] = selectors.years_of([indicator], year or timezone.localdate().year)
    return _year_out(data)


@router.put(
    "/indicators/{indicator_id}/values/{period_start}",
    response=IndicatorYearOut,
    summary="Registrera eller ändra en periods värde",
    description=(
        "Perioden anges med sin första dag (månad, tertial eller år efter nyckeltalets frekvens). Samma värde igen "
        "ändrar inget. Ett nyckeltal med uppdelning på kön behöver båda delarna eller ett skäl till att de saknas. "
        "Ett värde som är fastställt i en uppföljning kan inte ändras."
    ),
)
def put_value(request, indicator_id: Id, period_start: Day, payload: IndicatorValueIn):
    indicator = indicator_access.get_indicator(request.auth, indicator_id, write=indicator_access.RECORD)
    if indicator.source == Indicator.Source.COMPUTED:
        raise ValidationError({"total": [_("Nyckeltalet beräknas ur Lots och tar inte emot värden.")]})
    existing = Value.objects.filter(indicator=indicator, period_start=period_start).first()
    if existing is not None and payload.version is None:
        unchanged = (existing.total, existing.female, existing.male) == (
            payload.total,
            payload.female if indicator.is_split else None,
            payload.male if indicator.is_split else None,
        )
        if not unchanged:
            raise ValidationError({"version": [_("Perioden har redan ett värde: skicka med dess version för att ändra det.")]})
    services.value_record(
        actor=request.auth,
        indicator=indicator,
        period_start=period_start,
        total=payload.total,
        female=payload.female,
        male=payload.male,
        split_missing_reason=payload.split_missing_reason,
        origin=Value.Origin.API,
        expected_version=payload.version,
    )
    [data] = selectors.years_of([indicator], period_start.year)
    return _year_out(data)
