"""Own-money pages: the list with its export, a ledger with its entries, reconciliations and tasks, the forms that
write them, the client's statement as PDF and the prisbasbelopp table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.ledger import services
from lots.ledger.access import ATTEST, CONFIGURE, ENTER, RECONCILE, VIEW, get_ledger, may
from lots.ledger.amounts import kronor
from lots.ledger.forms import (
    BaseAmountForm,
    CloseForm,
    EntryForm,
    LedgerEditForm,
    LedgerForm,
    PeriodForm,
    ReconciliationForm,
    TaskResolveForm,
)
from lots.ledger.lists import LEDGERS
from lots.ledger.models import BaseAmount, LedgerEntry, LedgerTask, Reconciliation, due_month
from lots.ledger.statement import statement
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth


@login_required
def index(request):
    if not access.has_perm_anywhere(request.user, VIEW):
        raise Http404
    filtered = LEDGERS.bind(request.user, request.GET)
    today = timezone.localdate()
    amount = BaseAmount.for_year(today.year)
    return render(
        request,
        "ledger/list.html",
        {
            "form": filtered.form,
            "page_obj": filtered.page(request.GET.get("page")),
            "query": list_query(request),
            "due_month": due_month(today),
            "base_amount": amount,
            "can_open": access.has_perm_anywhere(request.user, RECONCILE),
            "can_configure": access.has_perm_anywhere(request.user, CONFIGURE),
        },
        status=filtered.status,
    )


def headers() -> list[str]:
    return [
        _("Klientreferens"),
        _("Enhet"),
        _("Började"),
        _("Avslutades"),
        _("Saldo (kr)"),
        _("Attesterat saldo (kr)"),
        _("Poster"),
        _("Att attestera"),
        _("Senast avstämd månad"),
        _("Öppna uppgifter"),
    ]


def _row(ledger) -> list:
    return [
        ledger.reference,
        ledger.unit.name,
        ledger.opened_on,
        ledger.closed_on,
        ledger.balance / 100,
        ledger.attested_balance / 100,
        ledger.entry_count,
        ledger.unattested_count,
        f"{ledger.last_period:%Y-%m}" if ledger.last_period else "",
        ledger.open_tasks,
    ]


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file, in the list's order; the export and the ledgers in it are logged."""
    if fmt not in FORMATS or not access.has_perm_anywhere(request.user, VIEW):
        raise Http404
    filtered = LEDGERS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("ledger:index") + "?" + request.GET.urlencode())
    rows = [_row(ledger) for ledger in filtered.rows()]
    audit.record_export(actor=request.user, what=_("förmedlingar av egna medel"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"egna-medel-{timezone.localdate():%Y-%m-%d}", headers(), rows, title=_("Egna medel"))


@login_required
def create(request):
    units = access.visible_units(request.user, RECONCILE).open().order_by("path")
    if not units.exists():
        raise Http404
    form = LedgerForm(request.POST or None, units=units)

    def save(data):
        data = dict(data)
        confirmed = data.pop("integrity_confirmed", False)
        return services.ledger_open(actor=request.user, integrity_confirmed=confirmed, **data)

    return edit_form(
        request,
        form,
        save,
        template="ledger/form.html",
        context={"title": _("Ny förmedling av egna medel")},
        success=_("Förmedlingen är upplagd."),
        redirect_to=lambda ledger: ledger,
    )


def _attest_first(ledger) -> LedgerEntry | None:
    """The entry next in turn to attest, or None."""
    if ledger.attested_count >= ledger.entry_count:
        return None
    return ledger.entries.filter(sequence=ledger.attested_count + 1).select_related("entered_by").first()


@login_required
def detail(request, pk: int):
    ledger = get_ledger(request.user, pk)
    return _detail_page(request, ledger)


def _detail_page(request, ledger, *, status: int = 200, period_form=None, **forms):
    today = timezone.localdate()
    allowed = may(request.user, ledger)
    entries = list(ledger.entries.select_related("entered_by", "attested_by").order_by("-sequence")[:200])
    reconciliations = list(ledger.reconciliations.select_related("signed_by", "attested_by").order_by("-period")[:24])
    tasks = list(ledger.tasks.select_related("resolved_by").order_by("resolved_on", "-raised_on", "pk"))
    for task in tasks:
        task.form = forms.get(f"task{task.pk}") or TaskResolveForm(task=task)
    threshold = services.threshold_for(today)
    context = {
        "ledger": ledger,
        "entries": entries,
        "more_entries": ledger.entry_count > len(entries),
        "next_to_attest": _attest_first(ledger),
        "reconciliations": reconciliations,
        "tasks": tasks,
        "threshold": threshold,
        "above_threshold": threshold is not None and ledger.attested_balance > threshold,
        "overdue": type(ledger).objects.filter(pk=ledger.pk).reconciliation_overdue(today).exists(),
        "due_month": due_month(today),
        "period_form": period_form or PeriodForm(initial={"start": max(ledger.opened_on, today.replace(day=1)), "end": today}),
        "today": today,
        **allowed,
    }
    return render(request, "ledger/detail.html", context, status=status)


@login_required
def edit(request, pk: int):
    ledger = get_ledger(request.user, pk, RECONCILE)
    form = LedgerEditForm(
        request.POST or None, initial={"reference": ledger.reference, "purpose": ledger.purpose}, version=ledger.version
    )

    def save(data):
        data = without_version(data)
        confirmed = data.pop("integrity_confirmed", False)
        return services.ledger_update(
            actor=request.user, ledger=ledger, version=form.cleaned_data["version"], integrity_confirmed=confirmed, **data
        )

    return edit_form(
        request,
        form,
        save,
        template="ledger/form.html",
        context={"title": _("Ändra förmedlingen %(ref)s") % {"ref": ledger.reference}, "ledger": ledger},
        success=_("Ändringarna är sparade."),
        redirect_to=ledger,
        record=ledger,
    )


@login_required
def close(request, pk: int):
    ledger = get_ledger(request.user, pk, RECONCILE)
    form = CloseForm(request.POST or None, version=ledger.version)
    return edit_form(
        request,
        form,
        lambda data: services.ledger_close(
            actor=request.user, ledger=ledger, closed_on=data["closed_on"], version=data["version"]
        ),
        template="ledger/close.html",
        context={"ledger": ledger},
        success=_("Förmedlingen är avslutad."),
        redirect_to=ledger,
        record=ledger,
    )


@login_required
def entry_add(request, pk: int):
    ledger = get_ledger(request.user, pk, ENTER)
    form = EntryForm(request.POST or None, request.FILES or None)

    def save(data):
        return services.entry_add(
            actor=request.user,
            ledger=ledger,
            date=data["date"],
            description=data["description"],
            amount=form.signed_amount(),
            receipt=data.get("receipt"),
            integrity_confirmed=data.get("integrity_confirmed", False),
        )

    return edit_form(
        request,
        form,
        save,
        template="ledger/entry_form.html",
        context=lambda: {"ledger": ledger},
        success=lambda entry: (
            _(
                "Posten är bokförd. Saldo: %(balance)s. Den räknas i det attesterade saldot när en annan person "
                "har attesterat den."
            )
            % {"balance": kronor(entry.balance_after)}
        ),
        redirect_to=ledger,
    )


def _entry(request, pk: int, entry_pk: int, perm: str) -> LedgerEntry:
    ledger = get_ledger(request.user, pk, perm)
    entry = get_object_or_404(LedgerEntry, pk=entry_pk, ledger=ledger)
    entry.ledger = ledger
    return entry


@login_required
@require_POST
def entry_attest(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk, ATTEST)
    try:
        services.entry_attest(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry.ledger)
    messages.success(request, _("Post %(n)s är attesterad.") % {"n": entry.sequence})
    return redirect(entry.ledger)


@login_required
@require_POST
def entry_remove(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk, ENTER)
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry.ledger)
    messages.success(request, _("Post %(n)s är borttagen.") % {"n": entry.sequence})
    return redirect(entry.ledger)


@login_required
def receipt(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk, None)
    if not entry.receipt:
        raise Http404
    response = FileResponse(
        entry.receipt.open("rb"), content_type=entry.receipt_type, as_attachment=True, filename=entry.receipt_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def reconcile(request, pk: int):
    ledger = get_ledger(request.user, pk, RECONCILE)
    form = ReconciliationForm(request.POST or None)

    def save(data):
        data = dict(data)
        confirmed = data.pop("integrity_confirmed", False)
        return services.reconciliation_sign(actor=request.user, ledger=ledger, integrity_confirmed=confirmed, **data)

    return edit_form(
        request,
        form,
        save,
        template="ledger/reconcile.html",
        context=lambda: {"ledger": ledger},
        success=_("Avstämningen är signerad. En annan person ska attestera den."),
        redirect_to=ledger,
    )


@login_required
@require_POST
def reconciliation_attest(request, pk: int, reconciliation_pk: int):
    ledger = get_ledger(request.user, pk, RECONCILE)
    reconciliation = get_object_or_404(Reconciliation, pk=reconciliation_pk, ledger=ledger)
    try:
        services.reconciliation_attest(actor=request.user, reconciliation=reconciliation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(ledger)
    messages.success(request, _("Avstämningen är attesterad."))
    return redirect(ledger)


@login_required
@require_POST
def task_resolve(request, pk: int, task_pk: int):
    ledger = get_ledger(request.user, pk, RECONCILE)
    task = get_object_or_404(LedgerTask, pk=task_pk, ledger=ledger)
    form = TaskResolveForm(request.POST, task=task)

    def save(data):
        return services.task_resolve(
            actor=request.user, task=task, outcome=data["outcome"], integrity_confirmed=data.get("integrity_confirmed", False)
        )

    return edit_form(
        request,
        form,
        save,
        page=lambda status: _detail_page(request, ledger, status=status, **{f"task{task.pk}": form}),
        success=_("Uppgiften är klar."),
        redirect_to=ledger,
    )


@login_required
@require_recent_strong_auth
def statement_pdf(request, pk: int):
    """The client's statement for a period as PDF: the balance at the start, each entry, the balance at the end."""
    ledger = get_ledger(request.user, pk)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _detail_page(request, ledger, status=422, period_form=form)
    content = statement(ledger, form.cleaned_data["start"], form.cleaned_data["end"])
    context = {**content, "ledger": ledger, "made_at": timezone.now(), "made_by": request.user}
    pdf = render_pdf("ledger/statement_pdf.html", context)
    return pdf_response(pdf, f"kontoutdrag-{ledger.reference}-{form.cleaned_data['end']:%Y-%m-%d}.pdf")


@login_required
def base_amounts(request):
    if not access.has_perm_anywhere(request.user, CONFIGURE):
        raise PermissionDenied if access.has_perm_anywhere(request.user, VIEW) else Http404
    form = BaseAmountForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    return edit_form(
        request,
        form,
        lambda data: services.base_amount_save(actor=request.user, **data),
        template="ledger/base_amounts.html",
        context=lambda: {"amounts": BaseAmount.objects.all()},
        success=lambda row: _("Prisbasbeloppet för %(year)s är sparat.") % {"year": row.year},
        redirect_to=reverse("ledger:base_amounts"),
    )
