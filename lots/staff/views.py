"""The staff hub (the unit status list, or "Min introduktion" for a staff member), an employee's page with its
checklist, undertaking and checks, the export of the status list, the HR import, and the introduction templates."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from lots import access
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.core.forms import apply_validation_error
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.organisation.models import Municipality, Unit
from lots.processes.models import Routine
from lots.staff import access as staff_access
from lots.staff import importing, services
from lots.staff.forms import (
    CheckForm,
    ImportUploadForm,
    IntroducerForm,
    TemplateItemForm,
    UndertakingTextForm,
    UnitSettingForm,
)
from lots.staff.lists import EMPLOYMENTS
from lots.staff.models import (
    CheckKind,
    Employment,
    HiringCheck,
    IntroductionItem,
    TemplateItem,
    Undertaking,
    UndertakingText,
    UnitStaffSetting,
)

SESSION_KEY = "staff_import"
PREVIEW_ROWS = 20


def today() -> datetime.date:
    return timezone.localdate()


def url_or_none(name: str, *args) -> str | None:
    """A link to another module's page, or None while that module has no such page."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def competence_status(employments, user) -> dict:
    """lots.competence's plan and appraisal status per employment; {} while that module is not there."""
    try:
        from lots.competence.status import staff_status
    except ImportError:
        return {}
    return staff_status(employments, today(), viewer=user)


def module_links(user) -> list[tuple[str, str]]:
    links = []
    for name, label, perm in [
        ("competence:index", _("Kompetens och medarbetarsamtal"), "competence.view"),
        ("workenv:index", _("Fördelning av arbetsmiljöuppgifter"), "workenv.view"),
        ("rounds:index", _("Skydds- och brandskyddsronder"), "rounds.view"),
    ]:
        url = url_or_none(name)
        if url and access.has_perm_anywhere(user, perm):
            links.append((url, label))
    # Everyone's own competence page, for those who do not see the unit's list.
    mine = url_or_none("competence:mine")
    if mine and not access.has_perm_anywhere(user, "competence.view"):
        links.insert(0, (mine, _("Min kompetens")))
    return links


CHECK_COLUMNS = list(CheckKind)
# The other checks' names in the hub's narrow column.
SHORT = {CheckKind.LANGUAGE: _lazy("Svenska"), CheckKind.BADGE: _lazy("Legitimation"), CheckKind.GUARDIAN: _lazy("Ej god man")}


def _check_cells(employment) -> list:
    by_kind = {c.kind: c for c in employment.checks.all()}
    return [by_kind.get(kind) for kind in CHECK_COLUMNS]


@login_required
def index(request):
    """Managers and HR: per unit in their scope, is every employee introduced, undertaking signed, record shown?
    A staff member: their own introduction."""
    if not staff_access.sees_staff(request.user):
        return mine(request)
    filtered = EMPLOYMENTS.bind(request.user, request.GET)
    page = filtered.page(request.GET.get("page"))
    status = competence_status(page.object_list, request.user)
    for employment in page.object_list:
        cells = _check_cells(employment)
        employment.record_check, employment.other_checks = cells[0], [c for c in cells[1:] if c is not None]
        for check in employment.other_checks:
            check.short = SHORT[check.kind]
        employment.competence = status.get(employment.pk)
    return render(
        request,
        "staff/index.html",
        {
            "form": filtered.form,
            "page_obj": page,
            "query": list_query(request),
            "check_kinds": CHECK_COLUMNS,
            "has_competence": bool(status) or url_or_none("competence:index") is not None,
            "today": today(),
            "links": module_links(request.user),
            "own": staff_access.own_employments(request.user).current(today()).select_related("unit").first(),
            "can_import": access.has_perm_anywhere(request.user, staff_access.IMPORT),
            "can_template": access.has_perm_anywhere(request.user, staff_access.TEMPLATE),
        },
        status=filtered.status,
    )


@login_required
def mine(request):
    """ "Min introduktion": the person's current (else latest) employment page."""
    own = list(staff_access.own_employments(request.user).select_related("unit").order_by("-starts_on", "-pk")[:10])
    current = [e for e in own if e.is_current(today())] or [e for e in own if e.starts_on > today()]
    if current or own:
        return employment_page(request, (current or own)[0])
    return render(request, "staff/mine_empty.html", {"links": module_links(request.user)})


def _unit_rounds(user, unit: Unit) -> str | None:
    """The safety rounds of the employee's unit, for those who may read them there."""
    url = url_or_none("rounds:index")
    if url is None or not access.can(user, "rounds.view", unit):
        return None
    return f"{url}?unit={unit.pk}"


def employment_page(request, employment: Employment, *, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    can_change = staff_access.can_change(user, employment)
    is_self = employment.person_id == user.pk
    introduction = staff_access.introductions(user).filter(employment=employment).select_related("introducer").first()
    items = []
    if introduction is not None:
        items = list(
            IntroductionItem.objects.filter(introduction=introduction).read_routine().select_related("routine", "done_by")
        )
        for item in items:
            item.can_tick = (
                item.kind != "routine"
                and item.closed_at is None
                and (user.pk in (employment.person_id, introduction.introducer_id) or can_change)
            )
    checks = sorted(
        staff_access.checks(user).filter(employment=employment).select_related("checked_by"),
        key=lambda c: CHECK_COLUMNS.index(c.kind),
    )
    for check in checks:
        check.form = forms.get(check.pk) or (
            CheckForm(check=check, initial={"done_on": today()})
            if can_change and check.status == HiringCheck.Status.PENDING
            else None
        )
    undertakings = list(staff_access.undertakings(user).filter(employment=employment).select_related("text"))
    text = services.current_text(employment.unit.municipality)
    signed_current = text is not None and any(u.text_id == text.pk for u in undertakings)
    introducer_form = None
    if introduction is not None and can_change and introduction.status == "open":
        introducer_form = forms.get("introducer") or IntroducerForm(
            people=access.people_near(employment.unit),
            version=introduction.version,
            initial={"introducer": introduction.introducer_id},
        )
    competence = competence_status([employment], user).get(employment.pk)
    done = sum(1 for item in items if item.is_done())
    return render(
        request,
        "staff/employment.html",
        {
            "employment": employment,
            "person": employment.person,
            "introduction": introduction,
            "items": items,
            "done_count": done,
            "checks": checks,
            "undertakings": undertakings,
            "text": text,
            "can_sign": is_self
            and text is not None
            and not signed_current
            and (employment.ends_on is None or employment.ends_on >= today()),
            "is_self": is_self,
            "can_change": can_change,
            "introducer_form": introducer_form,
            "competence": competence,
            "competence_mine": url_or_none("competence:mine") if is_self else None,
            "rounds_url": _unit_rounds(user, employment.unit),
            "sees_staff": staff_access.sees_staff(user),
            "today": today(),
        },
        status=status,
    )


@login_required
def employment_detail(request, pk: int):
    return employment_page(request, staff_access.get_employment(request.user, pk))


@login_required
@require_POST
def item_tick(request, pk: int):
    item = get_object_or_404(IntroductionItem.objects.select_related("introduction"), pk=pk)
    employment = staff_access.get_employment(request.user, item.introduction.employment_id)
    staff_access.require_tick(request.user, item, employment)
    done = request.POST.get("done") == "1"
    try:
        services.item_tick(actor=request.user, item=item, done=done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return employment_page(request, employment, status=422)
    messages.success(request, _("Momentet är avbockat.") if done else _("Bocken är borttagen."))
    return redirect(reverse("staff:employment", args=[employment.pk]) + f"#item-{item.pk}")


@login_required
def check_record(request, pk: int):
    check = get_object_or_404(HiringCheck.objects.only("pk", "employment_id"), pk=pk)
    employment = staff_access.get_employment(request.user, check.employment_id, write=True)
    check = HiringCheck.objects.get(pk=pk)
    if request.method != "POST":
        return redirect("staff:employment", employment.pk)
    form = CheckForm(request.POST, check=check)

    def save(data):
        return services.check_record(
            actor=request.user,
            check=check,
            done_on=data["done_on"],
            extract_type=data.get("extract_type", ""),
            outcome=data.get("outcome", ""),
            expected_version=data["version"],
        )

    return edit_form(
        request,
        form,
        save,
        page=lambda status: employment_page(request, employment, forms={check.pk: form}, status=status),
        success=_("Kontrollen är registrerad."),
        redirect_to=reverse("staff:employment", args=[employment.pk]),
        record=lambda: HiringCheck.objects.filter(pk=check.pk).first(),
    )


@login_required
@require_POST
def introducer(request, pk: int):
    employment = staff_access.get_employment(request.user, pk, write=True)
    introduction = staff_access.introductions(request.user).filter(employment=employment).first()
    if introduction is None:
        raise Http404
    form = IntroducerForm(request.POST, people=access.people_near(employment.unit), version=introduction.version)

    def save(data):
        return services.introduction_set_introducer(
            actor=request.user, introduction=introduction, introducer=data["introducer"], expected_version=data["version"]
        )

    return edit_form(
        request,
        form,
        save,
        page=lambda status: employment_page(request, employment, forms={"introducer": form}, status=status),
        success=_("Introduktören är sparad."),
        redirect_to=reverse("staff:employment", args=[employment.pk]),
        record=lambda: type(introduction).objects.filter(pk=introduction.pk).first(),
    )


@login_required
@require_POST
def sign(request, pk: int):
    """The employee confirms the undertaking. Someone else reaching this for another's employment gets 403."""
    employment = staff_access.get_employment(request.user, pk)
    if employment.person_id != request.user.pk:
        raise PermissionDenied
    try:
        services.undertaking_sign(actor=request.user, employment=employment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return employment_page(request, employment, status=422)
    messages.success(request, _("Du har bekräftat förbindelsen om sekretess och tystnadsplikt."))
    return redirect("staff:employment", employment.pk)


# The export of the status list.


def _headers() -> list[str]:
    return [
        _("Namn"),
        _("Enhet"),
        _("Befattning"),
        _("Anställd från"),
        _("Anställd till och med"),
        _("Introduktion klar"),
        _("Moment kvar"),
        _("Sekretessförbindelse"),
        *[str(kind.label) for kind in CHECK_COLUMNS],
        _("Individuell plan"),
        _("Senaste medarbetarsamtal"),
    ]


def _check_text(check) -> str | datetime.date:
    """A hiring check's cell: the day it was done (a date in Excel), or why it is not."""
    if check is None:
        return ""
    if check.status == HiringCheck.Status.DONE:
        return check.done_on
    if check.status == HiringCheck.Status.CLOSED:
        return str(check.get_status_display())
    return _("Saknas (krävs före start)") if check.required_before_start else _("Saknas")


def _row(e: Employment, competence) -> list:
    return [
        str(e.person),
        e.unit.name,
        e.title,
        e.starts_on,
        e.ends_on,
        ("Ja" if e.items_outstanding == 0 else "Nej") if e.items_total else "",
        e.items_outstanding,
        timezone.localdate(e.undertaking_signed_at) if e.undertaking_signed_at else None,
        *[_check_text(c) for c in _check_cells(e)],
        ("Ja" if competence.has_plan else "Nej") if competence else "",
        competence.last_appraisal if competence and competence.last_appraisal else "",
    ]


@login_required
@require_recent_strong_auth
def export(request, fmt: str):
    if fmt not in FORMATS or not staff_access.sees_staff(request.user):
        raise Http404
    filtered = EMPLOYMENTS.bind(request.user, request.GET)
    if not filtered.is_valid:
        return redirect(reverse("staff:index") + "?" + request.GET.urlencode())
    employments = list(filtered.rows())
    status = competence_status(employments, request.user)
    rows = [_row(e, status.get(e.pk)) for e in employments]
    audit.record_export(actor=request.user, what=_("anställningar"), count=len(rows), query=request.GET.urlencode())
    return table_response(fmt, f"personal-{today():%Y-%m-%d}", _headers(), rows, title=_("Personal"))


# The import.


@login_required
def import_upload(request):
    if not access.has_perm_anywhere(request.user, staff_access.IMPORT):
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            headers, body = importing.read_csv(form.cleaned_data["file"].read())
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {"name": form.cleaned_data["file"].name[:200], "headers": headers, "rows": body}
            return redirect("staff:import_map")
    return render(
        request, "staff/import_upload.html", {"form": form, "targets": importing.TARGETS}, status=422 if form.errors else 200
    )


@login_required
def import_example(request):
    """An example of the file the import reads (the demo municipality's, in Windows-1252 with semicolons)."""
    if not access.has_perm_anywhere(request.user, staff_access.IMPORT):
        raise Http404
    from lots.staff.demo import DEMO_CSV

    response = HttpResponse(DEMO_CSV.read_bytes(), content_type="text/csv; charset=windows-1252")
    response["Content-Disposition"] = 'attachment; filename="exempel-anstallningar.csv"'
    return response


@login_required
def import_map(request):
    if not access.has_perm_anywhere(request.user, staff_access.IMPORT):
        raise Http404
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, _("Välj filen som ska läsas in."))
        return redirect("staff:import")
    headers, body = stored["headers"], stored["rows"]
    if request.method == "POST":
        form = importing.MappingForm(request.POST, headers=headers)
    else:
        guessed = importing.guess_mapping(headers)
        form = importing.MappingForm(initial={k: ("" if v is None else str(v)) for k, v in guessed.items()}, headers=headers)
    validation = None
    if request.method == "POST" and form.is_valid():
        records = importing.records_from(body, form.mapping())
        validation = importing.validate(request.user, records, create_accounts=form.cleaned_data["create_accounts"])
        if validation.ok and request.POST.get("action") == "import":
            try:
                result = services.employments_import(actor=request.user, rows=validation.rows)
            except ValidationError as error:
                validation.errors.append((0, " ".join(error.messages)))
            else:
                del request.session[SESSION_KEY]
                messages.success(
                    request,
                    _(
                        "Inläst: %(created)s nya anställningar, %(updated)s ändrade, %(unchanged)s oförändrade, "
                        "%(people_created)s nya konton."
                    )
                    % result.as_dict(),
                )
                return redirect("staff:index")
    failed = bool(form.errors) or (validation is not None and not validation.ok)
    return render(
        request,
        "staff/import_map.html",
        {
            "form": form,
            "file_name": stored["name"],
            "row_count": len(body),
            "headers": headers,
            "sample": body[:5],
            "validation": validation,
            "preview": validation.rows[:PREVIEW_ROWS] if validation else [],
        },
        status=422 if failed else 200,
    )


# Introduction templates and the unit's setting.


def _template_units(user):
    return access.visible_units(user, staff_access.TEMPLATE).filter(closed_at__isnull=True).order_by("municipality__name", "path")


@login_required
def templates(request):
    units = list(_template_units(request.user))
    if not units:
        raise Http404
    counts = {}
    for item in TemplateItem.objects.filter(unit__in=units).values_list("unit_id", flat=True):
        counts[item] = counts.get(item, 0) + 1
    children = set(UnitStaffSetting.objects.filter(unit__in=units, works_with_children=True).values_list("unit_id", flat=True))
    for unit in units:
        unit.item_count = counts.get(unit.pk, 0)
        unit.works_with_children = unit.pk in children
    texts = [(m, services.current_text(m)) for m in _text_municipalities(request.user)]
    return render(request, "staff/templates.html", {"units": units, "texts": texts})


def _template_unit(user, unit_id: int) -> Unit:
    unit = _template_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _routines_for(unit: Unit):
    return (
        Routine.objects.filter(municipality=unit.municipality, units__pk__in=unit.ancestor_ids())
        .distinct()
        .order_by("title", "pk")
    )


@login_required
def template_edit(request, unit_id: int):
    unit = _template_unit(request.user, unit_id)
    setting = UnitStaffSetting.objects.filter(unit=unit).first()
    item_form = TemplateItemForm(routines=_routines_for(unit))
    setting_form = UnitSettingForm(
        version=setting.version if setting else 1, initial={"works_with_children": bool(setting and setting.works_with_children)}
    )
    status = 200
    if request.method == "POST" and request.POST.get("action") == "add":
        item_form = TemplateItemForm(request.POST, routines=_routines_for(unit))
        if item_form.is_valid():
            data = item_form.cleaned_data
            try:
                services.template_item_add(
                    actor=request.user,
                    unit=unit,
                    kind=data["kind"],
                    title=data["title"],
                    routine=data["routine"],
                    due_days=data["due_days"],
                )
            except ValidationError as error:
                apply_validation_error(item_form, error)
            else:
                messages.success(request, _("Momentet är tillagt i mallen."))
                return redirect("staff:template", unit.pk)
        status = 422
    elif request.method == "POST" and request.POST.get("action") == "setting":
        setting_form = UnitSettingForm(request.POST, version=setting.version if setting else 1)

        def save(data):
            return services.unit_setting_save(
                actor=request.user,
                unit=unit,
                works_with_children=data["works_with_children"],
                expected_version=data["version"] if setting else None,
            )

        return edit_form(
            request,
            setting_form,
            save,
            page=lambda status: _template_page(request, unit, item_form, setting_form, status),
            success=_("Inställningen är sparad."),
            redirect_to=reverse("staff:template", args=[unit.pk]),
            record=lambda: UnitStaffSetting.objects.filter(unit=unit).first(),
        )
    return _template_page(request, unit, item_form, setting_form, status)


def _template_page(request, unit, item_form, setting_form, status):
    own = list(TemplateItem.objects.filter(unit=unit).select_related("routine"))
    inherited = services.template_for(unit) if not own else []
    return render(
        request,
        "staff/template.html",
        {
            "unit": unit,
            "items": own,
            "inherited": inherited,
            "defaults": services.DEFAULT_ITEMS if not own and not inherited else [],
            "item_form": item_form,
            "setting_form": setting_form,
        },
        status=status,
    )


@login_required
@require_POST
def template_item_remove(request, pk: int):
    item = get_object_or_404(TemplateItem, pk=pk)
    unit = _template_unit(request.user, item.unit_id)
    services.template_item_remove(actor=request.user, item=item)
    messages.success(request, _("Momentet är borttaget ur mallen. Påbörjade introduktioner behåller sitt."))
    return redirect("staff:template", unit.pk)


def _text_municipalities(user) -> list[Municipality]:
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [u.municipality for u in tops if access.can(user, staff_access.TEMPLATE, u)]


@login_required
def undertaking_text(request, slug: str):
    municipality = next((m for m in _text_municipalities(request.user) if m.slug == slug), None)
    if municipality is None:
        raise Http404
    current = services.current_text(municipality)
    form = UndertakingTextForm(request.POST or None, initial={"body": current.body if current else ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                text = services.undertaking_text_publish(
                    actor=request.user, municipality=municipality, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Version %(v)s av förbindelsen gäller nu.") % {"v": text.version})
                return redirect("staff:templates")
        status = 422
    versions = UndertakingText.objects.filter(municipality=municipality).order_by("-version")
    signed = {
        row["text"]: row["n"]
        for row in Undertaking.objects.filter(text__municipality=municipality).values("text").order_by().annotate(n=Count("pk"))
    }
    for version in versions:
        version.signed_count = signed.get(version.pk, 0)
    return render(
        request, "staff/undertaking_text.html", {"municipality": municipality, "form": form, "versions": versions}, status=status
    )
