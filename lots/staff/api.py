"""API: employments, introductions and checks at hiring (lists, read-logged like the pages), and the HR system's push
of employments (the same rows and validation as the CSV import, all or nothing). No operation takes a file: the
criminal-record extract is never uploaded."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Schema

from lots import access
from lots.api.router import Router
from lots.api.schemas import StrictSchema
from lots.core.lists import API_LIST_OPENAPI
from lots.staff import access as staff_access
from lots.staff import importing, services
from lots.staff.lists import CHECKS, EMPLOYMENTS, INTRODUCTIONS
from lots.staff.models import CheckKind, ExtractType, HiringCheck, Introduction, Outcome

router = Router(tags=["Personal"])
PREFIX = "/staff"
MAX_ROWS = importing.MAX_ROWS


class EmploymentOut(Schema):
    id: int
    person_id: int
    person: str
    unit_id: int
    unit_name: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    external_id: str
    introduction_items: int
    introduction_items_outstanding: int
    undertaking_signed_at: datetime.datetime | None
    version: int


class IntroductionOut(Schema):
    id: int
    employment_id: int
    person: str
    unit_id: int
    introducer: str | None
    status: Introduction.Status
    items: int
    items_outstanding: int


class CheckOut(Schema):
    id: int
    employment_id: int
    person: str
    unit_id: int
    kind: CheckKind
    status: HiringCheck.Status
    required_before_start: bool
    due_on: datetime.date
    done_on: datetime.date | None
    checked_by: str | None
    extract_type: ExtractType | None
    outcome: Outcome | None
    version: int


def _text(max_length: int, description: str = ""):
    return Field("", max_length=max_length, description=description)


class EmploymentRowIn(StrictSchema):
    """One row of the HR system's export; the same fields as the CSV import's columns, dates as ÅÅÅÅ-MM-DD."""

    employee_number: str = _text(40, "Anställningsnummer")
    username: str = _text(150, "Användarnamn i Lots")
    email: str = _text(254, "E-post")
    first_name: str = _text(150, "Förnamn (för ett nytt konto)")
    last_name: str = _text(150, "Efternamn (för ett nytt konto)")
    unit: str = Field(min_length=1, max_length=60, description="Enhetens kod")
    starts_on: str = Field(min_length=1, max_length=20, description="Anställd från, ÅÅÅÅ-MM-DD")
    ends_on: str = _text(20, "Anställd till och med, ÅÅÅÅ-MM-DD")
    title: str = _text(200, "Befattning")
    external_id: str = _text(100, "Anställningens id i personalsystemet")


class StaffImportIn(StrictSchema):
    rows: list[EmploymentRowIn] = Field(min_length=1, max_length=MAX_ROWS)
    create_accounts: bool = Field(False, description="Skapa konton (med rollen medarbetare på enheten) för okända personer.")


class StaffImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    people_created: int


def _employment_out(e) -> dict:
    return {
        "id": e.pk,
        "person_id": e.person_id,
        "person": str(e.person),
        "unit_id": e.unit_id,
        "unit_name": e.unit.name,
        "title": e.title,
        "starts_on": e.starts_on,
        "ends_on": e.ends_on,
        "external_id": e.external_id,
        "introduction_items": e.items_total,
        "introduction_items_outstanding": e.items_outstanding,
        "undertaking_signed_at": e.undertaking_signed_at,
        "version": e.version,
    }


@router.get(
    "/employments",
    response=list[EmploymentOut],
    summary="Anställningar du får se: i dina enheter och dina egna",
    description="Samma filter, ordning och behörighet som personalsidan och dess export. Varje läsning loggas.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_employments(request, response: HttpResponse, params: EMPLOYMENTS.api_query = Query(...)):
    rows = EMPLOYMENTS.bind(request.auth, request.GET).api_rows(params, response)
    return [_employment_out(e) for e in rows]


@router.get(
    "/introductions",
    response=list[IntroductionOut],
    summary="Introduktioner du får se",
    openapi_extra=API_LIST_OPENAPI,
)
def list_introductions(request, response: HttpResponse, params: INTRODUCTIONS.api_query = Query(...)):
    rows = INTRODUCTIONS.bind(request.auth, request.GET).api_rows(params, response)
    return [
        {
            "id": i.pk,
            "employment_id": i.employment_id,
            "person": str(i.employment.person),
            "unit_id": i.unit_id,
            "introducer": str(i.introducer) if i.introducer else None,
            "status": i.status,
            "items": i.items_total,
            "items_outstanding": i.items_outstanding,
        }
        for i in rows
    ]


@router.get(
    "/checks",
    response=list[CheckOut],
    summary="Kontroller vid anställning du får se (aldrig själva registerutdraget)",
    openapi_extra=API_LIST_OPENAPI,
)
def list_checks(request, response: HttpResponse, params: CHECKS.api_query = Query(...)):
    rows = CHECKS.bind(request.auth, request.GET).api_rows(params, response)
    return [
        {
            "id": c.pk,
            "employment_id": c.employment_id,
            "person": str(c.employment.person),
            "unit_id": c.unit_id,
            "kind": c.kind,
            "status": c.status,
            "required_before_start": c.required_before_start,
            "due_on": c.due_on,
            "done_on": c.done_on,
            "checked_by": str(c.checked_by) if c.checked_by else None,
            "extract_type": c.extract_type or None,
            "outcome": c.outcome or None,
            "version": c.version,
        }
        for c in rows
    ]


@router.post(
    "/employments/import",
    response=StaffImportOut,
    summary="Läs in anställningar från personalsystemet",
    description=(
        "Samma rader och kontroller som CSV-importen. Allt eller inget: ett fel på någon rad ger 422 med felen per rad "
        "och ingenting sparas. Samma rader en gång till ändrar ingenting."
    ),
)
def import_employments(request, payload: StaffImportIn):
    user = request.auth
    if not access.has_perm_anywhere(user, staff_access.IMPORT):
        raise PermissionDenied
    records = [row.dict() for row in payload.rows]
    validation = importing.validate(user, records, create_accounts=payload.create_accounts, first_line=1)
    if not validation.ok:
        raise ValidationError(validation.errors_by_line())
    return services.employments_import(actor=user, rows=validation.rows).as_dict()
