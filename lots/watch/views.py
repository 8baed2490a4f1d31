"""Pages of the deadline watch: the due list and its export, "Mina bevakningar", a placement, the snapshots
(what was known when), the compliance per month, and the CSV import."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form, without_version
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.reports import blocks
from lots.reports.periods import months_ending
from lots.reports.trends import chart_units
from lots.watch import access as watch_access
from lots.watch import importing, services
from lots.watch.compliance import chart_block, monthly_compliance
from lots.watch.forms import DUE_SOON_DAYS, KnownAtForm, SettingsForm, UploadForm
from lots.watch.lists import MY_PLACEMENTS, PLACEMENTS
from lots.watch.models import MAX_MONTHS, ImportBatch, Placement, Snapshot, WatchSettings

SESSION_KEY = "watch_import"
PREVIEW_ROWS = 20
COMPLIANCE_MONTHS = 12


def _marked(page, today: datetime.date):
    """The page's rows with what the table shows of each: ended, visit late, reconsideration late."""
    for p in page:
        p.ended = p.end_date is not None and p.end_date < today
        p.visit_late = p.visit_overdue(today)
        p.reconsideration_late = p.reconsideration_overdue(today)
    return page


def _require_view(user) -> None:
    if not access.has_perm_anywhere(user, "watch.view"):
        raise Http404


@login_required
def index(request):
    """The due list of the units in the person's scope; a worker without that scope goes to their own."""
    if not access.has_perm_anywhere(request.user, "watch.view"):
        return redirect("watch:mine")
    filtered = PLACEMENTS.bind(request.user, request.GET)
    return render(
        request,
        "watch/list.html",
        {
            "form": filtered.form,
            "page_obj": _marked(filtered.page(request.GET.get("page")), timezone.localdate()),
            "query": list_query(request),
            "can_import": watch_access.can_import(request.user),
            "can_configure": access.has_perm_anywhere(request.user, "watch.configure"),
        },
        status=filtered.status,
    )


@login_required
def mine(request):
    filtered = MY_PLACEMENTS.bind(request.user, request.GET)
    return render(
        request,
        "watch/mine.html",
        {
            "form": filtered.form,
            "page_obj": _marked(filtered.page(request.GET.get("page")), timezone.localdate()),
            "query": list_query(request),
            "sees_units": access.has_perm_anywhere(request.user, "watch.view"),
        },
        status=filtered.status,
    )


def headers() -> list[str]:
    return [
        _("Ärendereferens"),
        _("Enhet"),
        _("Ansvarig handläggare"),
        _("Placeringstyp"),
        _("Startdatum"),
        _("Senaste besök"),
        _("Nästa besök senast"),
        _("Senaste övervägande"),
        _("Nästa övervägande senast"),
        _("Slutdatum"),
        _("Försenad"),
        _("Inläst"),
    ]


def _row(p: Placement, today: datetime.date) -> list:
    return [
        p.case_reference,
        p.unit.name,
        p.worker.get_full_name() or p.worker.get_username(),
        p.get_kind_display(),
        p.start_date,
        p.last_visit_date,
        p.visit_due,
        p.last_reconsideration_date,
        p.reconsideration_due,
        p.end_date,
        _("Ja") if p.is_overdue(today) else _("Nej"),
        p.snapshot.taken_at,
    ]


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    """The filtered due list as Excel or CSV: the list's rows in its order; the export and the rows read are logged."""
    if fmt not in FORMATS:
        raise Http404
    _require_view(request.user)
    filtered = PLACEMENTS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("watch:index") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    rows = [_row(p, today) for p in filtered.rows().select_related("snapshot")]
    audit.record_export(actor=request.user, what=_("placeringar"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"bevakning-{today:%Y-%m-%d}", headers(), rows, title=_("Bevakning"))


@login_required
def detail(request, pk: int):
    """One placement row, and the same case's rows in the unit's earlier snapshots: what was known when."""
    placement = watch_access.get_placement(request.user, pk)
    history = list(
        watch_access.visible(request.user)
        .filter(unit=placement.unit, case_reference=placement.case_reference)
        .select_related("snapshot")
        .order_by("-snapshot__taken_at", "-pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "watch/detail.html",
        {
            "placement": placement,
            "history": history,
            "visit_late": placement.is_current and placement.visit_overdue(today),
            "reconsideration_late": placement.is_current and placement.reconsideration_overdue(today),
        },
    )


@login_required
def snapshots(request):
    """The imports of the units in scope, newest first, and the way to a unit's placements as known on a day."""
    _require_view(request.user)
    units = access.visible_units(request.user, "watch.view").order_by("municipality__name", "path")
    form = KnownAtForm(request.GET or None, units=units)
    if request.GET and form.is_valid():
        day = form.cleaned_data["day"]
        moment = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        found = watch_access.snapshots(request.user).filter(unit=form.cleaned_data["unit"]).known_at(moment).first()
        if found is not None:
            return redirect(reverse("watch:snapshot", args=[found.pk]) + f"?dag={day.isoformat()}")
        form.add_error("day", _("Ingen inläsning för enheten hade gjorts då."))
    recent = list(watch_access.snapshots(request.user).select_related("unit", "batch", "batch__imported_by")[:100])
    return render(request, "watch/snapshots.html", {"form": form, "snapshots": recent}, status=422 if form.errors else 200)


@login_required
def snapshot(request, pk: int):
    """A snapshot's rows as they were imported, with their status on the day asked for (or the import's day)."""
    found = watch_access.get_snapshot(request.user, pk)
    day = _day(request.GET.get("dag")) or timezone.localdate(found.taken_at)
    rows = list(
        access.scope(Placement.objects.filter(snapshot=found), request.user, "watch.view")
        .select_related("worker")
        .order_by("next_due", "pk")
    )
    for p in rows:
        p.late_then = p.is_overdue(day)
    newer = Snapshot.objects.filter(unit=found.unit, taken_at__gt=found.taken_at).order_by("taken_at", "pk").first()
    return render(request, "watch/snapshot.html", {"snapshot": found, "rows": rows, "day": day, "newer": newer})


def _day(text: str | None) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if datetime.date(1990, 1, 1) <= day <= datetime.date(2999, 12, 31) else None


@login_required
def compliance(request):
    """The share of placements with visits and reconsiderations on time, per month, for a unit and those below it."""
    _require_view(request.user)
    units = access.visible_units(request.user, "watch.view").order_by("municipality__name", "path")
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = units.filter(pk=int(request.GET["unit"])).first()
    unit = unit or units.first()
    if unit is None:
        raise Http404
    today = timezone.localdate()
    months = months_ending(today.replace(day=1), COMPLIANCE_MONTHS)
    charted = [u for u in chart_units(unit) if watch_access.sees_unit(request.user, u)]
    rows = monthly_compliance(charted, months, today=today)
    own = [r for r in rows if r.unit.pk == unit.pk]
    current = [r for r in rows if r.month == months[-1]]
    block = chart_block(own, "compliance")
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    per_worker = list(
        watch_access.current(request.user)
        .filter(unit__path__startswith=unit.path)
        .active_on(today)
        .values("worker__username", "worker__first_name", "worker__last_name")
        .annotate(
            active=Count("pk"),
            overdue=Count("pk", filter=Q(next_due__lt=today)),
            soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon)),
        )
        .order_by("-overdue", "worker__last_name", "worker__first_name", "worker__username")
    )
    return render(
        request,
        "watch/compliance.html",
        {
            "unit": unit,
            "units": units,
            "own": own,
            "current": current,
            "chart": block,
            "per_worker": per_worker,
            "chart_svg": mark_safe(blocks.svg(block)) if block else "",  # noqa: S308 - built from numbers and escaped labels
            "today": today,
        },
    )


# --- Import --------------------------------------------------------------------------------------------


def _import_municipalities(user):
    found = access.municipalities_with(user, "watch.import")
    if not found:
        raise Http404
    return found


@login_required
def upload(request):
    allowed = _import_municipalities(request.user)
    slug = request.POST.get("municipality") or request.GET.get("kommun")
    municipality = next((m for m in allowed if m.slug == slug), None) if slug else allowed[0]
    if municipality is None:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            headers, body = importing.read_csv(form.cleaned_data["file"].read())
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            found = importing.personal_numbers_in(body)
            if found:
                # The file is refused as a whole and not kept, not even in the session, until it is corrected.
                form.add_error(
                    "file",
                    _(
                        "Filen innehåller personnummer eller samordningsnummer (%(cells)s). Ta bort dem och välj filen "
                        "igen; ärenden anges med sin pseudonyma ärendereferens."
                    )
                    % {"cells": ", ".join(_("rad %(l)s kolumn %(c)s") % {"l": line, "c": col} for line, col in found[:5])},
                )
        if not form.errors:
            request.session[SESSION_KEY] = {
                "municipality": municipality.pk,
                "name": form.cleaned_data["file"].name[:200],
                "headers": headers,
                "rows": body,
            }
            return redirect("watch:import_map")
    return render(
        request,
        "watch/import_upload.html",
        {"form": form, "municipality": municipality, "municipalities": allowed, "targets": importing.TARGETS},
        status=422 if form.errors else 200,
    )


@login_required
def map_columns(request):
    allowed = {m.pk: m for m in _import_municipalities(request.user)}
    stored = request.session.get(SESSION_KEY)
    if not stored or stored["municipality"] not in allowed:
        messages.info(request, _("Välj filen som ska läsas in."))
        return redirect("watch:import")
    municipality = allowed[stored["municipality"]]
    headers, body = stored["headers"], stored["rows"]
    if request.method == "POST":
        form = importing.MappingForm(request.POST, headers=headers)
    else:
        guessed = importing.guess_mapping(headers)
        form = importing.MappingForm(initial={k: ("" if v is None else str(v)) for k, v in guessed.items()}, headers=headers)
    validation = None
    if request.method == "POST" and form.is_valid():
        validation = importing.validate(municipality, body, form.mapping(), allowed_units=watch_access.import_units(request.user))
        if validation.ok and request.POST.get("action") == "import":
            try:
                batch = services.placements_import(
                    actor=request.user, municipality=municipality, rows=validation.rows, source=ImportBatch.Source.CSV
                )
            except (ValidationError, PermissionDenied) as error:
                validation.errors.append((0, " ".join(getattr(error, "messages", [_("Du får inte läsa in för enheten.")]))))
            else:
                del request.session[SESSION_KEY]
                messages.success(
                    request,
                    _("%(n)s placeringar på %(u)s enheter är inlästa.") % {"n": batch.row_count, "u": batch.unit_count},
                )
                return redirect("watch:snapshots")
    failed = bool(form.errors) or (validation is not None and not validation.ok)
    return render(
        request,
        "watch/import_map.html",
        {
            "form": form,
            "municipality": municipality,
            "file_name": stored["name"],
            "row_count": len(body),
            "validation": validation,
            "preview": validation.rows[:PREVIEW_ROWS] if validation else [],
        },
        status=422 if failed else 200,
    )


@login_required
def settings_page(request):
    """The municipality's intervals (watch.configure). A change computes the current placements' due dates again."""
    allowed = access.municipalities_with(request.user, "watch.configure")
    if not allowed:
        raise Http404
    slug = request.GET.get("kommun") or request.POST.get("municipality")
    municipality = next((m for m in allowed if m.slug == slug), None) if slug else allowed[0]
    if municipality is None:
        raise Http404
    config = WatchSettings.for_municipality(municipality)
    form = SettingsForm(request.POST or None, initial={name: getattr(config, name) for name in MAX_MONTHS})
    form.add_version_field(config.version)
    return edit_form(
        request,
        form,
        lambda data: services.watch_settings_update(
            actor=request.user,
            municipality=municipality,
            expected_version=data["version"] if config.pk else None,
            **without_version(data),
        ),
        template="watch/settings.html",
        context={"municipality": municipality, "municipalities": allowed},
        success=_("Inställningarna är sparade och de aktuella placeringarnas datum är omräknade."),
        redirect_to=reverse("watch:settings") + f"?kommun={municipality.slug}",
        record=lambda: WatchSettings.objects.filter(municipality=municipality).first(),
    )
