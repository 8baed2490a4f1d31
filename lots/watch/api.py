"""API: the due list of placements, one placement, the share on time per month, and the push of placements from
the case-management system (the same rows and checks as the CSV import)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Day, Id, StrictSchema
from lots.core.lists import API_LIST_OPENAPI
from lots.reports.periods import months_ending
from lots.watch import access as watch_access
from lots.watch import importing, services
from lots.watch.compliance import monthly_compliance
from lots.watch.lists import PLACEMENTS
from lots.watch.models import ImportBatch, Placement, PlacementKind

router = Router(tags=["Bevakning"])


class PlacementOut(Schema):
    id: int
    case_reference: str
    unit_id: int
    unit_name: str
    worker: str
    kind: PlacementKind
    kind_label: str
    start_date: datetime.date
    last_visit_date: datetime.date | None
    last_reconsideration_date: datetime.date | None
    end_date: datetime.date | None
    visit_due: datetime.date | None
    reconsideration_due: datetime.date
    next_due: datetime.date
    overdue: bool
    is_current: bool
    imported_at: datetime.datetime


class PlacementIn(StrictSchema):
    case_reference: str = Field(min_length=1, max_length=importing.MAX_REFERENCE, description="Pseudonym ärendereferens.")
    unit_code: str = Field(min_length=1, max_length=60, description="Enhetens kod i Lots.")
    worker: str = Field(min_length=1, max_length=254, description="Ansvarig handläggares användarnamn eller e-postadress.")
    kind: PlacementKind
    start_date: Day
    last_visit_date: Day | None = None
    last_reconsideration_date: Day | None = None
    end_date: Day | None = None


class PlacementImportIn(StrictSchema):
    municipality: str = Field(
        "", max_length=60, description="Kommunens slug; behövs bara för den som får läsa in i flera kommuner."
    )
    rows: list[PlacementIn] = Field(min_length=1, max_length=importing.MAX_ROWS)


class PlacementImportOut(Schema):
    id: int
    imported_at: datetime.datetime
    row_count: int
    unit_count: int


class ComplianceMonthOut(Schema):
    month: datetime.date
    evaluated_on: datetime.date
    active: int
    overdue: int
    on_time: int
    share: float | None


class ComplianceOut(Schema):
    """A unit's months, oldest first: a fixed window (``months``), so it is one object rather than a paged list."""

    unit_id: int
    unit_name: str
    months: list[ComplianceMonthOut]


class ComplianceQuery(Schema):
    unit_id: Id
    months: int = Field(12, ge=1, le=60, description="Antal månader bakåt, till och med innevarande.")


def _out(p: Placement, today: datetime.date) -> dict:
    return {
        "id": p.pk,
        "case_reference": p.case_reference,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "worker": p.worker.get_username(),
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "start_date": p.start_date,
        "last_visit_date": p.last_visit_date,
        "last_reconsideration_date": p.last_reconsideration_date,
        "end_date": p.end_date,
        "visit_due": p.visit_due,
        "reconsideration_due": p.reconsideration_due,
        "next_due": p.next_due,
        "overdue": p.is_current and p.is_overdue(today),
        "is_current": p.is_current,
        "imported_at": p.snapshot.taken_at,
    }


@router.get(
    "/watch/placements",
    response=list[PlacementOut],
    summary="Placeringar att bevaka: i dina enheter och dina egna",
    description="Samma filter, ordning (nästa bevakning först) och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_placements(request, response: HttpResponse, params: PLACEMENTS.api_query = Query(...)):
    rows = PLACEMENTS.bind(request.auth, request.GET).api_rows(params, response)
    today = timezone.localdate()
    return [_out(p, today) for p in rows]


@router.get("/watch/placements/{placement_id}", response=PlacementOut, summary="En placering")
def get_placement(request, placement_id: Id):
    return _out(watch_access.get_placement(request.auth, placement_id), timezone.localdate())


@router.get(
    "/watch/compliance",
    response=ComplianceOut,
    summary="Andel placeringar med besök och övervägande i tid, per månad",
    description="För enheten med underenheter, som sidan Andel i tid räknar.",
)
def get_compliance(request, params: ComplianceQuery = Query(...)):
    unit = access.visible_units(request.auth, "watch.view").filter(pk=params.unit_id).first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    rows = monthly_compliance(unit, months_ending(today.replace(day=1), params.months), today=today)
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "months": [
            {
                "month": r.month,
                "evaluated_on": r.evaluated_on,
                "active": r.active,
                "overdue": r.overdue,
                "on_time": r.on_time,
                "share": r.share,
            }
            for r in rows
        ],
    }


@router.post(
    "/watch/imports",
    response={201: PlacementImportOut},
    summary="Läs in placeringar från verksamhetssystemet",
    description=(
        "Samma kontroller som CSV-importen: allt läses in eller inget. Varje enhet i raderna får en ny ögonblicksbild "
        "som ersätter enhetens tidigare läge. Fel per rad ges som rows.N (N räknat från 0). Namn och personnummer vägras."
    ),
)
def create_import(request, payload: PlacementImportIn):
    user = request.auth
    allowed = access.municipalities_with(user, "watch.import")
    if not allowed:
        raise PermissionDenied
    if payload.municipality:
        municipality = next((m for m in allowed if m.slug == payload.municipality), None)
        if municipality is None:
            raise ValidationError({"municipality": [_("Du får inte läsa in placeringar i den kommunen.")]})
    elif len(allowed) > 1:
        raise ValidationError({"municipality": [_("Ange kommunen: du får läsa in i flera.")]})
    else:
        municipality = allowed[0]
    names = importing.TARGET_NAMES
    body = [
        [
            row.case_reference,
            row.unit_code,
            row.worker,
            row.kind,
            row.start_date.isoformat(),
            row.last_visit_date.isoformat() if row.last_visit_date else "",
            row.last_reconsideration_date.isoformat() if row.last_reconsideration_date else "",
            row.end_date.isoformat() if row.end_date else "",
        ]
        for row in payload.rows
    ]
    validation = importing.validate(
        municipality, body, {name: i for i, name in enumerate(names)}, allowed_units=watch_access.import_units(user)
    )
    if validation.errors:
        errors: dict[str, list[str]] = {}
        for line, message in validation.errors:
            errors.setdefault(f"rows.{line - 2}", []).append(message)
        raise ValidationError(errors)
    batch = services.placements_import(actor=user, municipality=municipality, rows=validation.rows, source=ImportBatch.Source.API)
    return Status(
        201,
        {"id": batch.pk, "imported_at": batch.imported_at, "row_count": batch.row_count, "unit_count": batch.unit_count},
    )
