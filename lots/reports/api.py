"""API: the overview's figures and the control-chart data for a unit, and the quality reports' figures."""

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field as PydanticField
from ninja import Query, Schema

from lots.api.router import Router
from lots.api.schemas import Id, IntegrityConfirmed, StrictSchema, Version
from lots.core.db_router import replica_reads
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.deviations.models import Deviation
from lots.organisation.models import Unit
from lots.reports import access as report_access
from lots.reports import sections, services
from lots.reports.dashboard import widgets_for
from lots.reports.models import QualityReport
from lots.reports.reach import Reach

router = Router(tags=["Rapporter och översikter"])


class UnitQuery(Schema):
    unit: Id | None = None


class UnitChartsQuery(Paging):
    unit: Id | None = None


class FigureOut(Schema):
    key: str
    label: str
    value: int | None
    url: str | None


class SignalOut(Schema):
    text: str
    worse: bool
    url: str | None


class WidgetOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]
    signals: list[SignalOut]


class DashboardOut(Schema):
    unit_id: int
    unit_name: str
    # False when the person's role is held on the unit alone: the figures then leave out the units below it.
    subunits_included: bool
    date: datetime.date
    widgets: list[WidgetOut]


class ChartSignalOut(Schema):
    kind: str
    month: datetime.date
    text: str
    worse: bool


class SeriesOut(Schema):
    unit_id: int
    unit_name: str
    measure: str
    chart: str
    months: list[datetime.date]
    counts: list[int]
    denominator_kind: str
    denominators: list[float] | None
    values: list[float]
    centre: float
    upper: list[float]
    lower: list[float]
    median: float
    longest_run: int
    longest_run_limit: int
    crossings: int
    crossings_limit: int
    signals: list[ChartSignalOut]


class ReportOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    status: str
    established_at: datetime.datetime | None


class ReportSectionOut(Schema):
    key: str
    title: str
    narrative: str
    narrative_version: int | None = None
    figures: dict


class ReportDetailOut(ReportOut):
    sections: list[ReportSectionOut]
    missing: list[dict]


def _unit(user, unit_id: int | None, perm: str = "dashboard.view") -> Unit:
    units = report_access.units_for(user, perm)
    unit = units.filter(pk=unit_id).first() if unit_id is not None else units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


@router.get(
    "/reports/dashboard",
    response=DashboardOut,
    summary="Översiktens siffror för en enhet med underenheter (bara enheten när rollen gäller utan underenheter)",
)
def dashboard(request, query: UnitQuery = Query(...)):
    with replica_reads():
        return _dashboard(request.auth, query)


def _dashboard(user, query: UnitQuery) -> dict:
    unit = _unit(user, query.unit)
    today = timezone.localdate()
    widgets = widgets_for(user, unit, today)
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "subunits_included": Reach.of(user, unit).subtree,
        "date": today,
        "widgets": [
            {
                "key": w.key,
                "title": w.title,
                "figures": [{"key": f.key, "label": f.label, "value": f.value, "url": f.url} for f in w.figures],
                "signals": w.signals,
            }
            for w in widgets
        ],
    }


@router.get(
    "/reports/control-charts",
    response=list[SeriesOut],
    summary="Styrdiagram för avvikelser per månad: enheten och avdelningar och enheter under den "
    "(bara enheten när rollen gäller utan underenheter)",
    openapi_extra=API_LIST_OPENAPI,
)
def control_charts(request, response: HttpResponse, query: UnitChartsQuery = Query(...)):
    with replica_reads():
        return api_window(_control_charts(request.auth, query), query, response)


def _control_charts(user, query: UnitQuery) -> list[dict]:
    unit = _unit(user, query.unit)
    months = sections.recent_months(timezone.localdate())
    result = []
    for s in Reach.of(user, unit).series(Deviation.objects.all(), sections.DEVIATIONS, months):
        result.append(
            {
                "unit_id": s.unit.pk,
                "unit_name": s.unit.name,
                "measure": s.measure.key,
                "chart": s.control.kind,
                "months": s.months,
                "counts": s.counts,
                "denominator_kind": s.denominator_kind,
                "denominators": s.denominators,
                "values": s.control.values,
                "centre": s.control.centre,
                "upper": s.control.upper,
                "lower": s.control.lower,
                "median": s.run.median,
                "longest_run": s.run.longest_run,
                "longest_run_limit": s.run.longest_run_limit,
                "crossings": s.run.crossings,
                "crossings_limit": s.run.crossings_limit,
                "signals": [{"kind": g.kind, "month": g.month, "text": g.text, "worse": g.worse} for g in s.signals],
            }
        )
    return result


def _report_out(report: QualityReport) -> dict:
    return {
        "id": report.pk,
        "unit_id": report.unit_id,
        "unit_name": report.unit.name,
        "year": report.year,
        "status": report.status,
        "established_at": report.established_at,
    }


@router.get(
    "/reports/quality-reports",
    response=list[ReportOut],
    summary="Kvalitetsberättelser du får läsa",
    openapi_extra=API_LIST_OPENAPI,
)
def quality_reports(request, response: HttpResponse, params: Paging = Query(...)):
    qs = report_access.visible(request.auth).select_related("unit")
    return [_report_out(r) for r in api_window(qs.order_by("-year", "unit__path", "pk"), params, response)]


@router.get(
    "/reports/quality-reports/{report_id}", response=ReportDetailOut, summary="En kvalitetsberättelses siffror och texter"
)
def quality_report(request, report_id: Id):
    report = report_access.get_report(
        request.auth, report_id, queryset=QualityReport.objects.select_related("unit", "unit__municipality")
    )
    data = services.report_data(report)
    return {
        **_report_out(report),
        "sections": [
            {
                "key": s["key"],
                "title": s["title"],
                "narrative": s.get("narrative", ""),
                "narrative_version": s.get("version"),
                "figures": s["figures"],
            }
            for s in data["sections"]
        ],
        "missing": data["missing"],
    }


class NarrativeIn(StrictSchema):
    text: str
    version: Version = PydanticField(
        description="Avsnittstextens narrative_version från kvalitetsberättelsen; 0 för ett avsnitt utan text än."
    )
    integrity_confirmed: IntegrityConfirmed = False


class NarrativeOut(Schema):
    key: str
    text: str
    version: int


@router.put(
    "/reports/quality-reports/{report_id}/sections/{key}/narrative",
    response=NarrativeOut,
    summary="Skriv texten för ett avsnitt i en kvalitetsberättelse som inte är fastställd",
)
def put_narrative(request, report_id: Id, key: str, payload: NarrativeIn):
    report = report_access.get_report(request.auth, report_id, write=True)
    provider = sections.provider(key)
    if provider is None or not provider.narrative:
        raise Http404
    narrative = services.narrative_update(
        actor=request.auth,
        report=report,
        section=key,
        text=payload.text,
        expected_version=payload.version,
        integrity_confirmed=payload.integrity_confirmed,
    )
    return {"key": key, "text": narrative.text, "version": narrative.version}
