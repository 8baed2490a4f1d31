"""The law list (laglista): list, edit, yearly review, and export as PDF and Excel for the annual report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.audit import services as audit
from lots.core.collation import Swedish
from lots.core.editing import edit_form, without_version
from lots.lib.pdf import pdf_response, render_pdf
from lots.lib.spreadsheets import xlsx_response
from lots.processes import access as paccess
from lots.processes import services
from lots.processes.forms import LawFilterForm, LawForm
from lots.processes.models import Law, Process
from lots.processes.services.common import municipality_top


def _laws(request, municipality, form=None):
    laws = paccess.visible(Law.objects.filter(municipality=municipality), request.user, "law.view")
    today = timezone.localdate()
    show_repealed = False
    if form is not None and form.is_valid():
        unit = form.cleaned_data["unit"]
        if unit:
            linked = Law.units.through.objects.filter(unit_id__in=unit.ancestor_ids()).values("law_id")
            laws = laws.filter(pk__in=linked)
        show_repealed = form.cleaned_data["repealed"]
    if not show_repealed:
        laws = laws.filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=today))
    return laws.select_related("last_reviewed_by", "replaced_by").prefetch_related("units").order_by("collection", "title")


@login_required
def law_list(request):
    municipality = paccess.municipality_for(request, "law.view")
    units = access.visible_units(request.user, "law.view").open().filter(municipality=municipality).order_by("path")
    form = LawFilterForm(request.GET or None, units=units)
    laws = list(_laws(request, municipality, form))
    today = timezone.localdate()
    for law in laws:
        law.due = law.review_is_due(today)
    can_change = paccess.can_in_municipality(request.user, "law.change", municipality)
    return render(
        request,
        "processes/law_list.html",
        {
            "municipality": municipality,
            "laws": laws,
            "form": form,
            "today": today,
            "can_change": can_change,
            "due": sum(1 for law in laws if law.due),
            "municipalities": paccess.municipalities(request.user, "law.view"),
            "query": request.GET.urlencode(),
            "may_seed": can_change and not Law.objects.filter(municipality=municipality).exists(),
        },
    )


def _export_rows(laws, today):
    for law in laws:
        yield [
            law.reference,
            law.title,
            law.short_name,
            law.description,
            ", ".join(u.name for u in law.units.all()),
            law.in_force_from,
            law.repealed_on,
            law.replaced_by.reference if law.replaced_by else "",
            law.last_reviewed_at,
            str(law.last_reviewed_by) if law.last_reviewed_by else "",
            _("Ja") if law.review_is_due(today) else _("Nej"),
        ]


def _export_headers() -> list[str]:
    return [
        _("Författning"),
        _("Rubrik"),
        _("Förkortning"),
        _("Kort beskrivning"),
        _("Gäller för"),
        _("Gäller från"),
        _("Upphävd från"),
        _("Ersatt av"),
        _("Senast genomgången"),
        _("Genomgången av"),
        _("Översyn förfaller"),
    ]


@login_required
def law_export(request, fmt: str):
    if fmt not in {"pdf", "xlsx"}:
        raise Http404
    municipality = paccess.municipality_for(request, "law.view")
    units = access.visible_units(request.user, "law.view").filter(municipality=municipality)
    form = LawFilterForm(request.GET or None, units=units)
    laws = list(_laws(request, municipality, form))
    today = timezone.localdate()
    audit.record(
        actor=request.user, action="export", unit=municipality_top(municipality), note=f"Laglista ({fmt}), {len(laws)} rader"
    )
    filename = f"laglista-{municipality.slug}-{today.isoformat()}"
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", _export_headers(), _export_rows(laws, today), title=_("Laglista"))
    pdf = render_pdf("processes/pdf/laws.html", {"municipality": municipality, "laws": laws, "today": today})
    return pdf_response(pdf, f"{filename}.pdf")


def _law(request, pk, *, write=False) -> Law:
    queryset = Law.objects.select_related("municipality", "last_reviewed_by", "replaced_by").prefetch_related("units")
    return paccess.get_visible(queryset, request.user, pk, view="law.view", change="law.change", write=write)


@login_required
def law_detail(request, pk: int):
    law = _law(request, pk)
    return render(
        request,
        "processes/law_detail.html",
        {
            "law": law,
            "today": timezone.localdate(),
            "processes": paccess.visible(law.processes.all(), request.user, "process.view").order_by(Swedish("name"), "pk"),
            "replaces": law.replaces.all(),
            "can_edit": paccess.can_change(request.user, "law.change", law),
        },
    )


def _form(request, law: Law | None, allowed, municipality_ids):
    current = list(law.units.all()) if law else []
    processes = paccess.visible(Process.objects.filter(municipality__in=municipality_ids), request.user, "process.view").order_by(
        Swedish("name"), "pk"
    )
    laws = Law.objects.filter(municipality__in=municipality_ids).exclude(pk=law.pk if law else None).order_by("title")
    initial = {}
    if law is not None:
        fields = ["collection", "number", "title", "short_name", "description", "in_force_from", "repealed_on", "replaced_by"]
        initial = {f: getattr(law, f) for f in fields} | {"units": current, "processes": list(law.processes.all())}
    form = LawForm(
        request.POST or None, initial=initial, allowed_units=allowed, current_units=current, processes=processes, laws=laws
    )
    if law is not None:
        form.add_version_field(law.version)
    return form


@login_required
def law_create(request):
    allowed = list(paccess.changeable_units(request.user, "law.change"))
    if not allowed:
        if access.has_perm_anywhere(request.user, "law.view"):
            raise PermissionDenied
        raise Http404
    form = _form(request, None, allowed, {u.municipality_id for u in allowed})

    def create(data):
        data = dict(data)
        units, processes = data.pop("units"), data.pop("processes")
        if len({u.municipality_id for u in units}) > 1:
            raise ValidationError({"units": _("Alla enheter måste höra till samma kommun.")})
        return services.law_create(
            actor=request.user, municipality=units[0].municipality, units=units, processes=processes, **data
        )

    return edit_form(
        request,
        form,
        create,
        template="processes/law_form.html",
        context={"law": None},
        success=lambda law: _("%(law)s är tillagd i laglistan.") % {"law": law.reference},
        redirect_to=lambda law: reverse("processes:law", args=[law.pk]),
    )


@login_required
def law_edit(request, pk: int):
    law = _law(request, pk, write=True)
    allowed = list(paccess.changeable_units(request.user, "law.change"))
    form = _form(request, law, allowed, {law.municipality_id})
    return edit_form(
        request,
        form,
        lambda data: services.law_update(actor=request.user, law=law, expected_version=data["version"], **without_version(data)),
        template="processes/law_form.html",
        context={"law": law},
        success=_("Ändringarna är sparade."),
        redirect_to=reverse("processes:law", args=[law.pk]),
        record=law,
    )


@login_required
@require_POST
def law_review(request, pk: int):
    law = _law(request, pk, write=True)
    services.law_review(actor=request.user, law=law)
    messages.success(request, _("%(law)s är markerad som genomgången i dag.") % {"law": law.reference})
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/")
    return redirect(target if safe else "processes:laws")


@login_required
@require_POST
def law_seed(request):
    municipality = paccess.municipality_for(request, "law.change")
    top = municipality_top(municipality)
    if top is None or not access.can(request.user, "law.change", top):
        raise PermissionDenied
    created = services.law_list_seed(actor=request.user, municipality=municipality, unit=top)
    messages.success(request, _("%(n)s författningar är inlagda i laglistan.") % {"n": len(created)})
    return redirect("processes:laws")
