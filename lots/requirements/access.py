"""Who may see and do what with catalogues, contracts, follow-ups and demanded actions.

Built on lots.access: follow-ups of external providers are scoped like providers
(municipal roles see their municipality's; an external provider's users see only
their own provider), follow-ups of internal units like any unit record. Shared
catalogues (shipped with Lots) are readable by everyone with ``catalogue.view``;
a municipality's own catalogues only within that municipality.

An external provider's users see their follow-up, fill in its self-assessment
and answer its demanded actions; they see the municipality's assessments only
once the follow-up is completed and the report is sent.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lots import access
from lots.access.policy import roles_with
from lots.accounts.models import Role
from lots.requirements.models import Assessment, Catalogue, Contract, DemandedAction, FollowUp


def municipality_ids(user, perm: str) -> set[int]:
    """Municipalities where the person holds ``perm``: through a unit there, or (external providers) their provider."""
    roles = roles_with(perm)
    own_providers = {a.provider.municipality_id for a in access.assignments_of(user) if a.provider_id and a.role in roles}
    return set(access.municipality_ids_with(user, perm)) | own_providers


def change_municipality_ids(user, perm: str) -> set[int]:
    """Municipalities where the person holds ``perm`` through a municipal unit (never through a provider)."""
    return set(access.municipality_ids_with(user, perm))


def provider_ids(user) -> set[int]:
    """The providers the person works for (role extern utförare)."""
    return {a.provider_id for a in access.assignments_of(user) if a.provider_id and a.role == Role.EXTERN_UTFORARE}


# --- Catalogues ---------------------------------------------------------------


def catalogue_q(user, perm: str = "catalogue.view") -> Q:
    condition = Q(pk__in=[])
    if access.has_perm_anywhere(user, perm):
        condition |= Q(municipality__isnull=True)
    municipalities = municipality_ids(user, perm)
    if municipalities:
        condition |= Q(municipality_id__in=sorted(municipalities))
    return condition


def catalogues_visible(user) -> QuerySet:
    return Catalogue.objects.filter(catalogue_q(user))


def can_change_catalogue(user, catalogue: Catalogue) -> bool:
    """A municipality's own catalogues are changed by its quality staff; shared ones only through their files."""
    return catalogue.municipality_id is not None and catalogue.municipality_id in change_municipality_ids(
        user, "catalogue.change"
    )


def get_catalogue(user, pk, *, write: bool = False) -> Catalogue:
    try:
        catalogue = catalogues_visible(user).select_related("municipality").get(pk=pk)
    except (Catalogue.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_change_catalogue(user, catalogue):
        raise PermissionDenied
    return catalogue


# --- Contracts ------------------------------------------------------------------


def contracts_visible(user) -> QuerySet:
    return access.scope_providers(Contract.objects.all(), user, "contract.view")


def can_change_contract(user, contract: Contract) -> bool:
    return access.can_provider(user, "contract.change", contract.provider)


def get_contract(user, pk, *, write: bool = False) -> Contract:
    try:
        contract = contracts_visible(user).select_related("provider", "provider__municipality", "responsible_unit").get(pk=pk)
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_change_contract(user, contract):
        raise PermissionDenied
    return contract


# --- Follow-ups -------------------------------------------------------------------


def follow_up_q(user, perm: str = "followup.view", prefix: str = "") -> Q:
    return access.provider_q(user, perm, field=f"{prefix}provider") | access.unit_q(user, perm, field=f"{prefix}unit")


def follow_ups_visible(user) -> QuerySet:
    return FollowUp.objects.filter(follow_up_q(user))


def can_change_follow_up(user, follow_up: FollowUp) -> bool:
    if follow_up.provider_id:
        return access.can_provider(user, "followup.change", follow_up.provider)
    return access.can(user, "followup.change", follow_up.unit)


def can_self_assess(user, follow_up: FollowUp) -> bool:
    return (
        bool(follow_up.provider_id)
        and follow_up.provider_id in provider_ids(user)
        and access.can_provider(user, "followup.self_assess", follow_up.provider)
    )


def is_provider_side(user, follow_up: FollowUp) -> bool:
    """The person sees this follow-up as the provider followed up, not as the municipality."""
    return bool(follow_up.provider_id) and follow_up.provider_id in provider_ids(user)


def sees_assessments(user, follow_up: FollowUp) -> bool:
    """The municipality's assessments: its own staff always, the provider once the report is done."""
    return not is_provider_side(user, follow_up) or follow_up.is_completed


def get_follow_up(user, pk, *, write: bool = False, self_assess: bool = False) -> FollowUp:
    """404 for follow-ups out of reach; 403 with ``write`` (municipal change) or ``self_assess`` when not allowed."""
    try:
        follow_up = (
            follow_ups_visible(user)
            .select_related(
                "provider", "unit", "responsible_unit", "contract", "catalogue_version__catalogue", "lead", "municipality"
            )
            .get(pk=pk)
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_change_follow_up(user, follow_up):
        raise PermissionDenied
    if self_assess and not can_self_assess(user, follow_up):
        raise PermissionDenied
    return follow_up


def demanded_actions_visible(user) -> QuerySet:
    """Actions of visible follow-ups; the provider's own users see them once the follow-up is completed."""
    provider_side = provider_ids(user)
    visible = DemandedAction.objects.filter(follow_up_q(user, prefix="follow_up__"))
    if provider_side:
        visible = visible.exclude(Q(follow_up__provider_id__in=provider_side) & ~Q(follow_up__status=FollowUp.Status.COMPLETED))
    return visible


def get_demanded_action(user, pk) -> DemandedAction:
    try:
        return (
            demanded_actions_visible(user)
            .select_related(
                "follow_up__provider", "follow_up__unit", "follow_up__responsible_unit", "assessment__requirement__section"
            )
            .get(pk=pk)
        )
    except (DemandedAction.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_assessment(user, follow_up: FollowUp, pk) -> Assessment:
    try:
        return follow_up.assessments.select_related("requirement__section").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
