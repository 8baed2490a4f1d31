"""Staff pages: the list, one case from receipt to closing, registration, the compilation and the settings."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit import services as audit
from lots.core.db_router import reads_from_replica
from lots.core.forms import apply_validation_error as _apply_errors
from lots.core.pagination import list_query
from lots.core.versioning import ConcurrentEditError
from lots.feedback import services
from lots.feedback.compilation import compile_cases
from lots.feedback.forms import (
    AnswerForm,
    CaseEditForm,
    CaseFilterForm,
    CloseForm,
    CompilationForm,
    ImprovementForm,
    RegisterForm,
    SettingsForm,
    staff_units,
)
from lots.feedback.models import AccessibilityReport, FeedbackCase, FeedbackSettings
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import FORMATS, table_response
from lots.organisation.models import Municipality, Unit

C = FeedbackCase


def _case(request, pk, *, write: bool = False) -> FeedbackCase:
    """The case if the person may see it (404 otherwise; 403 with ``write`` if they may not handle it).

    Every page that shows a case is a read of a sensitive record, so each GET is access-logged here.
    """
    case = access.get_object(
        FeedbackCase.objects.select_related(
            "unit", "unit__municipality", "municipality", "handler", "escalated_to", "registered_by", "answered_by", "closed_by"
        ),
        request.user,
        pk,
        view="feedback.view",
        change="feedback.handle",
        write=write,
    )
    if request.method == "GET":
        audit.record_view(actor=request.user, obj=case)
    return case


def _status(form) -> int:
    return 422 if form.errors else 200


# --- The list -----------------------------------------------------------------------------------


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
            mine = FeedbackCase.objects.filter(registered_by=user).select_related("unit").order_by("-received_at")[:20]
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
            "can_settings": bool(_configurable(user)),
        },
        status=_status(form),
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


# --- One case -----------------------------------------------------------------------------------


def _improvements(case: FeedbackCase) -> list[dict]:
    from lots.improvements.models import ImprovementAction

    items = []
    for action in ImprovementAction.objects.for_source(case).select_related("owner"):
        try:
            url = reverse("improvements:detail", args=[action.pk])
        except NoReverseMatch:
            url = None
        items.append({"action": action, "url": url})
    return items


def _deviations(case: FeedbackCase) -> list:
    """The lex Sarah reports made from the case (the deviations module keeps the case as their source)."""
    try:
        from lots.deviations.models import Deviation
    except ImportError:
        return []
    if not hasattr(Deviation.objects, "for_source"):
        return []
    return list(Deviation.objects.for_source(case))


@login_required
def detail(request, pk: int):
    case = _case(request, pk)
    today = timezone.localdate()
    can_handle = access.can(request.user, "feedback.handle", case.unit)
    return render(
        request,
        "feedback/detail.html",
        {
            "case": case,
            "today": today,
            "can_handle": can_handle,
            "days_left": case.days_left(today),
            "days_late": -case.days_left(today),
            "attachments": case.attachments.all(),
            "improvements": _improvements(case),
            "deviations": _deviations(case),
            "can_report_lex_sarah": can_handle
            and case.lex_sarah_at is None
            and case.kind != C.Kind.PRAISE
            and access.can(request.user, "deviation.report", case.unit),
        },
    )


@login_required
def attachment(request, pk: int, attachment_pk: int):
    case = _case(request, pk)
    item = get_object_or_404(case.attachments, pk=attachment_pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def receive(request, pk: int):
    case = _case(request, pk, write=True)
    try:
        services.feedback_receive(actor=request.user, case=case, expected_version=_int(request.POST.get("version")))
    except ConcurrentEditError:
        messages.error(request, _("Någon annan tog emot ärendet samtidigt. Se vem som handlägger det nu."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du har tagit emot ärendet och är nu dess handläggare."))
    return redirect(case)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def edit(request, pk: int):
    case = _case(request, pk, write=True)
    if case.is_closed:
        messages.error(request, _("Ärendet är avslutat och kan inte ändras."))
        return redirect(case)
    initial = {"category": case.category, "sender_role": case.sender_role, "unit": case.unit, "investigation": case.investigation}
    form = CaseEditForm(request.POST or None, initial=initial, case=case)
    form.add_version_field(case.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_update(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                category=data["category"],
                sender_role=data["sender_role"],
                unit=data["unit"],
                investigation=data["investigation"],
            )
        except ConcurrentEditError:
            form.add_conflict_error()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            if not access.can(request.user, "feedback.view", case.unit):
                messages.info(request, _("Ärendet ligger nu hos %(unit)s.") % {"unit": case.unit.name})
                return redirect("feedback:index")
            return redirect(case)
    return render(request, "feedback/edit.html", {"form": form, "case": case}, status=_status(form))


@login_required
def answer(request, pk: int):
    case = _case(request, pk, write=True)
    if not case.can_answer():
        messages.error(
            request,
            _("Avsändaren är anonym och kan inte få något svar.")
            if case.is_anonymous
            else _("Ta emot ärendet innan du svarar.")
            if case.status == C.Status.NEW
            else _("Ärendet kan inte besvaras nu."),
        )
        return redirect(case)
    form = AnswerForm(request.POST or None, initial={"answer": case.answer}, case=case)
    form.add_version_field(case.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_answer(
                actor=request.user, case=case, expected_version=data["version"], method=data["method"], answer=data["answer"]
            )
        except ConcurrentEditError:
            form.add_conflict_error()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if case.answer_method == C.AnswerMethod.EMAIL:
                messages.success(request, _("Svaret är skickat med e-post till avsändaren."))
            elif case.answer_method == C.AnswerMethod.LETTER:
                messages.success(request, _("Svaret är sparat. Ladda ner brevet, skriv ut det och skicka det med post."))
            else:
                messages.success(request, _("Svaret är sparat."))
            return redirect(case)
    return render(request, "feedback/answer.html", {"form": form, "case": case}, status=_status(form))


@login_required
def letter(request, pk: int):
    case = _case(request, pk, write=True)
    if not case.answer or not case.contact_address:
        raise Http404
    pdf = render_pdf("feedback/letter_pdf.html", {"case": case, "today": timezone.localdate()})
    return pdf_response(pdf, f"svar-{case.reference}.pdf")


@login_required
def close(request, pk: int):
    case = _case(request, pk, write=True)
    if not case.can_close():
        messages.error(
            request,
            _("Ta emot ärendet innan du avslutar det.") if case.status == C.Status.NEW else _("Ärendet är redan avslutat."),
        )
        return redirect(case)
    form = CloseForm(request.POST or None, initial={"category": case.category})
    form.add_version_field(case.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_close(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                category=data["category"],
                closing_note=data["closing_note"],
            )
        except ConcurrentEditError:
            form.add_conflict_error()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ärendet är avslutat."))
            return redirect(case)
    context = {"form": form, "case": case, "today": timezone.localdate()}
    return render(request, "feedback/close.html", context, status=_status(form))


@login_required
def lex_sarah(request, pk: int):
    case = _case(request, pk, write=True)
    if not access.can(request.user, "deviation.report", case.unit):
        raise PermissionDenied
    if request.method == "POST":
        try:
            deviation = services.feedback_report_lex_sarah(actor=request.user, case=case)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(case)
        messages.success(request, _("En lex Sarah-rapport är gjord. Utredningen fortsätter i avvikelsemodulen."))
        return redirect(deviation.get_absolute_url() if hasattr(deviation, "get_absolute_url") else case.get_absolute_url())
    if case.lex_sarah_at is not None:
        messages.info(request, _("Det finns redan en lex Sarah-rapport för ärendet."))
        return redirect(case)
    return render(request, "feedback/lex_sarah.html", {"case": case})


@login_required
def improvement(request, pk: int):
    case = _case(request, pk, write=True)
    if not access.can(request.user, "improvement.change", case.unit):
        raise PermissionDenied
    form = ImprovementForm(request.POST or None, case=case, initial={"owner": case.handler})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_improvement_create(
                actor=request.user,
                case=case,
                title=data["title"],
                owner=data["owner"],
                description=data["description"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Förbättringsåtgärden är skapad."))
            return redirect(case)
    return render(request, "feedback/improvement.html", {"form": form, "case": case}, status=_status(form))


# --- Registering by staff -----------------------------------------------------------------------


@login_required
def register(request):
    units = staff_units(request.user)
    if not units:
        raise Http404
    form = RegisterForm(request.POST or None, request.FILES or None, units=units, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at = timezone.now()
        if data["received_on"] != timezone.localdate():
            received_at = timezone.make_aware(datetime.datetime.combine(data["received_on"], datetime.time(12, 0)))
        try:
            case = services.feedback_register(
                actor=request.user,
                unit=data["unit"],
                kind=data["kind"],
                sender_role=data["sender_role"],
                channel=data["channel"],
                description=data["description"],
                received_at=received_at,
                reply=data["reply"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contact_address=data["contact_address"],
                category=data["category"],
                authority=data["authority"],
                external_reference=data["external_reference"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Ärendet %(ref)s är registrerat och skickat till enhetens chef.") % {"ref": case.reference}
            )
            if access.can(request.user, "feedback.view", case.unit):
                return redirect(case)
            return redirect("feedback:registered", pk=case.pk)
    return render(request, "feedback/register.html", {"form": form}, status=_status(form))


@login_required
def registered(request, pk: int):
    """A receipt for the person who registered a case they may not otherwise see."""
    case = get_object_or_404(FeedbackCase.objects.select_related("unit"), pk=pk, registered_by=request.user)
    return render(request, "feedback/registered.html", {"case": case})


# --- Compilation --------------------------------------------------------------------------------


def _compilation(request):
    units = access.visible_units(request.user, "feedback.statistics").order_by("path")
    first = units.first()
    if first is None:
        raise Http404
    today = timezone.localdate()
    start, end = CompilationForm.default_period(today)
    form = CompilationForm(request.GET or None, units=units, initial={"unit": first, "date_from": start, "date_to": end})
    unit, result, tables, deadline_days = None, None, [], None
    if not request.GET:
        unit = first
    elif form.is_valid():
        unit, start, end = form.cleaned_data["unit"], form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    if unit is not None:
        cases = access.scope(FeedbackCase.objects.filter(unit__path__startswith=unit.path), request.user, "feedback.statistics")
        result = compile_cases(cases.received_between(start, end), today)
        tables = [
            (_("Typ"), result.by_kind),
            (_("Vad ärendena gäller"), result.by_category),
            (_("Kanal"), result.by_channel),
            (_("Avsändare"), result.by_sender_role),
        ]
        deadline_days = FeedbackSettings.for_municipality(unit.municipality).deadline_days
    return form, {
        "unit": unit,
        "start": start,
        "end": end,
        "result": result,
        "today": today,
        "tables": tables,
        "deadline_days": deadline_days,
    }


@login_required
@reads_from_replica
def compilation(request):
    form, context = _compilation(request)
    query = request.GET.urlencode()
    return render(request, "feedback/compilation.html", {"form": form, "query": query, **context}, status=_status(form))


@login_required
@reads_from_replica
def compilation_pdf(request):
    form, context = _compilation(request)
    if context["result"] is None:
        return redirect(reverse("feedback:compilation") + "?" + request.GET.urlencode())
    audit.record(actor=request.user, action="export", unit=context["unit"], note=_("Sammanställning av synpunkter som PDF"))
    pdf = render_pdf("feedback/compilation_pdf.html", context)
    return pdf_response(pdf, f"synpunkter-{context['unit'].code}-{context['start']}-{context['end']}.pdf")


# --- Settings and accessibility reports ---------------------------------------------------------


def _configurable(user) -> list[tuple[Municipality, Unit]]:
    """Municipalities whose settings the person may change: they hold feedback.configure on its top unit."""
    tops = Unit.objects.filter(parent__isnull=True).select_related("municipality").order_by("municipality__name")
    return [(u.municipality, u) for u in tops if access.can(user, "feedback.configure", u)]


@login_required
def settings_index(request):
    places = _configurable(request.user)
    if not places:
        raise Http404
    if len(places) == 1:
        return redirect("feedback:settings", slug=places[0][0].slug)
    return render(request, "feedback/settings_index.html", {"places": places})


@login_required
def settings_edit(request, slug: str):
    places = {m.slug: m for m, _top in _configurable(request.user)}
    municipality = places.get(slug)
    if municipality is None:
        raise Http404
    current = FeedbackSettings.for_municipality(municipality)
    fields = [
        "deadline_days",
        "reminder_days_before",
        "fallback_unit",
        "contact_email",
        "contact_phone",
        "secrecy_law",
        "accessibility_law",
        "accessibility_reviewed_on",
    ]
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in fields}, municipality=municipality)
    form.add_version_field(current.version)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.feedback_settings_save(actor=request.user, municipality=municipality, expected_version=version, **data)
        except ConcurrentEditError:
            form.add_conflict_error()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade. De gäller för ärenden som kommer in från och med nu."))
            return redirect("feedback:settings", slug=slug)
    return render(request, "feedback/settings.html", {"form": form, "municipality": municipality}, status=_status(form))


def _report_municipalities(user) -> list[int]:
    """Accessibility reports reach every quality coordinator in the municipality, wherever their role is held."""
    roles = access.roles_with("feedback.configure")
    assignments = access.assignments_of(user)
    return sorted({a.unit.municipality_id for a in assignments if a.unit_id and a.unit.is_open and a.role in roles})


@login_required
def accessibility_reports(request):
    places = _report_municipalities(request.user)
    if not places:
        raise Http404
    reports = AccessibilityReport.objects.filter(municipality_id__in=places)
    reports = reports.select_related("municipality", "handled_by")
    return render(request, "feedback/accessibility_reports.html", {"reports": reports[:200]})


@login_required
@require_POST
def accessibility_report_handle(request, pk: int):
    report = get_object_or_404(AccessibilityReport, pk=pk, municipality_id__in=_report_municipalities(request.user))
    services.accessibility_report_handle(actor=request.user, report=report)
    messages.success(request, _("Markerad som hanterad."))
    return redirect("feedback:accessibility_reports")
