"""Contracts (*avtal*) with providers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access as lots_access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Municipality, Provider
from lots.requirements import access, services
from lots.requirements.forms import ContractForm
from lots.requirements.lists import CONTRACTS
from lots.requirements.models import Catalogue, Contract, FollowUp
from lots.requirements.views.common import list_query, posted

FIELDS = [
    "title",
    "reference",
    "scope",
    "starts_on",
    "ends_on",
    "annual_cost",
    "cost_terms",
    "quality_levels",
    "responsible_unit",
    "follow_up_by",
    "catalogue",
    "police_check_on",
    "social_check_on",
    "check_interval_months",
]


def _contracts(request):
    """The contract list as the person sees it (it has no filters); 404 without ``contract.view``."""
    if not lots_access.has_perm_anywhere(request.user, "contract.view"):
        raise Http404
    return CONTRACTS.bind(request.user, request.GET)


@login_required
def contract_list(request):
    return render(
        request,
        "requirements/contract_list.html",
        {
            "page_obj": _contracts(request).page(request.GET.get("page")),
            "today": timezone.localdate(),
            "can_create": bool(access.change_municipality_ids(request.user, "contract.change")),
            "query": list_query(request),
        },
    )


def _period_status(contract: Contract, today) -> str:
    if contract.starts_on > today:
        return _("Ej påbörjat")
    if contract.ends_on and contract.ends_on < today:
        return _("Avslutat")
    return _("Pågår")


@login_required
def contract_export(request, fmt: str):
    """The contract list as Excel or CSV: the same contracts in the same order, with what a follow-up plan needs."""
    if fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    headers = [
        _("Utförare"),
        _("Typ av utförare"),
        _("Organisationsnummer"),
        _("Avtal"),
        _("Avtalsnummer"),
        _("Omfattning"),
        _("Gäller från"),
        _("Gäller till och med"),
        _("Status"),
        _("Kostnad per år (kr)"),
        _("Beställande enhet"),
        _("Följs upp av"),
        _("Kravkatalog"),
        _("Nästa kontroll i belastningsregistret"),
        _("Nästa kontroll i socialtjänstens register"),
    ]
    rows = [
        [
            c.provider.name,
            c.provider.get_kind_display(),
            c.provider.organisation_number,
            c.title,
            c.reference,
            c.scope,
            c.starts_on,
            c.ends_on,
            _period_status(c, today),
            int(c.annual_cost) if c.annual_cost is not None else None,
            c.responsible_unit.name,
            str(c.follow_up_by) if c.follow_up_by else "",
            c.catalogue.title if c.catalogue else "",
            c.next_police_check,
            c.next_social_check,
        ]
        for c in _contracts(request).rows()
    ]
    audit.record_export(actor=request.user, what=_("avtal"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"avtal-{today:%Y-%m-%d}", headers, rows, title=_("Avtal med utförare"))


@login_required
def contract_detail(request, pk: int):
    contract = access.get_contract(request.user, pk)
    follow_ups = list(
        access.follow_ups_visible(request.user).filter(contract=contract).select_related("catalogue_version__catalogue")
    )
    return render(
        request,
        "requirements/contract_detail.html",
        {
            "contract": contract,
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
            "can_edit": access.can_change_contract(request.user, contract),
            "can_follow_up": access.can_change_follow_up(request.user, FollowUp(provider=contract.provider)),
        },
    )


def _form_options(user, municipality: Municipality):
    providers = Provider.objects.filter(municipality=municipality, closed_at__isnull=True).order_by("name")
    catalogues = (
        Catalogue.objects.filter(access.catalogue_q(user))
        .filter(Q(municipality__isnull=True) | Q(municipality=municipality))
        .order_by("title")
    )
    return providers, catalogues


@login_required
def contract_create(request):
    ids = access.change_municipality_ids(request.user, "contract.change")
    if not ids:
        if lots_access.has_perm_anywhere(request.user, "contract.view"):
            raise PermissionDenied
        raise Http404
    municipalities = Municipality.objects.filter(pk__in=ids).order_by("name")
    chosen = Provider.objects.filter(pk=request.GET.get("utforare") or 0, municipality__in=municipalities).first()
    municipality = chosen.municipality if chosen else municipalities.first()
    providers, catalogues = _form_options(request.user, municipality)
    initial = {"provider": chosen} if chosen else {}
    form = ContractForm(posted(request), initial=initial, municipality=municipality, providers=providers, catalogues=catalogues)
    return edit_form(
        request,
        form,
        lambda data: services.contract_create(
            actor=request.user, provider=data["provider"], **{name: data[name] for name in FIELDS}
        ),
        template="requirements/contract_form.html",
        context={"contract": None},
        success=_("Avtalet är registrerat."),
        redirect_to=lambda contract: reverse("requirements:contract", args=[contract.pk]),
    )


@login_required
def contract_edit(request, pk: int):
    contract = access.get_contract(request.user, pk, write=True)
    providers, catalogues = _form_options(request.user, contract.provider.municipality)
    initial = {name: getattr(contract, name) for name in FIELDS} | {"provider": contract.provider}
    form = ContractForm(
        posted(request),
        initial=initial,
        municipality=contract.provider.municipality,
        providers=Provider.objects.filter(pk=contract.provider_id),
        catalogues=catalogues,
    )
    form.fields["provider"].disabled = True
    form.add_version_field(contract.version)
    return edit_form(
        request,
        form,
        lambda data: services.contract_update(
            actor=request.user,
            contract=contract,
            expected_version=data["version"],
            **{name: data[name] for name in FIELDS},
        ),
        template="requirements/contract_form.html",
        context={"contract": contract},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("requirements:contract", args=[contract.pk]),
        record=contract,
    )
