"""The quality coordinator's sign-in settings: the municipality's identity providers, who is linked to which
identifier there, group mappings, and the switches for local passwords and a second factor for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.core.editing import edit_form
from lots.identity import services
from lots.identity.forms import GroupMappingForm, IdentityForm, MunicipalitySignInForm, ProviderForm
from lots.identity.models import ExternalIdentity, GroupRoleMapping, IdentityProvider
from lots.organisation.models import Municipality, Unit

PERM = "identity.configure"


def configurable(user) -> list[Municipality]:
    """The municipalities whose sign-in the person configures: ``identity.configure`` on the top unit."""
    tops = Unit.objects.filter(parent__isnull=True, closed_at__isnull=True).select_related("municipality")
    return sorted({u.municipality for u in tops if access.can(user, PERM, u)}, key=lambda m: (m.name, m.pk))


def _provider(user, pk: int) -> IdentityProvider:
    """The provider if it belongs to a municipality the person configures; 404 alike for missing and not theirs."""
    ids = [m.pk for m in configurable(user)]
    provider = IdentityProvider.objects.select_related("municipality").filter(pk=pk, municipality_id__in=ids).first()
    if provider is None:
        raise Http404
    return provider


def _municipalities_or_404(user) -> list[Municipality]:
    found = configurable(user)
    if not found:
        raise Http404
    return found


@login_required
def index(request):
    municipalities = _municipalities_or_404(request.user)
    providers = IdentityProvider.objects.filter(municipality__in=municipalities).select_related("municipality")
    return render(
        request,
        "identity/index.html",
        {
            "rows": [
                {
                    "municipality": m,
                    "form": MunicipalitySignInForm(municipality=m),
                    "providers": [p for p in providers if p.municipality_id == m.pk],
                }
                for m in municipalities
            ]
        },
    )


@login_required
def municipality_settings(request, pk: int):
    municipalities = _municipalities_or_404(request.user)
    municipality = next((m for m in municipalities if m.pk == pk), None)
    if municipality is None:
        raise Http404
    form = MunicipalitySignInForm(request.POST or None, municipality=municipality)
    return edit_form(
        request,
        form,
        lambda data: services.municipality_sign_in_update(
            actor=request.user,
            municipality=municipality,
            expected_version=data["version"],
            local_passwords_allowed=data["local_passwords_allowed"],
            second_factor_for_all=data["second_factor_for_all"],
        ),
        template="identity/municipality_form.html",
        context={"municipality": municipality},
        success=_("Inloggningsinställningarna för %(m)s är sparade.") % {"m": municipality.name},
        redirect_to=reverse("identity:index"),
        record=municipality,
    )


@login_required
def provider_create(request):
    municipalities = _municipalities_or_404(request.user)
    queryset = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
    form = ProviderForm(request.POST or None, municipalities=queryset)
    return edit_form(
        request,
        form,
        lambda data: services.provider_create(
            actor=request.user, municipality=data["municipality"], config=form.config(), **form.fields_for_service()
        ),
        template="identity/provider_form.html",
        context={"provider": None},
        success=_("Identitetstjänsten är upplagd."),
        redirect_to=lambda provider: reverse("identity:provider", args=[provider.pk]),
    )


def _provider_page(request, provider, *, form=None, identity_form=None, mapping_form=None, status=200):
    queryset = Municipality.objects.filter(pk=provider.municipality_id)
    units = Unit.objects.filter(municipality=provider.municipality).open().order_by("path")
    return render(
        request,
        "identity/provider_detail.html",
        {
            "provider": provider,
            "form": form or ProviderForm(municipalities=queryset, provider=provider),
            "identity_form": identity_form or IdentityForm(people=access.people_in([provider.municipality])),
            "mapping_form": mapping_form or GroupMappingForm(units=units),
            "identities": provider.identities.select_related("user").order_by("user__first_name", "user__last_name"),
            "mappings": provider.group_mappings.select_related("unit").order_by("group", "role"),
            "login_url": request.build_absolute_uri(reverse("identity:oidc_callback")) if provider.protocol == "oidc" else "",
        },
        status=status,
    )


@login_required
def provider_detail(request, pk: int):
    provider = _provider(request.user, pk)
    queryset = Municipality.objects.filter(pk=provider.municipality_id)
    form = ProviderForm(request.POST or None, municipalities=queryset, provider=provider)
    return edit_form(
        request,
        form,
        lambda data: services.provider_update(
            actor=request.user,
            provider=provider,
            expected_version=data["version"],
            config=form.config(),
            **form.fields_for_service(),
        ),
        page=lambda status: _provider_page(request, provider, form=form, status=status),
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("identity:provider", args=[provider.pk]),
        record=provider,
    )


@login_required
@require_POST
def identity_add(request, pk: int):
    provider = _provider(request.user, pk)
    form = IdentityForm(request.POST, people=access.people_in([provider.municipality]))
    return edit_form(
        request,
        form,
        lambda data: services.identity_link(actor=request.user, provider=provider, user=data["user"], subject=data["subject"]),
        page=lambda status: _provider_page(request, provider, identity_form=form, status=status),
        success=lambda identity: _("%(person)s är kopplad till %(provider)s.") % {"person": identity.user, "provider": provider},
        redirect_to=reverse("identity:provider", args=[provider.pk]) + "#identities-heading",
    )


@login_required
@require_POST
def identity_remove(request, pk: int, identity_pk: int):
    provider = _provider(request.user, pk)
    identity = ExternalIdentity.objects.select_related("user", "provider").filter(pk=identity_pk, provider=provider).first()
    if identity is None:
        raise Http404
    services.identity_unlink(actor=request.user, identity=identity)
    messages.success(
        request,
        _("Kopplingen är borttagen; %(person)s kan inte längre logga in via %(provider)s.")
        % {"person": identity.user, "provider": provider},
    )
    return redirect(reverse("identity:provider", args=[provider.pk]) + "#identities-heading")


@login_required
@require_POST
def mapping_add(request, pk: int):
    provider = _provider(request.user, pk)
    units = Unit.objects.filter(municipality=provider.municipality).open().order_by("path")
    form = GroupMappingForm(request.POST, units=units)
    return edit_form(
        request,
        form,
        lambda data: services.group_mapping_create(
            actor=request.user,
            provider=provider,
            group=data["group"],
            role=data["role"],
            unit=data["unit"],
            include_subunits=data["include_subunits"],
        ),
        page=lambda status: _provider_page(request, provider, mapping_form=form, status=status),
        success=_("Gruppen ger nu rollen vid nästa inloggning."),
        redirect_to=reverse("identity:provider", args=[provider.pk]) + "#mappings-heading",
    )


@login_required
@require_POST
def mapping_remove(request, pk: int, mapping_pk: int):
    provider = _provider(request.user, pk)
    mapping = GroupRoleMapping.objects.select_related("unit").filter(pk=mapping_pk, provider=provider).first()
    if mapping is None:
        raise Http404
    services.group_mapping_delete(actor=request.user, mapping=mapping)
    messages.success(request, _("Mappningen är borttagen; roller den gav avslutas vid personens nästa inloggning."))
    return redirect(reverse("identity:provider", args=[provider.pk]) + "#mappings-heading")
