"""The lists of catalogues, contracts, follow-ups and demanded actions, each defined once for its page, its API list
(where there is one) and its export (lots.core.lists)."""

from django.db.models import Count, Prefetch, Q

from lots import access as lots_access
from lots.core.lists import ListDefinition, NoFilters
from lots.organisation.models import Provider
from lots.requirements import access
from lots.requirements.forms import DemandedActionFilterForm, FollowUpFilterForm
from lots.requirements.models import Assessment, CatalogueVersion

A = Assessment.Status


def _with_versions(catalogues, user):
    """Each catalogue with ``version_list``: its versions newest first, with requirement counts."""
    versions = CatalogueVersion.objects.annotate(requirement_count=Count("requirements")).order_by("-number")
    return catalogues.select_related("municipality").prefetch_related(Prefetch("versions", versions, to_attr="version_list"))


CATALOGUES = ListDefinition(
    name="Catalogues",
    form=NoFilters,
    scope=access.catalogues_visible,
    ordering=("title", "pk"),
    load=_with_versions,
)


CONTRACTS = ListDefinition(
    name="Contracts",
    form=NoFilters,
    scope=access.contracts_visible,
    ordering=("provider__name", "-starts_on", "pk"),
    load=lambda contracts, user: contracts.select_related("provider", "responsible_unit", "catalogue", "follow_up_by"),
)


def _follow_up_form_kwargs(user) -> dict:
    providers = lots_access.scope_providers(Provider.objects.all(), user, "followup.view", field=None)
    return {"providers": providers.order_by("name", "pk")}


def _narrow_follow_ups(follow_ups, data: dict, user):
    if data["status"]:
        follow_ups = follow_ups.filter(status=data["status"])
    if data["provider"]:
        follow_ups = follow_ups.filter(provider=data["provider"])
    return follow_ups


def _with_counts(follow_ups, user):
    """Each follow-up with its relations and its assessment counts (``total``, ``met``, ``partly``, ``not_met``)."""
    return follow_ups.select_related(
        "provider", "unit", "catalogue_version__catalogue", "contract", "lead", "responsible_unit"
    ).annotate(
        total=Count("assessments"),
        met=Count("assessments", filter=Q(assessments__status=A.MET)),
        partly=Count("assessments", filter=Q(assessments__status=A.PARTLY)),
        not_met=Count("assessments", filter=Q(assessments__status=A.NOT_MET)),
    )


FOLLOW_UPS = ListDefinition(
    name="FollowUps",
    form=FollowUpFilterForm,
    scope=access.follow_ups_visible,
    narrow=_narrow_follow_ups,
    form_kwargs=_follow_up_form_kwargs,
    ordering=("-period_end", "-pk"),
    load=_with_counts,
)


def _narrow_actions(actions, data: dict, user):
    """The open ones unless ``visa=alla``."""
    return actions if data["visa"] == "alla" else actions.open()


DEMANDED_ACTIONS = ListDefinition(
    name="DemandedActions",
    form=DemandedActionFilterForm,
    scope=access.demanded_actions_visible,
    narrow=_narrow_actions,
    ordering=("due_date", "pk"),
    load=lambda actions, user: actions.select_related(
        "follow_up__provider", "follow_up__unit", "follow_up__responsible_unit", "assessment__requirement"
    ),
)
