"""Competence pages: the unit's status, a person's appraisals and plans, "Min kompetens", unit plans, supervision and
students."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from lots.competence import access as competence_access
from lots.competence.status import staff_status


@login_required
def person(request, pk: int):
    """A staff member's appraisal history and individual plans, for themselves and for those who keep them."""
    employment = competence_access.access_employment(request.user, pk)
    today = timezone.localdate()
    status = staff_status([employment], today)[employment.pk]
    plans = list(competence_access.plans(request.user, employment).prefetch_related("rows"))
    return render(
        request,
        "competence/person.html",
        {
            "employment": employment,
            "status": status,
            "appraisals": list(competence_access.appraisals(request.user, employment)),
            "plans": plans,
            "can_keep": competence_access.can_keep(request.user, employment),
            "today": today,
        },
    )
