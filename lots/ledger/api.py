"""API: own-money ledgers (list and detail), their entries, and entering and attesting entries.

Amounts are integer öre. The same rules as the web pages: the balance never goes below zero, the person who entered
an entry never attests it, and money out above 200 kr needs a receipt, which is attached in the web form (an entry
that needs one is refused here with 422 at ``receipt``). Every read of a ledger is logged.
"""

import datetime
from typing import Annotated, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status

from lots.api.router import Router
from lots.api.schemas import Day, Id, IntegrityConfirmed, StrictSchema
from lots.core.lists import API_LIST_OPENAPI, Paging, api_window
from lots.ledger import services
from lots.ledger.access import ATTEST, ENTER, get_ledger
from lots.ledger.lists import LEDGERS
from lots.ledger.models import MAX_AMOUNT, LedgerEntry

router = Router(tags=["Egna medel"])

Amount = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="Öre: positivt in, negativt ut.")]


class LedgerOut(Schema):
    id: int
    reference: str
    unit_id: int
    unit_name: str
    purpose: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    balance: int = Field(description="Saldo i öre, alla bokförda poster.")
    attested_balance: int = Field(description="Saldo i öre, bara attesterade poster.")
    entry_count: int
    attested_count: int
    version: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class LedgerEntryOut(Schema):
    id: int
    sequence: int
    date: datetime.date
    description: str
    amount: int
    balance_after: int
    has_receipt: bool
    entered_by_id: int
    entered_at: datetime.datetime
    attested_by_id: int | None
    attested_at: datetime.datetime | None

    @staticmethod
    def resolve_has_receipt(obj):
        return bool(obj.receipt)


class LedgerEntryIn(StrictSchema):
    date: Day
    description: str = Field(min_length=1, max_length=200)
    amount: Amount
    integrity_confirmed: IntegrityConfirmed = False


class LedgerAttestIn(StrictSchema):
    confirm: Literal[True] = Field(True, description="Attestera posten (alltid true).")


@router.get(
    "/ledgers",
    response=list[LedgerOut],
    summary="Förmedlingar av egna medel som du har behörighet till",
    description="Samma filter, ordning och behörighet som listan i webben och dess export.",
    openapi_extra=API_LIST_OPENAPI,
)
def list_ledgers(request, response: HttpResponse, params: LEDGERS.api_query = Query(...)):
    return LEDGERS.bind(request.auth, request.GET).api_rows(params, response)


@router.get("/ledgers/{ledger_id}", response=LedgerOut, summary="En förmedling")
def get_ledger_detail(request, ledger_id: Id):
    return get_ledger(request.auth, ledger_id)


@router.get(
    "/ledgers/{ledger_id}/entries",
    response=list[LedgerEntryOut],
    summary="Förmedlingens poster i bokföringsordning",
    openapi_extra=API_LIST_OPENAPI,
)
def list_entries(request, response: HttpResponse, ledger_id: Id, params: Paging = Query(...)):
    ledger = get_ledger(request.auth, ledger_id)
    return api_window(ledger.entries.order_by("sequence", "pk"), params, response)


@router.post("/ledgers/{ledger_id}/entries", response={201: LedgerEntryOut}, summary="Bokför pengar in eller ut")
def create_entry(request, ledger_id: Id, payload: LedgerEntryIn):
    ledger = get_ledger(request.auth, ledger_id, ENTER)
    entry = services.entry_add(
        actor=request.auth,
        ledger=ledger,
        date=payload.date,
        description=payload.description,
        amount=payload.amount,
        integrity_confirmed=payload.integrity_confirmed,
    )
    return Status(201, entry)


@router.post(
    "/ledgers/{ledger_id}/entries/{entry_id}/attest",
    response=LedgerEntryOut,
    summary="Attestera en post (någon annan än den som bokförde den, i ordning)",
)
def attest_entry(request, ledger_id: Id, entry_id: Id, payload: LedgerAttestIn):
    ledger = get_ledger(request.auth, ledger_id, ATTEST)
    entry = get_object_or_404(LedgerEntry, pk=entry_id, ledger=ledger)
    entry.ledger = ledger
    return services.entry_attest(actor=request.auth, entry=entry)
