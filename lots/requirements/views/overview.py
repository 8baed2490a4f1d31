"""The start page of the module: what is going on, and the way to each part."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lots import access as lots_access
from lots.requirements import access
from lots.requirements.models import FollowUp


@login_required
def index(request):
    user = request.user
    if not lots_access.has_perm_anywhere(user, "catalogue.view"):
        raise Http404
    today = timezone.localdate()
    sees_follow_ups = lots_access.has_perm_anywhere(user, "followup.view")
    follow_ups = []
    actions = []
    if sees_follow_ups:
        follow_ups = list(
            access.follow_ups_visible(user)
            .open()
            .select_related("provider", "unit", "catalogue_version__catalogue")
            .order_by("period_end", "pk")[:10]
        )
        actions = list(
            access.demanded_actions_visible(user)
            .open()
            .select_related("follow_up__provider", "follow_up__unit")
            .order_by("due_date", "pk")[:10]
        )
    completed = (
        list(access.follow_ups_visible(user).completed().select_related("provider", "unit").order_by("-completed_on", "-pk")[:5])
        if sees_follow_ups
        else []
    )
    return render(
        request,
        "requirements/index.html",
        {
            "follow_ups": follow_ups,
            "completed": completed,
            "actions": actions,
            "today": today,
            "provider_user": bool(access.provider_ids(user)),
            "sees_follow_ups": sees_follow_ups,
            "sees_contracts": lots_access.has_perm_anywhere(user, "contract.view"),
            "catalogue_count": access.catalogues_visible(user).count(),
            "can_plan": bool(access.change_municipality_ids(user, "followup.change")),
            "can_import": bool(access.change_municipality_ids(user, "catalogue.change")),
            "statuses": FollowUp.Status,
        },
    )
