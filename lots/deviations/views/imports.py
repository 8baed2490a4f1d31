"""CSV import in three steps: upload, map columns (with preview and validation report), import all or nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lots.deviations import importing, services
from lots.deviations.forms import ImportUploadForm
from lots.deviations.views.common import municipalities_with
from lots.organisation.models import Municipality

SESSION_KEY = "deviations_import"
PREVIEW_ROWS = 20


def _municipality(request) -> Municipality:
    allowed = municipalities_with(request.user, "deviation.import")
    if not allowed:
        raise Http404
    slug = request.POST.get("municipality") or request.GET.get("kommun")
    if slug:
        for municipality in allowed:
            if municipality.slug == slug:
                return municipality
        raise Http404
    return allowed[0]


@login_required
def upload(request):
    municipality = _municipality(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            headers, body = importing.read_csv(form.cleaned_data["file"].read())
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {
                "municipality": municipality.pk,
                "name": form.cleaned_data["file"].name,
                "headers": headers,
                "rows": body,
            }
            return redirect("deviations:import_map")
    return render(
        request,
        "deviations/import_upload.html",
        {
            "form": form,
            "municipality": municipality,
            "municipalities": municipalities_with(request.user, "deviation.import"),
            "targets": importing.TARGETS,
        },
        status=422 if form.errors else 200,
    )


def _stored(request):
    stored = request.session.get(SESSION_KEY)
    allowed = {m.pk: m for m in municipalities_with(request.user, "deviation.import")}
    if not allowed:
        raise Http404
    if not stored or stored["municipality"] not in allowed:
        return None, None
    return stored, allowed[stored["municipality"]]


@login_required
def map_columns(request):
    stored, municipality = _stored(request)
    if stored is None:
        messages.info(request, _("Välj filen som ska läsas in."))
        return redirect("deviations:import")
    headers, body = stored["headers"], stored["rows"]
    if request.method == "POST":
        form = importing.MappingForm(request.POST, headers=headers)
    else:
        guessed = importing.guess_mapping(headers)
        form = importing.MappingForm(initial={k: ("" if v is None else str(v)) for k, v in guessed.items()}, headers=headers)
    validation = None
    if request.method == "POST" and form.is_valid():
        validation = importing.validate(municipality, headers, body, form.mapping())
        if validation.ok and request.POST.get("action") == "import":
            try:
                created = services.deviations_import(actor=request.user, municipality=municipality, rows=validation.rows)
            except ValidationError as error:
                validation.errors.append((0, " ".join(error.messages)))
            else:
                del request.session[SESSION_KEY]
                messages.success(request, _("%(n)s avvikelser är inlästa.") % {"n": len(created)})
                return redirect("deviations:index")
    failed = bool(form.errors) or (validation is not None and not validation.ok)
    return render(
        request,
        "deviations/import_map.html",
        {
            "form": form,
            "municipality": municipality,
            "file_name": stored["name"],
            "row_count": len(body),
            "headers": headers,
            "sample": body[:5],
            "validation": validation,
            "preview": validation.rows[:PREVIEW_ROWS] if validation else [],
        },
        status=422 if failed else 200,
    )
