from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.core.lists import ListDefinition, NoFilters
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation import services
from lots.organisation.forms import MunicipalityForm, ProviderForm, UnitCloseForm, UnitForm, UnitMoveForm
from lots.organisation.models import Municipality, Provider, Unit


def _nest(units: list[Unit]) -> list[dict]:
    """Turn a path-ordered list into nested nodes; a unit whose parent is out of scope starts a new root."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for unit in units:
        node = {"unit": unit, "children": []}
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


@login_required
def tree(request):
    show_closed = request.GET.get("stangda") == "1"
    units = access.visible_units(request.user).select_related("municipality").prefetch_related("serves")
    if not show_closed:
        units = units.open()
    units = list(
        units.annotate(
            people=Count("assignments__user", distinct=True, filter=access.current_q("assignments__") & Q(closed_at__isnull=True))
        ).order_by("municipality__name", "path")
    )
    by_municipality: dict = {}
    for unit in units:
        by_municipality.setdefault(unit.municipality, []).append(unit)
    # Units of other municipalities that serve one whose tree the person sees are listed under it.
    shared: dict = {}
    for unit in access.shared_units(request.user).select_related("municipality").prefetch_related("serves"):
        for served in unit.serves.all():
            shared.setdefault(served.pk, []).append(unit)
    groups = [
        {"municipality": m, "roots": _nest(us), "shared": sorted(shared.get(m.pk, []), key=lambda u: u.name)}
        for m, us in by_municipality.items()
    ]
    return render(
        request,
        "organisation/tree.html",
        {
            "groups": groups,
            "show_closed": show_closed,
            "can_manage": access.has_perm_anywhere(request.user, "unit.change"),
            "can_see_providers": access.has_perm_anywhere(request.user, "provider.view"),
            "can_create_municipality": access.may_create_municipality(request.user),
        },
    )


@login_required
def municipality_create(request):
    """The installation's administrator creates a municipality and its settings, with the board at the top of its
    tree; the municipality's quality coordinator takes it from there."""
    if not access.may_create_municipality(request.user):
        raise Http404
    form = MunicipalityForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.municipality_create(actor=request.user, **data),
        template="organisation/municipality_form.html",
        context={"municipalities": Municipality.objects.order_by("name")},
        success=lambda m: _("Kommunen %(name)s är skapad. Ge en kvalitetssamordnare en roll på nämnden.") % {"name": m.name},
        redirect_to=reverse("organisation:tree"),
    )


def _unit(request, pk, write=False) -> Unit:
    try:
        return access.get_object(
            Unit.objects.select_related("municipality", "parent"),
            request.user,
            pk,
            view="unit.view",
            change="unit.change",
            write=write,
            field=None,
        )
    except Http404:
        # A unit shared with a municipality whose tree the person sees opens for reading.
        shared = (
            access.shared_units(request.user).select_related("municipality", "parent").filter(pk=pk).first()
            if not write
            else None
        )
        if shared is None:
            raise
        return shared


def _with_can_open(user, units) -> list[Unit]:
    """The units, each with ``can_open``: the unit page opens for the person, so it is linked only then."""
    units = list(units)
    for u in units:
        u.can_open = access.can(user, "unit.view", u)
    return units


@login_required
def unit_detail(request, pk: int):
    unit = _unit(request, pk)
    people = access.assignments_at([unit]) if access.can(request.user, "person.view", unit) else None
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "ancestors": _with_can_open(request.user, unit.ancestors()),
            "children": _with_can_open(request.user, unit.children.order_by("name")),
            "people": people,
            "can_edit": access.can(request.user, "unit.change", unit),
        },
    )


@login_required
def unit_create(request, parent_pk: int):
    parent = _unit(request, parent_pk, write=True)
    form = UnitForm(request.POST or None, municipality=parent.municipality)
    return edit_form(
        request,
        form,
        lambda data: services.unit_create(
            actor=request.user,
            municipality=parent.municipality,
            parent=parent,
            name=data["name"],
            public_name=data["public_name"],
            kind=data["kind"],
            code=data["code"],
            serves=list(data["serves"]),
        ),
        template="organisation/unit_form.html",
        context={"parent": parent, "unit": None},
        success=lambda unit: _("Enheten %(name)s är skapad.") % {"name": unit.name},
        redirect_to=lambda unit: reverse("organisation:unit", args=[unit.pk]),
    )


@login_required
def unit_edit(request, pk: int):
    unit = _unit(request, pk, write=True)
    initial = {
        "name": unit.name,
        "public_name": unit.public_name,
        "kind": unit.kind,
        "code": unit.code,
        "serves": unit.serves.all(),
    }
    form = UnitForm(request.POST or None, initial=initial, municipality=unit.municipality)
    form.add_version_field(unit.version)
    return edit_form(
        request,
        form,
        lambda data: services.unit_update(
            actor=request.user,
            unit=unit,
            expected_version=data["version"],
            name=data["name"],
            public_name=data["public_name"],
            kind=data["kind"],
            code=data["code"],
            serves=list(data["serves"]),
        ),
        template="organisation/unit_form.html",
        context=lambda: {"unit": unit, "parent": unit.parent},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("organisation:unit", args=[unit.pk]),
        record=unit,
    )


@login_required
def unit_move(request, pk: int):
    unit = _unit(request, pk, write=True)
    if unit.parent is None:
        raise Http404
    form = UnitMoveForm(request.POST or None, unit=unit, initial={"parent": unit.parent})
    form.add_version_field(unit.version)

    def move(data):
        if not access.can(request.user, "unit.change", data["parent"]):
            raise ValidationError({"parent": _("Du har inte behörighet till den enheten.")})
        return services.unit_move(actor=request.user, unit=unit, new_parent=data["parent"], expected_version=data["version"])

    return edit_form(
        request,
        form,
        move,
        template="organisation/unit_move.html",
        context={"unit": unit},
        success=_("Enheten är flyttad."),
        redirect_to=reverse("organisation:unit", args=[unit.pk]),
        record=unit,
    )


@login_required
def unit_close(request, pk: int):
    unit = _unit(request, pk, write=True)
    form = UnitCloseForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.unit_close(actor=request.user, unit=unit, closed_at=data["closed_at"]),
        template="organisation/unit_close.html",
        context={"unit": unit},
        success=_("Enheten är stängd. Dess historik finns kvar."),
        redirect_to=reverse("organisation:unit", args=[unit.pk]),
    )


@login_required
def unit_reopen(request, pk: int):
    unit = _unit(request, pk, write=True)
    if request.method != "POST":
        return redirect("organisation:unit", pk=unit.pk)
    try:
        services.unit_reopen(actor=request.user, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enheten är öppen igen."))
    return redirect("organisation:unit", pk=unit.pk)


def _providers_in_scope(user):
    return access.scope_providers(Provider.objects.all(), user, "provider.view", field=None)


PROVIDERS = ListDefinition(
    name="Providers",
    form=NoFilters,
    scope=_providers_in_scope,
    ordering=("name", "pk"),
    load=lambda providers, user: providers.select_related("municipality"),
)


def _visible_providers(request):
    """The provider list as the person sees it (it has no filters). 404 for people without ``provider.view``."""
    if not access.has_perm_anywhere(request.user, "provider.view"):
        raise Http404
    return PROVIDERS.bind(request.user, request.GET)


@login_required
def providers(request):
    page = _visible_providers(request).page(request.GET.get("page"))
    municipalities = access.municipalities_with(request.user, "provider.change")
    return render(
        request,
        "organisation/providers.html",
        {"page_obj": page, "create_in": municipalities, "query": list_query(request)},
    )


PROVIDER_HEADERS = [
    gettext_lazy("Namn"),
    gettext_lazy("Organisationsnummer"),
    gettext_lazy("Kommun"),
    gettext_lazy("Typ"),
    gettext_lazy("Kontaktperson"),
    gettext_lazy("E-post"),
    gettext_lazy("Telefon"),
    gettext_lazy("Aktiv"),
    gettext_lazy("Avslutad från"),
]


@login_required
def providers_export(request, fmt: str):
    """The providers the list shows, as Excel or CSV (``fmt``: xlsx or csv; other formats are a 404). A provider is
    active until its closing date. The export is logged."""
    if fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    rows = [
        [
            p.name,
            p.organisation_number,
            p.municipality.name,
            p.get_kind_display(),
            p.contact_name,
            p.contact_email,
            p.contact_phone,
            _("Ja") if p.closed_at is None or p.closed_at > today else _("Nej"),
            p.closed_at,
        ]
        for p in _visible_providers(request).rows()
    ]
    audit.record_export(actor=request.user, what=gettext_lazy("externa utförare"), count=len(rows), query=request.GET.urlencode())
    headers = [str(h) for h in PROVIDER_HEADERS]
    return table_response(fmt, f"utforare-{today:%Y-%m-%d}", headers, rows, title=_("Externa utförare"))


def _provider(request, pk, write=False) -> Provider:
    try:
        provider = access.scope_providers(
            Provider.objects.select_related("municipality"), request.user, "provider.view", field=None
        ).get(pk=pk)
    except (Provider.DoesNotExist, ValueError):
        raise Http404 from None
    if write and not access.can_provider(request.user, "provider.change", provider):
        raise PermissionDenied
    return provider


@login_required
def provider_detail(request, pk: int):
    provider = _provider(request, pk)
    from lots.requirements.access import contracts_visible  # the provider's contracts, as the person may read them

    contracts = contracts_visible(request.user).filter(provider=provider).select_related("follow_up_by")
    return render(
        request,
        "organisation/provider_detail.html",
        {
            "provider": provider,
            "can_edit": access.can_provider(request.user, "provider.change", provider),
            "contracts": contracts.order_by("-starts_on", "pk"),
            "today": timezone.localdate(),
        },
    )


@login_required
def provider_create(request, municipality_slug: str):
    allowed = {m.slug: m for m in access.municipalities_with(request.user, "provider.change")}
    municipality = allowed.get(municipality_slug)
    if municipality is None:
        raise Http404
    form = ProviderForm(request.POST or None)
    return edit_form(
        request,
        form,
        lambda data: services.provider_create(actor=request.user, municipality=municipality, **data),
        template="organisation/provider_form.html",
        context={"municipality": municipality, "provider": None},
        success=lambda provider: _("Utföraren %(name)s är registrerad.") % {"name": provider.name},
        redirect_to=lambda provider: reverse("organisation:provider", args=[provider.pk]),
    )


@login_required
def provider_edit(request, pk: int):
    provider = _provider(request, pk, write=True)
    fields = ["name", "organisation_number", "kind", "contact_name", "contact_email", "contact_phone"]
    form = ProviderForm(request.POST or None, initial={f: getattr(provider, f) for f in fields})
    form.add_version_field(provider.version)
    return edit_form(
        request,
        form,
        lambda data: services.provider_update(
            actor=request.user, provider=provider, expected_version=data["version"], **without_version(data)
        ),
        template="organisation/provider_form.html",
        context={"municipality": provider.municipality, "provider": provider},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("organisation:provider", args=[provider.pk]),
        record=provider,
    )
