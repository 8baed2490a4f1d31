from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from lots import access

# (url name, label, permission(s) any of which shows the link). A module appears once its index exists.
NAVIGATION = [
    ("home:start", _("Start"), None),
    ("processes:index", _("Processer och rutiner"), "process.view"),
    ("goals:index", _("Mål och uppföljning"), "goal.view"),
    ("deviations:index", _("Avvikelser"), ("deviation.report", "deviation.view", "deviation.statistics")),
    ("feedback:index", _("Synpunkter"), ("feedback.register", "feedback.view", "feedback.statistics")),
    ("risks:index", _("Risker och kontroll"), "risk.view"),
    ("improvements:index", _("Förbättringar"), "improvement.view"),
    ("requirements:index", _("Krav och uppföljning"), "catalogue.view"),
    ("agreements:index", _("Samverkan"), "agreement.view"),
    ("interventions:index", _("Serviceinsatser"), "intervention.view"),
    ("watch:index", _("Bevakning"), "watch.view"),
    ("ledger:index", _("Egna medel"), "ledger.view"),
    ("staff:index", _("Personal"), ("staff.view", "competence.view", "workenv.view", "rounds.view")),
    ("reports:index", _("Rapporter"), "report.view"),
    ("organisation:tree", _("Organisation"), "unit.view"),
    ("accounts:people", _("Personer"), "person.view"),
    ("oversight:index", _("Behörigheter"), "access.review"),
    ("audit:search", _("Logg"), "audit.view"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    current = request.path
    for name, label, perm in NAVIGATION:
        perms = (perm,) if isinstance(perm, str) else perm
        if perm is not None and not any(access.has_perm_anywhere(user, p) for p in perms):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = current == url if url == "/" else current.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
