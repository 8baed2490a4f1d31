"""The agreement register: the list with filters and its export, one agreement with its parties, legal assessment,
document, reviews and acknowledgements, and the collaboration entries of processes and routines without one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.agreements import access as agreement_access
from lots.agreements import acknowledgements, services
from lots.agreements.collaborations import visible_entries
from lots.agreements.forms import (
    AgreementForm,
    CollaborationFilterForm,
    DocumentForm,
    LegalAssessmentForm,
    PartyForm,
    ReviewForm,
)
from lots.agreements.lists import AGREEMENTS
from lots.agreements.models import REVIEW_INTERVAL_MONTHS, Agreement, AgreementParty, AgreementReview
from lots.audit import services as audit
from lots.audit.versioning import ConcurrentEditError
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.lib.dates import add_months
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Unit


def _require_register(user) -> None:
    if not access.has_perm_anywhere(user, agreement_access.VIEW):
        raise Http404


def _filtered(request):
    _require_register(request.user)
    return AGREEMENTS.bind(request.user, request.GET)


@login_required
def index(request):
    filtered = _filtered(request)
    today = timezone.localdate()
    visible = agreement_access.visible(request.user)
    return render(
        request,
        "agreements/index.html",
        {
            "form": filtered.form,
            "page_obj": filtered.page(request.GET.get("page")),
            "query": list_query(request),
            "today": today,
            "figures": {
                "in_force": visible.in_force(today).count(),
                "review_overdue": visible.review_overdue(today).count(),
                "no_assessment": visible.without_assessment().count(),
                "collaboration_missing": visible_entries(request.user, missing=True).count(),
            },
            "can_create": access.has_perm_anywhere(request.user, agreement_access.CHANGE),
        },
        status=filtered.status,
    )


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


@login_required
def export(request, fmt: str):
    """The filtered register as Excel or CSV, audited; filters with errors send the person back to the list."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered(request)
    if not filtered.is_valid:
        return redirect(reverse("agreements:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    headers = [
        _("Överenskommelse"),
        _("Område"),
        _("Status"),
        _("Gäller i dag"),
        _("Parter"),
        _("Berörda enheter"),
        _("Ansvarig"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Nästa översyn"),
        _("Översynen försenad"),
        _("Rättslig bedömning"),
        _("Bedömd"),
        _("Bedömd av"),
        _("Dokument"),
        _("Syfte"),
        _("Uppföljning"),
        _("Följs upp av"),
    ]
    rows = [
        [
            a.title,
            a.area,
            a.get_status_display(),
            _yes_no(a.is_in_force(today)),
            "; ".join(f"{p.name} ({p.get_kind_display().lower()})" for p in a.parties.all()),
            ", ".join(u.name for u in a.units.all()),
            str(a.owner),
            a.valid_from,
            a.valid_until,
            a.review_date,
            _yes_no(a.review_is_overdue(today)),
            a.get_legal_conclusion_display(),
            a.legal_assessed_on,
            str(a.legal_assessed_by) if a.legal_assessed_by_id else "",
            a.document_name,
            a.purpose,
            a.follow_up,
            a.follow_up_by,
        ]
        for a in filtered.rows()
    ]
    audit.record_export(actor=request.user, what=_("samverkansöverenskommelser"), count=len(rows), query=request.GET.urlencode())
    return table_response(
        fmt, f"samverkansoverenskommelser-{today:%Y-%m-%d}", headers, rows, title=_("Samverkansöverenskommelser")
    )


@login_required
def detail(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk)
    user = request.user
    today = timezone.localdate()
    statuses = acknowledgements.status_by_unit(agreement)
    confirmed, asked = acknowledgements.totals(statuses)
    can_edit = agreement_access.can_change(user, agreement)
    may_acknowledge = agreement_access.may_acknowledge(user, agreement)
    entries = visible_entries(user)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "parties": list(agreement.parties.all()),
            "reviews": agreement.reviews.select_related("reviewed_by"),
            "statuses": statuses,
            "confirmed": confirmed,
            "asked": asked,
            "can_edit": can_edit,
            "may_acknowledge": may_acknowledge,
            "has_confirmed": may_acknowledge and acknowledgements.has_confirmed(user, agreement),
            "gaps": services.activation_gaps(agreement) if agreement.status == Agreement.Status.DRAFT else [],
            "today": today,
            "overdue": agreement.review_is_overdue(today),
            "in_force": agreement.is_in_force(today),
            "collaborations": entries.processes.filter(linked_agreement=agreement),
            "routine_collaborations": entries.routines.filter(linked_agreement=agreement),
        },
    )


def _owner_units(user, agreement: Agreement | None = None):
    """Units the person may choose: where they may change agreements, and the agreement's own units."""
    changeable = agreement_access.changeable_units(user).values("pk")
    condition = Q(pk__in=changeable)
    if agreement is not None:
        condition |= Q(pk__in=agreement.units.values("pk"))
    return Unit.objects.filter(condition).select_related("municipality").order_by("municipality__name", "path")


@login_required
def create(request):
    units = _owner_units(request.user)
    if not units.exists():
        if access.has_perm_anywhere(request.user, agreement_access.VIEW):
            raise PermissionDenied
        raise Http404
    form = AgreementForm(request.POST or None, units=units, initial={"owner": request.user, "make_known": True})

    def save(data):
        data = without_version(data)
        return services.agreement_create(actor=request.user, municipality=data["units"][0].municipality, **data)

    return edit_form(
        request,
        form,
        save,
        template="agreements/form.html",
        context={"agreement": None},
        success=_("Överenskommelsen är registrerad som utkast. Lägg till parterna och den rättsliga bedömningen."),
        redirect_to=lambda created: reverse("agreements:detail", args=[created.pk]),
    )


@login_required
def edit(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    if agreement.is_ended:
        messages.error(request, _("En avslutad överenskommelse kan inte ändras."))
        return redirect(agreement)
    fields = sorted(services.EDITABLE)
    initial = {name: getattr(agreement, name) for name in fields}
    initial["units"] = list(agreement.units.all())
    form = AgreementForm(request.POST or None, units=_owner_units(request.user, agreement), initial=initial)
    form.add_version_field(agreement.version)

    def save(data):
        added = set(data["units"]) - set(agreement.units.all())
        if any(not access.can(request.user, agreement_access.CHANGE, unit) for unit in added):
            raise ValidationError({"units": _("Du har inte behörighet till en av enheterna du lade till.")})
        values = without_version(data)
        return services.agreement_update(actor=request.user, agreement=agreement, expected_version=data["version"], **values)

    return edit_form(
        request,
        form,
        save,
        template="agreements/form.html",
        context={"agreement": agreement},
        success=_("Ändringarna är sparade."),
        redirect_to=agreement,
        record=agreement,
    )


@login_required
def assess(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    initial = {
        "assessed_by": agreement.legal_assessed_by,
        "assessed_on": agreement.legal_assessed_on or timezone.localdate(),
        "conclusion": agreement.legal_conclusion or None,
        "reasoning": agreement.legal_reasoning,
    }
    form = LegalAssessmentForm(request.POST or None, municipality=agreement.municipality, initial=initial)
    form.add_version_field(agreement.version)
    return edit_form(
        request,
        form,
        lambda data: services.legal_assessment_record(
            actor=request.user, agreement=agreement, expected_version=data["version"], **without_version(data)
        ),
        template="agreements/assess.html",
        context={"agreement": agreement},
        success=_("Den rättsliga bedömningen är sparad."),
        redirect_to=agreement,
        record=agreement,
    )


def _posted_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _transition(request, pk: int, service, success: str):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    try:
        service(actor=request.user, agreement=agreement, expected_version=_posted_version(request))
    except ConcurrentEditError:
        messages.error(request, _("Någon annan har ändrat överenskommelsen under tiden. Se över den och försök igen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(agreement)


@login_required
@require_POST
def activate(request, pk: int):
    return _transition(request, pk, services.agreement_activate, _("Överenskommelsen gäller nu."))


@login_required
@require_POST
def end(request, pk: int):
    return _transition(request, pk, services.agreement_end, _("Överenskommelsen är avslutad."))


@login_required
def review(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    if not agreement.is_active:
        messages.error(request, _("Bara en gällande överenskommelse ses över."))
        return redirect(agreement)
    today = timezone.localdate()
    initial = {
        "reviewed_on": today,
        "reviewed_by": request.user,
        "outcome": AgreementReview.Outcome.CONTINUE,
        "next_review_date": add_months(today, REVIEW_INTERVAL_MONTHS),
    }
    form = ReviewForm(request.POST or None, municipality=agreement.municipality, initial=initial)
    form.add_version_field(agreement.version)
    return edit_form(
        request,
        form,
        lambda data: services.review_record(
            actor=request.user, agreement=agreement, expected_version=data["version"], **without_version(data)
        ),
        template="agreements/review.html",
        context={"agreement": agreement},
        success=_("Översynen är sparad."),
        redirect_to=agreement,
        record=agreement,
    )


@login_required
def document_upload(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return edit_form(
        request,
        form,
        lambda data: services.document_attach(actor=request.user, agreement=agreement, upload=data["document"]),
        template="agreements/document.html",
        context={"agreement": agreement},
        success=_("Dokumentet är sparat."),
        redirect_to=agreement,
    )


@login_required
def document_download(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=agreement.document_name, content_type=agreement.document_content_type
    )


def _party(request, pk: int) -> AgreementParty:
    party = get_object_or_404(AgreementParty.objects.select_related("agreement"), pk=pk)
    agreement_access.get_agreement(request.user, party.agreement_id, write=True)
    return party


@login_required
def party_create(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk, write=True)
    form = PartyForm(request.POST or None)
    form.add_version_field(agreement.version)
    return edit_form(
        request,
        form,
        lambda data: services.party_add(
            actor=request.user, agreement=agreement, expected_version=data["version"], **without_version(data)
        ),
        template="agreements/party_form.html",
        context={"agreement": agreement, "party": None},
        success=_("Parten är tillagd."),
        redirect_to=agreement,
        record=agreement,
    )


@login_required
def party_edit(request, pk: int):
    party = _party(request, pk)
    form = PartyForm(request.POST or None, initial={name: getattr(party, name) for name in services.PARTY_FIELDS})
    form.add_version_field(party.agreement.version)
    return edit_form(
        request,
        form,
        lambda data: services.party_update(
            actor=request.user, party=party, expected_version=data["version"], **without_version(data)
        ),
        template="agreements/party_form.html",
        context={"agreement": party.agreement, "party": party},
        success=_("Ändringarna är sparade."),
        redirect_to=party.agreement,
        record=party.agreement,
    )


@login_required
@require_POST
def party_delete(request, pk: int):
    party = _party(request, pk)
    try:
        services.party_remove(actor=request.user, party=party, expected_version=_posted_version(request))
    except ConcurrentEditError:
        messages.error(request, _("Någon annan har ändrat överenskommelsen under tiden. Se över den och försök igen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Parten %(name)s är borttagen.") % {"name": party.name})
    return redirect(party.agreement)


@login_required
@require_POST
def acknowledge(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk)
    if not agreement_access.may_acknowledge(request.user, agreement):
        raise PermissionDenied
    try:
        services.agreement_acknowledge(actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tack! Du har bekräftat att du har läst överenskommelsen."))
    return redirect(agreement)


@login_required
def acknowledgement_report(request, pk: int):
    agreement = agreement_access.get_agreement(request.user, pk)
    statuses = acknowledgements.status_by_unit(agreement)
    confirmed, asked = acknowledgements.totals(statuses)
    may_see_names = agreement_access.can_change(request.user, agreement)
    rows = [{"status": s, "names": may_see_names or access.can(request.user, "person.view", s.unit)} for s in statuses]
    return render(
        request,
        "agreements/acknowledgements.html",
        {"agreement": agreement, "rows": rows, "confirmed": confirmed, "asked": asked},
    )


@login_required
def collaborations(request):
    """Collaboration entries of the processes and routines the person sees, with the agreement each rests on; the
    process register's figure links here with ``missing``."""
    if not (access.has_perm_anywhere(request.user, "process.view") or access.has_perm_anywhere(request.user, "routine.view")):
        raise Http404
    units = access.visible_units(request.user, "process.view").open().select_related("municipality").order_by("path")
    form = CollaborationFilterForm(request.GET or None, units=units)
    entries = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {"unit": None, "missing": False}
        entries = visible_entries(request.user, unit=data["unit"], missing=data["missing"])
    return render(
        request,
        "agreements/collaborations.html",
        {
            "form": form,
            "process_entries": list(entries.processes) if entries else [],
            "routine_entries": list(entries.routines) if entries else [],
        },
        status=200 if entries is not None else 422,
    )
