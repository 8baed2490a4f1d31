"""The list of cases and its Excel and CSV export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.forms import form_status
from lots.core.pagination import list_query
from lots.feedback.forms import CaseFilterForm
from lots.feedback.models import FeedbackCase
from lots.feedback.views.common import configurable, registered_by
from lots.lib.spreadsheets import FORMATS, table_response


def _filtered(request):
    """The filter form, the cases the person may see narrowed by it (all they may see when it has errors), newest
    first, and today. The list and its export both read the cases here, so the file has exactly the list's rows."""
    units = access.visible_units(request.user, "feedback.view").order_by("path")
    form = CaseFilterForm(request.GET or None, units=units)
    cases = access.scope(FeedbackCase.objects.select_related("unit", "handler"), request.user, "feedback.view")
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            cases = cases.filter(
                Q(reference__iexact=term) | Q(description__icontains=term) | Q(external_reference__icontains=term)
            )
        if data["status"] == "oppna":
            cases = cases.open()
        elif data["status"]:
            cases = cases.filter(status=data["status"])
        for name in ("kind", "channel", "sender_role"):
            if data[name]:
                cases = cases.filter(**{name: data[name]})
        if data["category"]:
            cases = cases.filter(category="" if data["category"] == "-" else data["category"])
        if data["origin"] == "myndighet":
            cases = cases.authority_reports()
        elif data["origin"] == "enskild":
            cases = cases.filter(authority="")
        if data["unit"]:
            cases = cases.filter(unit__path__startswith=data["unit"].path)
        cases = cases.received_between(data["date_from"], data["date_to"])
        if data["overdue"]:
            cases = cases.overdue(today)
    return form, cases.order_by("-received_at", "-pk"), today


@login_required
def index(request):
    user = request.user
    if not access.has_perm_anywhere(user, "feedback.view"):
        if access.has_perm_anywhere(user, "feedback.register"):
            mine = registered_by(user).select_related("unit").order_by("-received_at")[:20]
            can_compile = access.has_perm_anywhere(user, "feedback.statistics")
            return render(request, "feedback/index_register_only.html", {"mine": mine, "can_compile": can_compile})
        if access.has_perm_anywhere(user, "feedback.statistics"):
            return redirect("feedback:compilation")
        raise Http404
    form, cases, today = _filtered(request)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/index.html",
        {
            "form": form,
            "page_obj": page,
            "query": list_query(request),
            "today": today,
            "can_register": access.has_perm_anywhere(user, "feedback.register"),
            "can_compile": access.has_perm_anywhere(user, "feedback.statistics"),
            "can_configure": access.has_perm_anywhere(user, "feedback.configure"),
            "can_settings": bool(configurable(user)),
        },
        status=form_status(form),
    )


@login_required
def export(request, fmt: str):
    """The filtered list as an Excel or CSV file (``fmt`` is xlsx or csv) with every case the list shows the person;
    the export is audited. Filters with errors send the person back to the list to see them."""
    if fmt not in FORMATS:
        raise Http404
    if not access.has_perm_anywhere(request.user, "feedback.view"):
        raise Http404
    form, cases, today = _filtered(request)
    if form.errors:
        return redirect(reverse("feedback:index") + "?" + request.GET.urlencode())
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
        for c in cases
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
