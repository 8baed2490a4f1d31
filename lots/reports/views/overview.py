"""The overview (dashboard) per unit subtree, or the unit alone for those whose role stops at it; and the overdue
deviations with their late step (the overview's deviation widget links to it; its "Försenade" figure links to the
deviation list filtered on overdue)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.core.db_router import reads_from_replica
from lots.core.forms import form_status
from lots.core.pagination import list_query
from lots.deviations.models import DeviationSettings
from lots.deviations.steps import pending_steps
from lots.reports.dashboard import MISSING_WIDGETS, widgets_for
from lots.reports.lists import OVERDUE_DEVIATIONS, with_default_unit
from lots.reports.reach import Reach
from lots.reports.views.common import choose_unit, label_unit_alone, slug, table_download


@login_required
@reads_from_replica
def dashboard(request):
    if not access.has_perm_anywhere(request.user, "dashboard.view"):
        raise Http404
    form, unit = choose_unit(request, "dashboard.view")
    today = timezone.localdate()
    widgets = widgets_for(request.user, unit, today)
    unit_only = not Reach.of(request.user, unit).subtree
    if unit_only:
        label_unit_alone(form)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "unit": unit,
            "widgets": widgets,
            "unit_only": unit_only,
            "missing": [str(m) for m in MISSING_WIDGETS],
            "today": today,
            "query": f"unit={unit.pk}",
        },
        status=form_status(form),
    )


@login_required
@reads_from_replica
def dashboard_export(request, fmt: str):
    if not access.has_perm_anywhere(request.user, "dashboard.view"):
        raise Http404
    form, unit = choose_unit(request, "dashboard.view")
    if form.errors:  # not the figures of the default unit under the name of the one asked for
        return redirect(reverse("reports:dashboard") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    rows = []
    for widget in widgets_for(request.user, unit, today):
        rows += [[widget.title, f.label, f.value] for f in widget.figures]
        rows += [[widget.title, _("Signal"), s["text"]] for s in widget.signals]
    headers = [_("Område"), _("Mått"), _("Värde")]
    return table_download(fmt, f"oversikt-{slug(unit.name)}-{today:%Y-%m-%d}", headers, rows, title=_("Översikt"))


def _overdue(request):
    """The overdue list as the person sees it for the unit in the request (their topmost unit when none is named)."""
    if not access.has_perm_anywhere(request.user, "deviation.view"):
        raise Http404
    return OVERDUE_DEVIATIONS.bind(request.user, with_default_unit(request.user, request.GET, "deviation.view"))


def _unit_and_config(filtered):
    """The chosen unit and its municipality's time limits; None for both when the choice has an error."""
    if not filtered.is_valid:
        return None, None
    unit = filtered.form.cleaned_data["unit"]
    return unit, DeviationSettings.for_municipality(unit.municipality)


def _late_step(deviation, config, today):
    late = [s for s in pending_steps(deviation, config) if s.due is not None and s.due < today]
    return late[0] if late else None


HEADERS = [
    gettext_lazy("Nummer"),
    gettext_lazy("Rapporterad"),
    gettext_lazy("Enhet"),
    gettext_lazy("Status"),
    gettext_lazy("Försenat steg"),
    gettext_lazy("Skulle vara klart"),
    gettext_lazy("Dagar försenad"),
    gettext_lazy("Ansvarig"),
]


@login_required
def overdue(request):
    filtered = _overdue(request)
    unit, config = _unit_and_config(filtered)
    today = timezone.localdate()
    page = filtered.page(request.GET.get("page"))
    for deviation in page:
        deviation.late_step = _late_step(deviation, config, today)
        deviation.days_late = (today - deviation.late_step.due).days if deviation.late_step else None
    return render(
        request,
        "reports/overdue.html",
        {"form": filtered.form, "unit": unit, "page_obj": page, "query": list_query(request), "today": today},
        status=filtered.status,
    )


@login_required
def overdue_export(request, fmt: str):
    filtered = _overdue(request)
    if not filtered.is_valid:
        return redirect(reverse("reports:overdue") + "?" + request.GET.urlencode())
    unit, config = _unit_and_config(filtered)
    today = timezone.localdate()
    rows = []
    for d in filtered.rows():
        step = _late_step(d, config, today)
        rows.append(
            [
                d.number,
                d.reported_at,
                d.unit.name,
                d.get_state_display(),
                step.title if step else "",
                step.due if step else None,
                (today - step.due).days if step else None,
                str(d.responsible) if d.responsible else "",
            ]
        )
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        note=_("Export av %(n)s försenade avvikelser (%(unit)s)") % {"n": len(rows), "unit": unit.name},
    )
    return table_download(
        fmt, f"forsenade-avvikelser-{slug(unit.name)}-{today:%Y-%m-%d}", [str(h) for h in HEADERS], rows, title=_("Försenade")
    )
