import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lots import access
from lots.home.my_tasks import tasks_for
from lots.organisation.models import Municipality

# Tasks due within this many days are listed first; the rest fold away under "later".
SOON_DAYS = 14

# The few things people come to do most often: (url name, label, permission). Shown once the module exists.
QUICK_ACTIONS = [
    ("deviations:report", _("Rapportera en avvikelse"), "deviation.report"),
    ("feedback:register", _("Registrera en synpunkt"), "feedback.register"),
    ("improvements:propose", _("Föreslå en förbättring"), "improvement.propose"),
    ("reports:dashboard", _("Översikt för mina enheter"), "dashboard.view"),
]


def quick_actions(user) -> list[dict]:
    found = []
    for name, label, perm in QUICK_ACTIONS:
        if not access.has_perm_anywhere(user, perm):
            continue
        try:
            found.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return found


@login_required
def start(request):
    today = timezone.localdate()
    tasks = tasks_for(request.user, today)
    soon = today + datetime.timedelta(days=SOON_DAYS)
    assignments = access.assignments_of(request.user)
    return render(
        request,
        "home/start.html",
        {
            "assignments": assignments,
            "actions": quick_actions(request.user),
            "tasks": [t for t in tasks if t.due <= soon],
            "later_tasks": [t for t in tasks if t.due > soon],
            "today": today,
            "overdue_count": sum(1 for t in tasks if t.is_overdue(today)),
        },
    )


@require_GET
def accessibility(request):
    """The staff application's accessibility statement (template in lots.core); open to everyone, since the login page
    links to it. It names each municipality's own statement for its public e-service."""
    municipalities = Municipality.objects.order_by("name")
    return render(request, "core/accessibility.html", {"municipalities": municipalities})
