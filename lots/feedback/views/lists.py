"""The list of cases and its Excel and CSV export (the list is defined in lots.feedback.lists)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.pagination import list_query
from lots.feedback import access as feedback_access
from lots.feedback.lists import FEEDBACK_CASES
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth


@login_required
def index(request):
    user = request.user
    if not access.has_perm_anywhere(user, "feedback.view"):
        can_register = access.has_perm_anywhere(user, "feedback.register")
        can_register_original = access.has_perm_anywhere(user, "feedback.register_original")
        if can_register or can_register_original:
            mine = feedback_access.registered_by(user).select_related("unit").order_by("-received_at")[:20]
            can_compile = access.has_perm_anywhere(user, "feedback.statistics")
            return render(
                request,
                "feedback/index_register_only.html",
                {
                    "mine": mine,
                    "can_compile": can_compile,
                    "can_register": can_register,
                    "can_register_original": can_register_original,
                },
            )
        if access.has_perm_anywhere(user, "feedback.statistics"):
            return redirect("feedback:compilation")
        raise Http404
    filtered = FEEDBACK_CASES.bind(user, request.GET)
    return render(
        request,
        "feedback/index.html",
        {
            "form": filtered.form,
            "page_obj": filtered.page(request.GET.get("page")),
            "query": list_query(request),
            "today": timezone.localdate(),
            "can_register": access.has_perm_anywhere(user, "feedback.register"),
            "can_compile": access.has_perm_anywhere(user, "feedback.statistics"),
            "can_configure": access.has_perm_anywhere(user, "feedback.configure"),
            "can_settings": bool(feedback_access.configurable(user)),
        },
        status=filtered.status,
    )


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file (``fmt`` is xlsx or csv) with every case the list shows the person, in
    its order; the export is audited. Filters with errors send the person back to the list to see them."""
    if fmt not in FORMATS:
        raise Http404
    if not access.has_perm_anywhere(request.user, "feedback.view"):
        raise Http404
    filtered = FEEDBACK_CASES.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("feedback:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    rows = [
        (
            c.reference,
            c.received_on,
            c.get_kind_display(),
            c.authority and c.get_authority_display(),
            c.unit.name,
            c.get_channel_display(),
            c.get_sender_role_display(),
            c.get_category_display() if c.category else "",
            c.get_status_display(),
            c.due_date,
            c.closed_at and timezone.localtime(c.closed_at).date(),
            c.handling_days,
            {True: _("Ja"), False: _("Nej"), None: ""}[c.completed_in_time],
            str(c.handler or ""),
        )
        for c in filtered.rows()
    ]
    headers = [
        _("Diarienummer"),
        _("Inkom"),
        _("Typ"),
        _("Myndighet"),
        _("Enhet"),
        _("Kanal"),
        _("Avsändare"),
        _("Gäller"),
        _("Status"),
        _("Avslutas senast"),
        _("Avslutad"),
        _("Handläggningstid (dagar)"),
        _("Inom tidsfristen"),
        _("Handläggare"),
    ]
    audit.record_export(actor=request.user, what=_("synpunkter"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"synpunkter-{today.isoformat()}", headers, rows, title=_("Synpunkter"))
