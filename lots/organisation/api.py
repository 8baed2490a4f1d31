from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Schema, Status

from lots import access
from lots.api.router import Router
from lots.api.schemas import Id, StrictSchema, Version
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.organisation import services
from lots.organisation.models import Municipality, Unit

router = Router(tags=["Organisation"])


class UnitOut(Schema):
    id: int
    name: str
    public_name: str
    kind: str
    code: str
    municipality_id: int
    parent_id: int | None
    depth: int
    closed_at: str | None
    version: int

    @staticmethod
    def resolve_closed_at(obj):
        return obj.closed_at.isoformat() if obj.closed_at else None


class UnitFilter(Paging):
    municipality: Id | None = None
    kind: Unit.Kind | None = None
    include_closed: bool = False


class UnitIn(StrictSchema):
    parent_id: Id
    name: str
    kind: Unit.Kind
    code: str
    public_name: str = ""


class UnitPatch(StrictSchema):
    version: Version
    name: str | None = None
    public_name: str | None = None


@router.get("/units", response=list[UnitOut], summary="Enheter som du har behörighet till", openapi_extra=API_LIST_OPENAPI)
def list_units(request, response: HttpResponse, filters: UnitFilter = Query(...)):
    units = access.visible_units(request.auth)
    if filters.municipality is not None:
        units = units.filter(municipality_id=filters.municipality)
    if filters.kind is not None:
        units = units.filter(kind=filters.kind)
    if not filters.include_closed:
        units = units.open()
    return api_window(units.order_by("path", "pk"), filters, response)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: Id):
    return access.get_object(Unit.objects.all(), request.auth, unit_id, view="unit.view", field=None)


@router.post("/units", response={201: UnitOut}, summary="Skapa en enhet under en befintlig")
def create_unit(request, payload: UnitIn):
    parent = access.get_object(
        Unit.objects.all(), request.auth, payload.parent_id, view="unit.view", change="unit.change", write=True, field=None
    )
    unit = services.unit_create(
        actor=request.auth,
        municipality=parent.municipality,
        parent=parent,
        name=payload.name,
        kind=payload.kind,
        code=payload.code,
        public_name=payload.public_name,
    )
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=UnitOut, summary="Byt namn på en enhet")
def patch_unit(request, unit_id: Id, payload: UnitPatch):
    unit = access.get_object(
        Unit.objects.all(), request.auth, unit_id, view="unit.view", change="unit.change", write=True, field=None
    )
    services.unit_update(
        actor=request.auth,
        unit=unit,
        expected_version=payload.version,
        name=payload.name if payload.name is not None else unit.name,
        public_name=payload.public_name if payload.public_name is not None else unit.public_name,
        code=unit.code,
        kind=unit.kind,
    )
    return unit


class MunicipalityOut(Schema):
    id: int
    name: str
    slug: str


@router.get("/municipalities/{municipality_id}", response=MunicipalityOut)
def get_municipality(request, municipality_id: Id):
    if municipality_id not in access.municipality_ids_with(request.auth, "unit.view"):
        raise Http404
    return get_object_or_404(Municipality, pk=municipality_id)
